/// Conversions of tokens to values, each recording a diagnostic with an exact column on failure.
extension StatementParser {
    /// Decimal or `0x` hex, without sign.
    static func parseNumber(_ text: some StringProtocol) -> Int? {
        var digits = Substring(text)
        var radix = 10
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
            digits = digits.dropFirst(2)
            radix = 16
        }
        guard !digits.isEmpty, digits.count <= 12 else { return nil }
        var value = 0
        for character in digits {
            guard let digit = HexDigits.value(character), Int(digit) < radix else { return nil }
            value = value * radix + Int(digit)
        }
        return value
    }

    /// Starts like a number: a decimal digit first.
    static func isNumberLike(_ text: some StringProtocol) -> Bool {
        text.first.map { $0.isASCII && $0.isNumber } ?? false
    }

    /// A word meant as hex: all hex digits (2 or more), or starting with a decimal digit.
    static func looksLikeHex(_ text: some StringProtocol) -> Bool {
        (text.count >= 2 && HexDigits.isHex(text)) || isNumberLike(text)
    }

    mutating func number(_ token: Token, range: ClosedRange<Int>, what: String) -> Int? {
        guard let value = Self.parseNumber(token.text) else {
            report("\(what) needs a number (decimal or 0x hex), found \"\(token.text)\"", at: token)
            return nil
        }
        guard range.contains(value) else {
            report("\(what) must be \(range.lowerBound) to \(range.upperBound), found \(token.text)", at: token)
            return nil
        }
        return value
    }

    mutating func choice(_ token: Token, choices: [String], what: String) -> String? {
        let lowered = token.text.lowercased()
        if choices.contains(lowered) { return lowered }
        report(
            Suggest.needs(what, "one of " + choices.joined(separator: ", "), found: token.text, among: choices),
            at: token)
        return nil
    }

    /// The value Characters of hex tokens, each with its source column. Blanks inside quotes and `:` between
    /// bytes (as `opensc-tool -a` prints an ATR) are skipped; the columns of `:` that split a byte are returned.
    private static func hexCharacters(
        _ tokens: [Token]
    ) -> (characters: [(character: Character, column: Int, token: Int)], splitting: [Int]) {
        var characters: [(Character, Int, Int)] = []
        var splitting: [Int] = []
        for (tokenIndex, token) in tokens.enumerated() {
            for (offset, character) in token.text.enumerated() where !(token.quoted && character.isWhitespace) {
                let column = token.column(ofCharacterAt: offset)
                if character == ":" {
                    if characters.count % 2 == 1 { splitting.append(column) }
                    continue
                }
                characters.append((character, column, tokenIndex))
            }
        }
        return (characters, splitting)
    }

    /// The bytes of unquoted tokens made only of hex digits, an even number in all (the usual APDU line), read
    /// straight from UTF-8; nil for anything else (separators, wildcards, mistakes), which the general path
    /// reads and reports on.
    private static func plainHexBytes(_ tokens: [Token]) -> [UInt8?]? {
        var bytes: [UInt8?] = []
        var high: UInt8? = nil
        for token in tokens {
            guard !token.quoted else { return nil }
            for unit in token.text.utf8 {
                guard let nibble = HexDigits.value(ascii: unit) else { return nil }
                if let h = high {
                    bytes.append(h << 4 | nibble)
                    high = nil
                } else {
                    high = nibble
                }
            }
        }
        return high == nil ? bytes : nil
    }

    /// Joins hex tokens into bytes. Reports the first bad Character of each token and an odd digit count
    /// (at the last token).
    mutating func hex(_ tokens: [Token]) -> [UInt8]? {
        hexBytes(tokens, wildcards: false).map { $0.map { $0! } }
    }

    /// Hex where `??` stands for any byte.
    mutating func hexPattern(_ tokens: [Token]) -> HexPattern? {
        hexBytes(tokens, wildcards: true).map(HexPattern.init)
    }

    private mutating func hexBytes(_ tokens: [Token], wildcards: Bool) -> [UInt8?]? {
        if let bytes = Self.plainHexBytes(tokens) { return bytes }
        let (characters, splitting) = Self.hexCharacters(tokens)
        var failed = false
        for column in splitting {
            report("a ':' may only separate bytes; this one splits a byte", at: column)
            failed = true
        }
        var badTokens: Set<Int> = []
        for (index, entry) in characters.enumerated() {
            let isWildcard = wildcards && entry.character == "?"
            guard HexDigits.value(entry.character) == nil && !isWildcard, !badTokens.contains(entry.token) else {
                continue
            }
            badTokens.insert(entry.token)
            failed = true
            let token = tokens[entry.token]
            if token.text.hasPrefix("0x") || token.text.hasPrefix("0X") {
                report("hex bytes are written without 0x, found \"\(token.text)\"", at: token)
                continue
            }
            let pairStart = index - index % 2
            let pair = String(characters[pairStart..<min(pairStart + 2, characters.count)].map(\.character))
            report("expected a hex byte, found \"\(pair)\"", at: entry.column)
        }
        if failed { return nil }
        if characters.count % 2 == 1, let last = tokens.last {
            let text = tokens.map(\.text).joined(separator: " ")
            report("odd number of hex digits in \"\(text)\"", at: last)
            return nil
        }
        var bytes: [UInt8?] = []
        bytes.reserveCapacity(characters.count / 2)
        var index = 0
        while index + 1 < characters.count {
            let high = characters[index]
            let low = characters[index + 1]
            if wildcards && (high.character == "?" || low.character == "?") {
                guard high.character == "?" && low.character == "?" else {
                    let bad = high.character == "?" ? high : low
                    report(
                        "a wildcard covers a whole byte (??), found \"\(high.character)\(low.character)\"",
                        at: bad.column)
                    failed = true
                    index += 2
                    continue
                }
                bytes.append(nil)
            } else {
                bytes.append(HexDigits.value(high.character)! << 4 | HexDigits.value(low.character)!)
            }
            index += 2
        }
        return failed ? nil : bytes
    }

    /// Status word patterns: each token may be a comma list (`9000,63C?`).
    mutating func statusWordPatterns(_ tokens: [Token]) -> [StatusWordPattern]? {
        var patterns: [StatusWordPattern] = []
        var failed = false
        for token in tokens {
            var offset = 0
            for part in token.text.split(separator: ",", omittingEmptySubsequences: false) {
                if let pattern = StatusWordPattern(part) {
                    patterns.append(pattern)
                } else {
                    failed = true
                    report(
                        "expected a status word pattern (4 hex digits, ? for any nibble), found \"\(part)\"",
                        at: token.column(ofCharacterAt: offset), length: max(1, part.count))
                }
                offset += part.count + 1
            }
        }
        return failed ? nil : patterns
    }

    /// Checks a byte count against a list or range of allowed lengths.
    mutating func checkLength(
        _ bytes: [UInt8], allowed: [Int], what: String, description: String, tokens: [Token]
    ) -> Bool {
        guard !allowed.contains(bytes.count) else { return true }
        let first = tokens.first!
        let last = tokens.last!
        report(
            "\(what) must be \(description), found \(bytes.count)", at: first.column,
            length: last.endColumn - first.column)
        return false
    }
}
