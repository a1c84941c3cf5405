import CardCore
import Testing

@testable import CardshEngine

/// Script files are split into lines as bytes; CR LF files (saved on Windows) give the same lines as LF files.
@Suite struct TextFileLinesTests {
    /// The Character-based split used before, for text without CR LF (where it was right).
    static func characterSplit(_ bytes: [UInt8]) -> [String] {
        var lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    @Test(arguments: [
        ("80CA9F7F00\r\n80CA006600\r\n", ["80CA9F7F00", "80CA006600"]),
        ("a\nb", ["a", "b"]),
        ("a\n\nb\n", ["a", "", "b"]),
        ("a\r\n\r\nb", ["a", "", "b"]),
        ("", []),
        ("\n", [""]),
        ("tail\r", ["tail"]),
        ("x\r\r\n", ["x\r"]),
        ("é\u{301}\n", ["é\u{301}"]),
    ])
    func lines(text: String, expected: [String]) {
        #expect(TextFile.lines(of: Array(text.utf8)) == expected)
    }

    @Test("1,000 random texts without CR LF split as before", arguments: [0x4C49_4E45 as UInt64])
    func agreesWithTheCharacterSplit(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let pieces: [[UInt8]] = [
            Array("00A40400".utf8), [0x0A], [0x0D], Array(" ".utf8), Array("é".utf8), [0xCC, 0x81], [0xFF], [0xE2, 0x82],
        ]
        for _ in 0..<1000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &rng) { bytes += pieces.randomElement(using: &rng)! }
            // CR LF pairs are what changed; keep them out of this comparison.
            let hasCRLF = zip(bytes, bytes.dropFirst()).contains { $0 == 0x0D && $1 == 0x0A }
            if hasCRLF { continue }
            #expect(TextFile.lines(of: bytes) == Self.characterSplit(bytes), "\(bytes)")
        }
    }
}

