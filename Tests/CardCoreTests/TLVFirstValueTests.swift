import Testing

@testable import CardCore

/// `TLV.firstValue` walks the bytes without building the tree; it must give what decoding the whole tree and
/// taking the first object with the tag gives, for valid, padded, corrupted and random input.
@Suite struct TLVFirstValueTests {
    static func slow(_ tag: BERTag, _ bytes: [UInt8]) -> [UInt8]? {
        (try? TLV.decodeAll(bytes))?.first(tag)?.valueBytes
    }

    static let tags: [[UInt8]] = [[0x84], [0x6F], [0xA5], [0x50], [0x9F, 0x7F], [0xBF, 0x0C], [0xFF, 0x21], [0x04]]

    /// A random tree of these tags, sometimes with padding, long-form lengths or a cut.
    static func randomTLV(_ rng: inout SplitMix64, depth: Int) -> [UInt8] {
        var out: [UInt8] = []
        for _ in 0..<Int.random(in: 0...3, using: &rng) {
            if Int.random(in: 0..<6, using: &rng) == 0 { out += [[0x00], [0xFF], [0x00, 0x00]].randomElement(using: &rng)! }
            let tag = tags.randomElement(using: &rng)!
            let value: [UInt8] =
                tag[0] & 0x20 != 0 && depth < 4
                ? randomTLV(&rng, depth: depth + 1)
                : (0..<Int.random(in: 0...20, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            out += tag
            out += Int.random(in: 0..<5, using: &rng) == 0 ? [0x81, UInt8(value.count)] : TLV.encodeLength(value.count)
            out += value
        }
        return out
    }

    @Test("3,000 random trees, whole, cut and with one byte changed", arguments: [0x544C_5646 as UInt64])
    func agreesWithTheDecodedTree(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var found = 0
        for _ in 0..<3000 {
            var bytes = Self.randomTLV(&rng, depth: 0)
            switch Int.random(in: 0..<4, using: &rng) {
            case 0 where !bytes.isEmpty: bytes.removeLast(Int.random(in: 1...bytes.count, using: &rng))
            case 1 where !bytes.isEmpty: bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            default: break
            }
            for tag in [BERTag(0x84), BERTag(0x6F), BERTag(0xA5), BERTag(0x9F7F), BERTag(0xFF21)] {
                let fast = TLV.firstValue(tag, in: bytes)
                if fast != nil { found += 1 }
                #expect(fast == Self.slow(tag, bytes), "\(Hex.encode(bytes)) tag \(tag)")
            }
        }
        #expect(found > 1000)
    }

    @Test("2,000 random byte strings", arguments: [0x5241_4E44 as UInt64])
    func agreesOnRandomBytes(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0...40, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            for tag in [BERTag(0x84), BERTag(0x04), BERTag(0x9F7F)] {
                #expect(TLV.firstValue(tag, in: bytes) == Self.slow(tag, bytes), "\(Hex.encode(bytes)) tag \(tag)")
            }
        }
    }

    @Test func nestingLimitAndLengthForms() {
        // 65 nested constructed objects: one more than TLV.maximumDepth follows.
        var deep: [UInt8] = [0x84, 0x01, 0x01]
        for _ in 0..<65 { deep = [0xA5] + TLV.encodeLength(deep.count) + deep }
        #expect(TLV.firstValue(BERTag(0x84), in: deep) == nil)
        #expect(Self.slow(BERTag(0x84), deep) == nil)
        // Indefinite length (80) and five length bytes are refused by both.
        #expect(TLV.firstValue(BERTag(0x84), in: [0x84, 0x80, 0x00, 0x00]) == nil)
        #expect(TLV.firstValue(BERTag(0x84), in: [0x84, 0x85, 0, 0, 0, 0, 1, 0xAA]) == nil)
        // The DF name of an FCI (ISO 7816-4 §7.4.3 layout), after padding.
        #expect(TLV.firstValue(BERTag(0x84), in: [0x00, 0x6F, 0x05, 0x84, 0x03, 0xA0, 0x00, 0x01]) == [0xA0, 0x00, 0x01])
    }
}
