import CardCore

/// Small builders for the card's fixed BER-TLV content (ISO 7816-4 §5.2.2).
enum BER {
    /// Tag, definite length, value.
    static func tlv(_ tag: UInt32, _ value: [UInt8]) -> [UInt8] {
        BERTag(tag).bytes + TLV.encodeLength(value.count) + value
    }

    /// A constructed object from already encoded children.
    static func tlv(_ tag: UInt32, children: [[UInt8]]) -> [UInt8] {
        tlv(tag, children.flatMap { $0 })
    }

    /// ASCII bytes of a string literal.
    static func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Big-endian bytes of `value` in `width` bytes.
    static func bigEndian(_ value: Int, width: Int) -> [UInt8] {
        (0..<width).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }
}

/// A seeded generator for fixed filler bytes (SplitMix64), so content is the same on every run.
struct FixedBytes {
    private var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { generator.next() }

    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
    }
}
