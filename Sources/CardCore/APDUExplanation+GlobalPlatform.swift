extension APDUExplanation.Parameters {
    mutating func decodeGlobalPlatform(_ c: CommandAPDU) {
        switch c.ins {
        case 0x50: initializeUpdate(c)
        case 0x82 where ClassByte(c.cla).secureMessaging == .globalPlatform: externalAuthenticate(c)
        case 0x82, 0x88, 0x2A: keyReference(c)
        case 0xF2: getStatus(c)
        case 0xF0: setStatus(c)
        case 0xE4: delete(c)
        case 0xE6: install(c)
        case 0xE8: load(c)
        case 0xD8: putKey(c)
        case 0xE2: storeData(c)
        case 0xCA: dataObject(c)
        case 0xCB: fileReference(c)
        case 0x70: manageChannel(c)
        case 0x7A:
            p1(c, "security level \(APDUExplanation.hex(c.p1)): \(securityLevel(c.p1))")
            p2(c, c.p2 == 0 ? "00" : APDUExplanation.hex(c.p2))
        default: undecoded(c)
        }
    }

    /// GP Amd D v1.1.2 §7.1 INITIALIZE UPDATE: P1 key version number, P2 00, data host challenge.
    mutating func initializeUpdate(_ c: CommandAPDU) {
        if c.p1 == 0 {
            p1(c, "key version number 00: the first available key set")
            qualifier = "with the first available key set"
        } else {
            p1(c, "key version number \(APDUExplanation.hex(c.p1)) (\(c.p1))")
            qualifier = "with key version \(APDUExplanation.hex(c.p1))"
        }
        p2(c, c.p2 == 0 ? "key identifier 00" : "key identifier \(APDUExplanation.hex(c.p2))")
        if !c.data.isEmpty {
            data(c, "host challenge, \(c.data.count) bytes")
            summary.append("host challenge \(Hex.encode(c.data))")
        }
    }

    /// GP Amd D v1.1.2 §7.2 EXTERNAL AUTHENTICATE: P1 security level, data host cryptogram and C-MAC.
    mutating func externalAuthenticate(_ c: CommandAPDU) {
        p1(c, "security level \(APDUExplanation.hex(c.p1)): \(securityLevel(c.p1))")
        p2(c, c.p2 == 0 ? "00" : "\(APDUExplanation.hex(c.p2)): should be 00")
        summary.append("security level \(APDUExplanation.hex(c.p1)) (\(securityLevel(c.p1)))")
        if c.data.count == 16 || c.data.count == 32 {
            let half = c.data.count / 2
            data(
                c, "host cryptogram and C-MAC",
                [
                    "host cryptogram: \(Hex.encode(c.data.prefix(half)))",
                    "C-MAC: \(Hex.encode(c.data.suffix(half)))",
                ])
        }
    }

    /// GP Amd D v1.1.2 security level bits: b1 C-MAC, b2 C-DECRYPTION, b5 R-MAC, b6 R-ENCRYPTION.
    func securityLevel(_ level: UInt8) -> String {
        if level == 0 { return "no secure messaging" }
        var parts: [String] = []
        if level & 0x01 != 0 { parts.append("C-MAC") }
        if level & 0x02 != 0 { parts.append("C-DECRYPTION") }
        if level & 0x10 != 0 { parts.append("R-MAC") }
        if level & 0x20 != 0 { parts.append("R-ENCRYPTION") }
        if level & 0xCC != 0 { parts.append("RFU bits \(APDUExplanation.hex(level & 0xCC))") }
        return parts.joined(separator: ", ")
    }

    /// SCP11 (GP Amd F) MUTUAL / INTERNAL AUTHENTICATE and PERFORM SECURITY OPERATION: KVN, KID.
    mutating func keyReference(_ c: CommandAPDU) {
        p1(c, "key version number \(APDUExplanation.hex(c.p1))")
        p2(c, "key identifier \(APDUExplanation.hex(c.p2))")
        qualifier = "with key \(APDUExplanation.hex(c.p2)) version \(APDUExplanation.hex(c.p1))"
    }

    /// GPC v2.3.1 §11.4.2 GET STATUS.
    mutating func getStatus(_ c: CommandAPDU) {
        let subsets: [(UInt8, String, String)] = [
            (0x80, "issuer security domain", "of the issuer security domain"),
            (0x40, "applications and supplementary security domains", "of applications and security domains"),
            (0x20, "executable load files", "of executable load files"),
            (0x10, "executable load files and their executable modules", "of executable load files and modules"),
        ]
        let chosen = subsets.filter { c.p1 & $0.0 != 0 }
        var meaning = chosen.map(\.1).joined(separator: " + ")
        if chosen.isEmpty { meaning = "no subset selected" }
        if c.p1 & 0x0F != 0 { meaning += " (RFU bits \(APDUExplanation.hex(c.p1 & 0x0F)))" }
        p1(c, meaning)
        qualifier = chosen.map(\.2).joined(separator: " and ")
        if chosen.isEmpty { qualifier = nil }
        let next = c.p2 & 0x01 != 0
        let tlv = c.p2 & 0x02 != 0
        var detail = [
            "b1 = \(next ? 1 : 0): \(next ? "next occurrence(s)" : "first or all occurrence(s)")",
            "b2 = \(tlv ? 1 : 0): \(tlv ? "response in TLV format (E3 entries)" : "legacy response format")",
        ]
        if c.p2 & 0xFC != 0 { detail.append("b8-b3 = \(APDUExplanation.bits(c.p2 >> 2, 6)): RFU") }
        p2(
            c, "\(next ? "next occurrence(s)" : "first or all occurrence(s)"), \(tlv ? "TLV format" : "legacy format")",
            detail)
        summary.append(next ? "next occurrences" : "first or all occurrences")
        summary.append(tlv ? "TLV format" : "legacy format")
        if let objects = APDUExplanation.strictTLV(c.data) {
            let lines = APDUExplanation.describe(objects, path: [])
            if let aid = objects.first(where: { $0.tag == BERTag(0x4F) }) {
                let filter = aid.valueBytes.isEmpty ? "any AID" : "AID starting with \(Hex.encode(aid.valueBytes))"
                data(c, "search criteria: \(filter)", lines)
                summary.append("search criteria: \(filter)")
            } else {
                data(c, "search criteria", lines)
            }
        }
    }

    /// GPC v2.3.1 §11.10.2 SET STATUS.
    mutating func setStatus(_ c: CommandAPDU) {
        let kinds: [UInt8: String] = [
            0x80: "issuer security domain", 0x40: "application or supplementary security domain",
            0x60: "security domain and its associated applications",
        ]
        p1(c, kinds[c.p1] ?? "\(APDUExplanation.hex(c.p1)): RFU status type")
        let cardStates: [UInt8: String] = [
            0x01: "OP_READY", 0x07: "INITIALIZED", 0x0F: "SECURED", 0x7F: "CARD_LOCKED", 0xFF: "TERMINATED",
        ]
        if c.p1 == 0x80, let state = cardStates[c.p2] {
            p2(c, "new card life cycle state \(state)")
            qualifier = "of the card to \(state)"
        } else {
            p2(c, "life cycle state control \(APDUExplanation.hex(c.p2))" + (c.p2 & 0x80 != 0 ? " (b8: lock)" : ""))
        }
        if !c.data.isEmpty {
            let detail = TagDictionary.format(c.data, as: .aid).map { [$0] } ?? []
            data(c, "AID \(Hex.encode(c.data))", detail)
            if qualifier == nil { qualifier = "of \(Hex.encode(c.data))" }
        }
    }

    /// GPC v2.3.1 §11.2.2 DELETE.
    mutating func delete(_ c: CommandAPDU) {
        p1(c, c.p1 & 0x80 != 0 ? "more DELETE commands follow" : "last (or only) DELETE command")
        switch c.p2 {
        case 0x00: p2(c, "delete the object")
        case 0x80:
            p2(c, "delete the object and its related objects")
            summary.append("with related objects")
        default: p2(c, "\(APDUExplanation.hex(c.p2)): RFU")
        }
        if let objects = APDUExplanation.strictTLV(c.data) {
            data(c, "objects to delete", APDUExplanation.describe(objects, path: []))
            if let aid = objects.first(where: { $0.tag == BERTag(0x4F) }) {
                qualifier = Hex.encode(aid.valueBytes)
            }
        }
    }

    /// GPC v2.3.1 §11.5.2 INSTALL: P1 roles, P2 combined process, data a sequence of length-value fields.
    mutating func install(_ c: CommandAPDU) {
        let roles: [(UInt8, String)] = [
            (0x02, "for load"), (0x04, "for install"), (0x08, "for make selectable"), (0x10, "for extradition"),
            (0x20, "for personalization"), (0x40, "for registry update"),
        ]
        let chosen = roles.filter { c.p1 & $0.0 != 0 }.map(\.1)
        var detail: [String] = []
        if c.p1 & 0x80 != 0 { detail.append("b8 = 1: more INSTALL commands follow") }
        if c.p1 & 0x01 != 0 { detail.append("b1 = 1: RFU") }
        p1(c, chosen.isEmpty ? "no role (RFU)" : chosen.joined(separator: " and "), detail)
        qualifier = chosen.isEmpty ? nil : chosen.joined(separator: " and ")
        let combined: [UInt8: String] = [
            0x00: "no information", 0x01: "beginning of a combined load, install and make selectable process",
            0x03: "end of a combined load, install and make selectable process",
        ]
        p2(c, combined[c.p2] ?? "\(APDUExplanation.hex(c.p2)): RFU")
        let names: [String]
        switch c.p1 & 0x7E {
        case 0x02:
            names = [
                "load file AID", "security domain AID", "load file data block hash", "load parameters", "load token",
            ]
        case 0x04, 0x0C, 0x06, 0x0E:
            names = [
                "executable load file AID", "executable module AID", "application AID", "privileges",
                "install parameters", "install token",
            ]
        case 0x08, 0x20:
            names = ["(empty)", "(empty)", "application AID", "privileges", "parameters", "token"]
        case 0x10, 0x40:
            names = ["security domain AID", "(empty)", "application AID", "privileges", "parameters", "token"]
        default: names = []
        }
        if let fields = lengthValueFields(c.data), !names.isEmpty {
            var lines: [String] = []
            for (index, value) in fields.enumerated() {
                let name = index < names.count ? names[index] : "field \(index + 1)"
                lines.append("\(name): " + (value.isEmpty ? "(empty)" : Hex.encode(value)))
            }
            data(c, "\(fields.count) length-value fields", lines)
            if fields.count > 2, !fields[2].isEmpty { summary.append("application \(Hex.encode(fields[2]))") }
        }
    }

    /// Splits `data` into one-byte-length, value fields; nil when the lengths do not add up.
    func lengthValueFields(_ data: [UInt8]) -> [[UInt8]]? {
        var fields: [[UInt8]] = []
        var index = 0
        while index < data.count {
            let length = Int(data[index])
            guard index + 1 + length <= data.count else { return nil }
            fields.append(Array(data[(index + 1)..<(index + 1 + length)]))
            index += 1 + length
        }
        return fields
    }

    /// GPC v2.3.1 §11.6.2 LOAD.
    mutating func load(_ c: CommandAPDU) {
        p1(c, c.p1 & 0x80 != 0 ? "last block" : "more blocks follow")
        p2(c, "block number \(c.p2)")
        qualifier = "block \(c.p2)" + (c.p1 & 0x80 != 0 ? " (last)" : "")
        // §11.6.2.3: the first block starts with optional DAP blocks (E2) and the load file data block (C4),
        // whose length covers all blocks, so only its header can be read here.
        var input = c.data[...]
        guard c.p2 == 0, let tag = try? BERTag.decode(&input), tag == BERTag(0xE2) || tag == BERTag(0xC4),
            let length = APDUExplanation.berLength(&input)
        else { return }
        let name = tag == BERTag(0xC4) ? "load file data block" : "DAP block"
        data(c, "starts the \(name) (\(tag)), \(length) bytes in total", ["\(input.count) of them in this block"])
    }

    /// GPC v2.3.1 §11.8.2 PUT KEY.
    mutating func putKey(_ c: CommandAPDU) {
        let kvn = c.p1 & 0x7F
        var p1Detail: [String] = []
        if c.p1 & 0x80 != 0 { p1Detail.append("b8 = 1: more PUT KEY commands follow") }
        p1(
            c, kvn == 0 ? "key version 00: add a new key set" : "replace key version \(APDUExplanation.hex(kvn))",
            p1Detail)
        let kid = c.p2 & 0x7F
        p2(
            c, "key identifier \(APDUExplanation.hex(kid))" + (c.p2 & 0x80 != 0 ? ", multiple keys" : ", single key"))
        qualifier = kvn == 0 ? "new key set" : "replacing key version \(APDUExplanation.hex(kvn))"
        if let lines = keyDataLines(c.data) {
            data(c, "new key version \(APDUExplanation.hex(c.data[0])) and key data", lines)
            summary.append("new key version \(APDUExplanation.hex(c.data[0]))")
        }
    }

    /// GPC v2.3.1 §11.8.2: new KVN, then per key: type, length, key data, KCV length, KCV.
    func keyDataLines(_ data: [UInt8]) -> [String]? {
        guard let kvn = data.first else { return nil }
        let types: [UInt8: String] = [
            0x80: "DES", 0x88: "AES", 0xA0: "RSA public exponent", 0xA1: "RSA modulus", 0xB0: "ECC public key",
            0xB1: "ECC private key", 0xF0: "ECC key parameters reference", 0xFF: "extended format",
        ]
        var lines = ["new key version number \(APDUExplanation.hex(kvn))"]
        var index = 1
        while index < data.count {
            let type = data[index]
            guard index + 1 < data.count else { return nil }
            let length = Int(data[index + 1])
            guard index + 2 + length < data.count else { return nil }
            let checkLength = Int(data[index + 2 + length])
            guard index + 3 + length + checkLength <= data.count else { return nil }
            let check = data[(index + 3 + length)..<(index + 3 + length + checkLength)]
            let name = types[type] ?? "type \(APDUExplanation.hex(type))"
            var line = "key \(name), \(length) bytes of key data"
            if !check.isEmpty { line += ", check value \(Hex.encode(check))" }
            lines.append(line)
            index += 3 + length + checkLength
        }
        return lines
    }

    /// GPC v2.3.1 §11.11.2 STORE DATA.
    mutating func storeData(_ c: CommandAPDU) {
        let encryption = [
            0x00: "no encryption information", 0x20: "application-dependent encryption",
            0x40: "RFU encryption indicator", 0x60: "encrypted data",
        ][Int(c.p1 & 0x60)]!
        let structure = [
            0x00: "no structure information", 0x08: "DGI format", 0x10: "BER-TLV format",
            0x18: "RFU structure",
        ][Int(c.p1 & 0x18)]!
        let last = c.p1 & 0x80 != 0 ? "last block" : "more blocks follow"
        p1(c, "\(last), \(structure), \(encryption)")
        p2(c, "block number \(c.p2)")
        qualifier = "block \(c.p2)" + (c.p1 & 0x80 != 0 ? " (last)" : "")
        if c.p1 & 0x18 == 0x10, c.p1 & 0x60 != 0x60, let objects = APDUExplanation.strictTLV(c.data) {
            data(c, "BER-TLV", APDUExplanation.describe(objects, path: []))
        } else if c.p1 & 0x18 == 0x08, let lines = dgiLines(c.data) {
            data(c, "\(lines.count) data grouping identifiers", lines)
        }
    }

    /// GPC v2.3.1 §11.11.2: DGI is a 2-byte tag, a length (1 byte, or FF and 2 bytes), a value.
    func dgiLines(_ data: [UInt8]) -> [String]? {
        var lines: [String] = []
        var index = 0
        while index < data.count {
            guard index + 3 <= data.count else { return nil }
            var length = Int(data[index + 2])
            var header = 3
            if length == 0xFF {
                guard index + 5 <= data.count else { return nil }
                length = Int(data[index + 3]) << 8 | Int(data[index + 4])
                header = 5
            }
            guard index + header + length <= data.count else { return nil }
            lines.append("DGI \(Hex.encode(data[index..<(index + 2)])): \(APDUExplanation.byteCount(length))")
            index += header + length
        }
        return lines.isEmpty ? nil : lines
    }

    // MARK: EMV 4.4 Book 3 §6.5

    mutating func decodeEMV(_ c: CommandAPDU) {
        switch c.ins {
        case 0xAE:
            let types = [0x00: "AAC (decline)", 0x40: "TC (approve offline)", 0x80: "ARQC (go online)", 0xC0: "RFU"]
            let type = types[Int(c.p1 & 0xC0)]!
            var detail = ["b8-b7 = \(APDUExplanation.bits(c.p1 >> 6, 2)): \(type)"]
            if c.p1 & 0x10 != 0 { detail.append("b5 = 1: CDA signature requested") }
            p1(c, "request \(type)" + (c.p1 & 0x10 != 0 ? " with CDA signature" : ""), detail)
            p2(c, c.p2 == 0 ? "00" : "\(APDUExplanation.hex(c.p2)): RFU")
            qualifier = "requesting " + type
        case 0xA8:
            mustBeZero(c)
        default:
            undecoded(c)
        }
    }
}
