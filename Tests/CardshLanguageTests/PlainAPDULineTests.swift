import CardCore
import Testing

@testable import CardshLanguage

/// `parseLine` reads a line that is one APDU in hex and nothing else without the lexer and parser; it must give
/// exactly what the full parse gives, and leave every other line to it.
@Suite("Parser: plain hex APDU line shortcut")
struct PlainAPDULineTests {
    static let digits = Array("0123456789ABCDEFabcdef")

    static func randomHex(_ random: inout SplitMix64, length: Int) -> String {
        String((0..<length).map { _ in digits.randomElement(using: &random)! })
    }

    @Test("hand-picked lines", arguments: [
        "00A4040008A00000015100000000", "80CA9F7F00", "00a4040000", "00A40400", "00A404", "00A4040", "",
        "00A4040008A000000151000000 00", " 00A4040000", "00A4040000 ", "00A4040000;", "00A4040000 # c",
        "0x00A40400", "00A4040G", "deadbeef", "DEADBEEF", "00:A4:04:00", "00A40400\t", "00A4040000\u{0B}",
    ])
    func handPicked(line: String) {
        #expect(parseLine(line) == parseLineFully(line), "\(line.debugDescription)")
    }

    @Test("2,000 random hex lines of 0 to 600 digits", arguments: [0x5EED_A9D0_0000_0009 as UInt64])
    func randomHexLines(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var shortcut = 0
        for _ in 0..<2000 {
            var line = Self.randomHex(&random, length: Int.random(in: 0...600, using: &random))
            // Now and then one character that is not a hex digit, anywhere.
            if !line.isEmpty, Int.random(in: 0..<4, using: &random) == 0 {
                let index = line.index(line.startIndex, offsetBy: Int.random(in: 0..<line.count, using: &random))
                line.replaceSubrange(index...index, with: [" ", "g", ";", "#", "$", ":", "é"].randomElement(using: &random)!)
            }
            if plainAPDUStatement(line) != nil { shortcut += 1 }
            #expect(parseLine(line) == parseLineFully(line), "\(line.debugDescription)")
        }
        // The shortcut was taken often enough for the comparison to mean something.
        #expect(shortcut > 500)
    }

    @Test func everyCommandNameMadeOfHexDigitsStillNamesItsCommand() {
        for name in CommandTable.allNames where HexDigits.isHex(name) {
            #expect(plainAPDUStatement(name) == nil && plainAPDUStatement(name.uppercased()) == nil, "\(name)")
        }
    }

    @Test func plainLineIsOneRawAPDUStatementAtColumnOne() {
        let parsed = parseLine("80ca9F7F00")
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.statements == [
            Statement(command: .apdu(.raw([0x80, 0xCA, 0x9F, 0x7F, 0x00])), text: "80ca9F7F00", column: 1)
        ])
    }
}
