/// Byte helpers shared by the secure channel code.
public enum Bytes {
    /// True when `a` and `b` are equal; the time taken depends only on the lengths, not on where they differ.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<a.count { diff |= a[i] ^ b[i] }
        return diff == 0
    }

    /// XOR of two equal-length arrays.
    public static func xor(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        precondition(a.count == b.count, "xor of \(a.count) and \(b.count) bytes")
        var out = a
        for i in 0..<out.count { out[i] ^= b[i] }
        return out
    }
}

/// ISO/IEC 9797-1 padding method 2: append 80, then 00 up to a multiple of the block size.
public enum ISO9797Padding {
    /// Always adds at least one byte (a full block when the input is already aligned).
    public static func pad(_ data: [UInt8], blockSize: Int = 16) -> [UInt8] {
        var out = data
        out.reserveCapacity(data.count + blockSize)
        out.append(0x80)
        while out.count % blockSize != 0 { out.append(0x00) }
        return out
    }

    /// Removes trailing 00 bytes and the 80 marker before them.
    /// - Throws: `CryptoError.invalidPadding` when the last non-zero byte is not 80 (or there is none).
    public static func unpad(_ data: [UInt8]) throws(CryptoError) -> [UInt8] {
        var index = data.count - 1
        while index >= 0 && data[index] == 0x00 { index -= 1 }
        guard index >= 0 else { throw .invalidPadding(offset: nil) }
        guard data[index] == 0x80 else { throw .invalidPadding(offset: index) }
        return Array(data[..<index])
    }
}
