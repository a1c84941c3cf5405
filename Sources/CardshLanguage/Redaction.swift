/// Hides literal key material before a line reaches a history file or a transcript.
enum Redaction {
    static let placeholder = "<redacted>"

    /// Long names of options whose values are secrets, from the table.
    static let secretOptions: Set<String> = {
        var names: Set<String> = []
        func visit(_ spec: CommandSpec) {
            for option in spec.options where option.secret { names.insert(option.long) }
            spec.subcommands.forEach(visit)
        }
        CommandTable.all.forEach(visit)
        return names
    }()

    /// Every option name of the table.
    static let knownOptions: Set<String> = {
        var names: Set<String> = []
        func visit(_ spec: CommandSpec) {
            for option in spec.options { names.insert(option.long) }
            spec.subcommands.forEach(visit)
        }
        CommandTable.all.forEach(visit)
        return names
    }()

    /// A secret option, or an unknown one a single edit away from a secret option (`--kye`), so a typo does
    /// not write a key to the history.
    static func isSecret(_ name: String) -> Bool {
        if secretOptions.contains(name) { return true }
        if knownOptions.contains(name) { return false }
        return secretOptions.contains { Suggest.distance(name, $0) <= 1 }
    }

    /// Column ranges (1-based, half-open) of secret values among the tokens.
    static func secretSpans(_ tokens: [Token]) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            guard token.isOption, token.text.hasPrefix("--") else { continue }
            let body = token.text.dropFirst(2)
            if let equals = body.firstIndex(of: "=") {
                guard isSecret(String(body[..<equals])) else { continue }
                let nameLength = 2 + body.distance(from: body.startIndex, to: equals)
                spans.append((token.column + nameLength + 1)..<token.endColumn)
            } else if isSecret(String(body)), index < tokens.count, !tokens[index].isOption {
                spans.append(tokens[index].column..<tokens[index].endColumn)
                index += 1
            }
        }
        return spans
    }

    /// `text` (starting at column `offset` of its line) with every secret value replaced.
    static func redact(_ text: String, tokens: [Token], offset: Int) -> String {
        let spans = secretSpans(tokens)
        guard !spans.isEmpty else { return text }
        var result = ""
        var column = offset
        var spanIndex = 0
        for character in text {
            defer { column += 1 }
            while spanIndex < spans.count && spans[spanIndex].upperBound <= column { spanIndex += 1 }
            if spanIndex < spans.count && spans[spanIndex].contains(column) {
                if column == spans[spanIndex].lowerBound { result += placeholder }
                continue
            }
            result.append(character)
        }
        return result
    }
}

/// A whole line with literal key material replaced by `<redacted>`, even when the line does not parse
/// (a mistyped line still reaches the history).
public func redactedLine(_ line: String) -> String {
    let lexed = Lexer(line).lex()
    var spans: [Range<Int>] = []
    for statement in lexed.statements { spans += Redaction.secretSpans(statement.tokens) }
    guard !spans.isEmpty else { return line }
    var tokens: [Token] = []
    for statement in lexed.statements { tokens += statement.tokens }
    return Redaction.redact(line, tokens: tokens, offset: 1)
}

extension Command {
    /// Holds literal key material (which `canonicalText` prints in clear).
    public var containsSecret: Bool {
        let keys: KeySource?
        switch self {
        case .scp03Open(let options): keys = options.keys
        case .gpPutKey(let options): keys = options.keys
        default: return false
        }
        switch keys {
        case .key?, .keySet?: return true
        case .file?, .environment?, .keyset?, nil: return false
        }
    }
}
