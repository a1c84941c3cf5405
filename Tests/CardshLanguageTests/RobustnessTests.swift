import CardCore
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
            if LineProperties.check(line, cursor: Int.random(in: 0...line.count, using: &random)) { clean += 1 }
        }
        // The fragments are chosen so that a fair share of lines is valid.
        #expect(clean > 250)
    }
}

/// Properties every line has, whatever it holds: diagnostics point inside the line (or just past it) and
/// render; a clean line's statements round-trip through `canonicalText` and are slices of the line;
/// redaction and completion do not trap.
enum LineProperties {
    /// Checks `line`; returns whether it parsed without diagnostics.
    @discardableResult
    static func check(_ line: String, cursor: Int) -> Bool {
        let length = line.count
        let parsed = parseLine(line)
        for diagnostic in parsed.diagnostics {
            #expect(diagnostic.column >= 1 && diagnostic.column <= length + 1, "\(line): \(diagnostic)")
            #expect(
                diagnostic.length >= 1 && diagnostic.column + diagnostic.length <= length + 2, "\(line): \(diagnostic)")
            #expect(!diagnostic.message.isEmpty)
            _ = diagnostic.rendered(line: line)
        }
        for statement in parsed.statements where parsed.diagnostics.isEmpty {
            let again = parseLine(statement.command.canonicalText)
            #expect(again.commands == [statement.command], "\(line) -> \(statement.command.canonicalText)")
            #expect(line.contains(statement.text))
        }
        let result = completionResult(line: line, cursor: cursor)
        #expect(result.wordStart >= 0 && result.wordStart <= cursor)
        _ = redactedLine(line)
        return parsed.diagnostics.isEmpty
    }
}

@Suite("Fuzz corpus")
struct FuzzCorpusTests {
    @Test("every input of the committed corpus keeps the line properties")
    func replay() {
        let entries = FuzzCorpus.entries
        #expect(entries.count > 500)
        for bytes in entries {
            let line = String(decoding: bytes, as: UTF8.self)
            LineProperties.check(line, cursor: bytes.count % (line.count + 1))
        }
    }
}
