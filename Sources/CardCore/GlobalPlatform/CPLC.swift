/// Card Production Life Cycle data (GET DATA 9F7F): who made the chip and the card, and when.
///
/// GP CS v2.3.1 §H.6 (Visa GP Card Implementation Requirements, CPLC layout): 42 bytes, 18 fields.
public struct CPLC: Hashable, Sendable {
    /// What a field holds, which decides how it is shown.
    public enum Kind: Hashable, Sendable {
        case identifier
        /// YDDD in BCD: last digit of the year, then the day of the year.
        case date
    }

    /// One CPLC field with its bytes.
    public struct Field: Hashable, Sendable {
        public var name: String
        public var kind: Kind
        public var bytes: [UInt8]
    }

    /// A YDDD date: the last digit of the year (0-9) and the day of that year (1-366).
    public struct Date: Hashable, Sendable, CustomStringConvertible {
        public var yearDigit: Int
        public var dayOfYear: Int

        /// Nil when the bytes are not four BCD digits with a day in 1...366 (unset dates are often 0000 or FFFF).
        public init?(_ bytes: [UInt8]) {
            guard bytes.count == 2 else { return nil }
            let digits = [bytes[0] >> 4, bytes[0] & 0x0F, bytes[1] >> 4, bytes[1] & 0x0F].map(Int.init)
            guard digits.allSatisfy({ $0 <= 9 }) else { return nil }
            let day = digits[1] * 100 + digits[2] * 10 + digits[3]
            guard (1...366).contains(day) else { return nil }
            yearDigit = digits[0]
            dayOfYear = day
        }

        public var description: String { "year digit \(yearDigit), day \(dayOfYear)" }
    }

    /// Field names and sizes in card order (GP CS v2.3.1 §H.6).
    public static let layout: [(name: String, size: Int, kind: Kind)] = [
        ("IC fabricator", 2, .identifier),
        ("IC type", 2, .identifier),
        ("Operating system identifier", 2, .identifier),
        ("Operating system release date", 2, .date),
        ("Operating system release level", 2, .identifier),
        ("IC fabrication date", 2, .date),
        ("IC serial number", 4, .identifier),
        ("IC batch identifier", 2, .identifier),
        ("IC module fabricator", 2, .identifier),
        ("IC module packaging date", 2, .date),
        ("ICC manufacturer", 2, .identifier),
        ("IC embedding date", 2, .date),
        ("IC pre-personalizer", 2, .identifier),
        ("IC pre-personalization date", 2, .date),
        ("IC pre-personalization equipment identifier", 4, .identifier),
        ("IC personalizer", 2, .identifier),
        ("IC personalization date", 2, .date),
        ("IC personalization equipment identifier", 4, .identifier),
    ]

    /// Total size of the CPLC value.
    public static let size = 42

    public var fields: [Field]

    /// Decodes either the full `9F7F` data object or its 42-byte value.
    /// - Throws: `GPDataError.wrongLength` when the value is not 42 bytes, `.unexpectedTag` for another tag.
    public init(parsing bytes: [UInt8]) throws(GPDataError) {
        var value = bytes
        var valueOffset = 0
        if bytes.count != CPLC.size {
            let items: [TLV]
            do { items = try TLV.decodeAll(bytes) } catch { throw .tlv(error) }
            guard let first = items.first else {
                throw .wrongLength(tag: BERTag(0x9F7F), offset: 0, expected: CPLC.size, actual: 0)
            }
            guard first.tag == BERTag(0x9F7F) else {
                throw .unexpectedTag(offset: 0, expected: BERTag(0x9F7F), actual: first.tag)
            }
            value = first.valueBytes
            valueOffset = first.encoded().count - value.count
        }
        guard value.count == CPLC.size else {
            throw .wrongLength(tag: BERTag(0x9F7F), offset: valueOffset, expected: CPLC.size, actual: value.count)
        }
        var fields: [Field] = []
        var at = 0
        for entry in CPLC.layout {
            fields.append(Field(name: entry.name, kind: entry.kind, bytes: Array(value[at..<at + entry.size])))
            at += entry.size
        }
        self.fields = fields
    }

    /// The field named `name` in `layout`.
    public func field(_ name: String) -> Field? { fields.first { $0.name == name } }

    public var icFabricator: [UInt8] { fields[0].bytes }
    public var icType: [UInt8] { fields[1].bytes }
    public var operatingSystemID: [UInt8] { fields[2].bytes }
    public var icSerialNumber: [UInt8] { fields[6].bytes }

    /// IC fabricator codes as they appear in public CPLC dumps of these vendors' chips; nil for others.
    public static func fabricatorName(_ code: [UInt8]) -> String? {
        guard code.count == 2 else { return nil }
        switch UInt16(code[0]) << 8 | UInt16(code[1]) {
        case 0x3060: return "Renesas"
        case 0x4090: return "Infineon"
        case 0x4180: return "Atmel"
        case 0x4250: return "Samsung"
        case 0x4790: return "NXP"
        default: return nil
        }
    }
}
