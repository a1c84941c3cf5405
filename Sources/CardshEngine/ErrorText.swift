import CardCore
import SecureChannel

/// Every sentence the shell says about a failure, in one place: what failed, and the next step.
enum ErrorText {
    /// - Parameter codeName: names a C return code (`SCARD_E_PROTO_MISMATCH`) where the transport knows it.
    static func transport(_ error: TransportError, codeName: (Int64) -> String? = { _ in nil }) -> String {
        switch error {
        case .serviceUnavailable:
            return "pcscd is not running (no PC/SC service). Start it (`scripts/pcsc-stack.sh start-pcscd` "
                + "or `systemctl start pcscd`), or use `connect sim` for the built-in virtual card."
        case .noReaders:
            return "no PC/SC readers found. Plug in a reader, or use `connect sim`."
        case .readerNotFound(let name, let available):
            return "no reader matches \"\(name)\"; readers: \(readerList(available)). Use `readers`."
        case .noCard(let reader):
            return "no card in \"\(reader)\". Insert one, then `connect` again."
        case .cardRemoved(let reader):
            return "the card was removed from \"\(reader)\"; disconnected. Insert it and `connect` again."
        case .cardReset(let reader):
            return "the card in \"\(reader)\" was reset by another application; selection and secure "
                + "channel are lost. `connect` again."
        case .sharingViolation(let reader):
            return "\"\(reader)\" is in use by another application (sharing violation). Close it or try "
                + "`connect --shared`."
        case .readerUnavailable(let reader):
            return "reader \"\(reader)\" is unavailable (unplugged?). Use `readers`."
        case .timeout:
            return "the card did not answer in time (timeout). Try `reset`."
        case .notConnected:
            return "not connected to a card. Use `connect sim` or `readers` then `connect N`."
        case .protocolViolation(let what):
            return "transport protocol error: \(what)."
        case .failed(let function, let code):
            let hex = String(UInt32(truncatingIfNeeded: code), radix: 16, uppercase: true)
            let known = codeName(code)
            let name = known.map { $0 + " (0x\(hex))" } ?? "0x\(hex)"
            if known == "SCARD_E_NOT_TRANSACTED" {
                // pcsc-lite: the reader driver could not complete the exchange (vpcd: its card connection dropped).
                return "\(function) failed with \(name): the reader lost the exchange with the card. Try again, "
                    + "`reset`, or `connect` again."
            }
            if known == "SCARD_W_SECURITY_VIOLATION" {
                // libpcsclite reports a connection pcscd reset (killed mid-request, or refusing the client) this way.
                return "\(function) failed with \(name): pcscd closed the connection (stopped, restarted, or "
                    + "refusing this client). Check that pcscd runs, then `connect` again."
            }
            return "\(function) failed with \(name). Try `reset`, or `connect` again."
        }
    }

    static func readerList(_ names: [String]) -> String {
        if names.isEmpty { return "none" }
        return names.enumerated().map { "[\($0.offset)] \"\($0.element)\"" }.joined(separator: ", ")
    }

    static func apdu(_ error: APDUError) -> String {
        switch error {
        case .tooShort(let length):
            return "an APDU needs at least the 4 header bytes CLA INS P1 P2; got \(length)"
        case .lengthMismatch(let total, let lc):
            return "Lc says \(lc) data bytes, but the APDU's \(total) bytes fit no ISO 7816-4 case with that Lc "
                + "(expected \(5 + lc) or \(6 + lc) bytes in short form)"
        case .zeroExtendedLc:
            return "extended Lc 0000 is not allowed (ISO 7816-4 §5.1)"
        case .truncatedExtendedLength(let total):
            return "byte 5 is 00 (extended length) but the APDU has only \(total) bytes"
        case .dataTooLong(let nc):
            return "\(nc) data bytes is more than an APDU can carry (65535)"
        case .invalidNe(let ne):
            return "Le \(ne) is out of range 1...65536"
        case .responseTooShort(let length):
            return "the card answered \(length) byte\(length == 1 ? "" : "s"), fewer than the two status bytes"
        }
    }

    static let notConnected = "not connected to a card. Use `connect sim` or `readers` then `connect N`."
}

extension ErrorText {
    static func tlv(_ error: TLVError, in bytes: [UInt8]) -> String {
        switch error {
        case .truncatedTag(let offset):
            return "BER-TLV: tag at byte \(offset) is cut off (a multi-byte tag needs its last byte, b8 = 0)"
        case .tagTooLong(let offset):
            return "BER-TLV: tag at byte \(offset) is longer than 4 bytes"
        case .truncatedLength(let offset):
            return "BER-TLV: length field at byte \(offset) is missing or cut off"
        case .indefiniteLength(let offset):
            return "BER-TLV: length byte 80 (indefinite form) at byte \(offset) is not used on cards (ISO 7816-4 §5.2.2)"
        case .unsupportedLength(let offset, let count):
            return "BER-TLV: length at byte \(offset) uses \(count) length bytes; at most 4 are supported"
        case .valueTruncated(let offset, let declared, let available):
            return "BER-TLV: object at byte \(offset) declares \(declared) value bytes, only \(available) follow"
        case .nestingTooDeep(let offset, let limit):
            return "BER-TLV: nesting deeper than \(limit) levels at byte \(offset)"
        }
    }

    static func atr(_ error: ATRError) -> String {
        switch error {
        case .tooShort(let length):
            return "an ATR needs at least TS and T0; got \(length) byte\(length == 1 ? "" : "s")"
        case .invalidTS(_, let actual):
            return "TS must be 3B (direct) or 3F (inverse convention), found " + Hex.encode([actual])
        case .truncatedInterfaceBytes(let offset, let group, let expected, let available):
            return "interface bytes of group \(group) at byte \(offset): \(expected) announced, \(available) present"
        case .truncatedHistoricalBytes(let offset, let expected, let available):
            return "historical bytes at byte \(offset): T0 announces \(expected), \(available) present"
        case .missingTCK(let offset):
            return "TCK missing at byte \(offset)"
        case .tckMismatch(let offset, let expected, let actual):
            return "TCK at byte \(offset) is " + Hex.encode([actual]) + ", expected " + Hex.encode([expected])
        case .extraBytes(let offset, let count):
            return "\(count) extra bytes at byte \(offset)"
        }
    }
}

extension ErrorText {
    static func secureChannel(_ error: SecureChannelError) -> String {
        switch error {
        case .crypto(let e):
            return "cryptography failed: \(e)"
        case .scp11(let e):
            return scp11(e)
        case .diversificationDataLength(let n):
            return "key diversification data must be 10 bytes (GP Amd D v1.2 §7.1.1.3); got \(n)"
        case .masterKeyLength(let scheme, let n):
            return scheme.usesTripleDES
                ? "the \(scheme.rawValue) scheme needs a 16-byte (two-key 3DES) master key; got \(n) bytes"
                : "the \(scheme.rawValue) scheme needs an AES master key of 16, 24 or 32 bytes; got \(n)"
        case .apdu(let e):
            return apdu(e)
        case .invalidKeyLength(let n):
            return "an SCP03 key must be 16, 24 or 32 bytes (AES-128/192/256); got \(n)"
        case .keyLengthsDiffer(let enc, let mac, let dek):
            return "ENC, MAC and DEK keys must have the same length; got \(enc), \(mac) and \(dek) bytes"
        case .hostChallengeLength(let expected, let actual):
            return "the host challenge must be \(expected) bytes in this mode; got \(actual)"
        case .initializeUpdateFailed(let sw):
            let hint = sw.rawValue == 0x6A88 ? " No key set with that version: check --kvn (`gp keys` lists them)." :
                sw.rawValue == 0x6D00 || sw.rawValue == 0x6E00 ? " Is a Security Domain selected? Try `select isd`." : ""
            return "INITIALIZE UPDATE: \(sw) (\(ErrorText.swText(sw))).\(hint)"
        case .initializeUpdateTruncated(let field, let offset, let needed, let available):
            return "INITIALIZE UPDATE response ends inside the \(field.rawValue) at byte \(offset): "
                + "\(needed) bytes needed, \(available) present (GP Amd D v1.2 §7.1.1.3)"
        case .initializeUpdateTrailingBytes(let expected, let actual):
            return "INITIALIZE UPDATE response has \(actual) bytes, expected \(expected) (GP Amd D v1.2 §7.1.1.3)"
        case .notSCP03(let id):
            return "the card's key set is for SCP" + Hex.encode([id]) + ", not SCP03"
        case .keyVersionMismatch(let requested, let card):
            return "asked for key version 0x" + Hex.encode([requested]) + ", the card answered with 0x" + Hex.encode([card])
        case .modeMismatch(let requested, let card):
            let flag = card == .s16 ? "--s16" : "--s8"
            return "the card uses \(card == .s16 ? "S16 (16-byte" : "S8 (8-byte") challenges and MACs), not "
                + "\(requested == .s16 ? "S16" : "S8"); try `scp03 open \(flag)`"
        case .levelNotSupported(let level, let i):
            return "the card's i-parameter 0x" + Hex.encode([i]) + " does not allow level \(level.name)"
        case .cardCryptogramMismatch(let kvn):
            return "card cryptogram mismatch (GP Amd D v1.2 §6.2.2.2); wrong key set for KVN 0x" + Hex.encode([kvn])
                + "? No channel was opened."
        case .externalAuthenticateFailed(let sw):
            return "EXTERNAL AUTHENTICATE: \(sw) (\(ErrorText.swText(sw))); the card rejected the host cryptogram or C-MAC."
        case .sessionClosed:
            return "the secure channel is closed; open it again (`scp03 open`)."
        case .responseTooShort(let length, let macLength):
            return "the response has \(length) bytes, too short for its \(macLength)-byte R-MAC; channel closed."
        case .responseMACMismatch(let sw):
            return "R-MAC of the response (SW \(sw)) does not verify (GP Amd D v1.2 §6.2.5); the secure channel is "
                + "closed. Open it again with `scp03 open`."
        case .responseNotBlockAligned(let length):
            return "encrypted response data of \(length) bytes is not whole AES blocks; channel closed."
        case .responsePadding:
            return "decrypted response data has no valid 80 00.. padding; channel closed."
        case .wrappedCommandTooLong(let nc):
            return "the wrapped command would carry \(nc) data bytes, more than 65535"
        case .keyCommandFailed(let sw):
            return "the card refused the key command: \(sw) (\(ErrorText.swText(sw)))"
        case .putKeyMalformed(let offset):
            return "PUT KEY data is malformed at byte \(offset) (GP CS v2.3.1 §11.8)"
        case .keyCheckValueMismatch(let index, let expected, let actual):
            return "key check value of key \(index + 1) is " + Hex.encode(actual) + ", expected " + Hex.encode(expected)
        case .putKeyVersionMismatch(let expected, let actual):
            return "PUT KEY answered key version 0x" + Hex.encode([actual]) + ", expected 0x" + Hex.encode([expected])
        }
    }

    /// The card answered a secured command with 6982/6988 and so ended its session.
    static func secureChannelEndedByCard(
        sw: StatusWord, protocolName: String, mode: SecureChannel.SCP03Mode, firstCommand: Bool
    ) -> String {
        let command = protocolName.lowercased().hasPrefix("scp11") ? "scp11 open" : "scp03 open"
        var text = "the card answered \(sw) to a secured command, which ends its secure channel; it is closed here "
            + "too (commands now go plain). Open it again with `\(command)`."
        if firstCommand {
            let other = mode == .s16 ? "--s8" : "--s16"
            text += " This was the first command of the session, so the card did not accept its MAC: the session "
                + "keys or the MAC length differ from the card's (opened \(mode == .s16 ? "S16" : "S8"); try `\(command) ... \(other)`?)"
        }
        return text
    }

    static func secureChannelWarning(_ warning: SecureChannelWarning) -> String {
        switch warning {
        case .pseudoRandomChallengeMismatch(let expected, let actual, let aid):
            return "the card challenge " + Hex.encode(actual) + " is not the pseudo-random one expected for SD "
                + Hex.encode(aid) + " (" + Hex.encode(expected) + "); the card cryptogram still authenticated it."
        }
    }
}

extension ErrorText {
    /// What a status word means, without the number, for the command that got it (GP meanings for GP commands).
    static func swText(_ sw: StatusWord, command: [UInt8]? = nil) -> String {
        let full = command.map { sw.meaning(forINS: $0.count > 1 ? $0[1] : nil, cla: $0.first) } ?? sw.meaning
        let prefix = sw.description + ": "
        return full.hasPrefix(prefix) ? String(full.dropFirst(prefix.count)) : full
    }
}
