extension CommandTable {
    /// `scp11 open` (GP Amendment F).
    static let scp11Commands: [CommandSpec] = [
        CommandSpec(
            "scp11", group: .secureChannel, summary: "Open an SCP11a, b or c secure channel (GP Amendment F).",
            usage: "scp11 open a|b|c [options]",
            subcommands: [
                CommandSpec(
                    "open", group: .secureChannel,
                    summary:
                        "Read and check the SD certificate chain, upload the OCE chain (a, c), authenticate; "
                        + "then every APDU is wrapped.",
                    usage: "scp11 open a|b|c [--kvn N] [--kid N] [--oce-kvn N] [--oce-kid N] [--oce-cert PATH]... "
                        + "[--oce-key PATH] [--ca PATH] [--aes 128|192|256] [--s8 | --s16] [--level LEVEL] "
                        + "[--kdf-hash sha256|sha384|sha512] [--host-id HEX] "
                        + "[--ephemeral-key PATH]",
                    positionals: [
                        ArgumentSpec(
                            "VARIANT", .choice(["a", "b", "c"]),
                            summary: "b: the card authenticates; a, c: both sides do (c: replayable scripts)")
                    ],
                    options: [
                        OptionSpec(
                            "kvn", value: .number(0...255),
                            summary: "key version of the SD key (default: from the key information template)"),
                        OptionSpec(
                            "kid", value: .number(0...255),
                            summary: "SD key identifier (default 0x11, 0x13, 0x15 for a, b, c)"),
                        OptionSpec("oce-kvn", value: .number(0...127), summary: "OCE key version (default: --kvn)"),
                        OptionSpec("oce-kid", value: .number(0...127), summary: "OCE key identifier (default 0x10)"),
                        OptionSpec(
                            "oce-cert", value: .path, repeatable: true,
                            summary: "OCE certificate(s), PEM or DER, OCE CA side first; a PEM may hold the chain"),
                        OptionSpec("oce-key", value: .path, summary: "OCE static private key (PEM or DER), a and c"),
                        OptionSpec(
                            "ca", value: .path,
                            summary: "card issuer CA (CA-KLOC) certificate that must sign the SD chain"),
                        OptionSpec(
                            "aes", value: .choice(["128", "192", "256"]), summary: "session key size (default 128)"),
                        OptionSpec("s8", summary: "8-byte MACs (default)"),
                        OptionSpec("s16", summary: "16-byte MACs"),
                        OptionSpec(
                            "level", value: .securityLevel,
                            summary: "cmac+cdec+rmac+renc (default) or cmac+rmac"),
                        OptionSpec(
                            "kdf-hash", value: .choice(["sha256", "sha384", "sha512"]),
                            summary: "hash of the X9.63 key derivation (default sha256, as cards use with every curve)"),
                        OptionSpec(
                            "host-id", value: .hex,
                            summary: "host ID (1-255 bytes) bound with the card's SIN and SDIN into the session keys"),
                        OptionSpec(
                            "ephemeral-key", value: .path,
                            summary: "INSECURE: a fixed OCE ephemeral key, only to reproduce a recorded session"),
                    ],
                    exclusive: [["s8", "s16"]],
                    examples: [
                        "scp11 open b", "scp11 open b --ca ca.pem --aes 256",
                        "scp11 open a --oce-cert oce.pem --oce-key oce.key --ca ca.pem",
                        "scp11 open c --kvn 1 --oce-cert oce-ca.pem --oce-cert oce.pem --oce-key oce.key --s16",
                        "scp11 open b --level cmac+rmac",
                        "scp11 open b --host-id 484F535431",
                    ])
            ],
            examples: ["scp11 open b", "scp11 open a --oce-cert oce.pem --oce-key oce.key --ca ca.pem"]),
        CommandSpec(
            "gp", group: .gp, summary: "The SD certificate chain of an SCP11 key.", usage: "gp certs ...",
            subcommands: scp11GPSubcommands, examples: ["gp certs"]),
    ]

    /// `gp certs`: a subcommand of `gp` (folded into it by `CommandTable.merged`).
    static let scp11GPSubcommands: [CommandSpec] = [
        CommandSpec(
            "certs", group: .gp,
            summary: "GET DATA BF21: the SD certificate chain of an SCP11 key, decoded; --export writes PEM files.",
            usage: "gp certs [--kid N] [--kvn N] [--export PATH]",
            options: [
                OptionSpec("kid", value: .number(0...255), summary: "key identifier (default 0x13, SCP11b)"),
                OptionSpec("kvn", value: .number(0...255), summary: "key version (default: from the key information)"),
                OptionSpec(
                    "export", value: .path,
                    summary:
                        "directory: write sd-chain.pem; on the cardsh virtual card also its test PKI "
                        + "(ca.pem, oce.pem, oce.key)"),
            ],
            examples: ["gp certs", "gp certs --kid 0x11 --kvn 1", "gp certs --export pki"])
    ]
}

/// The SCP11 variant named on the command line (GP Amd F §2.2).
public enum SCP11VariantName: String, Hashable, Sendable, CaseIterable {
    case a, b, c
}

public struct SCP11OpenOptions: Hashable, Sendable {
    public var variant: SCP11VariantName
    public var kvn: Int?
    public var kid: Int?
    public var oceKVN: Int?
    public var oceKID: Int?
    /// Paths of OCE certificate files, in the order given.
    public var oceCertificates: [String]
    public var oceKey: String?
    public var ca: String?
    /// 128, 192 or 256.
    public var aesBits: Int?
    public var mode: SCP03Mode?
    public var level: SecurityLevelSpec?
    public var ephemeralKey: String?
    /// Hash of the key derivation: `sha256`, `sha384` or `sha512`; nil for SHA-256.
    public var kdfHash: String?
    /// Host ID for the key derivation (GP Amd F §3.1.2), 1 to 255 bytes.
    public var hostID: [UInt8]?

    public init(
        variant: SCP11VariantName, kvn: Int? = nil, kid: Int? = nil, oceKVN: Int? = nil, oceKID: Int? = nil,
        oceCertificates: [String] = [], oceKey: String? = nil, ca: String? = nil, aesBits: Int? = nil,
        mode: SCP03Mode? = nil, level: SecurityLevelSpec? = nil, ephemeralKey: String? = nil, kdfHash: String? = nil,
        hostID: [UInt8]? = nil
    ) {
        self.kdfHash = kdfHash
        self.hostID = hostID
        self.variant = variant
        self.kvn = kvn
        self.kid = kid
        self.oceKVN = oceKVN
        self.oceKID = oceKID
        self.oceCertificates = oceCertificates
        self.oceKey = oceKey
        self.ca = ca
        self.aesBits = aesBits
        self.mode = mode
        self.level = level
        self.ephemeralKey = ephemeralKey
    }
}

public struct GPCertsOptions: Hashable, Sendable {
    public var kid: Int?
    public var kvn: Int?
    /// Directory to write PEM files into.
    public var export: String?

    public init(kid: Int? = nil, kvn: Int? = nil, export: String? = nil) {
        self.kid = kid
        self.kvn = kvn
        self.export = export
    }
}

extension StatementParser {
    mutating func buildSCP11Open(_ a: Arguments) -> Command? {
        guard
            let name = choice(a.positionals[0], choices: ["a", "b", "c"], what: "scp11 open VARIANT").flatMap(
                SCP11VariantName.init(rawValue:))
        else { return nil }
        var options = SCP11OpenOptions(variant: name)
        if case .number(let n)? = a.first("kvn")?.value { options.kvn = n }
        if case .number(let n)? = a.first("kid")?.value { options.kid = n }
        if case .number(let n)? = a.first("oce-kvn")?.value { options.oceKVN = n }
        if case .number(let n)? = a.first("oce-kid")?.value { options.oceKID = n }
        for given in a.all("oce-cert") {
            if case .word(let path) = given.value { options.oceCertificates.append(path) }
        }
        if case .word(let path)? = a.first("oce-key")?.value { options.oceKey = path }
        if case .word(let path)? = a.first("ca")?.value { options.ca = path }
        if case .word(let bits)? = a.first("aes")?.value { options.aesBits = Int(bits) }
        if a.has("s8") { options.mode = .s8 }
        if a.has("s16") && !a.has("s8") { options.mode = .s16 }
        if let given = a.first("level"), case .level(let level) = given.value {
            // GP Amd F §7.6.2.3: key usage 3C or 34 only.
            switch level {
            case .cmacRmac, .cmacCdecRmacRenc, .raw(0x11), .raw(0x33): options.level = level
            default: report("SCP11 offers cmac+rmac or cmac+cdec+rmac+renc only", at: given.token)
            }
        }
        if case .word(let path)? = a.first("ephemeral-key")?.value { options.ephemeralKey = path }
        if case .word(let hash)? = a.first("kdf-hash")?.value { options.kdfHash = hash }
        if let given = a.first("host-id"), case .bytes(let id) = given.value {
            if (1...255).contains(id.count) {
                options.hostID = id
            } else {
                report("--host-id must be 1 to 255 bytes, found \(id.count)", at: given.token)
            }
        }
        return .scp11Open(options)
    }

    mutating func buildGPCerts(_ a: Arguments) -> Command? {
        var options = GPCertsOptions()
        if case .number(let n)? = a.first("kid")?.value { options.kid = n }
        if case .number(let n)? = a.first("kvn")?.value { options.kvn = n }
        if case .word(let path)? = a.first("export")?.value { options.export = path }
        return .gpCerts(options)
    }
}

extension Printer {
    func scp11Open(_ options: SCP11OpenOptions) -> [String] {
        var parts = ["scp11", "open", options.variant.rawValue]
        if let kvn = options.kvn { parts += ["--kvn", Self.byte(kvn)] }
        if let kid = options.kid { parts += ["--kid", Self.byte(kid)] }
        if let n = options.oceKVN { parts += ["--oce-kvn", Self.byte(n)] }
        if let n = options.oceKID { parts += ["--oce-kid", Self.byte(n)] }
        for path in options.oceCertificates { parts += ["--oce-cert", Self.word(path)] }
        if let path = options.oceKey { parts += ["--oce-key", Self.word(path)] }
        if let path = options.ca { parts += ["--ca", Self.word(path)] }
        if let bits = options.aesBits { parts += ["--aes", String(bits)] }
        if let mode = options.mode { parts.append("--" + mode.rawValue) }
        switch options.level {
        case .cmacRmac?: parts += ["--level", "cmac+rmac"]
        case .cmacCdecRmacRenc?: parts += ["--level", "cmac+cdec+rmac+renc"]
        case .raw(let p1)?: parts += ["--level", Self.byte(Int(p1))]
        default: break
        }
        if let hash = options.kdfHash { parts += ["--kdf-hash", hash] }
        if let id = options.hostID { parts += ["--host-id", HexDigits.encode(id)] }
        if let path = options.ephemeralKey { parts += ["--ephemeral-key", Self.word(path)] }
        return parts
    }

    func gpCerts(_ options: GPCertsOptions) -> [String] {
        var parts = ["gp", "certs"]
        if let kid = options.kid { parts += ["--kid", Self.byte(kid)] }
        if let kvn = options.kvn { parts += ["--kvn", Self.byte(kvn)] }
        if let path = options.export { parts += ["--export", Self.word(path)] }
        return parts
    }
}
