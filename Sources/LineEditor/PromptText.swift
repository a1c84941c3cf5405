/// Prompt text prepared for libedit's `EL_PROMPT_ESC`: terminal escape sequences are wrapped in the
/// ignore character so libedit does not count them as printed columns.
enum PromptText {
    /// The ignore character given to `EL_PROMPT_ESC` (libedit toggles "not printed" on each one).
    static let ignore: UInt8 = 0x01

    /// Wraps every ECMA-48 CSI sequence (`ESC [ params final`, e.g. a color) and every lone
    /// `ESC x` pair in `ignore` bytes. Text without escapes is returned unchanged.
    static func marked(_ prompt: String) -> [UInt8] {
        let bytes = Array(prompt.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == ignore {
                i += 1  // a stray ignore byte would flip libedit's state: drop it
                continue
            }
            guard byte == 0x1B else {
                out.append(byte)
                i += 1
                continue
            }
            var end = i + 1
            if end < bytes.count, bytes[end] == UInt8(ascii: "[") {
                // ECMA-48 §5.4: parameter and intermediate bytes 0x20...0x3F, final byte 0x40...0x7E.
                end += 1
                while end < bytes.count, (0x20...0x3F).contains(bytes[end]) { end += 1 }
                if end < bytes.count, (0x40...0x7E).contains(bytes[end]) { end += 1 }
            } else if end < bytes.count {
                end += 1
            }
            out.append(ignore)
            out.append(contentsOf: bytes[i..<end])
            out.append(ignore)
            i = end
        }
        return out
    }
}
