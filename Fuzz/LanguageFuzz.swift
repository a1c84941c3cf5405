// libFuzzer entry point for the command language; `Fuzz/run.sh language SECONDS`.
// Compiled in one module with Sources/CardshLanguage, so there is no import.

/// Any line (the input as UTF-8, invalid sequences replaced): parsing, printing, redaction, completion and
/// response references never trap; diagnostics point inside the line or just past it; a clean line's commands
/// print to text that parses back to the same commands, and that text prints the same again.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLanguage(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let line = String(decoding: bytes, as: UTF8.self)
    let length = line.count
    let parsed = parseLine(line)
    for diagnostic in parsed.diagnostics {
        guard diagnostic.column >= 1, diagnostic.column <= length + 1, diagnostic.length >= 1,
            diagnostic.column + diagnostic.length <= length + 2, !diagnostic.message.isEmpty
        else { fatalError("diagnostic \(diagnostic) outside a line of \(length) characters: \(escaped(line))") }
        _ = diagnostic.rendered(line: line, lineNumber: 1)
    }
    if parsed.diagnostics.isEmpty {
        for statement in parsed.statements {
            guard line.contains(statement.text) else { fatalError("statement text not in \(escaped(line))") }
            let printed = statement.command.canonicalText
            let again = parseLine(printed)
            guard again.diagnostics.isEmpty, again.commands == [statement.command] else {
                fatalError("\(escaped(line)) prints as \(escaped(printed)), which parses differently")
            }
            guard again.commands[0].canonicalText == printed else {
                fatalError("printing \(escaped(printed)) again gives \(escaped(again.commands[0].canonicalText))")
            }
            _ = statement.command.containsSecret
        }
    }
    let redacted = redactedLine(line)
    if redactedLine(redacted) != redacted {
        fatalError("redacting \(escaped(redacted)) again changes it")
    }
    let cursor = size % (length + 1)
    let completion = completionResult(line: line, cursor: cursor)
    guard completion.wordStart >= 0, completion.wordStart <= cursor else {
        fatalError("completion word starts at \(completion.wordStart), cursor \(cursor): \(escaped(line))")
    }
    let (references, diagnostics) = ResponseReference.scan(line)
    let characters = Array(line)
    for diagnostic in diagnostics where diagnostic.column < 1 || diagnostic.column > length + 1 {
        fatalError("reference diagnostic \(diagnostic) outside \(escaped(line))")
    }
    for reference in references {
        let start = reference.column - 1
        guard start >= 0, start + reference.text.count <= length,
            String(characters[start..<(start + reference.text.count)]) == reference.text
        else { fatalError("reference \(reference.text) not at column \(reference.column) of \(escaped(line))") }
    }
    if ResponseReference.substitute(line, references, values: references.map(\.text)) != line {
        fatalError("substituting references by their own text changes \(escaped(line))")
    }
    return 0
}

private func escaped(_ text: String) -> String {
    text.unicodeScalars.map { $0.escaped(asASCII: true) }.joined()
}
