import Testing

@testable import CardshLanguage

/// Random lines built from fragments of the language: the parser and completion never trap, every
/// diagnostic points inside the line (or just past it), and whatever parses cleanly round-trips.
@Suite("Robustness on random lines")
struct RobustnessTests {
    static let fragments: [String] = [
        "apdu", "select", "scp03", "open", "set", "trace", "gp", "data", "status", "connect", "run", "record",
        "stop", "expect", "sw", "help", "channel", "history", "reset", "atr", "tlv", "explain", "quit", "!", "!!",
        "--le", "--key", "--enc", "--mac", "--dek", "--kvn", "--level", "--s8", "--s16", "--host-challenge",
        "--expect-sw", "--raw", "--next", "--p2", "--protocol", "--check", "--key-file", "=", "-n", "--",
        "00A40400", "A000000151000000", "4F00", "00", "G0", "0x30", "48", "70000", "9000", "63C?", "??", "?",
        "cmac+cdec", "isd", "sim", "both", "wire", ";", ";;", "#", "\"", "'", "\\", "a b", "é", "😀", "\t", " ", " ",
        " ",
    ]

    static func randomLine(_ random: inout SplitMix64) -> String {
        let count = Int.random(in: 0...10, using: &random)
        var line = ""
        for _ in 0..<count {
            line += fragments.randomElement(using: &random)!
            if Bool.random(using: &random) { line += " " }
        }
        return line
    }

    @Test("5,000 random lines", arguments: [0xC0FF_EE00_1234_5678 as UInt64])
    func randomLines(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var clean = 0
        for _ in 0..<5000 {
            let line = Self.randomLine(&random)
            let length = line.count
            let parsed = parseLine(line)
            for diagnostic in parsed.diagnostics {
                #expect(diagnostic.column >= 1 && diagnostic.column <= length + 1, "\(line): \(diagnostic)")
                #expect(
                    diagnostic.length >= 1 && diagnostic.column + diagnostic.length <= length + 2,
                    "\(line): \(diagnostic)")
                #expect(!diagnostic.message.isEmpty)
                _ = diagnostic.rendered(line: line)
            }
            if parsed.diagnostics.isEmpty {
                clean += 1
                for statement in parsed.statements {
                    let again = parseLine(statement.command.canonicalText)
                    #expect(again.commands == [statement.command], "\(line) -> \(statement.command.canonicalText)")
                    #expect(line.contains(statement.text))
                }
            }
            let cursor = Int.random(in: 0...length, using: &random)
            let result = completionResult(line: line, cursor: cursor)
            #expect(result.wordStart >= 0 && result.wordStart <= cursor)
            _ = redactedLine(line)
        }
        // The fragments are chosen so that a fair share of lines is valid.
        #expect(clean > 250)
    }
}
