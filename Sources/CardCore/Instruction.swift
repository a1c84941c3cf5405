/// Names of instruction bytes, for explaining commands.
public enum InstructionCatalogue {
    /// The command name for `ins` under class `cla`, e.g. `SELECT`, `GET STATUS`; nil if unknown.
    ///
    /// Interindustry classes use ISO/IEC 7816-4:2020 §5.4.2 (table of INS codes) and the other parts
    /// of ISO/IEC 7816. Proprietary classes (b8 set) use GPC v2.3.1 §11 and GP Amendments D and F,
    /// then EMV 4.4 Book 3 §6.5, then the ISO names (cards accept many ISO commands under 80 or 84).
    public static func name(cla: UInt8, ins: UInt8) -> String? {
        if cla & 0x80 != 0 && cla != 0xFF {
            if let gp = globalPlatformName(cla: cla, ins: ins) { return gp }
            if let emv = emvNames[ins] { return emv }
        }
        return isoNames[ins]
    }

    /// True when `ins` is one of the GlobalPlatform card management commands under a proprietary class.
    public static func isGlobalPlatform(cla: UInt8, ins: UInt8) -> Bool {
        cla & 0x80 != 0 && cla != 0xFF && globalPlatformName(cla: cla, ins: ins) != nil
    }

    static func globalPlatformName(cla: UInt8, ins: UInt8) -> String? {
        switch ins {
        // EXTERNAL AUTHENTICATE (GP Amd D v1.1.2 §7.2, SCP03) is always secured;
        // MUTUAL AUTHENTICATE (GP Amd F, SCP11a/c) opens the channel, so it is sent plain.
        case 0x82:
            return ClassByte(cla).secureMessaging == .globalPlatform ? "EXTERNAL AUTHENTICATE" : "MUTUAL AUTHENTICATE"
        default: return gpNames[ins]
        }
    }

    /// GPC v2.3.1 §11 command set and the secure channel amendments (proprietary class).
    static let gpNames: [UInt8: String] = [
        0x2A: "PERFORM SECURITY OPERATION",  // GP Amd F: certificate upload (SCP11)
        0x50: "INITIALIZE UPDATE",  // GP Amd D §7.1
        0x70: "MANAGE CHANNEL",  // GPC §11.7
        0x78: "END R-MAC SESSION",  // SCP02 R-MAC (GPC v2.3.1)
        0x7A: "BEGIN R-MAC SESSION",  // SCP02 R-MAC (GPC v2.3.1)
        0x88: "INTERNAL AUTHENTICATE",  // GP Amd F (SCP11b)
        0xCA: "GET DATA",  // GPC §11.3
        0xCB: "GET DATA",  // GPC §11.3
        0xD8: "PUT KEY",  // GPC §11.8
        0xE2: "STORE DATA",  // GPC §11.11
        0xE4: "DELETE",  // GPC §11.2
        0xE6: "INSTALL",  // GPC §11.5
        0xE8: "LOAD",  // GPC §11.6
        0xF0: "SET STATUS",  // GPC §11.10
        0xF2: "GET STATUS",  // GPC §11.4
    ]

    /// EMV 4.4 Book 3 §6.5 commands with a proprietary class.
    static let emvNames: [UInt8: String] = [
        0x16: "CARD BLOCK",
        0x18: "APPLICATION UNBLOCK",
        0x1E: "APPLICATION BLOCK",
        0xA8: "GET PROCESSING OPTIONS",
        0xAE: "GENERATE APPLICATION CRYPTOGRAM",
    ]

    /// ISO/IEC 7816-4:2020 §5.4.2 and ISO/IEC 7816-7, -8, -9, -11, -13 instruction codes.
    static let isoNames: [UInt8: String] = [
        0x04: "DEACTIVATE FILE",
        0x06: "DEACTIVATE RECORD(S)",
        0x08: "ACTIVATE RECORD(S)",
        0x0C: "ERASE RECORD(S)",
        0x0E: "ERASE BINARY",
        0x0F: "ERASE BINARY",
        0x10: "PERFORM SCQL OPERATION",
        0x12: "PERFORM TRANSACTION OPERATION",
        0x14: "PERFORM USER OPERATION",
        0x20: "VERIFY",
        0x21: "VERIFY",
        0x22: "MANAGE SECURITY ENVIRONMENT",
        0x23: "MANAGE SECURITY ENVIRONMENT",
        0x24: "CHANGE REFERENCE DATA",
        0x25: "CHANGE REFERENCE DATA",
        0x26: "DISABLE VERIFICATION REQUIREMENT",
        0x28: "ENABLE VERIFICATION REQUIREMENT",
        0x2A: "PERFORM SECURITY OPERATION",
        0x2C: "RESET RETRY COUNTER",
        0x2D: "RESET RETRY COUNTER",
        0x2E: "PERFORM BIOMETRIC OPERATION",
        0x2F: "PERFORM BIOMETRIC OPERATION",
        0x44: "ACTIVATE FILE",
        0x46: "GENERATE ASYMMETRIC KEY PAIR",
        0x47: "GENERATE ASYMMETRIC KEY PAIR",
        0x70: "MANAGE CHANNEL",
        0x82: "EXTERNAL (MUTUAL) AUTHENTICATE",
        0x84: "GET CHALLENGE",
        0x86: "GENERAL AUTHENTICATE",
        0x87: "GENERAL AUTHENTICATE",
        0x88: "INTERNAL AUTHENTICATE",
        0xA0: "SEARCH BINARY",
        0xA1: "SEARCH BINARY",
        0xA2: "SEARCH RECORD",
        0xA4: "SELECT",
        0xB0: "READ BINARY",
        0xB1: "READ BINARY",
        0xB2: "READ RECORD(S)",
        0xB3: "READ RECORD(S)",
        0xC0: "GET RESPONSE",
        0xC2: "ENVELOPE",
        0xC3: "ENVELOPE",
        0xCA: "GET DATA",
        0xCB: "GET DATA",
        0xCC: "GET NEXT DATA",
        0xCD: "GET NEXT DATA",
        0xD0: "WRITE BINARY",
        0xD1: "WRITE BINARY",
        0xD2: "WRITE RECORD",
        0xD6: "UPDATE BINARY",
        0xD7: "UPDATE BINARY",
        0xDA: "PUT DATA",
        0xDB: "PUT DATA",
        0xDC: "UPDATE RECORD",
        0xDD: "UPDATE RECORD",
        0xDE: "UPDATE DATA",
        0xDF: "UPDATE DATA",
        0xE0: "CREATE FILE",
        0xE2: "APPEND RECORD",
        0xE4: "DELETE FILE",
        0xE6: "TERMINATE DF",
        0xE8: "TERMINATE EF",
        0xFE: "TERMINATE CARD USAGE",
    ]
}
