import CardCore
import CardshLanguage

/// The config file (`$XDG_CONFIG_HOME/cardsh/config.toml`): named key sets, AID aliases, defaults.
public struct CardshConfig: Hashable, Sendable {
    /// One `[keysets.NAME]` table. Literal keys stay in the file's text only as long as this value lives.
    public struct Keyset: Hashable, Sendable {
        public enum Keys: Hashable, Sendable {
            /// `key`: one key for ENC, MAC and DEK.
            case single([UInt8])
            /// `enc`, `mac`, `dek`.
            case set(enc: [UInt8], mac: [UInt8], dek: [UInt8])
            /// `key-file`: a file holding one key or three in hex.
            case file(String)
        }

        public var name: String
        /// The table header's line.
        public var line: Int
        /// SCP03 static keys; nil when the set holds only SCP11 files.
        public var keys: Keys?
        public var kvn: Int?
        public var level: SecurityLevelSpec?
        public var mode: SCP03Mode?
        /// SCP11 OCE certificate (chain) file, PEM or DER.
        public var oceCertificate: String?
        /// SCP11 OCE private key file.
        public var oceKey: String?
        /// SCP11 certificate authority (CA-KLOC) file.
        public var certificateAuthority: String?

        /// Literal key bytes are written in the file (not a key file).
        public var holdsLiteralKeys: Bool {
            switch keys {
            case .single?, .set?: return true
            case .file?, nil: return false
            }
        }
    }

    /// The `[defaults]` table: starting values for the session.
    public struct Defaults: Hashable, Sendable {
        /// A reader number, `sim`, or a reader name or unique part of one.
        public var reader: String?
        public var output: Settings.Output?
        public var color: Settings.ColorChoice?
        public var trace: Settings.Trace?

        public init(reader: String? = nil, output: Settings.Output? = nil, color: Settings.ColorChoice? = nil,
                    trace: Settings.Trace? = nil) {
            self.reader = reader
            self.output = output
            self.color = color
            self.trace = trace
        }
    }

    public var keysets: [String: Keyset] = [:]
    /// Alias name -> AID, as written (lookup ignores case).
    public var aliases: [String: [UInt8]] = [:]
    public var defaults = Defaults()

    public init() {}

    public static let keysetKeys = [
        "enc", "mac", "dek", "key", "key-file", "kvn", "level", "mode", "oce-cert", "oce-key", "ca",
    ]
    public static let defaultsKeys = ["reader", "output", "color", "trace"]
    public static let tables = ["keysets.NAME", "aliases", "defaults"]

    /// The AID an alias names, ignoring case.
    public func aid(forAlias name: String) -> [UInt8]? {
        if let aid = aliases[name] { return aid }
        let lower = name.lowercased()
        return aliases.first { $0.key.lowercased() == lower }?.value
    }

    /// Reads and checks a config file's text. Every problem is an error; nothing falls back to a default.
    public init(parsing text: String) throws(ConfigError) {
        let document = try TOMLDocument(parsing: text)
        for table in document.tables {
            switch table.path.first {
            case nil:
                if let entry = table.entries.first {
                    throw .unknownKey(table: "", key: entry.key, line: entry.line, allowed: [])
                }
            case "keysets" where table.path.count == 2:
                let keyset = try Self.keyset(table)
                keysets[keyset.name] = keyset
            case "keysets" where table.path.count == 1 && table.entries.isEmpty:
                continue
            case "aliases" where table.path.count == 1:
                for entry in table.entries {
                    let hex = try Self.string(entry, expected: "a string of hex (the AID)")
                    let aid = try Self.hexBytes(hex, key: entry.key, line: entry.line)
                    // ISO 7816-4 §8.2.1.2: an AID is 5 to 16 bytes.
                    guard (5...16).contains(aid.count) else {
                        throw .invalidAIDLength(alias: entry.key, length: aid.count, line: entry.line)
                    }
                    aliases[entry.key] = aid
                }
            case "defaults" where table.path.count == 1:
                defaults = try Self.defaults(table)
            default:
                throw .unknownTable(name: table.name, line: table.line, allowed: Self.tables)
            }
        }
    }

    private static func defaults(_ table: TOMLDocument.Table) throws(ConfigError) -> Defaults {
        var defaults = Defaults()
        for entry in table.entries {
            switch entry.key {
            case "reader":
                defaults.reader = try string(entry, expected: "a string (reader name, number or sim)")
            case "output":
                defaults.output = try choice(entry, Settings.Output.self)
            case "color":
                if case .boolean(let on) = entry.value {
                    defaults.color = on ? .on : .off
                } else {
                    defaults.color = try choice(entry, Settings.ColorChoice.self)
                }
            case "trace":
                defaults.trace = try choice(entry, Settings.Trace.self)
            default:
                throw .unknownKey(table: "defaults", key: entry.key, line: entry.line, allowed: defaultsKeys)
            }
        }
        return defaults
    }

    private static func keyset(_ table: TOMLDocument.Table) throws(ConfigError) -> Keyset {
        let name = table.path[1]
        var keyset = Keyset(name: name, line: table.line)
        var literal: [String: [UInt8]] = [:]
        var keyFile: String?
        for entry in table.entries {
            switch entry.key {
            case "enc", "mac", "dek", "key":
                let hex = try string(entry, expected: "a string of hex")
                let bytes = try hexBytes(hex, key: entry.key, line: entry.line)
                // GP Amd D v1.1.2 §4.1: AES-128, -192 or -256.
                guard [16, 24, 32].contains(bytes.count) else {
                    throw .invalidKeyLength(key: entry.key, length: bytes.count, line: entry.line)
                }
                literal[entry.key] = bytes
            case "key-file":
                keyFile = try string(entry, expected: "a string (a path)")
            case "kvn":
                guard case .integer(let kvn) = entry.value else {
                    throw .wrongType(key: "kvn", line: entry.line, expected: "an integer", found: entry.value.typeName)
                }
                guard (0...255).contains(kvn) else {
                    throw .outOfRange(key: "kvn", value: kvn, line: entry.line, range: 0...255)
                }
                keyset.kvn = kvn
            case "level":
                keyset.level = try level(entry)
            case "mode":
                keyset.mode = try choice(entry, SCP03Mode.self)
            case "oce-cert":
                keyset.oceCertificate = try string(entry, expected: "a string (a path)")
            case "oce-key":
                keyset.oceKey = try string(entry, expected: "a string (a path)")
            case "ca":
                keyset.certificateAuthority = try string(entry, expected: "a string (a path)")
            default:
                throw .unknownKey(table: table.name, key: entry.key, line: entry.line, allowed: keysetKeys)
            }
        }
        var sources: [String] = []
        if literal["key"] != nil { sources.append("key") }
        if !["enc", "mac", "dek"].allSatisfy({ literal[$0] == nil }) { sources.append("enc/mac/dek") }
        if keyFile != nil { sources.append("key-file") }
        if sources.count > 1 { throw .conflictingKeySources(keyset: name, line: table.line, sources: sources) }
        if let key = literal["key"] {
            keyset.keys = .single(key)
        } else if let path = keyFile {
            keyset.keys = .file(path)
        } else if sources == ["enc/mac/dek"] {
            guard let enc = literal["enc"], let mac = literal["mac"], let dek = literal["dek"] else {
                let missing = ["enc", "mac", "dek"].filter { literal[$0] == nil }
                throw .incompleteKeySet(keyset: name, line: table.line, missing: missing)
            }
            keyset.keys = .set(enc: enc, mac: mac, dek: dek)
        }
        return keyset
    }

    /// A security level name, or the EXTERNAL AUTHENTICATE P1 byte as an integer (GP Amd D v1.1.2 §7.1.2.1).
    private static func level(_ entry: TOMLDocument.Entry) throws(ConfigError) -> SecurityLevelSpec {
        switch entry.value {
        case .integer(let p1):
            guard (0...255).contains(p1) else {
                throw .outOfRange(key: "level", value: p1, line: entry.line, range: 0...255)
            }
            return .raw(UInt8(p1))
        case .string(let name):
            guard let level = SecurityLevelSpec(name: name) else {
                throw .invalidChoice(key: "level", value: name, line: entry.line, allowed: SecurityLevelSpec.names)
            }
            return level
        case .boolean:
            throw .wrongType(key: "level", line: entry.line, expected: "a level name or an integer", found: "a boolean")
        }
    }

    private static func string(_ entry: TOMLDocument.Entry, expected: String) throws(ConfigError) -> String {
        guard case .string(let text) = entry.value else {
            throw .wrongType(key: entry.key, line: entry.line, expected: expected, found: entry.value.typeName)
        }
        return text
    }

    private static func choice<T: RawRepresentable & CaseIterable>(_ entry: TOMLDocument.Entry, _: T.Type)
        throws(ConfigError) -> T where T.RawValue == String
    {
        let allowed = T.allCases.map(\.rawValue)
        let text = try string(entry, expected: "one of " + allowed.joined(separator: ", "))
        guard let value = T(rawValue: text.lowercased()) else {
            throw .invalidChoice(key: entry.key, value: text, line: entry.line, allowed: allowed)
        }
        return value
    }

    private static func hexBytes(_ text: String, key: String, line: Int) throws(ConfigError) -> [UInt8] {
        do {
            return try Hex.parse(text)
        } catch {
            throw .invalidHex(key: key, line: line)
        }
    }
}
