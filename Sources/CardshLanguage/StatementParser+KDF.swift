/// Builds `kdf` from its table entry.
extension StatementParser {
    mutating func buildKDF(_ a: Arguments) -> Command? {
        let schemes = KeyDiversification.allCases.map(\.rawValue)
        guard let word = choice(a.positionals[0], choices: schemes, what: "kdf SCHEME"),
            let scheme = KeyDiversification(rawValue: word)
        else { return nil }
        guard let kddOption = a.first("kdd") else {
            report("kdf needs --kdd HEX (the 10-byte key diversification data)", at: a.endColumn)
            return nil
        }
        guard case .bytes(let kdd) = kddOption.value else { return nil }
        // GP Amd D v1.2 §7.1.1.3: the key diversification data is 10 bytes.
        guard kdd.count == 10 else {
            report("--kdd must be 10 bytes, found \(kdd.count)", at: kddOption.token)
            return nil
        }
        let (first, ok) = keySource(a)
        guard ok else { return nil }
        var options = KDFOptions(scheme: scheme, kdd: kdd)
        guard let source = first else { return .kdf(options) }
        if ["enc", "mac", "dek"].contains(source.spec.long) {
            var keys: [[UInt8]] = []
            for long in ["enc", "mac", "dek"] {
                guard let given = a.first(long), let key = masterKey(given) else { return nil }
                keys.append(key)
            }
            options.keys = .keySet(enc: keys[0], mac: keys[1], dek: keys[2])
            return .kdf(options)
        }
        switch (source.spec.long, source.value) {
        case ("key", _):
            guard let key = masterKey(source) else { return nil }
            options.keys = .key(key)
        case ("key-file", .word(let path)):
            options.keys = .file(path)
        case ("key-env", .word(let name)): options.keys = .environment(name)
        case ("keyset", .word(let name)): options.keys = .keyset(name)
        default: return nil
        }
        return .kdf(options)
    }

    /// A literal master key: AES-128/192/256, or two-key 3DES (16 bytes) for EMV and VISA2.
    private mutating func masterKey(_ given: GivenOption) -> [UInt8]? {
        guard case .bytes(let key) = given.value else { return nil }
        guard [16, 24, 32].contains(key.count) else {
            report("\(given.spec.spelled) must be 16, 24 or 32 bytes, found \(key.count)", at: given.token)
            return nil
        }
        return key
    }
}
