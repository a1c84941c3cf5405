/// A card key diversification scheme, as typed (`emv`, `visa2`, `kdf3`).
public enum KeyDiversification: String, Hashable, Sendable, CaseIterable {
    case emv
    case visa2
    case kdf3
}

public struct KDFOptions: Hashable, Sendable {
    public var scheme: KeyDiversification
    /// Key diversification data: 10 bytes (GP Amd D v1.2 §7.1.1.3).
    public var kdd: [UInt8]
    /// The master key(s); nil: the GP test key 404142...4F.
    public var keys: KeySource?

    public init(scheme: KeyDiversification, kdd: [UInt8], keys: KeySource? = nil) {
        self.scheme = scheme
        self.kdd = kdd
        self.keys = keys
    }
}
