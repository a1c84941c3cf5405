#if canImport(Glibc)
import Glibc
#endif

/// Whole-file reads and writes for scripts, transcripts and saved sessions (no Foundation).
public enum TextFile {
    public enum Failure: Error, Equatable, Sendable {
        case cannotOpen(path: String, reason: String)
        case cannotWrite(path: String, reason: String)
    }

    /// The whole file's bytes.
    public static func readBytes(_ path: String) throws(Failure) -> [UInt8] {
        guard let file = fopen(path, "rb") else { throw .cannotOpen(path: path, reason: errnoText()) }
        defer { fclose(file) }
        // The card list is half a megabyte: read straight into the array, in one piece when the size is known.
        var info = stat()
        var chunk = 65536
        if fstat(fileno(file), &info) == 0, info.st_size > 0 { chunk = Int(info.st_size) + 1 }
        var bytes: [UInt8] = []
        while true {
            let piece = [UInt8](unsafeUninitializedCapacity: chunk) { buffer, count in
                count = fread(buffer.baseAddress!, 1, chunk, file)
            }
            if bytes.isEmpty { bytes = piece } else { bytes += piece }
            if piece.count < chunk { break }
        }
        if ferror(file) != 0 { throw .cannotOpen(path: path, reason: errnoText()) }
        return bytes
    }

    /// The file's lines without their newlines; a final line without a newline counts.
    public static func readLines(_ path: String) throws(Failure) -> [String] {
        lines(of: try readBytes(path))
    }

    /// Lines of UTF-8 text split at LF, a CR before it dropped. Split as bytes: split as Characters, CR LF is one
    /// Character and never matched "\n", so a CR LF file was read as one line.
    static func lines(of bytes: [UInt8]) -> [String] {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self)
        }
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// Replaces the file with `text`, created with `mode` (0600 for anything that may hold secrets).
    public static func write(_ text: String, to path: String, mode: mode_t = 0o600) throws(Failure) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw .cannotWrite(path: path, reason: errnoText()) }
        defer { close(fd) }
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .cannotWrite(path: path, reason: errnoText())
            }
            offset += n
        }
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}

/// A file kept open for appending lines (transcripts being recorded).
public final class AppendingFile {
    private var file: UnsafeMutablePointer<FILE>?
    public let path: String

    public init(path: String) throws(TextFile.Failure) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0, let f = fdopen(fd, "w") else { throw .cannotWrite(path: path, reason: TextFile.errnoText()) }
        self.path = path
        file = f
    }

    public func append(_ line: String) {
        guard let file else { return }
        fputs(line, file)
        fputs("\n", file)
    }

    public func flush() { if let file { fflush(file) } }

    public func close() {
        if let file { fclose(file) }
        file = nil
    }

    deinit { close() }
}
