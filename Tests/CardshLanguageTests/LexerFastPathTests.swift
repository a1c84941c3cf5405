import CardCore
import Testing

@testable import CardshLanguage

/// The lexer reads an ASCII line byte by byte and any other line Character by Character; both must give the
/// same statements, tokens, columns and diagnostics.
@Suite("Lexer: ASCII fast path")
struct LexerFastPathTests {
    static let fragments: [String] = [
        "apdu", "00A40400", "08", "A000000151000000", "4F00", "--le", "256", "select", "isd", "scp03", "open",
        "--key", "404142434445464748494A4B4C4D4E4F", ";", ";;", "#", "# comment", "\"", "'", "\"a b\"", "'x;y'",
        "\"esc\\\"aped\\n\\t\"", "\\", " ", "  ", "\t", "\u{0B}", "\u{0C}", "\n", "=", "!", "!!", "$sw", "??", "x",
    ]

    static func randomLine(_ random: inout SplitMix64) -> String {
        var line = ""
        for _ in 0..<Int.random(in: 0...12, using: &random) {
            line += fragments.randomElement(using: &random)!
            if Bool.random(using: &random) { line += " " }
        }
        return line
    }

    static func same(_ a: Lexer.Output, _ b: Lexer.Output) -> Bool {
        a.statements == b.statements && a.diagnostics == b.diagnostics
            && a.openQuote?.character == b.openQuote?.character && a.openQuote?.column == b.openQuote?.column
    }

    @Test("hand-picked lines", arguments: [
        "", "apdu 00A40400 08 A000000151000000 00", "00A4040008A00000015100000000", "a;b ;; c", ";x",
        "select \"isd\" # comment; not a statement", "scp03 open --key 'abc", "echo \"a\\\"b\"", "\ta\u{0B}b\u{0C}c",
    ])
    func handPicked(line: String) {
        #expect(Self.same(Lexer(line).lex(), Lexer(line, asciiFastPath: false).lex()))
    }

    @Test("3,000 random ASCII lines, whole and cut", arguments: [0x5EED_1E8E_0000_0001 as UInt64])
    func randomLines(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for _ in 0..<3000 {
            let line = Self.randomLine(&random)
            #expect(Self.same(Lexer(line).lex(), Lexer(line, asciiFastPath: false).lex()), "\(line.debugDescription)")
            let cut = Int.random(in: 0...line.count, using: &random)
            #expect(
                Self.same(Lexer(line).lex(upTo: cut), Lexer(line, asciiFastPath: false).lex(upTo: cut)),
                "\(line.debugDescription) up to \(cut)")
        }
    }

    @Test func lineWithCarriageReturnOrNonASCIITakesTheCharacterPath() {
        // CR LF is one Character: columns after it count it once.
        let crlf = Lexer("a\r\nb").lex()
        #expect(crlf.statements.first?.tokens.map(\.column) == [1, 3])
        let accented = Lexer("tlv é 00").lex()
        #expect(accented.statements.first?.tokens.map(\.column) == [1, 5, 7])
    }

    @Test func plainHexAcrossTokensStillPairsDigitsOverTheWholeLine() {
        #expect(parseLine("00A4 04 00").commands == [.apdu(.raw([0x00, 0xA4, 0x04, 0x00]), strict: false, expectSW: [])])
        #expect(parseLine("00A 404 00").commands == [.apdu(.raw([0x00, 0xA4, 0x04, 0x00]), strict: false, expectSW: [])])
        // An odd count, a separator or a quote goes through the general path and its diagnostics.
        #expect(parseLine("00A4040").diagnostics.first?.message.hasPrefix("odd number of hex digits") == true)
        #expect(parseLine("00:A4:04:00").commands == [.apdu(.raw([0x00, 0xA4, 0x04, 0x00]), strict: false, expectSW: [])])
    }
}
