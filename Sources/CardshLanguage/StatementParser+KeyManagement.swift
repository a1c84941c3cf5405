/// `gp put-key` and `gp delete-key`.
extension StatementParser {
    mutating func buildPutKey(_ a: Arguments) -> Command? {
        let newKVN = requiredNumber(a, "new-kvn", phrase: "the key version of the new key set")
        var replaceKVN: Int?
        if case .number(let n)? = a.first("replace-kvn")?.value { replaceKVN = n }
        let keys = newKeySource(a)
        guard let newKVN, let keys, !a.options.contains(where: { $0.value == .invalid }) else { return nil }
        return .gpPutKey(PutKeyOptions(newKVN: newKVN, replaceKVN: replaceKVN, keys: keys))
    }

    mutating func buildDeleteKey(_ a: Arguments) -> Command? {
        let kvn = requiredNumber(a, "kvn", phrase: "the key version to delete")
        var kid: Int?
        if case .number(let n)? = a.first("kid")?.value { kid = n }
        guard let kvn, !a.options.contains(where: { $0.value == .invalid }) else { return nil }
        return .gpDeleteKey(DeleteKeyOptions(kvn: kvn, kid: kid))
    }

    /// The value of a number option the command cannot do without; a missing one is reported at the line's end.
    private mutating func requiredNumber(_ a: Arguments, _ long: String, phrase: String) -> Int? {
        guard let given = a.first(long) else {
            report("\(a.path) needs --\(long) N (\(phrase)); usage: \(a.spec.usage)", at: a.endColumn)
            return nil
        }
        guard case .number(let n) = given.value else { return nil }
        return n
    }

    /// Exactly one source of new keys: `--key`, the `--enc/--mac/--dek` set, `--key-file` or `--key-env`.
    private mutating func newKeySource(_ a: Arguments) -> KeySource? {
        var sources: [(name: String, token: Token)] = []
        for given in a.options {
            let name: String
            switch given.spec.long {
            case "key", "key-file", "key-env": name = given.spec.spelled
            case "enc", "mac", "dek": name = "--enc/--mac/--dek"
            default: continue
            }
            if !sources.contains(where: { $0.name == name }) { sources.append((name, given.token)) }
        }
        guard let first = sources.first else {
            report(
                "\(a.path) needs the new keys: --key HEX, --enc/--mac/--dek, --key-file PATH or --key-env NAME",
                at: a.endColumn)
            return nil
        }
        for source in sources.dropFirst() {
            report("\(source.name) conflicts with \(first.name); give one key source", at: source.token)
        }
        guard sources.count == 1 else { return nil }
        switch first.name {
        case "--key":
            return newKey(a, "key").map(KeySource.key)
        case "--key-file":
            guard case .word(let path)? = a.first("key-file")?.value else { return nil }
            return .file(path)
        case "--key-env":
            guard case .word(let name)? = a.first("key-env")?.value else { return nil }
            return .environment(name)
        default:
            let missing = ["enc", "mac", "dek"].filter { !a.has($0) }
            guard missing.isEmpty else {
                report(
                    "--enc, --mac and --dek come as a set of three; missing "
                        + missing.map { "--" + $0 }.joined(separator: ", "),
                    at: first.token)
                return nil
            }
            let enc = newKey(a, "enc")
            let mac = newKey(a, "mac")
            let dek = newKey(a, "dek")
            guard let enc, let mac, let dek else { return nil }
            guard enc.count == mac.count && mac.count == dek.count else {
                report(
                    "--enc, --mac and --dek must have the same length; found \(enc.count), \(mac.count) and "
                        + "\(dek.count) bytes",
                    at: first.token)
                return nil
            }
            return .keySet(enc: enc, mac: mac, dek: dek)
        }
    }

    /// A literal AES key: 16, 24 or 32 bytes (GP Amd D v1.2 §4.1).
    private mutating func newKey(_ a: Arguments, _ long: String) -> [UInt8]? {
        guard let given = a.first(long), case .bytes(let bytes) = given.value else { return nil }
        guard [16, 24, 32].contains(bytes.count) else {
            report("--\(long) must be 16, 24 or 32 bytes (AES-128/192/256), found \(bytes.count)", at: given.token)
            return nil
        }
        return bytes
    }
}
