/// A word of a statement, after quote removal.
struct Token: Hashable, Sendable {
    /// The word with quotes removed and escapes resolved.
    var text: String
    /// 1-based column of the token's first source Character (a quote, if it starts with one).
    var column: Int
    /// Number of source Characters, quotes included.
    var length: Int
    /// True when any part of the word was quoted; a quoted word is never an option or a command.
    var quoted: Bool

    /// A token that can be read as an option (`--le`, `-n`).
    var isOption: Bool { !quoted && text.hasPrefix("-") && text.count > 1 }

    /// Column just past the token.
    var endColumn: Int { column + length }

    /// 1-based source column of the value Character at `offset`, exact for unquoted tokens.
    func column(ofCharacterAt offset: Int) -> Int {
        quoted ? min(column + 1 + offset, endColumn - 1) : column + offset
    }
}

/// The tokens of one `;`-separated statement.
struct LexedStatement: Hashable, Sendable {
    var tokens: [Token]
    /// Source text of the statement, trimmed of surrounding blanks.
    var text: String
    /// 1-based column where the trimmed text starts.
    var column: Int
}

/// Splits a line into statements and words: `;` separates, `#` starts a comment, both only outside quotes.
struct Lexer {
    private let line: String
    private let characters: [Character]
    /// The line is ASCII without CR: each byte is one Character, so the byte lexer gives the same tokens
    /// and columns without breaking the line into grapheme clusters (the usual script line).
    private let ascii: Bool

    /// - Parameter asciiFastPath: false lexes Character by Character whatever the line (tests compare the two).
    init(_ line: String, asciiFastPath: Bool = true) {
        self.line = line
        ascii = asciiFastPath && line.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D }
        characters = ascii ? [] : Array(line)
    }

    /// Result of lexing a line: statements, lexical diagnostics, and an unterminated final word if any.
    struct Output {
        var statements: [LexedStatement] = []
        var diagnostics: [Diagnostic] = []
        /// Set when the line ends inside a quote: the quote Character and its column.
        var openQuote: (character: Character, column: Int)? = nil
    }

    /// Lexes the line, or only its first `end` Characters (for completion: an open quote there is the word
    /// being typed, not an error).
    func lex(upTo end: Int? = nil) -> Output {
        if ascii { return lexASCII(upTo: end) }
        let limit = min(end ?? characters.count, characters.count)
        var output = Output()
        var tokens: [Token] = []
        var statementStart: Int? = nil
        var statementEnd = 0
        var separatorColumns: [Int] = []
        var index = 0

        func closeStatement(separatorAt separator: Int?) {
            if let start = statementStart {
                let text = String(characters[start..<statementEnd])
                output.statements.append(LexedStatement(tokens: tokens, text: text, column: start + 1))
            } else if let separator {
                // `;;`, or a `;` with nothing before it.
                let message =
                    separatorColumns.isEmpty
                    ? "empty statement before ';'" : "empty statement between ';' separators"
                output.diagnostics.append(Diagnostic(message: message, column: separator + 1))
            }
            tokens = []
            statementStart = nil
        }

        while index < limit {
            let character = characters[index]
            if character == ";" {
                closeStatement(separatorAt: index)
                separatorColumns.append(index + 1)
                index += 1
                continue
            }
            if character == "#" {
                break
            }
            if character.isWhitespace {
                index += 1
                continue
            }
            // A word: unquoted runs and quoted parts, joined until whitespace, `;` or `#`.
            let start = index
            var text = ""
            var quoted = false
            while index < limit {
                let c = characters[index]
                if c.isWhitespace || c == ";" || c == "#" { break }
                if c == "\"" || c == "'" {
                    quoted = true
                    let quoteColumn = index + 1
                    index += 1
                    var closed = false
                    while index < limit {
                        let q = characters[index]
                        if q == c {
                            closed = true
                            index += 1
                            break
                        }
                        if c == "\"" && q == "\\" && index + 1 < limit {
                            text.append(Self.unescape(characters[index + 1]))
                            index += 2
                            continue
                        }
                        text.append(q)
                        index += 1
                    }
                    if !closed {
                        output.openQuote = (c, quoteColumn)
                        if end == nil {
                            output.diagnostics.append(
                                Diagnostic(
                                    message: "unterminated \(c) quote: missing closing \(c)", column: quoteColumn,
                                    length: limit - quoteColumn + 1))
                        }
                    }
                    continue
                }
                text.append(c)
                index += 1
            }
            tokens.append(Token(text: text, column: start + 1, length: index - start, quoted: quoted))
            if statementStart == nil { statementStart = start }
            statementEnd = index
        }
        closeStatement(separatorAt: nil)
        return output
    }

    /// `lex(upTo:)` on an ASCII line without CR, byte by byte; the same steps, so the same output.
    private func lexASCII(upTo end: Int?) -> Output {
        let bytes = Array(line.utf8)
        let limit = min(end ?? bytes.count, bytes.count)
        var output = Output()
        var tokens: [Token] = []
        var statementStart: Int? = nil
        var statementEnd = 0
        var separatorCount = 0
        var index = 0

        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        func isBlank(_ b: UInt8) -> Bool { b == 0x20 || (0x09...0x0D).contains(b) }

        func closeStatement(separatorAt separator: Int?) {
            if let start = statementStart {
                output.statements.append(
                    LexedStatement(tokens: tokens, text: text(start..<statementEnd), column: start + 1))
            } else if let separator {
                let message =
                    separatorCount == 0 ? "empty statement before ';'" : "empty statement between ';' separators"
                output.diagnostics.append(Diagnostic(message: message, column: separator + 1))
            }
            tokens = []
            statementStart = nil
        }

        while index < limit {
            let byte = bytes[index]
            if byte == UInt8(ascii: ";") {
                closeStatement(separatorAt: index)
                separatorCount += 1
                index += 1
                continue
            }
            if byte == UInt8(ascii: "#") { break }
            if isBlank(byte) {
                index += 1
                continue
            }
            let start = index
            var word: [UInt8] = []
            var quoted = false
            while index < limit {
                let c = bytes[index]
                if isBlank(c) || c == UInt8(ascii: ";") || c == UInt8(ascii: "#") { break }
                if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                    quoted = true
                    let quoteColumn = index + 1
                    index += 1
                    var closed = false
                    while index < limit {
                        let q = bytes[index]
                        if q == c {
                            closed = true
                            index += 1
                            break
                        }
                        if c == UInt8(ascii: "\"") && q == UInt8(ascii: "\\") && index + 1 < limit {
                            word += Self.unescape(Character(Unicode.Scalar(bytes[index + 1]))).utf8
                            index += 2
                            continue
                        }
                        word.append(q)
                        index += 1
                    }
                    if !closed {
                        let quote = Character(Unicode.Scalar(c))
                        output.openQuote = (quote, quoteColumn)
                        if end == nil {
                            output.diagnostics.append(
                                Diagnostic(
                                    message: "unterminated \(quote) quote: missing closing \(quote)",
                                    column: quoteColumn, length: limit - quoteColumn + 1))
                        }
                    }
                    continue
                }
                word.append(c)
                index += 1
            }
            let wordText = quoted ? String(decoding: word, as: UTF8.self) : text(start..<index)
            tokens.append(Token(text: wordText, column: start + 1, length: index - start, quoted: quoted))
            if statementStart == nil { statementStart = start }
            statementEnd = index
        }
        closeStatement(separatorAt: nil)
        return output
    }

    /// The Character a backslash escape in double quotes stands for.
    static func unescape(_ c: Character) -> Character {
        switch c {
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        default: return c
        }
    }
}
