/// One parsed command: one case per command of the language, with typed payloads.
///
/// Hex values are bytes; numbers are already range-checked by the parser.
public enum Command: Hashable, Sendable {
    case readers
    case connect(ConnectOptions)
    case disconnect
    case reset(ResetKind)
    /// The ATR to parse, or nil for the connected card's.
    case atr([UInt8]?)
    case select(SelectOptions)
    /// `strict` is `--raw`: send exactly these bytes, no GET RESPONSE or 6Cxx help.
    case apdu(APDUBody, strict: Bool = false, expectSW: [StatusWordPattern] = [])
    case explain([UInt8])
    case sw(UInt16)
    case tlv([UInt8])
    case history(last: Int?)
    /// `!N`: run history entry N again.
    case rerun(Int)
    /// `!!`: run the last history entry again.
    case rerunLast
    case help(command: String?, subcommand: String?)
    /// nil lists all settings.
    case set(Setting?)
    case channelOpen
    case channelClose(Int?)
    case channelSwitch(Int)
    case scp03Open(SCP03OpenOptions)
    case scpClose
    case scpStatus
    case gpStatus(GPStatusOptions)
    case gpData(GPDataObject)
    case gpKeys
    case run(path: String)
    case save(path: String)
    case record(path: String)
    case recordStop
    case replay(path: String, check: Bool)
    case expectSW([StatusWordPattern])
    case expectData(HexPattern)
    case quit
    // Key diversification: derived key check values for given diversification data.
    case kdf(KDFOptions)
    // Key management: PUT KEY and DELETE KEY of SCP03 key sets.
    case gpPutKey(PutKeyOptions)
    case gpDeleteKey(DeleteKeyOptions)
    // SCP11 (GP Amendment F): open the channel, show and export the SD certificate chain.
    case scp11Open(SCP11OpenOptions)
    case gpCerts(GPCertsOptions)
}

public enum ResetKind: String, Hashable, Sendable, CaseIterable {
    case warm
    case cold
}

public enum ConnectTarget: Hashable, Sendable {
    /// Position in the `readers` list.
    case index(Int)
    /// The built-in virtual card.
    case sim
    /// A reader name or a unique case-insensitive part of one.
    case name(String)
    // Transcript as a card.
    /// A recorded transcript that answers in place of a card: `connect transcript PATH`.
    case transcript(String)
}

public enum ProtocolPreference: String, Hashable, Sendable, CaseIterable {
    case t0
    case t1
    case any
}

public enum ShareMode: String, Hashable, Sendable, CaseIterable {
    case exclusive
    case shared
}

public struct ConnectOptions: Hashable, Sendable {
    /// nil: pick automatically.
    public var target: ConnectTarget?
    public var protocolPreference: ProtocolPreference?
    public var shareMode: ShareMode?

    public init(
        target: ConnectTarget? = nil, protocolPreference: ProtocolPreference? = nil, shareMode: ShareMode? = nil
    ) {
        self.target = target
        self.protocolPreference = protocolPreference
        self.shareMode = shareMode
    }
}

public enum SelectTarget: Hashable, Sendable {
    /// `select` alone: the MF or default application (P1=00, no data).
    case `default`
    /// 5 to 16 bytes (ISO 7816-4 §8.2.1.2).
    case aid([UInt8])
    /// A well-known name, resolved by the engine.
    case name(String)
}

/// What the SELECT asks the card to return (ISO 7816-4 §11.1.1, P2 bits 4-3).
public enum SelectResponse: String, Hashable, Sendable, CaseIterable {
    case fcp
    case fci
    case fmd
    case none = "no-response"
}

public struct SelectOptions: Hashable, Sendable {
    public var target: SelectTarget
    /// Next occurrence (P2 bits 2-1 = 10).
    public var next: Bool
    public var response: SelectResponse?
    public var p1: UInt8?
    public var p2: UInt8?

    public init(
        target: SelectTarget = .default, next: Bool = false, response: SelectResponse? = nil, p1: UInt8? = nil,
        p2: UInt8? = nil
    ) {
        self.target = target
        self.next = next
        self.response = response
        self.p1 = p1
        self.p2 = p2
    }
}

/// The bytes of an `apdu` command.
public enum APDUBody: Hashable, Sendable {
    /// Send as written.
    case raw([UInt8])
    /// CLA INS P1 P2, then the data (Lc computed) and an optional Le (0...65536; ISO 7816-4 §5.1).
    case parts(header: [UInt8], data: [UInt8], le: Int?)
}

public enum Setting: Hashable, Sendable {
    case output(OutputFormat)
    case trace(TraceMode)
    case autoget(Bool)
    case color(ColorMode)
    case mode(APDUMode)
}

public enum OutputFormat: String, Hashable, Sendable, CaseIterable {
    case text
    case json
}

public enum TraceMode: String, Hashable, Sendable, CaseIterable {
    case off
    case wire
    case plain
    case both
}

public enum ColorMode: String, Hashable, Sendable, CaseIterable {
    case auto
    case on
    case off
}

public enum APDUMode: String, Hashable, Sendable, CaseIterable {
    case iso
    case raw
}

/// Where the static SCP03 keys come from. Literal keys are 16, 24 or 32 bytes.
public enum KeySource: Hashable, Sendable {
    /// One key used as ENC, MAC and DEK.
    case key([UInt8])
    case keySet(enc: [UInt8], mac: [UInt8], dek: [UInt8])
    case file(String)
    /// Name of an environment variable holding the key(s) in hex.
    case environment(String)
    /// Name of a key set in the config file (`[keysets.NAME]`).
    case keyset(String)
}

/// The SCP03 security level (GP Amd D v1.1.2 §5.1, EXTERNAL AUTHENTICATE P1).
public enum SecurityLevelSpec: Hashable, Sendable {
    case none
    case cmac
    case cmacCdec
    case cmacRmac
    case cmacCdecRmac
    case cmacCdecRmacRenc
    /// The P1 byte as given.
    case raw(UInt8)

    /// Names in the order they are offered, each the exact spelling the parser accepts.
    public static let names = ["none", "cmac", "cmac+cdec", "cmac+rmac", "cmac+cdec+rmac", "cmac+cdec+rmac+renc"]

    public init?(name: String) {
        switch name.lowercased() {
        case "none": self = .none
        case "cmac": self = .cmac
        case "cmac+cdec": self = .cmacCdec
        case "cmac+rmac": self = .cmacRmac
        case "cmac+cdec+rmac": self = .cmacCdecRmac
        case "cmac+cdec+rmac+renc": self = .cmacCdecRmacRenc
        default: return nil
        }
    }

    /// The EXTERNAL AUTHENTICATE P1 byte: C-MAC 01, C-DEC 02, R-MAC 10, R-ENC 20 (GP Amd D v1.1.2 §7.1.2.1).
    public var p1: UInt8 {
        switch self {
        case .none: return 0x00
        case .cmac: return 0x01
        case .cmacCdec: return 0x03
        case .cmacRmac: return 0x11
        case .cmacCdecRmac: return 0x13
        case .cmacCdecRmacRenc: return 0x33
        case .raw(let value): return value
        }
    }
}

public enum SCP03Mode: String, Hashable, Sendable, CaseIterable {
    /// 8-byte challenges and cryptograms.
    case s8
    /// 16-byte challenges and cryptograms.
    case s16
}

public struct SCP03OpenOptions: Hashable, Sendable {
    public var kvn: Int?
    public var kid: Int?
    /// nil: the engine's default (the GP test key set).
    public var keys: KeySource?
    public var level: SecurityLevelSpec?
    public var mode: SCP03Mode?
    /// 8 bytes (S8) or 16 bytes (S16).
    public var hostChallenge: [UInt8]?
    /// The keys given are master keys; the card's keys are derived from its key diversification data.
    public var diversify: KeyDiversification?

    public init(
        kvn: Int? = nil, kid: Int? = nil, keys: KeySource? = nil, level: SecurityLevelSpec? = nil,
        mode: SCP03Mode? = nil, hostChallenge: [UInt8]? = nil, diversify: KeyDiversification? = nil
    ) {
        self.kvn = kvn
        self.kid = kid
        self.keys = keys
        self.level = level
        self.mode = mode
        self.hostChallenge = hostChallenge
        self.diversify = diversify
    }
}

/// Which part of the registry GET STATUS lists (GP Card Spec v2.3.1 §11.4.2, P1).
public enum GPStatusScope: String, Hashable, Sendable, CaseIterable {
    case isd
    case apps
    case files
    case modules
}

public struct GPStatusOptions: Hashable, Sendable {
    /// nil: everything.
    public var scope: GPStatusScope?
    /// Show the raw response without decoding.
    public var raw: Bool

    public init(scope: GPStatusScope? = nil, raw: Bool = false) {
        self.scope = scope
        self.raw = raw
    }
}

/// A GET DATA object by well-known name (GP Card Spec v2.3.1 §11.3).
public enum GPDataName: String, Hashable, Sendable, CaseIterable {
    case cplc
    case cardData = "card-data"
    case keyInfo = "key-info"
    case iin
    case cin
    case seqCounter = "seq-counter"
    case confirmCounter = "confirm-counter"
    case capabilities
    case resources
}

public enum GPDataObject: Hashable, Sendable {
    case named(GPDataName)
    /// A tag of 1 or 2 bytes.
    case tag([UInt8])
}
