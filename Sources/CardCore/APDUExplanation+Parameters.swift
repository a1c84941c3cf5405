extension APDUExplanation {
    /// What P1, P2 and the data field mean for one command, and the pieces of its summary line.
    struct Parameters {
        var fields: [Field] = []
        /// Words that follow the command name directly, e.g. `by DF name A000000004101000`.
        var qualifier: String?
        /// Clauses appended with commas, e.g. `return FCI`.
        var summary: [String] = []
        /// A command-specific reading of the data field; nil for the generic one.
        var dataField: Field?

        mutating func p1(_ c: CommandAPDU, _ meaning: String, _ detail: [String] = []) {
            fields.append(Field(label: "P1", bytes: [c.p1], meaning: meaning, detail: detail))
        }

        mutating func p2(_ c: CommandAPDU, _ meaning: String, _ detail: [String] = []) {
            fields.append(Field(label: "P2", bytes: [c.p2], meaning: meaning, detail: detail))
        }

        mutating func p1p2(_ c: CommandAPDU, _ meaning: String, _ detail: [String] = []) {
            fields.append(Field(label: "P1-P2", bytes: [c.p1, c.p2], meaning: meaning, detail: detail))
        }

        mutating func data(_ c: CommandAPDU, _ meaning: String, _ detail: [String] = []) {
            dataField = Field(label: "Data", bytes: c.data, meaning: meaning, detail: detail)
        }

        static func decode(_ c: CommandAPDU) -> Parameters {
            var p = Parameters()
            if InstructionCatalogue.isGlobalPlatform(cla: c.cla, ins: c.ins) {
                p.decodeGlobalPlatform(c)
            } else if c.cla & 0x80 != 0, c.cla != 0xFF, InstructionCatalogue.emvNames[c.ins] != nil {
                p.decodeEMV(c)
            } else {
                p.decodeISO(c)
            }
            return p
        }

        /// P1 and P2 with no known meaning for this command.
        mutating func undecoded(_ c: CommandAPDU) {
            p1(c, c.p1 == 0 ? "00" : "\(hex(c.p1)): not decoded for this command")
            p2(c, c.p2 == 0 ? "00" : "\(hex(c.p2)): not decoded for this command")
        }

        mutating func decodeISO(_ c: CommandAPDU) {
            switch c.ins {
            case 0xA4: select(c)
            case 0xB0, 0xD6, 0xD0, 0x0E, 0xA0: binaryOffset(c)
            case 0xB1, 0xD7, 0xD1, 0x0F, 0xA1: fileReference(c)
            case 0xB2, 0xB3, 0xDC, 0xDD, 0xD2, 0x0C, 0xA2, 0x06, 0x08: record(c)
            case 0xE2: appendRecord(c)
            case 0xCA, 0xDA: dataObject(c)
            case 0xCB, 0xDB: fileReference(c)
            case 0x20, 0x21, 0x24, 0x25, 0x2C, 0x2D, 0x26, 0x28: referenceData(c)
            case 0x70: manageChannel(c)
            case 0x22, 0x23: manageSecurityEnvironment(c)
            case 0x2A: performSecurityOperation(c)
            case 0x82, 0x86, 0x87, 0x88: authenticate(c)
            case 0x84: getChallenge(c)
            case 0xC0, 0xC2, 0xC3, 0xFE: mustBeZero(c)
            case 0x04, 0x44, 0xE4, 0xE6, 0xE8: fileLifeCycle(c)
            default: undecoded(c)
            }
        }

        // MARK: ISO 7816-4 SELECT

        mutating func select(_ c: CommandAPDU) {
            let (method, qualifier) = selectionMethod(c)
            p1(c, method)
            self.qualifier = qualifier
            let occurrence = ["first or only occurrence", "last occurrence", "next occurrence", "previous occurrence"][
                Int(c.p2 & 0x03)]
            let response = ["return FCI template", "return FCP template", "return FMD template", "no response data"][
                Int(c.p2 >> 2 & 0x03)]
            var detail: [String] = []
            if c.p2 & 0xF0 != 0 { detail.append("b8-b5 = \(bits(c.p2 >> 4, 4)): proprietary or RFU") }
            p2(c, "\(occurrence), \(response)", detail)
            summary.append(["return FCI", "return FCP", "return FMD", "no response data"][Int(c.p2 >> 2 & 0x03)])
            if c.p2 & 0x03 != 0 { summary.append(occurrence) }
            selectionData(c)
        }

        /// ISO 7816-4 SELECT, table of P1 codings; also used by ACTIVATE, DEACTIVATE, TERMINATE, DELETE FILE.
        func selectionMethod(_ c: CommandAPDU) -> (String, String?) {
            let id = Hex.encode(c.data)
            switch c.p1 {
            case 0x00 where c.data.isEmpty: return ("select the MF (no data) or the current file", "MF")
            case 0x00: return ("select MF, DF or EF by file identifier", "by file identifier \(id)")
            case 0x01: return ("select child DF by DF identifier", "child DF \(id)")
            case 0x02: return ("select EF under the current DF by EF identifier", "EF \(id)")
            case 0x03: return ("select the parent DF of the current DF", "parent DF")
            case 0x04: return ("select by DF name (AID)", "by DF name \(id)")
            case 0x08: return ("select from the MF by path (without the MF identifier)", "by path from MF \(id)")
            case 0x09: return ("select from the current DF by path", "by path from current DF \(id)")
            default: return ("\(hex(c.p1)): proprietary or RFU selection method", nil)
            }
        }

        mutating func selectionData(_ c: CommandAPDU) {
            guard !c.data.isEmpty else { return }
            switch c.p1 {
            case 0x04:
                let registered = [0xA, 0xD, 0xF].contains(c.data[0] >> 4)
                let rendering = TagDictionary.format(c.data, as: .aid).map { registered ? $0 : "\"\($0)\"" }
                let detail = rendering.map { [$0] } ?? []
                data(c, "DF name (AID) \(Hex.encode(c.data))", detail)
            case 0x00, 0x01, 0x02:
                let mf = c.data == [0x3F, 0x00] ? " (MF)" : ""
                data(c, "file identifier \(Hex.encode(c.data))\(mf)")
            case 0x08, 0x09:
                data(c, "path \(Hex.encode(c.data, separator: " "))")
            default:
                break
            }
        }

        // MARK: ISO 7816-4 commands for binary files

        mutating func binaryOffset(_ c: CommandAPDU) {
            if c.p1 & 0x80 != 0 {
                let sfi = Int(c.p1 & 0x1F)
                var detail = ["b8 = 1: b5-b1 short EF identifier, P2 offset"]
                if c.p1 & 0x60 != 0 { detail.append("b7-b6 = \(bits(c.p1 >> 5 & 0x03, 2)): RFU, should be 00") }
                p1(c, "short EF identifier \(sfi)", detail)
                p2(c, "offset \(c.p2)")
                qualifier = "SFI \(sfi), offset \(c.p2)"
            } else {
                let offset = Int(c.p1) << 8 | Int(c.p2)
                p1p2(c, "offset \(offset) in the current EF (b8 of P1 = 0: 15-bit offset)")
                qualifier = "current EF, offset \(offset)"
            }
        }

        /// Odd-INS forms: P1-P2 is a file identifier, the data carries an offset data object (54).
        mutating func fileReference(_ c: CommandAPDU) {
            let value = Int(c.p1) << 8 | Int(c.p2)
            switch value {
            case 0x0000:
                p1p2(c, "current EF")
                qualifier = "current EF"
            case 0x3FFF:
                p1p2(c, "current DF")
                qualifier = "current DF"
            default:
                if c.p1 == 0 && c.p2 & 0xE0 == 0 {
                    p1p2(c, "short EF identifier \(c.p2) (P1 = 00, P2 b5-b1)")
                    qualifier = "SFI \(c.p2)"
                } else {
                    p1p2(c, "file identifier \(hex(c.p1))\(hex(c.p2))")
                    qualifier = "file \(hex(c.p1))\(hex(c.p2))"
                }
            }
        }

        // MARK: ISO 7816-4 commands for record files

        mutating func record(_ c: CommandAPDU) {
            let sfi = Int(c.p2 >> 3)
            let mode = c.p2 & 0x07
            let file = sfi == 0 ? "current EF" : sfi == 31 ? "RFU (11111)" : "short EF identifier \(sfi)"
            let modes: [UInt8: String] = [
                0b000: "first occurrence of record identifier P1", 0b001: "last occurrence of record identifier P1",
                0b010: "next occurrence of record identifier P1", 0b011: "previous occurrence of record identifier P1",
                0b100: "record number P1", 0b101: "all records from number P1 up to the last",
                0b110: "all records from the last up to number P1", 0b111: "RFU",
            ]
            let byNumber = mode & 0x04 != 0
            if byNumber {
                p1(c, c.p1 == 0 ? "current record (00)" : "record number \(c.p1)")
            } else {
                p1(c, c.p1 == 0 ? "current record (00)" : "record identifier \(hex(c.p1))")
            }
            p2(
                c, "\(file), \(modes[mode]!)",
                ["b8-b4 = \(bits(c.p2 >> 3, 5)): \(file)", "b3-b1 = \(bits(mode, 3)): \(modes[mode]!)"])
            let scope = sfi == 0 ? "current EF" : "SFI \(sfi)"
            switch mode {
            case 0b100: qualifier = c.p1 == 0 ? "current record of \(scope)" : "record \(c.p1) of \(scope)"
            case 0b101: qualifier = "records \(c.p1 == 0 ? "current" : "\(c.p1)") to last of \(scope)"
            case 0b110: qualifier = "records last to \(c.p1 == 0 ? "current" : "\(c.p1)") of \(scope)"
            default: qualifier = "record identifier \(hex(c.p1)) of \(scope)"
            }
        }

        mutating func appendRecord(_ c: CommandAPDU) {
            p1(c, c.p1 == 0 ? "00" : "\(hex(c.p1)): RFU, should be 00")
            let sfi = Int(c.p2 >> 3)
            p2(c, sfi == 0 ? "current EF" : "short EF identifier \(sfi)")
            qualifier = sfi == 0 ? "to current EF" : "to SFI \(sfi)"
        }

        // MARK: ISO 7816-4 commands for data objects

        mutating func dataObject(_ c: CommandAPDU) {
            let value = UInt32(c.p1) << 8 | UInt32(c.p2)
            let tag: BERTag?
            var meaning: String
            switch value {
            case 0x0000...0x003F:
                tag = nil
                meaning = "RFU"
            case 0x0040...0x00FF:
                tag = BERTag(c.p2)
                meaning = "BER-TLV tag \(hex(c.p2))"
            case 0x0100...0x01FF:
                tag = nil
                meaning = "proprietary data object \(hex(c.p1))\(hex(c.p2))"
            case 0x0200...0x02FF:
                tag = nil
                meaning = "SIMPLE-TLV tag \(hex(c.p2))"
            case 0x0300...0x3FFF:
                tag = nil
                meaning = "RFU"
            default:
                tag = BERTag(c.p1, c.p2)
                meaning = "BER-TLV tag \(hex(c.p1))\(hex(c.p2))"
            }
            if let tag, let info = TagDictionary.info(for: tag, in: []) {
                meaning += ": \(info.name) (\(info.source))"
                qualifier = "\(tag) (\(info.name))"
            } else if let tag {
                qualifier = "\(tag)"
            }
            p1p2(c, meaning)
        }

        // MARK: ISO 7816-4 security and channel commands

        /// VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER, ENABLE / DISABLE VERIFICATION REQUIREMENT.
        mutating func referenceData(_ c: CommandAPDU) {
            switch c.ins {
            case 0x20, 0x21:
                p1(c, c.p1 == 0xFF ? "reset the verification status" : c.p1 == 0 ? "00" : "\(hex(c.p1)): RFU")
                if c.data.isEmpty && c.p1 == 0 { summary.append("no data: ask for the verification status") }
            case 0x24, 0x25:
                let m = [0x00: "data: current then new reference data", 0x01: "data: new reference data only"]
                p1(c, m[Int(c.p1)] ?? "\(hex(c.p1)): RFU")
            case 0x2C, 0x2D:
                let m = [
                    0x00: "data: resetting code then new reference data", 0x01: "data: resetting code only",
                    0x02: "data: new reference data only", 0x03: "no data",
                ]
                p1(c, m[Int(c.p1)] ?? "\(hex(c.p1)): RFU")
            default:
                let m = [0x00: "data: verification data", 0x01: "no data"]
                p1(c, m[Int(c.p1)] ?? "\(hex(c.p1)): RFU")
            }
            p2(c, reference(c.p2), c.p2 & 0x60 != 0 ? ["b7-b6 = \(bits(c.p2 >> 5 & 0x03, 2)): RFU"] : [])
            if c.p2 != 0 { qualifier = "reference \(hex(c.p2))" }
            if !c.data.isEmpty && c.ins & 0x01 == 0 {
                data(c, "reference data, \(c.data.count) bytes")
            }
        }

        /// ISO 7816-4 VERIFY: coding of a reference in P2: b8 global / specific, b5-b1 number.
        func reference(_ p2: UInt8) -> String {
            if p2 == 0 { return "no information given" }
            let scope = p2 & 0x80 != 0 ? "specific (DF-specific)" : "global"
            return "\(scope) reference data, number \(p2 & 0x1F)"
        }

        mutating func manageChannel(_ c: CommandAPDU) {
            switch c.p1 {
            case 0x00:
                p1(c, "open a logical channel")
                if c.p2 == 0 {
                    p2(c, "00: the card assigns the channel number (returned in the response)")
                    qualifier = "open, the card assigns the channel"
                } else {
                    p2(c, "open channel \(c.p2)")
                    qualifier = "open channel \(c.p2)"
                }
            case 0x80:
                p1(c, "close a logical channel")
                p2(c, "close channel \(c.p2)")
                qualifier = "close channel \(c.p2)"
            default:
                p1(c, "\(hex(c.p1)): RFU (00 open, 80 close)")
                p2(c, "channel \(c.p2)")
            }
        }

        mutating func manageSecurityEnvironment(_ c: CommandAPDU) {
            let functions = [1: "SET", 2: "STORE", 3: "RESTORE", 4: "ERASE"]
            let function = functions[Int(c.p1 & 0x0F)] ?? "RFU function \(bits(c.p1 & 0x0F, 4))"
            var detail = ["b4-b1 = \(bits(c.p1 & 0x0F, 4)): \(function)"]
            if c.p1 & 0x10 != 0 { detail.append("b5: secure messaging in command data") }
            if c.p1 & 0x20 != 0 { detail.append("b6: secure messaging in response data") }
            if c.p1 & 0x40 != 0 {
                detail.append("b7: computation, decipherment, internal authentication, key agreement")
            }
            if c.p1 & 0x80 != 0 {
                detail.append("b8: verification, encipherment, external authentication, key agreement")
            }
            p1(c, function, detail)
            if function == "SET" {
                let templates: [UInt8: String] = [
                    0xA4: "authentication template (AT)", 0xA6: "key agreement template (KAT)",
                    0xAA: "hash-code template (HT)", 0xB4: "cryptographic checksum template (CCT)",
                    0xB6: "digital signature template (DST)", 0xB8: "confidentiality template (CT)",
                ]
                let template = templates[c.p2] ?? "control reference template \(hex(c.p2))"
                p2(c, template)
                qualifier = "SET \(template)"
            } else {
                p2(c, "security environment number \(c.p2)")
                qualifier = "\(function) SE \(c.p2)"
            }
        }

        mutating func performSecurityOperation(_ c: CommandAPDU) {
            let operations: [UInt16: String] = [
                0x9E9A: "compute digital signature", 0x9080: "hash", 0x90A0: "hash (data objects)",
                0x8E80: "compute cryptographic checksum", 0x00A2: "verify cryptographic checksum",
                0x00A8: "verify digital signature", 0x0092: "verify certificate", 0x00AE: "verify certificate",
                0x00BE: "verify certificate", 0x8680: "encipher", 0x8480: "encipher", 0x8280: "encipher",
                0x8086: "decipher", 0x8084: "decipher", 0x8082: "decipher",
            ]
            let operation = operations[UInt16(c.p1) << 8 | UInt16(c.p2)]
            p1(c, c.p1 == 0 ? "00: no response data object" : "tag of the response data object \(hex(c.p1))")
            p2(c, c.p2 == 0 ? "00" : "tag of the command data object \(hex(c.p2))")
            if let operation { qualifier = operation }
        }

        mutating func authenticate(_ c: CommandAPDU) {
            p1(c, c.p1 == 0 ? "no information given (algorithm known before)" : "algorithm reference \(hex(c.p1))")
            p2(c, reference(c.p2))
        }

        mutating func getChallenge(_ c: CommandAPDU) {
            p1(c, c.p1 == 0 ? "no information given" : "algorithm reference \(hex(c.p1))")
            p2(c, c.p2 == 0 ? "00" : "\(hex(c.p2)): RFU")
        }

        mutating func mustBeZero(_ c: CommandAPDU) {
            let zero = c.p1 == 0 && c.p2 == 0
            p1p2(c, zero ? "0000" : "\(hex(c.p1))\(hex(c.p2)): should be 0000")
        }

        mutating func fileLifeCycle(_ c: CommandAPDU) {
            let (method, qualifier) = selectionMethod(c)
            p1(c, c.p1 == 0 && c.data.isEmpty ? "the current file" : method)
            p2(c, c.p2 == 0 ? "00" : "\(hex(c.p2)): RFU")
            self.qualifier = c.p1 == 0 && c.data.isEmpty ? "current file" : qualifier
            selectionData(c)
        }
    }

    /// Two uppercase hex digits.
    static func hex(_ byte: UInt8) -> String { Hex.encode([byte]) }

    /// The low `count` bits of `value`, most significant first.
    static func bits(_ value: UInt8, _ count: Int) -> String {
        String((0..<count).reversed().map { value >> UInt8($0) & 1 == 1 ? "1" : "0" })
    }
}
