import CardshLanguage

extension Engine {
    /// Applies the config's `[defaults]` to the settings (the executable's options override them afterwards).
    public func apply(_ config: CardshConfig) {
        self.config = config
        if let output = config.defaults.output { settings.output = output }
        if let color = config.defaults.color { settings.color = color }
        if let trace = config.defaults.trace { settings.trace = trace }
    }

    /// `scp03 open --keyset NAME`: the key set's kvn, level and mode fill what the command leaves out.
    func withKeysetDefaults(_ options: SCP03OpenOptions) throws(CommandError) -> SCP03OpenOptions {
        guard case .keyset(let name)? = options.keys else { return options }
        let keyset = try keyset(named: name)
        var options = options
        options.kvn = options.kvn ?? keyset.kvn
        options.level = options.level ?? keyset.level
        options.mode = options.mode ?? keyset.mode
        return options
    }

    /// Where a named key set's SCP03 keys come from, as a key source without names.
    func keySource(keyset name: String) throws(CommandError) -> KeySource {
        let keyset = try keyset(named: name)
        switch keyset.keys {
        case .single(let key)?: return .key(key)
        case .set(let enc, let mac, let dek)?: return .keySet(enc: enc, mac: mac, dek: dek)
        case .file(let path)?: return .file(path)
        case nil: throw CommandError(ConfigText.noSCP03Keys(keyset: name))
        }
    }

    private func keyset(named name: String) throws(CommandError) -> CardshConfig.Keyset {
        guard let keyset = config.keysets[name] else {
            throw CommandError(ConfigText.unknownKeyset(name, known: config.keysets.keys.sorted()))
        }
        return keyset
    }
}

/// The words of config problems that show up while commands run.
enum ConfigText {
    static func unknownKeyset(_ name: String, known: [String]) -> String {
        if known.isEmpty {
            return "no key set \"\(name)\": the config file defines none; add a [keysets.\(name)] table."
        }
        return "no key set \"\(name)\" in the config file; key sets: " + known.joined(separator: ", ") + "."
    }

    static func noSCP03Keys(keyset: String) -> String {
        "key set \"\(keyset)\" has no SCP03 keys; give it key, enc/mac/dek or key-file."
    }
}
