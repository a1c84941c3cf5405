#if !FUZZING
    @testable import CardshLanguage
#endif

/// The checks of the language fuzz target (Fuzz/LanguageFuzz.swift), on any line (bytes as UTF-8, invalid
/// sequences replaced): parsing, printing, redaction, completion and response references never trap; diagnostics
/// point inside the line or just past it; a clean line's commands print to text that parses back to the same
/// commands and prints the same again; redacting twice changes nothing; references sit where they say.
enum LanguageFuzzHarness {
    static func check(_ bytes: [UInt8]) throws(FuzzFailure) {
        let line = String(decoding: bytes, as: UTF8.self)
        let length = line.count
        let parsed = parseLine(line)
        for diagnostic in parsed.diagnostics {
            guard diagnostic.column >= 1, diagnostic.column <= length + 1, diagnostic.length >= 1,
                diagnostic.column + diagnostic.length <= length + 2, !diagnostic.message.isEmpty
            else {
                throw FuzzFailure("diagnostic \(diagnostic) outside a line of \(length) characters: \(escaped(line))")
            }
            _ = diagnostic.rendered(line: line, lineNumber: 1)
        }
        if parsed.diagnostics.isEmpty {
            for statement in parsed.statements {
                guard line.contains(statement.text) else { throw FuzzFailure("statement not in \(escaped(line))") }
                let printed = statement.command.canonicalText
                let again = parseLine(printed)
                guard again.diagnostics.isEmpty, again.commands == [statement.command] else {
                    throw FuzzFailure("\(escaped(line)) prints as \(escaped(printed)), which parses differently")
                }
                guard again.commands[0].canonicalText == printed else {
                    throw FuzzFailure("printing \(escaped(printed)) again gives something else")
                }
                _ = statement.command.containsSecret
            }
        }
        let redacted = redactedLine(line)
        guard redactedLine(redacted) == redacted else {
            throw FuzzFailure("redacting \(escaped(redacted)) again changes it")
        }
        let cursor = bytes.count % (length + 1)
        let completion = completionResult(line: line, cursor: cursor)
        guard completion.wordStart >= 0, completion.wordStart <= cursor else {
            throw FuzzFailure("completion word starts at \(completion.wordStart), cursor \(cursor): \(escaped(line))")
        }
        try checkReferences(line)
    }

    /// `$sw`, `$data[..]`, `$tlv(..)`: each reference is the text at its column; substituting each by its own
    /// text gives the line back.
    static func checkReferences(_ line: String) throws(FuzzFailure) {
        let (references, diagnostics) = ResponseReference.scan(line)
        let characters = Array(line)
        for diagnostic in diagnostics where diagnostic.column < 1 || diagnostic.column > characters.count + 1 {
            throw FuzzFailure("reference diagnostic \(diagnostic) outside \(escaped(line))")
        }
        for reference in references {
            let start = reference.column - 1
            guard start >= 0, start + reference.text.count <= characters.count,
                String(characters[start..<(start + reference.text.count)]) == reference.text
            else {
                throw FuzzFailure("reference \(reference.text) not at column \(reference.column): \(escaped(line))")
            }
        }
        guard ResponseReference.substitute(line, references, values: references.map(\.text)) == line else {
            throw FuzzFailure("substituting references by their own text changes \(escaped(line))")
        }
    }

    static func escaped(_ text: String) -> String {
        text.unicodeScalars.map { $0.escaped(asASCII: true) }.joined()
    }
}
