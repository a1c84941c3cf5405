/// What went wrong in the line editor, with the C function and `errno` where one failed.
public enum LineEditorError: Error, Equatable, Sendable {
    /// `el_init` or `history_init` returned NULL.
    case initializationFailed(function: String)
    /// The history file exists but could not be read as a libedit history file.
    /// `errno` is 0 when the file was read but is not in libedit's format.
    case historyUnreadable(path: String, errno: Int32)
    /// A step of writing the history file failed (`mkdir`, `open`, `write`, `rename`).
    case historyNotSaved(path: String, function: String, errno: Int32)
}
