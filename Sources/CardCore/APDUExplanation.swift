/// A command APDU taken apart field by field, with names, for teaching and for traces.
///
/// Fields follow ISO/IEC 7816-4:2020 §5.1 (command-response pairs) and §5.4 (CLA, INS, P1-P2);
/// GlobalPlatform commands follow GPC v2.3.1 §11 and EMV ones EMV 4.4 Book 3 §6.5.
public struct APDUExplanation: Hashable, Sendable {
    /// One field of the command: its label (`CLA`, `INS`, `P1`, `P2`, `P1-P2`, `Lc`, `Data`, `Le`),
    /// its bytes, what they mean, and further lines (bits, a decoded TLV tree).
    public struct Field: Hashable, Sendable {
        public var label: String
        public var bytes: [UInt8]
        public var meaning: String
        public var detail: [String]

        public init(label: String, bytes: [UInt8], meaning: String, detail: [String] = []) {
            self.label = label
            self.bytes = bytes
            self.meaning = meaning
            self.detail = detail
        }
    }

    public var command: CommandAPDU
    public var fields: [Field]
    /// ISO 7816-4 §5.1 case: 1 (no data, no Le), 2 (Le), 3 (data), 4 (data and Le).
    public var isoCase: Int
    /// True when the length fields use the extended form.
    public var extended: Bool
    /// One line, e.g. `SELECT by DF name A000000004101000, return FCI, expect up to 256 bytes`.
    public var summary: String

    /// The case as people say it: `case 1`, `case 4, short`, `case 2, extended`.
    public var caseDescription: String {
        isoCase == 1 ? "case 1" : "case \(isoCase), \(extended ? "extended" : "short")"
    }

    /// Takes raw command bytes apart.
    /// - Throws: `APDUError` when the bytes are not a command APDU (too short, Lc not matching the
    ///   length, extended length field cut short), with the numbers that do not fit.
    public static func explain(_ bytes: [UInt8]) throws(APDUError) -> APDUExplanation {
        let command = try CommandAPDU(parsing: bytes)
        let extended = bytes.count >= 7 && bytes[4] == 0x00
        var fields: [Field] = []

        let cla = ClassByte(command.cla)
        fields.append(Field(label: "CLA", bytes: [command.cla], meaning: cla.description, detail: classDetail(cla)))

        let name = InstructionCatalogue.name(cla: command.cla, ins: command.ins)
        fields.append(
            Field(
                label: "INS", bytes: [command.ins], meaning: name ?? "unknown instruction",
                detail: instructionDetail(command)))

        let parameters = Parameters.decode(command)
        fields += parameters.fields

        if !command.data.isEmpty {
            let lcBytes =
                extended
                ? [0x00, UInt8(command.data.count >> 8), UInt8(command.data.count & 0xFF)]
                : [
                    UInt8(command.data.count)
                ]
            let form = extended ? "extended Lc: 00 then two bytes" : "short Lc"
            fields.append(Field(label: "Lc", bytes: lcBytes, meaning: "Nc = \(command.data.count) (\(form))"))
            fields.append(parameters.dataField ?? genericDataField(command))
        }
        if let ne = command.ne {
            let leBytes = Array(bytes.suffix(extended ? (command.data.isEmpty ? 3 : 2) : 1))
            fields.append(
                Field(label: "Le", bytes: leBytes, meaning: leMeaning(ne: ne, bytes: leBytes, extended: extended)))
        }

        var summary = name ?? "INS \(Hex.encode([command.ins])) (unknown instruction)"
        if let qualifier = parameters.qualifier { summary += " " + qualifier }
        var parts = parameters.summary
        if let ne = command.ne { parts.append("expect up to \(byteCount(ne))") }
        for part in parts { summary += ", " + part }
        return APDUExplanation(
            command: command, fields: fields, isoCase: command.isoCase, extended: extended, summary: summary)
    }

    /// `1 byte`, `256 bytes`.
    static func byteCount(_ n: Int) -> String { n == 1 ? "1 byte" : "\(n) bytes" }

    static func classDetail(_ cla: ClassByte) -> [String] {
        var lines: [String] = []
        switch cla.kind {
        case .firstInterindustry:
            lines.append("b8-b6 = 000: first interindustry class (ISO 7816-4 §5.4.1)")
        case .furtherInterindustry:
            lines.append("b8-b7 = 01: further interindustry class, channels 4-19 (ISO 7816-4 §5.4.1)")
        case .proprietary where cla.isGlobalPlatform:
            lines.append("b8 = 1: proprietary class, coded as in GPC v2.3.1 §11.1.4")
        default:
            break
        }
        if cla.secureMessaging == .globalPlatform {
            lines.append("the command carries a C-MAC and its data may be encrypted (secure channel)")
        }
        if cla.chaining { lines.append("b5 = 1: more commands of this chain follow (ISO 7816-4 command chaining)") }
        return lines
    }

    static func instructionDetail(_ command: CommandAPDU) -> [String] {
        let ins = command.ins
        if ins & 0xF0 == 0x60 || ins & 0xF0 == 0x90 {
            return ["INS 6X and 9X are invalid: they are T=0 procedure bytes (ISO/IEC 7816-3 §10.3.3)"]
        }
        if ins & 0x01 != 0, command.cla & 0x80 == 0, InstructionCatalogue.isoNames[ins] != nil {
            return ["odd INS: the data field is coded in BER-TLV (ISO 7816-4 §5.4.2)"]
        }
        return []
    }

    static func leMeaning(ne: Int, bytes: [UInt8], extended: Bool) -> String {
        let zero = bytes.suffix(extended ? 2 : 1).allSatisfy { $0 == 0 }
        if zero { return "Ne = \(ne): \(Hex.encode(bytes.suffix(extended ? 2 : 1))) means up to \(ne) bytes" }
        return "Ne = \(ne): up to \(ne == 1 ? "1 response byte" : "\(ne) response bytes")"
    }

    /// The data field shown as a BER-TLV tree when it is exactly a sequence of data objects and either
    /// the command carries BER-TLV (odd INS, ISO 7816-4 §5.4.2; commands whose data is defined as data
    /// objects) or every top-level tag is a known, non-universal one; otherwise its length only.
    static func genericDataField(_ command: CommandAPDU) -> Field {
        let data = command.data
        if let objects = strictTLV(data), carriesTLV(command) || objects.allSatisfy(isKnownDataObject) {
            let count = objects.count == 1 ? "1 data object" : "\(objects.count) data objects"
            return Field(label: "Data", bytes: data, meaning: "BER-TLV, \(count)", detail: describe(objects, path: []))
        }
        return Field(label: "Data", bytes: data, meaning: byteCount(data.count))
    }

    /// Commands whose data field is defined as BER-TLV data objects.
    static func carriesTLV(_ command: CommandAPDU) -> Bool {
        let interindustry = command.cla & 0x80 == 0
        if interindustry && command.ins & 0x01 != 0 && InstructionCatalogue.isoNames[command.ins] != nil { return true }
        switch command.ins {
        case 0x22, 0x86, 0xCB, 0xDB: return true  // MSE CRTs, GENERAL AUTHENTICATE 7C, odd GET/PUT DATA
        case 0xA8: return !interindustry  // EMV GET PROCESSING OPTIONS: 83 command template
        case 0x82, 0x88, 0x2A:
            return InstructionCatalogue.isGlobalPlatform(cla: command.cla, ins: command.ins)
                && ClassByte(command.cla).secureMessaging != .globalPlatform  // SCP11 A6 and 5F49
        default: return false
        }
    }

    static func isKnownDataObject(_ object: TLV) -> Bool {
        object.tag.tagClass != .universal && TagDictionary.info(for: object.tag, in: []) != nil
    }

    /// The data objects in `data` when it is BER-TLV with nothing left over and no padding.
    static func strictTLV(_ data: [UInt8]) -> [TLV]? {
        guard let objects = try? TLV.decodeAll(data), !objects.isEmpty,
            objects.flatMap({ $0.encoded() }) == data
        else { return nil }
        return objects
    }

    /// Reads a BER length field (ISO/IEC 8825-1 §8.1.3, up to four length bytes) from the front of `input`.
    static func berLength(_ input: inout ArraySlice<UInt8>) -> Int? {
        guard let first = input.popFirst() else { return nil }
        if first < 0x80 { return Int(first) }
        let count = Int(first & 0x7F)
        guard (1...4).contains(count), input.count >= count else { return nil }
        let length = input.prefix(count).reduce(0) { $0 << 8 | Int($1) }
        input = input.dropFirst(count)
        return length
    }

    /// One line per data object, indented by depth (see `TagDictionary.describe`).
    static func describe(_ objects: [TLV], path: [BERTag]) -> [String] {
        TagDictionary.describe(objects, in: path)
    }
}
