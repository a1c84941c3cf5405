import Testing

@testable import CardCore

/// Seeded properties: arbitrary bytes never crash the explainer or the renderers, and an explanation
/// always accounts for every byte of the command.
@Suite struct ExplanationPropertyTests {

    static func randomBytes(_ count: Int, _ rng: inout SplitMix64) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    @Test(arguments: [1, 2, 3, 4, 5])
    func explanationsCoverEveryByte(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let interesting: [UInt8] = [0xA4, 0xB0, 0xB2, 0xCA, 0xCB, 0xF2, 0xE6, 0xD8, 0xE2, 0xE8, 0x82, 0x50, 0x22, 0x2A]
        for _ in 0..<2000 {
            let length = Int.random(in: 0...300, using: &rng)
            var bytes = Self.randomBytes(length, &rng)
            if bytes.count > 1 && Bool.random(using: &rng) { bytes[1] = interesting.randomElement(using: &rng)! }
            if bytes.count > 0 && Bool.random(using: &rng) {
                bytes[0] = [0x00, 0x80, 0x84, 0x41, 0xE1].randomElement(using: &rng)!
            }
            // Make about half of the inputs well-formed short commands.
            if bytes.count > 5 && Bool.random(using: &rng) { bytes[4] = UInt8(min(255, bytes.count - 5)) }
            do {
                let explanation = try APDUExplanation.explain(bytes)
                #expect(explanation.fields.flatMap(\.bytes) == bytes, "seed \(seed): \(Hex.encode(bytes))")
                #expect(!explanation.summary.isEmpty)
            } catch {
                #expect((try? CommandAPDU(parsing: bytes)) == nil, "seed \(seed): \(Hex.encode(bytes))")
            }
        }
    }

    /// Round trip: every command the encoder produces is explained with its own case and length form.
    @Test(arguments: [11, 12, 13])
    func explanationsAgreeWithTheEncoder(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<500 {
            let nc = [0, 1, 255, 256, Int.random(in: 0...600, using: &rng)].randomElement(using: &rng)!
            let ne: Int? = [nil, 1, 256, 257, 65536, Int.random(in: 1...65536, using: &rng)].randomElement(using: &rng)!
            let header = Self.randomBytes(4, &rng)
            let command = try CommandAPDU(
                cla: header[0] == 0xFF ? 0x00 : header[0], ins: header[1], p1: header[2], p2: header[3],
                data: Self.randomBytes(nc, &rng), ne: ne)
            let explanation = try APDUExplanation.explain(command.encoded())
            #expect(explanation.command == command)
            #expect(explanation.isoCase == command.isoCase)
            #expect(explanation.extended == command.needsExtendedLength)
        }
    }

    @Test func renderersAcceptAnyValue() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<3000 {
            let value = Self.randomBytes(Int.random(in: 0...40, using: &rng), &rng)
            for format in TagFormat.allCases { _ = TagDictionary.format(value, as: format) }
            _ = TagDictionary.render(value, tag: BERTag(0xC5), in: [BERTag(0xE3)])
            _ = TagDictionary.render(value, tag: BERTag(0xC0), in: [BERTag(0xE0)])
            _ = TagDictionary.render(value, tag: BERTag(0x5C), in: [])
            if let objects = try? TLV.decodeAll(value) { _ = TagDictionary.describe(objects) }
        }
    }

    @Test func everyStatusWordHasAMeaning() {
        for raw in 0...0xFFFF {
            let sw = StatusWord(rawValue: UInt16(raw))
            #expect(sw.meaning.hasPrefix(sw.description + ": "))
        }
    }
}
