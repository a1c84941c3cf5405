/// What is wrong with a config file. Lines and columns count from 1.
public enum ConfigError: Error, Hashable, Sendable {
    /// A key with no `=` after it.
    case expectedEquals(key: String, line: Int, column: Int)
    /// A line that starts with neither a key, a `[table]` nor a comment.
    case expectedKey(found: String, line: Int, column: Int)
    /// Nothing (or nothing usable) after `=`.
    case expectedValue(key: String, line: Int, column: Int)
    /// A value that is not a string, integer or boolean (arrays, dates, inline tables, bare words).
    case unsupportedValue(key: String, found: String, line: Int, column: Int)
    case unterminatedString(line: Int, column: Int)
    case invalidEscape(sequence: String, line: Int, column: Int)
    /// Text after a complete value or table header that is not a comment.
    case trailingText(found: String, line: Int, column: Int)
    case unterminatedTableHeader(line: Int, column: Int)
    /// `a.b = 1`: dotted keys are not part of the accepted subset.
    case dottedKey(key: String, line: Int, column: Int)
    case duplicateKey(key: String, line: Int, firstLine: Int)
    case duplicateTable(name: String, line: Int, firstLine: Int)
    case unknownTable(name: String, line: Int, allowed: [String])
    case unknownKey(table: String, key: String, line: Int, allowed: [String])
    case wrongType(key: String, line: Int, expected: String, found: String)
    case invalidChoice(key: String, value: String, line: Int, allowed: [String])
    case invalidHex(key: String, line: Int)
    /// An SCP03 key must be 16, 24 or 32 bytes (AES-128/192/256, GP Amd D v1.1.2 §4.1).
    case invalidKeyLength(key: String, length: Int, line: Int)
    /// ISO 7816-4 §8.2.1.2: an AID is 5 to 16 bytes.
    case invalidAIDLength(alias: String, length: Int, line: Int)
    case outOfRange(key: String, value: Int, line: Int, range: ClosedRange<Int>)
    /// Two kinds of key source in one key set (`key` with `enc`, `key-file` with `key`, ...).
    case conflictingKeySources(keyset: String, line: Int, sources: [String])
    /// `enc`, `mac` and `dek` come as a set of three.
    case incompleteKeySet(keyset: String, line: Int, missing: [String])

    /// The line the problem is on.
    public var line: Int {
        switch self {
        case .expectedEquals(_, let line, _), .expectedKey(_, let line, _), .expectedValue(_, let line, _),
            .unsupportedValue(_, _, let line, _), .unterminatedString(let line, _), .invalidEscape(_, let line, _),
            .trailingText(_, let line, _), .unterminatedTableHeader(let line, _), .dottedKey(_, let line, _),
            .duplicateKey(_, let line, _), .duplicateTable(_, let line, _), .unknownTable(_, let line, _),
            .unknownKey(_, _, let line, _), .wrongType(_, let line, _, _), .invalidChoice(_, _, let line, _),
            .invalidHex(_, let line), .invalidKeyLength(_, _, let line), .invalidAIDLength(_, _, let line),
            .outOfRange(_, _, let line, _), .conflictingKeySources(_, let line, _), .incompleteKeySet(_, let line, _):
            return line
        }
    }

    /// The column, for problems found while reading the line's characters.
    public var column: Int? {
        switch self {
        case .expectedEquals(_, _, let column), .expectedKey(_, _, let column), .expectedValue(_, _, let column),
            .unsupportedValue(_, _, _, let column), .unterminatedString(_, let column),
            .invalidEscape(_, _, let column), .trailingText(_, _, let column), .unterminatedTableHeader(_, let column), .dottedKey(_, _, let column):
            return column
        default:
            return nil
        }
    }
}
