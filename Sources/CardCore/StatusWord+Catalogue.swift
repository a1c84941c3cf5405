extension StatusWord {
    /// The class of a status word, from SW1 (ISO/IEC 7816-4:2020 §5.6, table of SW1-SW2 classes).
    public enum Category: String, Hashable, Sendable, CaseIterable {
        /// 9000 and 61xx: the command completed.
        case normal
        /// 62xx and 63xx: completed with a warning.
        case warning
        /// 64xx, 65xx and 66xx: the card failed while executing the command.
        case executionError
        /// 67xx to 6Fxx: the card refused the command before executing it.
        case checkingError
        /// 9xxx other than 9000: defined by an application or a sector specification (GP, EMV).
        case proprietary
        /// SW1 outside 61-6F and 90-9F (60xx is a T=0 procedure byte, not a status word).
        case invalid
    }

    /// The category of this status word, from SW1.
    public var category: Category {
        switch sw1 {
        case 0x61: return .normal
        case 0x90: return sw2 == 0 ? .normal : .proprietary
        case 0x62, 0x63: return .warning
        case 0x64, 0x65, 0x66: return .executionError
        case 0x67...0x6F: return .checkingError
        case 0x91...0x9F: return .proprietary
        default: return .invalid
        }
    }

    public var isNormal: Bool { category == .normal }
    public var isWarning: Bool { category == .warning }
    /// True for execution and checking errors, application-specific 9xxx codes and invalid SW1 values.
    public var isError: Bool { category != .normal && category != .warning }

    /// What the status word means, with its number first, e.g. `63C2: verification failed, 2 retries left`.
    ///
    /// Covers every SW1-SW2 of ISO/IEC 7816-4:2020 §5.6 and the GlobalPlatform Card Specification
    /// v2.3.1 §11.1.3 codes; values no table names are described by their SW1 class.
    public var meaning: String { "\(description): \(text)" }

    /// Like `meaning`, but using the text a GlobalPlatform command gives this status word when it
    /// differs from ISO's (GPC v2.3.1 §11: each command's table of status words).
    ///
    /// - Parameters:
    ///   - ins: the instruction byte of the command that returned this status word, if known.
    ///   - cla: its class byte; the GlobalPlatform meanings apply to proprietary classes (b8 set) and,
    ///     for SELECT, to any class.
    public func meaning(forINS ins: UInt8?, cla: UInt8?) -> String {
        guard let ins, let text = StatusWord.commandSpecificText(self, ins: ins, cla: cla) else {
            return meaning
        }
        return "\(description): \(text)"
    }

    /// The text after the number in `meaning`.
    var text: String {
        if let fixed = StatusWord.fixedTexts[rawValue] { return fixed }
        switch sw1 {
        case 0x61:
            let count = sw2 == 0 ? "256 or more response bytes" : sw2 == 1 ? "1 response byte" : "\(sw2) response bytes"
            return "normal processing, \(count) still available (GET RESPONSE)"
        case 0x62 where (0x02...0x80).contains(sw2):
            return "warning, triggering by the card: \(sw2) bytes of query data to fetch"
        case 0x63 where sw2 & 0xF0 == 0xC0:
            let count = Int(sw2 & 0x0F)
            let retries = count == 1 ? "1 retry left" : "\(count) retries left"
            return "verification failed, \(retries) (counter \(count))"
        case 0x64 where (0x02...0x80).contains(sw2):
            return "execution error, triggering by the card: \(sw2) bytes of query data to fetch"
        case 0x6C:
            let exact = sw2 == 0 ? 256 : Int(sw2)
            return "wrong Le field; exact length \(exact) (resend with Le = \(Hex.encode([sw2])))"
        default:
            return StatusWord.classText(sw1)
        }
    }

    /// The text for an SW2 no table names, from the class of SW1 (ISO 7816-4:2020 §5.6).
    static func classText(_ sw1: UInt8) -> String {
        switch sw1 {
        case 0x62: return "warning, state of non-volatile memory unchanged (SW2 not defined by ISO)"
        case 0x63: return "warning, state of non-volatile memory changed (SW2 not defined by ISO)"
        case 0x64: return "execution error, state of non-volatile memory unchanged (SW2 not defined by ISO)"
        case 0x65: return "execution error, state of non-volatile memory changed (SW2 not defined by ISO)"
        case 0x66: return "execution error, security-related issue (SW2 not defined by ISO)"
        case 0x67: return "checking error, wrong length (SW2 not defined by ISO)"
        case 0x68: return "checking error, functions in CLA not supported (SW2 not defined by ISO)"
        case 0x69: return "checking error, command not allowed (SW2 not defined by ISO)"
        case 0x6A: return "checking error, wrong parameters P1-P2 (SW2 not defined by ISO)"
        case 0x6B: return "checking error, wrong parameters P1-P2 (SW2 not defined by ISO)"
        case 0x6D: return "checking error, instruction code not supported or invalid (SW2 not defined by ISO)"
        case 0x6E: return "checking error, class not supported (SW2 not defined by ISO)"
        case 0x6F: return "checking error, no precise diagnosis (SW2 not defined by ISO)"
        case 0x90: return "application-specific status (SW2 not defined by ISO)"
        case 0x91...0x9F: return "application-specific status, not defined by ISO 7816-4"
        case 0x60: return "not a status word: SW1 60 is the T=0 NULL procedure byte"
        default: return "not a status word: SW1 must be 61-6F or 90-9F"
        }
    }

    /// Exact SW1-SW2 values: ISO/IEC 7816-4:2020 §5.6 tables, then GPC v2.3.1 §11.1.3 additions.
    static let fixedTexts: [UInt16: String] = [
        // ISO 7816-4 §5.6: normal processing.
        0x9000: "normal processing, no further qualification",
        // Warning, non-volatile memory unchanged.
        0x6200: "warning, no information given (non-volatile memory unchanged)",
        0x6281: "warning, part of returned data may be corrupted",
        0x6282: "warning, end of file or record reached before reading Ne bytes, or unsuccessful search",
        0x6283: "warning, selected file deactivated",
        0x6284: "warning, file or data control information not formatted according to ISO 7816-4",
        0x6285: "warning, selected file in termination state",
        0x6286: "warning, no input data available from a sensor on the card",
        0x6287: "warning, at least one of the referenced records is deactivated",
        // Warning, non-volatile memory changed.
        0x6300: "warning, no information given (non-volatile memory changed)",
        0x6310: "warning, more data available (GlobalPlatform: repeat the command with P2 'next')",
        0x6340: "warning, unsuccessful comparison (exact meaning depends on the command)",
        0x6381: "warning, file filled up by the last write",
        // Execution error, non-volatile memory unchanged.
        0x6400: "execution error, no information given (non-volatile memory unchanged)",
        0x6401: "execution error, immediate response required by the card",
        // Execution error, non-volatile memory changed.
        0x6500: "execution error, no information given (non-volatile memory changed)",
        0x6581: "execution error, memory failure",
        // Execution error, security-related.
        0x6600: "execution error, security-related issue (no information given)",
        // Checking errors.
        0x6700: "checking error, wrong length (no further indication)",
        0x6800: "checking error, functions in CLA not supported (no information given)",
        0x6881: "checking error, logical channel not supported (or not open)",
        0x6882: "checking error, secure messaging not supported",
        0x6883: "checking error, last command of the chain expected",
        0x6884: "checking error, command chaining not supported",
        0x6900: "checking error, command not allowed (no information given)",
        0x6981: "checking error, command incompatible with file structure",
        0x6982: "checking error, security status not satisfied",
        0x6983: "checking error, authentication method blocked",
        0x6984: "checking error, reference data not usable",
        0x6985: "checking error, conditions of use not satisfied",
        0x6986: "checking error, command not allowed (no current EF)",
        0x6987: "checking error, expected secure messaging data objects missing",
        0x6988: "checking error, incorrect secure messaging data objects",
        0x6999: "checking error, applet selection failed (Java Card ISO7816.SW_APPLET_SELECT_FAILED)",
        0x6A00: "checking error, wrong parameters P1-P2 (no information given)",
        0x6A80: "checking error, incorrect parameters in the command data field",
        0x6A81: "checking error, function not supported",
        0x6A82: "checking error, file or application not found",
        0x6A83: "checking error, record not found",
        0x6A84: "checking error, not enough memory space in the file",
        0x6A85: "checking error, Nc inconsistent with TLV structure",
        0x6A86: "checking error, incorrect parameters P1-P2",
        0x6A87: "checking error, Nc inconsistent with parameters P1-P2",
        0x6A88: "checking error, referenced data or reference data not found",
        0x6A89: "checking error, file already exists",
        0x6A8A: "checking error, DF name already exists",
        0x6B00: "checking error, wrong parameters P1-P2",
        0x6D00: "checking error, instruction code not supported or invalid",
        0x6E00: "checking error, class not supported",
        0x6F00: "checking error, no precise diagnosis",
        // GPC v2.3.1 §11.8.3 (PUT KEY) application-specific status words.
        0x9484: "algorithm not supported (GlobalPlatform PUT KEY)",
        0x9485: "invalid key check value (GlobalPlatform PUT KEY)",
    ]

    /// GlobalPlatform command-specific texts (GPC v2.3.1 §11, status word tables of each command).
    static func commandSpecificText(_ sw: StatusWord, ins: UInt8, cla: UInt8?) -> String? {
        let proprietary = (cla ?? 0x80) & 0x80 != 0 && cla != 0xFF
        switch (ins, sw.rawValue) {
        // §11.9.3 SELECT: the card is locked.
        case (0xA4, 0x6283): return "warning, card life cycle state is CARD_LOCKED (GlobalPlatform SELECT)"
        case (0xA4, 0x6A82): return "checking error, selected application or file not found"
        case (0xA4, 0x6A81): return "checking error, function not supported, e.g. card life cycle state is CARD_LOCKED"
        default: break
        }
        guard proprietary else { return nil }
        switch (ins, sw.rawValue) {
        // GP Amd D v1.1.2 §7.1: INITIALIZE UPDATE.
        case (0x50, 0x6A88): return "checking error, referenced data not found (no key set with this key version)"
        // GP Amd D v1.1.2 §7.2: EXTERNAL AUTHENTICATE.
        case (0x82, 0x6300): return "warning, authentication of host cryptogram failed"
        case (0x82, 0x6982): return "checking error, security status not satisfied (host cryptogram or C-MAC rejected)"
        case (0x82, 0x6985): return "checking error, conditions of use not satisfied (no INITIALIZE UPDATE before)"
        // §11.4.3 GET STATUS.
        case (0xF2, 0x6310): return "warning, more data available (send GET STATUS again with P2 'next')"
        case (0xF2, 0x6A88): return "checking error, referenced data not found (no matching registry entry)"
        // §11.2.3 DELETE.
        case (0xE4, 0x6A88): return "checking error, referenced data not found (object to delete)"
        case (0xE4, 0x6A82): return "checking error, application not found"
        case (0xE4, 0x6985):
            return "checking error, conditions of use not satisfied (object is referenced or not deletable)"
        // §11.5.3 INSTALL, §11.6.3 LOAD, §11.11.3 STORE DATA.
        case (0xE6, 0x6A84), (0xE8, 0x6A84), (0xE2, 0x6A84): return "checking error, not enough memory space"
        case (0xE6, 0x6A88): return "checking error, referenced data not found (load file, module or security domain)"
        // §11.8.3 PUT KEY.
        case (0xD8, 0x6A88): return "checking error, referenced data not found (key version or key identifier)"
        // §11.3.3 GET DATA.
        case (0xCA, 0x6A88), (0xCB, 0x6A88): return "checking error, referenced data not found (data object)"
        // §11.10.3 SET STATUS.
        case (0xF0, 0x6A88): return "checking error, referenced data not found (application)"
        default: return nil
        }
    }
}
