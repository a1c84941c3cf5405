/// Key material that wipes itself when released and never shows its value in descriptions.
public final class SecretBytes: @unchecked Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    private var storage: [UInt8]

    public init(_ bytes: [UInt8]) { storage = bytes }

    public var count: Int { storage.count }

    /// Runs `body` with the secret bytes; do not let them escape into logs or long-lived arrays.
    public func withBytes<R, E: Error>(_ body: ([UInt8]) throws(E) -> R) throws(E) -> R {
        try body(storage)
    }

    /// A copy of the key; only for passing into crypto primitives.
    public var bytes: [UInt8] { storage }

    public var description: String { "<\(storage.count)-byte secret>" }
    public var debugDescription: String { description }

    deinit {
        storage.withUnsafeMutableBufferPointer { buffer in
            for i in buffer.indices { buffer[i] = 0 }
        }
    }
}
