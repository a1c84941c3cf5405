/// One statement of a line: its command, its own source text and where it starts.
public struct Statement: Hashable, Sendable {
    public var command: Command
    /// The statement's source text, trimmed.
    public var text: String
    /// 1-based column of `text` in the line.
    public var column: Int
    /// `text` with literal key material (`--key`, `--enc`, `--mac`, `--dek` values) replaced by `<redacted>`.
    public var redactedText: String

    public init(command: Command, text: String, column: Int, redactedText: String? = nil) {
        self.command = command
        self.text = text
        self.column = column
        self.redactedText = redactedText ?? text
    }
}

/// A whole line: run its statements only when `diagnostics` is empty.
public struct ParsedLine: Hashable, Sendable {
    public var statements: [Statement]
    public var diagnostics: [Diagnostic]

    public init(statements: [Statement], diagnostics: [Diagnostic]) {
        self.statements = statements
        self.diagnostics = diagnostics
    }

    /// The commands, in order.
    public var commands: [Command] { statements.map(\.command) }

    /// Every diagnostic rendered under `line` (see `Diagnostic.rendered`), one after the other.
    public func renderedDiagnostics(line: String, lineNumber: Int? = nil) -> String {
        diagnostics.map { $0.rendered(line: line, lineNumber: lineNumber) }.joined(separator: "\n")
    }
}

/// Parses a whole line before anything runs, collecting every problem on it.
///
/// Statements are separated by `;`; `#` starts a comment; a line of hex tokens is an `apdu` statement.
public func parseLine(_ text: String) -> ParsedLine {
    if let statement = plainAPDUStatement(text) { return ParsedLine(statements: [statement], diagnostics: []) }
    return parseLineFully(text)
}

/// The commonest script line, one APDU in hex and nothing else (`00A4040008A000000151000000`), read without
/// the lexer and parser: replaying a long script parses one such line per APDU. nil for any other line,
/// which `parseLineFully` reads (to the same statement when it is one of these).
func plainAPDUStatement(_ text: String) -> Statement? {
    let utf8 = text.utf8
    // At least CLA INS P1 P2, whole bytes; shorter or odd lines get the parser's diagnostics.
    guard utf8.count >= 8, utf8.count % 2 == 0 else { return nil }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(utf8.count / 2)
    var high: UInt8 = 0
    var odd = false
    for unit in utf8 {
        guard let nibble = HexDigits.value(ascii: unit) else { return nil }
        if odd { bytes.append(high << 4 | nibble) } else { high = nibble }
        odd.toggle()
    }
    // A command whose name is all hex digits would win over the bare APDU.
    if !CommandTable.hexNames.isEmpty, CommandTable.hexNames.contains(text.lowercased()) { return nil }
    return Statement(command: .apdu(.raw(bytes)), text: text, column: 1, redactedText: text)
}

/// `parseLine` without its shortcut for a plain hex APDU line.
func parseLineFully(_ text: String) -> ParsedLine {
    let lexed = Lexer(text).lex()
    var diagnostics = lexed.diagnostics
    var statements: [Statement] = []
    for lexedStatement in lexed.statements {
        var parser = StatementParser(tokens: lexedStatement.tokens)
        let command = parser.parse()
        diagnostics += parser.diagnostics
        if let command, parser.diagnostics.isEmpty {
            let redacted = Redaction.redact(
                lexedStatement.text, tokens: lexedStatement.tokens, offset: lexedStatement.column)
            statements.append(
                Statement(
                    command: command, text: lexedStatement.text, column: lexedStatement.column, redactedText: redacted))
        }
    }
    diagnostics.sort { ($0.column, $0.length) < ($1.column, $1.length) }
    return ParsedLine(statements: statements, diagnostics: diagnostics)
}
