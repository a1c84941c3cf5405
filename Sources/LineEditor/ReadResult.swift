/// The outcome of one `LineEditor.readLine(prompt:)`.
public enum ReadResult: Equatable, Sendable {
    /// A line the user entered, without its newline.
    case line(String)
    /// Ctrl-C: the line being typed was abandoned.
    case interrupted
    /// Ctrl-D on an empty line, or the input closed.
    case endOfInput
}
