extension Printer {
    func putKey(_ options: PutKeyOptions) -> [String] {
        var parts = ["gp", "put-key", "--new-kvn", Self.byte(options.newKVN)]
        if let replace = options.replaceKVN { parts += ["--replace-kvn", Self.byte(replace)] }
        switch options.keys {
        case .key(let k): parts += ["--key", key(k)]
        case .keySet(let enc, let mac, let dek): parts += ["--enc", key(enc), "--mac", key(mac), "--dek", key(dek)]
        case .file(let path): parts += ["--key-file", Self.word(path)]
        case .environment(let name): parts += ["--key-env", Self.word(name)]
        case .keyset(let name): preconditionFailure("gp put-key takes no --keyset (\(name))")
        }
        return parts
    }

    func deleteKey(_ options: DeleteKeyOptions) -> [String] {
        var parts = ["gp", "delete-key", "--kvn", Self.byte(options.kvn)]
        if let kid = options.kid { parts += ["--kid", Self.byte(kid)] }
        return parts
    }
}
