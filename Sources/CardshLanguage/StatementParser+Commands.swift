/// Builds the typed command from the arguments of each table entry.
extension StatementParser {
    mutating func build(_ a: Arguments) -> Command? {
        // A missing positional was reported by `collect`.
        guard a.positionals.count >= a.spec.positionals.filter({ !$0.optional }).count else { return nil }
        switch a.path {
        case "readers": return .readers
        case "connect": return buildConnect(a)
        case "disconnect": return .disconnect
        case "reset":
            guard let token = a.positionals.first else { return .reset(.warm) }
            return choice(token, choices: ["warm", "cold"], what: "reset KIND").flatMap(ResetKind.init(rawValue:)).map(
                Command.reset)
        case "channel":
            return number(a.positionals[0], range: 0...19, what: "channel N").map(Command.channelSwitch)
        case "channel open": return .channelOpen
        case "channel close":
            guard let token = a.positionals.first else { return .channelClose(nil) }
            return number(token, range: 1...19, what: "channel close N").map(Command.channelClose)
        case "select": return buildSelect(a)
        case "apdu": return buildAPDU(a)
        case "atr":
            guard !a.positionals.isEmpty else { return .atr(nil) }
            guard let bytes = hex(a.positionals) else { return nil }
            // ISO 7816-3 §8.1: TS and T0 at least, 33 bytes at most.
            guard
                checkLength(
                    bytes, allowed: Array(2...33), what: "ATR", description: "2 to 33 bytes", tokens: a.positionals)
            else { return nil }
            return .atr(bytes)
        case "explain":
            guard let bytes = hex(a.positionals) else { return nil }
            guard checkAPDUHeader(bytes, tokens: a.positionals) else { return nil }
            return .explain(bytes)
        case "sw":
            guard let bytes = hex(a.positionals) else { return nil }
            guard
                checkLength(
                    bytes, allowed: [2], what: "a status word", description: "2 bytes (4 hex digits)",
                    tokens: a.positionals)
            else { return nil }
            return .sw(UInt16(bytes[0]) << 8 | UInt16(bytes[1]))
        case "tlv": return hex(a.positionals).map(Command.tlv)
        case "history":
            guard let token = a.positionals.first else { return .history(last: nil) }
            return number(token, range: 1...1_000_000, what: "history N").map { .history(last: $0) }
        case "help": return buildHelp(a)
        case "set": return .set(nil)
        case "set output", "set trace", "set autoget", "set color", "set mode": return buildSetting(a)
        case "scp03 open": return buildSCP03Open(a)
        case "scp close": return .scpClose
        case "scp status": return .scpStatus
        case "gp status":
            let scope = GPStatusScope.allCases.first { a.has($0.rawValue) }
            return .gpStatus(GPStatusOptions(scope: scope, raw: a.has("raw")))
        case "gp data": return buildGPData(a)
        case "gp keys": return .gpKeys
        case "run": return path(a).map { .run(path: $0) }
        case "save": return path(a).map { .save(path: $0) }
        case "record": return path(a).map { .record(path: $0) }
        case "record stop": return .recordStop
        case "replay": return path(a).map { .replay(path: $0, check: a.has("check")) }
        case "expect sw": return statusWordPatterns(a.positionals).map(Command.expectSW)
        case "expect data": return hexPattern(a.positionals).map(Command.expectData)
        case "quit": return .quit
        case "kdf": return buildKDF(a)
        case "gp put-key": return buildPutKey(a)
        case "gp delete-key": return buildDeleteKey(a)
        case "scp11 open": return buildSCP11Open(a)
        case "gp certs": return buildGPCerts(a)
        default: preconditionFailure("no builder for table entry \(a.path)")
        }
    }

    private mutating func path(_ a: Arguments) -> String? {
        let token = a.positionals[0]
        guard !token.text.isEmpty else {
            report("\(a.path) needs a path, found an empty string", at: token)
            return nil
        }
        return token.text
    }

    /// CLA INS P1 P2 at least (ISO 7816-4 §5.1).
    private mutating func checkAPDUHeader(_ bytes: [UInt8], tokens: [Token]) -> Bool {
        guard bytes.count < 4 else { return true }
        let first = tokens.first!
        report(
            "an APDU needs at least 4 bytes (CLA INS P1 P2), found \(bytes.count)", at: first.column,
            length: tokens.last!.endColumn - first.column)
        return false
    }

    private mutating func buildConnect(_ a: Arguments) -> Command? {
        var options = ConnectOptions()
        if a.positionals.count == 1, let token = a.positionals.first, !token.quoted {
            if token.text.allSatisfy({ $0.isASCII && $0.isNumber }) {
                guard let index = number(token, range: 0...999, what: "connect N") else { return nil }
                options.target = .index(index)
            } else if token.text.lowercased() == "sim" {
                options.target = .sim
            }
        } else if a.positionals.count == 2, !a.positionals[0].quoted, a.positionals[0].text.lowercased() == "transcript" {
            options.target = .transcript(a.positionals[1].text)
        }
        if options.target == nil, !a.positionals.isEmpty {
            let name = a.positionals.map(\.text).joined(separator: " ")
            guard !name.isEmpty else {
                report("connect needs \(ValueKind.reader.phrase), found an empty string", at: a.positionals[0])
                return nil
            }
            options.target = .name(name)
        }
        if case .word(let word)? = a.first("protocol")?.value {
            options.protocolPreference = ProtocolPreference(rawValue: word)
        }
        if a.has("exclusive") { options.shareMode = .exclusive }
        if a.has("shared") { options.shareMode = .shared }
        return .connect(options)
    }

    /// A token meant as an AID: hex-looking, or long and nearly all hex (a typo in an AID).
    static func looksLikeAIDWord(_ token: Token) -> Bool {
        guard !token.quoted else { return false }
        if looksLikeHex(token.text) { return true }
        let nonHex = token.text.filter { HexDigits.value($0) == nil }.count
        return token.text.count >= 10 && nonHex <= 2
    }

    private mutating func buildSelect(_ a: Arguments) -> Command? {
        var options = SelectOptions()
        if let first = a.positionals.first {
            if Self.looksLikeAIDWord(first) {
                // An AID may be written in several tokens; a later word that is not hex is a stray argument.
                var aidTokens: [Token] = []
                for token in a.positionals {
                    if Self.looksLikeAIDWord(token) || HexDigits.isHex(token.text) {
                        aidTokens.append(token)
                    } else {
                        report("unexpected argument \"\(token.text)\"; usage: \(a.spec.usage)", at: token)
                    }
                }
                guard aidTokens.count == a.positionals.count else { return nil }
                guard let aid = hex(a.positionals) else { return nil }
                // ISO 7816-4 §8.2.1.2: an AID is 5 to 16 bytes.
                guard
                    checkLength(
                        aid, allowed: Array(5...16), what: "an AID", description: "5 to 16 bytes", tokens: a.positionals
                    )
                else { return nil }
                options.target = .aid(aid)
            } else {
                for extra in a.positionals.dropFirst() {
                    report("unexpected argument \"\(extra.text)\"; usage: \(a.spec.usage)", at: extra)
                }
                guard !first.text.isEmpty else {
                    report("select needs \(ValueKind.aidOrName.phrase), found an empty string", at: first)
                    return nil
                }
                options.target = .name(first.text)
            }
        }
        options.next = a.has("next")
        options.response = SelectResponse.allCases.first { a.has($0.rawValue) }
        if case .number(let p1)? = a.first("p1")?.value { options.p1 = UInt8(p1) }
        if case .number(let p2)? = a.first("p2")?.value { options.p2 = UInt8(p2) }
        return .select(options)
    }

    /// `apdu HEADER DATA...` when the first token is exactly 4 bytes (8 hex digits) and more follow; otherwise one
    /// raw APDU, sent unchanged.
    private mutating func buildAPDU(_ a: Arguments) -> Command? {
        guard let bytes = hex(a.positionals) else { return nil }
        guard checkAPDUHeader(bytes, tokens: a.positionals) else { return nil }
        let strict = a.has("raw")
        var expect: [StatusWordPattern] = []
        for given in a.all("expect-sw") {
            if case .patterns(let patterns) = given.value { expect += patterns }
        }
        let headerToken = a.positionals[0]
        let headerIsSplit =
            a.positionals.count > 1 && headerToken.text.filter({ HexDigits.value($0) != nil }).count == 8
        let le = a.first("le")
        if headerIsSplit || (le != nil && a.positionals.count == 1 && bytes.count == 4) {
            var leValue: Int? = nil
            if case .number(let n)? = le?.value { leValue = n }
            let data = Array(bytes.dropFirst(4))
            // ISO 7816-4 §5.1: Nc is at most 65535.
            guard data.count <= 65535 else {
                report("APDU data must be at most 65535 bytes, found \(data.count)", at: a.positionals[1])
                return nil
            }
            return .apdu(
                .parts(header: Array(bytes.prefix(4)), data: data, le: leValue), strict: strict, expectSW: expect)
        }
        if let le {
            report(
                "--le needs the HEADER DATA form (first token exactly 4 bytes, then the data); "
                    + "this APDU is raw (\(bytes.count) bytes), so its Le is already in its bytes",
                at: le.token)
            return nil
        }
        return .apdu(.raw(bytes), strict: strict, expectSW: expect)
    }

    private mutating func buildHelp(_ a: Arguments) -> Command? {
        guard let commandToken = a.positionals.first else { return .help(command: nil, subcommand: nil) }
        // Response references: a help topic that is not a command.
        if a.positionals.count == 1, commandToken.text.lowercased() == "variables" {
            return .help(command: "variables", subcommand: nil)
        }
        guard let spec = CommandTable.spec(named: commandToken.text.lowercased()) else {
            report(
                Suggest.unknown(
                    "command", commandToken.text, among: CommandTable.allNames, hint: "type help for the list"),
                at: commandToken)
            return nil
        }
        guard a.positionals.count > 1 else { return .help(command: spec.name, subcommand: nil) }
        let subToken = a.positionals[1]
        guard let sub = spec.subcommand(named: subToken.text.lowercased()) else {
            if spec.subcommands.isEmpty {
                report("\(spec.name) has no subcommands, found \"\(subToken.text)\"", at: subToken)
            } else {
                report(
                    Suggest.unknown(
                        "subcommand", subToken.text, among: spec.subcommands.map(\.name), context: " for \(spec.name)",
                        hint: "expected one of: " + spec.subcommands.map(\.name).joined(separator: ", "),
                        alwaysHint: true),
                    at: subToken)
            }
            return nil
        }
        return .help(command: spec.name, subcommand: sub.name)
    }

    private mutating func buildSetting(_ a: Arguments) -> Command? {
        guard case .choice(let choices) = a.spec.positionals[0].kind else {
            preconditionFailure("set entry without choices")
        }
        guard let word = choice(a.positionals[0], choices: choices, what: a.path) else { return nil }
        switch a.spec.name {
        case "output": return OutputFormat(rawValue: word).map { .set(.output($0)) }
        case "trace": return TraceMode(rawValue: word).map { .set(.trace($0)) }
        case "autoget": return .set(.autoget(word == "on"))
        case "color": return ColorMode(rawValue: word).map { .set(.color($0)) }
        case "mode": return APDUMode(rawValue: word).map { .set(.mode($0)) }
        default: preconditionFailure("no setting \(a.spec.name)")
        }
    }

    private mutating func buildGPData(_ a: Arguments) -> Command? {
        let token = a.positionals[0]
        if let name = GPDataName(rawValue: token.text.lowercased()) { return .gpData(.named(name)) }
        let names = GPDataName.allCases.map(\.rawValue)
        guard !token.quoted, HexDigits.isHex(token.text) || Self.isNumberLike(token.text) else {
            report(
                Suggest.needs("gp data", ValueKind.choiceOrTag(names).phrase, found: token.text, among: names),
                at: token)
            return nil
        }
        guard let tag = hex([token]) else { return nil }
        guard
            checkLength(tag, allowed: [1, 2], what: "a data object tag", description: "1 or 2 bytes", tokens: [token])
        else { return nil }
        return .gpData(.tag(tag))
    }

    private mutating func keyBytes(_ a: Arguments, _ long: String) -> [UInt8]? {
        guard let given = a.first(long), case .bytes(let bytes) = given.value else { return nil }
        // GP Amd D v1.1.2 §4.1: AES-128, AES-192 or AES-256 keys.
        guard [16, 24, 32].contains(bytes.count) else {
            report("--\(long) must be 16, 24 or 32 bytes (AES-128/192/256), found \(bytes.count)", at: given.token)
            return nil
        }
        return bytes
    }

    /// The one key source of `scp03 open` or `kdf`: --key, the --enc/--mac/--dek set, --key-file, --key-env or
    /// --keyset. Reports a second source and an incomplete set; `ok` is false after such a report.
    mutating func keySource(_ a: Arguments) -> (first: GivenOption?, ok: Bool) {
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
        guard let first = sources.first else { return (nil, true) }
        var ok = sources.count == 1
        let missing = ["enc", "mac", "dek"].filter { !a.has($0) }.map { "--" + $0 }
        if ok, first.name == "--enc/--mac/--dek", !missing.isEmpty {
            report(
                "--enc, --mac and --dek come as a set of three; missing \(missing.joined(separator: ", "))",
                at: first.given.token)
            ok = false
        }
        return (first.given, ok)
    }

    private mutating func buildSCP03Open(_ a: Arguments) -> Command? {
        var options = SCP03OpenOptions()
        if case .number(let n)? = a.first("kvn")?.value { options.kvn = n }
        if case .number(let n)? = a.first("kid")?.value { options.kid = n }
        if case .level(let level)? = a.first("level")?.value { options.level = level }
        if a.has("s8") { options.mode = .s8 }
        if a.has("s16") && !a.has("s8") { options.mode = .s16 }

        _ = keySource(a)
        let key = keyBytes(a, "key")
        let enc = keyBytes(a, "enc")
        let mac = keyBytes(a, "mac")
        let dek = keyBytes(a, "dek")
        if let key {
            options.keys = .key(key)
        } else if let enc, let mac, let dek {
            options.keys = .keySet(enc: enc, mac: mac, dek: dek)
        } else if case .word(let path)? = a.first("key-file")?.value {
            options.keys = .file(path)
        } else if case .word(let name)? = a.first("key-env")?.value {
            options.keys = .environment(name)
        } else if case .word(let name)? = a.first("keyset")?.value {
            options.keys = .keyset(name)
        }

        if let given = a.first("host-challenge"), case .bytes(let challenge) = given.value {
            // GP Amd D v1.1.2 §6.2.2.1: the host challenge is 8 bytes in S8 mode, 16 in S16 mode.
            switch options.mode {
            case .s8? where challenge.count != 8:
                report("--host-challenge must be 8 bytes with --s8, found \(challenge.count)", at: given.token)
            case .s16? where challenge.count != 16:
                report("--host-challenge must be 16 bytes with --s16, found \(challenge.count)", at: given.token)
            case nil where challenge.count != 8 && challenge.count != 16:
                report(
                    "--host-challenge must be 8 bytes (S8) or 16 bytes (S16), found \(challenge.count)", at: given.token
                )
            default:
                options.hostChallenge = challenge
            }
        }
        if case .word(let word)? = a.first("diversify")?.value { options.diversify = KeyDiversification(rawValue: word) }
        return .scp03Open(options)
    }
}
