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
        // One key source: --key, the --enc/--mac/--dek set, --key-file, --key-env or --keyset.
        var sources: [(name: String, given: GivenOption)] = []
        for given in a.options {
            let name: String
            switch given.spec.long {
            case "key", "key-file", "key-env", "keyset": name = given.spec.spelled
            case "enc", "mac", "dek": name = "--enc/--mac/--dek"
            default: continue
            }
            if !sources.contains(where: { $0.name == name }) { sources.append((name, given)) }
        }
        for source in sources.dropFirst() {
            report("\(source.name) conflicts with \(sources[0].name); give one key source", at: source.given.token)
        }
        guard sources.count <= 1 else { return nil }
        var options = KDFOptions(scheme: scheme, kdd: kdd)
        guard let source = sources.first else { return .kdf(options) }
        if source.name == "--enc/--mac/--dek" {
            var keys: [[UInt8]] = []
            for long in ["enc", "mac", "dek"] {
                guard let given = a.first(long) else {
                    let missing = ["enc", "mac", "dek"].filter { !a.has($0) }.map { "--" + $0 }
                    report(
                        "--enc, --mac and --dek come as a set of three; missing \(missing.joined(separator: ", "))",
                        at: source.given.token)
                    return nil
                }
                guard let key = masterKey(given) else { return nil }
                keys.append(key)
            }
            options.keys = .keySet(enc: keys[0], mac: keys[1], dek: keys[2])
            return .kdf(options)
        }
        switch (source.given.spec.long, source.given.value) {
        case ("key", _):
            guard let key = masterKey(source.given) else { return nil }
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
