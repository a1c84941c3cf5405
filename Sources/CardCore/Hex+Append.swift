extension Hex {
    /// Uppercase hex of `bytes`, no separators, appended to UTF-8 text being built (the same digits as `encode`).
    public static func append(_ bytes: [UInt8], to utf8: inout [UInt8]) {
        bytes.withUnsafeBufferPointer { append(buffer: $0, to: &utf8) }
    }

    /// Uppercase hex of `bytes`, no separators, appended to UTF-8 text being built (the same digits as `encode`).
    public static func append(_ bytes: ArraySlice<UInt8>, to utf8: inout [UInt8]) {
        bytes.withUnsafeBufferPointer { append(buffer: $0, to: &utf8) }
    }

    // Concrete, not generic: called from other modules for every byte the shell prints.
    private static func append(buffer: UnsafeBufferPointer<UInt8>, to utf8: inout [UInt8]) {
        let start = utf8.count
        utf8.append(contentsOf: repeatElement(0, count: buffer.count * 2))
        utf8.withUnsafeMutableBufferPointer { out in
            var i = start
            for b in buffer {
                out[i] = digit(b >> 4)
                out[i + 1] = digit(b & 0x0F)
                i += 2
            }
        }
    }
}
