/// A document in the TOML subset the config file uses: `[table]` headers (dotted names like
/// `[keysets.lab]`), `key = value` lines with bare or quoted keys, and values that are basic or literal
/// strings, integers (decimal, 0x, 0o, 0b, `_` separators) or booleans; `#` comments (TOML v1.0.0).
public struct TOMLDocument: Hashable, Sendable {
    public enum Value: Hashable, Sendable {
        case string(String)
        case integer(Int)
        case boolean(Bool)

        /// For messages: `a string`, `an integer`, `a boolean`.
        public var typeName: String {
            switch self {
            case .string: return "a string"
            case .integer: return "an integer"
            case .boolean: return "a boolean"
            }
        }
    }

    public struct Entry: Hashable, Sendable {
        public var key: String
        public var value: Value
        public var line: Int
    }

    public struct Table: Hashable, Sendable {
        /// The header's parts: `["keysets", "lab"]`; empty for the keys before the first header.
        public var path: [String]
        /// The header's line (0 for the top level).
        public var line: Int
        public var entries: [Entry]

        public var name: String { path.joined(separator: ".") }
    }

    /// The top-level table first, then the tables in file order.
    public var tables: [Table]

    public init(parsing text: String) throws(ConfigError) {
        tables = [Table(path: [], line: 0, entries: [])]
        var firstLineOfTable: [String: Int] = [:]
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var cursor = LineCursor(Array(rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine), line: lineNumber)
            cursor.skipSpaces()
            guard let first = cursor.peek, first != "#" else { continue }
            if first == "[" {
                let path = try cursor.tableHeader()
                let name = path.joined(separator: ".")
                if let earlier = firstLineOfTable[name] {
                    throw .duplicateTable(name: name, line: lineNumber, firstLine: earlier)
                }
                firstLineOfTable[name] = lineNumber
                tables.append(Table(path: path, line: lineNumber, entries: []))
                continue
            }
            let (key, keyColumn) = try cursor.key()
            cursor.skipSpaces()
            if cursor.peek == "." { throw .dottedKey(key: key, line: lineNumber, column: keyColumn) }
            guard cursor.peek == "=" else { throw .expectedEquals(key: key, line: lineNumber, column: cursor.column) }
            cursor.advance()
            cursor.skipSpaces()
            let value = try cursor.value(for: key)
            try cursor.expectEndOfLine()
            if let earlier = tables[tables.count - 1].entries.first(where: { $0.key == key }) {
                throw .duplicateKey(key: key, line: lineNumber, firstLine: earlier.line)
            }
            tables[tables.count - 1].entries.append(Entry(key: key, value: value, line: lineNumber))
        }
    }
}

/// Reads one line of a TOML document.
private struct LineCursor {
    let characters: [Character]
    let line: Int
    var index = 0

    init(_ characters: [Character], line: Int) {
        self.characters = characters
        self.line = line
    }

    var peek: Character? { index < characters.count ? characters[index] : nil }
    /// 1-based column of the next character.
    var column: Int { index + 1 }

    mutating func advance() { index += 1 }

    mutating func skipSpaces() {
        while let c = peek, c == " " || c == "\t" { advance() }
    }

    /// The rest of the line from here, up to 20 characters, for messages.
    var rest: String {
        String(characters[index...].prefix(20))
    }

    static func isBare(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == "-")
    }

    /// A bare or quoted key and its column (TOML v1.0.0 "Keys").
    mutating func key() throws(ConfigError) -> (String, Int) {
        let start = column
        if peek == "\"" || peek == "'" { return (try string(), start) }
        var key = ""
        while let c = peek, Self.isBare(c) {
            key.append(c)
            advance()
        }
        if key.isEmpty { throw .expectedKey(found: rest, line: line, column: start) }
        return (key, start)
    }

    /// `[a.b]` after the opening bracket has been seen; `[[array]]` tables are not supported.
    mutating func tableHeader() throws(ConfigError) -> [String] {
        advance()
        var path: [String] = []
        while true {
            skipSpaces()
            if peek == "[" {
                throw .unsupportedValue(key: "[", found: "an array of tables", line: line, column: column)
            }
            let (part, _) = try key()
            path.append(part)
            skipSpaces()
            if peek == "." {
                advance()
                continue
            }
            guard peek == "]" else { throw .unterminatedTableHeader(line: line, column: column) }
            advance()
            try expectEndOfLine()
            return path
        }
    }

    mutating func expectEndOfLine() throws(ConfigError) {
        skipSpaces()
        guard let c = peek, c != "#" else { return }
        throw .trailingText(found: rest, line: line, column: column)
    }

    mutating func value(for key: String) throws(ConfigError) -> TOMLDocument.Value {
        let start = column
        guard let c = peek, c != "#" else { throw .expectedValue(key: key, line: line, column: start) }
        let three = String(characters[index...].prefix(3))
        if three == "\"\"\"" || three == "'''" {
            throw .unsupportedValue(key: key, found: "a multi-line string", line: line, column: start)
        }
        if c == "\"" || c == "'" { return .string(try string()) }
        if c == "[" { throw .unsupportedValue(key: key, found: "an array", line: line, column: start) }
        if c == "{" { throw .unsupportedValue(key: key, found: "an inline table", line: line, column: start) }
        var word = ""
        while let c = peek, c != " " && c != "\t" && c != "#" {
            word.append(c)
            advance()
        }
        if word == "true" { return .boolean(true) }
        if word == "false" { return .boolean(false) }
        if let number = Self.integer(word) { return .integer(number) }
        throw .unsupportedValue(key: key, found: "\"\(word)\"", line: line, column: start)
    }

    /// TOML v1.0.0 "Integer": sign, `_` between digits, 0x/0o/0b prefixes (no sign with a prefix).
    static func integer(_ word: String) -> Int? {
        var text = Substring(word)
        var negative = false
        var radix = 10
        if text.hasPrefix("0x") || text.hasPrefix("0o") || text.hasPrefix("0b") {
            radix = text.hasPrefix("0x") ? 16 : text.hasPrefix("0o") ? 8 : 2
            text = text.dropFirst(2)
        } else if let sign = text.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            text = text.dropFirst()
        }
        guard let first = text.first, let last = text.last, first != "_", last != "_", !text.contains("__") else {
            return nil
        }
        if radix == 10 && text.count > 1 && first == "0" { return nil }
        guard let magnitude = Int(text.filter { $0 != "_" }, radix: radix) else { return nil }
        return negative ? -magnitude : magnitude
    }

    /// A basic ("...", with escapes) or literal ('...') string on one line.
    mutating func string() throws(ConfigError) -> String {
        let quote = peek!
        let start = column
        advance()
        var text = ""
        while let c = peek {
            advance()
            if c == quote { return text }
            guard quote == "\"" && c == "\\" else {
                text.append(c)
                continue
            }
            let escapeColumn = column - 1
            guard let e = peek else { break }
            advance()
            switch e {
            case "\\": text.append("\\")
            case "\"": text.append("\"")
            case "n": text.append("\n")
            case "t": text.append("\t")
            case "r": text.append("\r")
            case "b": text.append("\u{08}")
            case "f": text.append("\u{0C}")
            case "u", "U":
                let count = e == "u" ? 4 : 8
                var digits = ""
                while digits.count < count, let d = peek, d.isHexDigit {
                    digits.append(d)
                    advance()
                }
                guard digits.count == count, let code = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(code)
                else {
                    throw .invalidEscape(sequence: "\\" + String(e) + digits, line: line, column: escapeColumn)
                }
                text.unicodeScalars.append(scalar)
            default:
                throw .invalidEscape(sequence: "\\" + String(e), line: line, column: escapeColumn)
            }
        }
        throw .unterminatedString(line: line, column: start)
    }
}
