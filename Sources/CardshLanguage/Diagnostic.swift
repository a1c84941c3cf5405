/// One problem found on a line, with the span of text it is about.
///
/// Columns count Characters from 1 at the start of the whole line (not the statement).
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public var message: String
    /// 1-based column of the first offending Character; one past the end for "missing" problems.
    public var column: Int
    /// Number of Characters underlined; at least 1 when rendered.
    public var length: Int

    public init(message: String, column: Int, length: Int = 1) {
        self.message = message
        self.column = column
        self.length = length
    }

    public var description: String { "col \(column): \(message)" }

    /// The line, a caret line under the offending span (`^~~~`), then `col N: message`, or
    /// `line L, col N: message` when the line number of a script is given.
    ///
    /// Tabs before the span are copied into the caret line so the caret stays aligned.
    public func rendered(line: String, lineNumber: Int? = nil) -> String {
        var caret = ""
        var index = 1
        for character in line {
            if index >= column { break }
            caret.append(character == "\t" ? "\t" : " ")
            index += 1
        }
        while index < column {
            caret.append(" ")
            index += 1
        }
        caret.append("^")
        if length > 1 { caret.append(String(repeating: "~", count: length - 1)) }
        let location = lineNumber.map { "line \($0), " } ?? ""
        return line + "\n" + caret + "\n" + location + description
    }
}
