/// A BER-TLV tag (ISO/IEC 8825-1 §8.1.2, ISO 7816-4 §5.2.2), kept as its encoded bytes.
public struct BERTag: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The tag bytes as they appear on the wire (1 to 4 bytes).
    public let bytes: [UInt8]

    public enum TagClass: UInt8, Sendable {
        case universal = 0, application = 1, contextSpecific = 2, `private` = 3
    }

    /// A tag from its encoded bytes, e.g. `BERTag(0x9F, 0x7F)`; not validated (see `decode`).
    public init(_ bytes: UInt8...) { self.bytes = bytes }
    public init(bytes: [UInt8]) { self.bytes = bytes }
    /// A tag from its value as usually written, e.g. `BERTag(0x9F7F)`, `BERTag(0x6F)`.
    public init(_ value: UInt32) {
        var b: [UInt8] = []
        var v = value
        repeat {
            b.insert(UInt8(v & 0xFF), at: 0)
            v >>= 8
        } while v != 0
        bytes = b
    }

    /// The tag as a number, e.g. 0x9F7F.
    public var value: UInt32 { bytes.reduce(0) { $0 << 8 | UInt32($1) } }
    public var tagClass: TagClass { TagClass(rawValue: bytes[0] >> 6)! }
    /// Bit b6 of the first byte: the value is a sequence of data objects.
    public var isConstructed: Bool { bytes[0] & 0x20 != 0 }
    /// Uppercase hex, e.g. `9F7F`.
    public var description: String { Hex.encode(bytes) }

    public static func < (a: BERTag, b: BERTag) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }

    /// Reads one tag from the front of `input`.
    /// - Parameter base: the offset of `input`'s first byte in the whole buffer, for error reports.
    public static func decode(_ input: inout ArraySlice<UInt8>, base: Int = 0) throws(TLVError) -> BERTag {
        let start = input.startIndex
        guard let first = input.first else { throw .truncatedTag(offset: base) }
        var tag = [first]
        var index = start + 1
        if first & 0x1F == 0x1F {
            while true {
                guard index < input.endIndex else { throw .truncatedTag(offset: base) }
                let b = input[index]
                tag.append(b)
                index += 1
                if b & 0x80 == 0 { break }
                if tag.count == 4 { throw .tagTooLong(offset: base) }
            }
        }
        input = input[index...]
        return BERTag(bytes: tag)
    }
}
