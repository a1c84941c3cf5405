/// `gp put-key`: a new SCP03 key set (ENC, MAC, DEK) to add or to put in place of another (GP CS v2.3.1 §11.8).
public struct PutKeyOptions: Hashable, Sendable {
    /// Key version number of the new key set (1...127).
    public var newKVN: Int
    /// The key set to replace (P1), or nil to add one (P1 = 00).
    public var replaceKVN: Int?
    /// The new keys: literal, a key file or an environment variable (not a config key set).
    public var keys: KeySource

    public init(newKVN: Int, replaceKVN: Int? = nil, keys: KeySource) {
        self.newKVN = newKVN
        self.replaceKVN = replaceKVN
        self.keys = keys
    }
}

/// `gp delete-key`: DELETE of a key set, or of one key of it (GP CS v2.3.1 §11.2.2.3, tags D2 and D0).
public struct DeleteKeyOptions: Hashable, Sendable {
    /// Key version number (tag D2).
    public var kvn: Int
    /// Key identifier (tag D0), or nil for every key of the version.
    public var kid: Int?

    public init(kvn: Int, kid: Int? = nil) {
        self.kvn = kvn
        self.kid = kid
    }
}
