import Testing

@testable import CardCore

/// `Hex.append` writes hex into UTF-8 text being built; it must give exactly `Hex.encode`'s digits, after
/// whatever the buffer held, for arrays and for slices that do not start at index 0.
@Suite struct HexAppendTests {
    @Test func everyByteValue() {
        let all = (0...255).map { UInt8($0) }
        var text: [UInt8] = Array("x=".utf8)
        Hex.append(all, to: &text)
        #expect(String(decoding: text, as: UTF8.self) == "x=" + Hex.encode(all))
    }

    @Test("1,000 random arrays and slices", arguments: [0x4845_5841 as UInt64])
    func agreesWithEncode(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<1000 {
            let bytes = (0..<Int.random(in: 0...80, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let prefix = Array("ab ".utf8.prefix(Int.random(in: 0...3, using: &rng)))
            var text = prefix
            Hex.append(bytes, to: &text)
            #expect(text == prefix + Array(Hex.encode(bytes).utf8))
            let lower = Int.random(in: 0...bytes.count, using: &rng)
            let upper = Int.random(in: lower...bytes.count, using: &rng)
            var sliced = prefix
            Hex.append(bytes[lower..<upper], to: &sliced)
            #expect(sliced == prefix + Array(Hex.encode(bytes[lower..<upper]).utf8))
        }
    }
}
