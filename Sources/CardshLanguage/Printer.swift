/// Canonical text of a command: upper-case hex, options in table order, quotes only where needed.
/// `parseLine(command.canonicalText)` gives back the same command.
extension Command {
    public var canonicalText: String { Printer(redact: false).text(self) }

    /// `canonicalText` with literal key material replaced by `<redacted>`; it does not parse back.
    public var redactedCanonicalText: String { Printer(redact: true).text(self) }
}

struct Printer {
    let redact: Bool

    /// A word as the lexer would read it back: quoted when it holds blanks, separators, quotes, starts like
    /// an option or history reference, or when `force` says a bare word would mean something else.
    static func word(_ text: String, force: Bool = false) -> String {
        let needsQuotes =
            force || text.isEmpty || text.first == "-" || text.first == "!"
            || text.contains { $0.isWhitespace || $0 == ";" || $0 == "#" || $0 == "\"" || $0 == "'" || $0 == "\\" }
        guard needsQuotes else { return text }
        var quoted = "\""
        for character in text {
            switch character {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            case "\r": quoted += "\\r"
            default: quoted.append(character)
            }
        }
        return quoted + "\""
    }

    static func byte(_ value: Int) -> String {
        "0x" + HexDigits.encode([UInt8(truncatingIfNeeded: value)])
    }

    func key(_ bytes: [UInt8]) -> String { redact ? Redaction.placeholder : HexDigits.encode(bytes) }

    func text(_ command: Command) -> String {
        var parts: [String] = []
        switch command {
        case .readers: parts = ["readers"]
        case .connect(let options):
            parts = ["connect"]
            switch options.target {
            case .index(let n)?: parts.append(String(n))
            case .sim?: parts.append("sim")
            case .name(let name)?:
                let lowered = name.lowercased()
                parts.append(Self.word(name, force: lowered == "sim" || name.allSatisfy { $0.isASCII && $0.isNumber }))
            case .transcript(let path)?: parts += ["transcript", Self.word(path)]
            case nil: break
            }
            if let p = options.protocolPreference { parts += ["--protocol", p.rawValue] }
            if let mode = options.shareMode { parts.append("--" + mode.rawValue) }
        case .disconnect: parts = ["disconnect"]
        case .reset(let kind): parts = ["reset", kind.rawValue]
        case .atr(let bytes):
            parts = ["atr"]
            if let bytes { parts.append(HexDigits.encode(bytes)) }
        case .select(let options):
            parts = ["select"]
            switch options.target {
            case .default: break
            case .aid(let aid): parts.append(HexDigits.encode(aid))
            case .name(let name):
                let bare = Token(text: name, column: 1, length: name.count, quoted: false)
                parts.append(Self.word(name, force: StatementParser.looksLikeAIDWord(bare)))
            }
            if options.next { parts.append("--next") }
            if let response = options.response { parts.append("--" + response.rawValue) }
            if let p1 = options.p1 { parts += ["--p1", Self.byte(Int(p1))] }
            if let p2 = options.p2 { parts += ["--p2", Self.byte(Int(p2))] }
        case .apdu(let body, let strict, let expect):
            parts = ["apdu"]
            switch body {
            case .raw(let bytes): parts.append(HexDigits.encode(bytes))
            case .parts(let header, let data, let le):
                parts.append(HexDigits.encode(header))
                if !data.isEmpty { parts.append(HexDigits.encode(data)) }
                if let le { parts += ["--le", String(le)] }
            }
            if strict { parts.append("--raw") }
            if !expect.isEmpty { parts += ["--expect-sw", expect.map(\.description).joined(separator: ",")] }
        case .explain(let bytes): parts = ["explain", HexDigits.encode(bytes)]
        case .sw(let sw): parts = ["sw", HexDigits.encode([UInt8(sw >> 8), UInt8(sw & 0xFF)])]
        case .tlv(let bytes): parts = ["tlv", HexDigits.encode(bytes)]
        case .history(let last):
            parts = ["history"]
            if let last { parts.append(String(last)) }
        case .rerun(let n): parts = ["!" + String(n)]
        case .rerunLast: parts = ["!!"]
        case .help(let command, let subcommand):
            parts = ["help"]
            if let command { parts.append(command) }
            if let subcommand { parts.append(subcommand) }
        case .set(let setting):
            parts = ["set"]
            switch setting {
            case .output(let v)?: parts += ["output", v.rawValue]
            case .trace(let v)?: parts += ["trace", v.rawValue]
            case .autoget(let on)?: parts += ["autoget", on ? "on" : "off"]
            case .color(let v)?: parts += ["color", v.rawValue]
            case .mode(let v)?: parts += ["mode", v.rawValue]
            case nil: break
            }
        case .channelOpen: parts = ["channel", "open"]
        case .channelClose(let n):
            parts = ["channel", "close"]
            if let n { parts.append(String(n)) }
        case .channelSwitch(let n): parts = ["channel", String(n)]
        case .scp03Open(let options): parts = scp03Open(options)
        case .scpClose: parts = ["scp", "close"]
        case .scpStatus: parts = ["scp", "status"]
        case .gpStatus(let options):
            parts = ["gp", "status"]
            if let scope = options.scope { parts.append("--" + scope.rawValue) }
            if options.raw { parts.append("--raw") }
        case .gpData(.named(let name)): parts = ["gp", "data", name.rawValue]
        case .gpData(.tag(let tag)): parts = ["gp", "data", HexDigits.encode(tag)]
        case .gpKeys: parts = ["gp", "keys"]
        case .run(let path): parts = ["run", Self.word(path)]
        case .save(let path): parts = ["save", Self.word(path)]
        case .record(let path): parts = ["record", Self.word(path, force: path.lowercased() == "stop")]
        case .recordStop: parts = ["record", "stop"]
        case .replay(let path, let check):
            parts = ["replay", Self.word(path)]
            if check { parts.append("--check") }
        case .expectSW(let patterns): parts = ["expect", "sw"] + patterns.map(\.description)
        case .expectData(let pattern): parts = ["expect", "data", pattern.description]
        case .quit: parts = ["quit"]
        case .kdf(let options): parts = kdf(options)
        case .gpPutKey(let options): parts = putKey(options)
        case .gpDeleteKey(let options): parts = deleteKey(options)
        case .scp11Open(let options): parts = scp11Open(options)
        case .gpCerts(let options): parts = gpCerts(options)
        }
        return parts.joined(separator: " ")
    }

    private func scp03Open(_ options: SCP03OpenOptions) -> [String] {
        var parts = ["scp03", "open"]
        if let kvn = options.kvn { parts += ["--kvn", Self.byte(kvn)] }
        if let kid = options.kid { parts += ["--kid", Self.byte(kid)] }
        switch options.keys {
        case .key(let k)?: parts += ["--key", key(k)]
        case .keySet(let enc, let mac, let dek)?: parts += ["--enc", key(enc), "--mac", key(mac), "--dek", key(dek)]
        case .file(let path)?: parts += ["--key-file", Self.word(path)]
        case .environment(let name)?: parts += ["--key-env", Self.word(name)]
        case .keyset(let name)?: parts += ["--keyset", Self.word(name)]
        case nil: break
        }
        switch options.level {
        case .none?: parts += ["--level", "none"]
        case .cmac?: parts += ["--level", "cmac"]
        case .cmacCdec?: parts += ["--level", "cmac+cdec"]
        case .cmacRmac?: parts += ["--level", "cmac+rmac"]
        case .cmacCdecRmac?: parts += ["--level", "cmac+cdec+rmac"]
        case .cmacCdecRmacRenc?: parts += ["--level", "cmac+cdec+rmac+renc"]
        case .raw(let p1)?: parts += ["--level", Self.byte(Int(p1))]
        case nil: break
        }
        if let mode = options.mode { parts.append("--" + mode.rawValue) }
        if let challenge = options.hostChallenge { parts += ["--host-challenge", HexDigits.encode(challenge)] }
        if let scheme = options.diversify { parts += ["--diversify", scheme.rawValue] }
        return parts
    }
}

extension Printer {
    func kdf(_ options: KDFOptions) -> [String] {
        var parts = ["kdf", options.scheme.rawValue, "--kdd", HexDigits.encode(options.kdd)]
        switch options.keys {
        case .key(let k)?: parts += ["--key", key(k)]
        case .keySet(let enc, let mac, let dek)?: parts += ["--enc", key(enc), "--mac", key(mac), "--dek", key(dek)]
        case .file(let path)?: parts += ["--key-file", Self.word(path)]
        case .environment(let name)?: parts += ["--key-env", Self.word(name)]
        case .keyset(let name)?: parts += ["--keyset", Self.word(name)]
        case nil: break
        }
        return parts
    }
}
