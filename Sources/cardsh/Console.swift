#if canImport(Glibc)
import Glibc
#endif

/// Standard output through one buffer (results can be long: thousands of exchanges), standard error
/// unbuffered; output is flushed before anything goes to standard error, so the two stay in order.
/// In script mode the writes go through `pipeline`, in the order they were made.
enum Console {
    nonisolated(unsafe) private static var buffer: [UInt8] = []
    /// Set once in script mode, before anything is written: writes then happen on the pipeline's thread.
    nonisolated(unsafe) static var pipeline: OutputPipeline?

    static func out(_ text: String) {
        if let pipeline { pipeline.submit(.out(text)) } else { writeOut(text) }
    }

    static func err(_ text: String) {
        if let pipeline { pipeline.submit(.err(text)) } else { writeErr(text) }
    }

    /// Writes everything submitted so far (waiting for the pipeline) and empties the buffer.
    static func flush() {
        pipeline?.drain()
        flushBuffer()
    }

    /// The writes themselves; the pipeline's thread calls these.
    static func writeOut(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flushBuffer() }
    }

    /// Lets `body` append UTF-8 text to standard output's buffer in place.
    static func writeOut(appending body: (inout [UInt8]) -> Void) {
        body(&buffer)
        if buffer.count >= 1 << 16 { flushBuffer() }
    }

    static func writeErr(_ text: String) {
        flushBuffer()
        writeAll(2, Array(text.utf8))
    }

    private static func flushBuffer() {
        guard !buffer.isEmpty else { return }
        writeAll(1, buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += n
        }
    }
}
