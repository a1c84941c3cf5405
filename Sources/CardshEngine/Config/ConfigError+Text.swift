extension ConfigError {
    /// `config.toml:7: expected '=' after key "enc" (column 5)`.
    public func message(file: String) -> String {
        var text = file + ":" + String(line) + ": " + reason
        if let column { text += " (column \(column))" }
        return text
    }

    /// The problem without its location.
    public var reason: String {
        switch self {
        case .expectedEquals(let key, _, _):
            return "expected '=' after key \"\(key)\""
        case .expectedKey(let found, _, _):
            return "expected a key, a [table] or a comment, found \"\(found)\""
        case .expectedValue(let key, _, _):
            return "expected a value after \"\(key) =\" (a \"string\", an integer, true or false)"
        case .unsupportedValue(let key, let found, _, _):
            return "unsupported value for \"\(key)\": \(found); use a \"string\", an integer, true or false"
        case .unterminatedString:
            return "unterminated string; close it with the quote it opened with on the same line"
        case .invalidEscape(let sequence, _, _):
            return "invalid escape \(sequence) in string; use \\\\, \\\", \\n, \\t or \\uXXXX"
        case .trailingText(let found, _, _):
            return "unexpected \"\(found)\" after the value; one key = value per line, # starts a comment"
        case .unterminatedTableHeader:
            return "expected ']' to close the table header"
        case .dottedKey(let key, _, _):
            return "dotted key \"\(key)\" is not supported; use a [table] header"
        case .duplicateKey(let key, _, let first):
            return "key \"\(key)\" is already set on line \(first)"
        case .duplicateTable(let name, _, let first):
            return "table [\(name)] is already defined on line \(first)"
        case .unknownTable(let name, _, let allowed):
            return "unknown table [\(name)]; allowed: " + allowed.joined(separator: ", ")
        case .unknownKey(let table, let key, _, let allowed):
            let place = table.isEmpty ? "at the top level" : "in [\(table)]"
            if allowed.isEmpty {
                return "unknown key \"\(key)\" \(place); keys belong in [keysets.NAME], [aliases] or [defaults]"
            }
            return "unknown key \"\(key)\" \(place); allowed: " + allowed.joined(separator: ", ")
        case .wrongType(let key, _, let expected, let found):
            return "\"\(key)\" must be \(expected), found \(found)"
        case .invalidChoice(let key, let value, _, let allowed):
            return "\"\(key)\" cannot be \"\(value)\"; allowed: " + allowed.joined(separator: ", ")
        case .invalidHex(let key, _):
            return "\"\(key)\" is not hex (pairs of 0-9 A-F, spaces allowed)"
        case .invalidKeyLength(let key, let length, _):
            return "\"\(key)\" is \(length) bytes; an AES key is 16, 24 or 32 bytes"
        case .invalidAIDLength(let alias, let length, _):
            return "alias \"\(alias)\" is \(length) bytes; an AID is 5 to 16 bytes"
        case .outOfRange(let key, let value, _, let range):
            return "\"\(key)\" is \(value); allowed \(range.lowerBound) to \(range.upperBound)"
        case .conflictingKeySources(let keyset, _, let sources):
            return "key set \"\(keyset)\" has more than one key source (" + sources.joined(separator: ", ")
                + "); give key, enc/mac/dek or key-file"
        case .incompleteKeySet(let keyset, _, let missing):
            return "key set \"\(keyset)\": enc, mac and dek come as a set of three; missing "
                + missing.joined(separator: ", ")
        }
    }
}
