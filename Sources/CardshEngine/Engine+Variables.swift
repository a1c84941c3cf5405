import CardCore
import CardshLanguage

extension Engine {
    /// Replaces `$sw`, `$data[A..B]`, `$tlv(6F/84)` and the other response references with hex from
    /// the last response before the line.
    /// - Throws: the first reference that is malformed or cannot be filled, with its column.
    func expandResponseReferences(_ line: String) throws(CommandError) -> String {
        // No `$` byte, no reference: most lines, checked without comparing Characters.
        guard line.utf8.contains(UInt8(ascii: "$")), line.contains("$") else { return line }
        func failure(_ diagnostic: Diagnostic) -> CommandError {
            var diagnostic = diagnostic
            // A statement after `;` may have meant the answer of the one before it.
            if StatementSeparator.occurs(before: diagnostic.column, in: line) {
                diagnostic.message += " (references see the response before the line; put this statement on a line of its own)"
            }
            return CommandError(diagnostic.message, column: diagnostic.column, caretDisplay: diagnostic.rendered(line: line))
        }
        let scanned = ResponseReference.scan(line)
        if let first = scanned.diagnostics.first { throw failure(first) }
        guard !scanned.references.isEmpty else { return line }
        var values: [String] = []
        for reference in scanned.references {
            guard let last = session.lastResponse else {
                throw failure(Diagnostic(message: "\(reference.text): no response yet", column: reference.column,
                                         length: reference.text.count))
            }
            switch Engine.value(of: reference.kind, in: last) {
            case .success(let bytes): values.append(Hex.encode(bytes))
            case .failure(let problem):
                throw failure(Diagnostic(message: "\(reference.text): \(problem.message)", column: reference.column,
                                         length: reference.text.count))
            }
        }
        return ResponseReference.substitute(line, scanned.references, values: values)
    }

    struct ReferenceProblem: Error {
        var message: String
    }

    static func value(of kind: ResponseReference.Kind, in response: ResponseAPDU) -> Result<[UInt8], ReferenceProblem> {
        switch kind {
        case .sw: return .success([response.sw.sw1, response.sw.sw2])
        case .sw1: return .success([response.sw.sw1])
        case .sw2: return .success([response.sw.sw2])
        case .data(nil): return .success(response.data)
        case .data(let range?):
            guard range.upperBound < response.data.count else {
                let count = response.data.count
                return .failure(ReferenceProblem(
                    message: "the last response has \(count) data byte\(count == 1 ? "" : "s") (offsets 0..\(max(count - 1, 0)))"))
            }
            return .success(Array(response.data[range]))
        case .tlv(let path):
            let objects: [TLV]
            do {
                objects = try TLV.decodeAll(response.data)
            } catch {
                return .failure(ReferenceProblem(message: "the last response data is not BER-TLV"))
            }
            let tags = path.map { BERTag(bytes: $0) }
            let found: TLV?
            if tags.count == 1 {
                found = objects.first(tags[0])
            } else {
                // A path: each tag is a direct child of the one before, starting at the top level.
                var level = objects
                var current: TLV? = nil
                for tag in tags {
                    current = level.first { $0.tag == tag }
                    guard let hit = current else { break }
                    level = hit.children
                }
                found = current
            }
            guard let found else { return .failure(ReferenceProblem(message: "no such tag in the last response")) }
            return .success(found.valueBytes)
        }
    }
}

extension Engine {
    /// `help variables`: the response references a line can use.
    static let variablesHelp = HelpText(title: "response references: $sw $data $tlv", lines: [
        "  Parts of the last response, written anywhere hex goes and filled in before the line runs:",
        "  $sw                   the status word, 4 hex digits (e.g. 9000)",
        "  $sw1, $sw2            one byte of it (after 61xx: `00C00000$sw2` asks for the rest)",
        "  $data                 all response data",
        "  $data[2..5]           data bytes 2 to 5, offsets from 0, both included",
        "  $data[3]              one data byte",
        "  $tlv(9F7F)            the value of the first 9F7F anywhere in the data (BER-TLV)",
        "  $tlv(6F/A5/BF0C)      a path: each tag a direct child of the one before, from the top level",
        "  The last response is the one before the line: on `a; b` both see the answer before `a`.",
        "  In quotes and after `#` a `$` stays as written. A reference that cannot be filled stops",
        "  the line, e.g. `$tlv(9F7F): no such tag in the last response`.",
        "Examples:",
        "  select isd                  then  select $tlv(6F/84)     (the full AID the card reported)",
        "  gp data cplc                then  expect data $data      (same answer twice)",
        "  apdu 00A40000 3F00 --raw    then  00C00000$sw2           (GET RESPONSE with Le = SW2)",
        "  apdu 00B0000004             then  apdu 00B0$data[0..1]00 (read at an offset the card gave)",
    ])
}

/// Whether a `;` outside quotes comes before a column (1-based), as the lexer splits statements.
enum StatementSeparator {
    static func occurs(before column: Int, in line: String) -> Bool {
        var quote: Character? = nil
        var escaped = false
        for (index, c) in line.enumerated() where index < column - 1 {
            if let q = quote {
                if escaped { escaped = false } else if q == "\"", c == "\\" { escaped = true } else if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == ";" {
                return true
            }
        }
        return false
    }
}
