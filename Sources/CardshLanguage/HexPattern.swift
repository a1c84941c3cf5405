/// Expected response data where `??` matches any one byte.
public struct HexPattern: Hashable, Sendable, CustomStringConvertible {
    /// nil entries are wildcards.
    public var bytes: [UInt8?]

    public init(_ bytes: [UInt8?]) {
        self.bytes = bytes
    }

    /// Same length, and every non-wildcard byte equal.
    public func matches(_ data: some Collection<UInt8>) -> Bool {
        guard data.count == bytes.count else { return false }
        for (expected, actual) in zip(bytes, data) where expected != nil && expected != actual {
            return false
        }
        return true
    }

    public var description: String {
        var text = ""
        for byte in bytes {
            if let byte { text += HexDigits.encode([byte]) } else { text += "??" }
        }
        return text
    }
}
