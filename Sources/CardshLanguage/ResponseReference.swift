/// A reference to the last response, written in a line and replaced by hex before the line is parsed.
///
///     $sw          the status word, 4 hex digits      $sw1, $sw2   one byte of it
///     $data        all response data                  $data[2..5]  data bytes 2 to 5 (inclusive, from 0)
///     $data[3]     one data byte                      $tlv(9F7F)   the value of the first 9F7F anywhere
///     $tlv(6F/84)  the value of 84 inside a top-level 6F (a path of BER tags from the top)
///
/// References inside quotes and after `#` stay as written.
public struct ResponseReference: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case sw
        case sw1
        case sw2
        /// All data, or the bytes at these offsets.
        case data(ClosedRange<Int>?)
        /// BER tags, each as its bytes: one tag is searched anywhere, more form a path from the top level.
        case tlv([[UInt8]])
    }

    public var kind: Kind
    /// 1-based column of the `$`.
    public var column: Int
    /// The reference as written, `$` included.
    public var text: String

    /// The names the language knows, for messages.
    public static let forms = "$sw, $sw1, $sw2, $data, $data[A..B], $data[A], $tlv(TAG) or $tlv(TAG/TAG)"

    /// Finds the references in a line, or the problems with malformed ones.
    public static func scan(_ line: String) -> (references: [ResponseReference], diagnostics: [Diagnostic]) {
        let characters = Array(line)
        var references: [ResponseReference] = []
        var diagnostics: [Diagnostic] = []
        var quote: Character? = nil
        var index = 0
        while index < characters.count {
            let c = characters[index]
            if let q = quote {
                if q == "\"", c == "\\" { index += 2; continue }
                if c == q { quote = nil }
                index += 1
                continue
            }
            if c == "\"" || c == "'" {
                quote = c
                index += 1
                continue
            }
            if c == "#" { break }
            guard c == "$" else {
                index += 1
                continue
            }
            var end = index + 1
            while end < characters.count, characters[end].isASCII, characters[end].isLetter || characters[end].isNumber {
                end += 1
            }
            let name = String(characters[(index + 1)..<end])
            var argument: (open: Character, text: String)? = nil
            if end < characters.count, characters[end] == "[" || characters[end] == "(" {
                let open = characters[end]
                let close: Character = open == "[" ? "]" : ")"
                guard let closeIndex = characters[end...].firstIndex(of: close) else {
                    diagnostics.append(Diagnostic(
                        message: "$\(name)\(open): missing closing \(close)", column: index + 1,
                        length: characters.count - index))
                    break
                }
                argument = (open, String(characters[(end + 1)..<closeIndex]))
                end = closeIndex + 1
            }
            let text = String(characters[index..<end])
            let column = index + 1
            switch parseKind(name: name.lowercased(), argument: argument) {
            case .success(let kind):
                references.append(ResponseReference(kind: kind, column: column, text: text))
            case .failure(let problem):
                diagnostics.append(Diagnostic(message: "\(text): \(problem.message)", column: column, length: text.count))
            }
            index = end
        }
        return (references, diagnostics)
    }

    struct Problem: Error {
        var message: String
    }

    private static func parseKind(name: String, argument: (open: Character, text: String)?) -> Result<Kind, Problem> {
        switch (name, argument?.open) {
        case ("sw", nil): return .success(.sw)
        case ("sw1", nil): return .success(.sw1)
        case ("sw2", nil): return .success(.sw2)
        case ("data", nil): return .success(.data(nil))
        case ("data", "["?):
            let text = argument!.text.filter { $0 != " " }
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            if parts.count == 1, let single = Int(parts[0]), single >= 0 {
                return .success(.data(single...single))
            }
            guard parts.count == 3, parts[1].isEmpty, let from = Int(parts[0]), let to = Int(parts[2]),
                from >= 0, to >= from
            else {
                return .failure(Problem(message: "expected [A..B] with byte offsets A <= B from 0, or [A]"))
            }
            return .success(.data(from...to))
        case ("tlv", "("?):
            var tags: [[UInt8]] = []
            for part in argument!.text.split(separator: "/", omittingEmptySubsequences: false) {
                let digits = part.filter { $0 != " " }
                guard let bytes = hexBytes(Array(digits)), (1...4).contains(bytes.count) else {
                    return .failure(Problem(message: "expected a BER tag of 1 to 4 hex bytes, found \"\(part)\""))
                }
                tags.append(bytes)
            }
            return .success(.tlv(tags))
        case ("tlv", _):
            return .failure(Problem(message: "expected a tag in parentheses, e.g. $tlv(9F7F) or $tlv(6F/84)"))
        default:
            return .failure(Problem(message: "unknown reference; use \(forms)"))
        }
    }

    private static func hexBytes(_ digits: [Character]) -> [UInt8]? {
        guard digits.count % 2 == 0, HexDigits.isHex(String(digits)) else { return nil }
        return stride(from: 0, to: digits.count, by: 2).map {
            HexDigits.value(digits[$0])! << 4 | HexDigits.value(digits[$0 + 1])!
        }
    }

    /// The line with each reference replaced by its value (references as returned by `scan`, in order).
    public static func substitute(_ line: String, _ references: [ResponseReference], values: [String]) -> String {
        precondition(references.count == values.count, "one value per reference")
        var characters = Array(line)
        for (reference, value) in zip(references, values).reversed() {
            let start = reference.column - 1
            characters.replaceSubrange(start..<(start + reference.text.count), with: Array(value))
        }
        return String(characters)
    }
}
