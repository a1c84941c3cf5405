import CardCore
import CardCrypto

/// The three SCP11 variants (GP Amd F v1.4 §2.2): b authenticates the card only; a and c also the OCE, c with
/// a precomputable, replayable script.
public enum SCP11Variant: String, Sendable, Hashable, CaseIterable {
    case a, b, c

    /// Default key identifier of the SD key for this variant (GP Amd F §4.3: 11, 13, 15).
    public var defaultKID: UInt8 {
        switch self {
        case .a: return 0x11
        case .b: return 0x13
        case .c: return 0x15
        }
    }

    /// The i-parameter sent in tag 90 (GP Amd F §7.1.1: 01 for a, 00 for b, 03 for c).
    public var iParameter: UInt8 {
        switch self {
        case .a: return 0x01
        case .b: return 0x00
        case .c: return 0x03
        }
    }

    /// INS of the authenticate command: 88 INTERNAL AUTHENTICATE (b), 82 MUTUAL AUTHENTICATE (a, c).
    public var authenticateINS: UInt8 { self == .b ? 0x88 : 0x82 }

    /// The variant a key identifier stands for, when it is one of the default ones.
    public init?(kid: UInt8) {
        guard let variant = Self.allCases.first(where: { $0.defaultKID == kid }) else { return nil }
        self = variant
    }

    /// The variant named by an i-parameter's low bits.
    public init?(iParameter: UInt8) {
        guard let variant = Self.allCases.first(where: { $0.iParameter == iParameter & 0x03 }) else { return nil }
        self = variant
    }
}

/// How PERFORM SECURITY OPERATION carries a certificate longer than 255 bytes.
public enum SCP11CertificateTransfer: Sendable, Hashable {
    /// One command per certificate, extended Lc when needed.
    case extendedLength
    /// ISO 7816-4 §5.3.3 command chaining in blocks of `blockSize` bytes: CLA b5 and P1 b8 set on every block but
    /// the last (as OpenSCP-Java sends it).
    case commandChaining(blockSize: Int)
}

/// What the host needs to open SCP11.
public struct SCP11Parameters {
    public var variant: SCP11Variant
    /// Key version number of the SD key (P1 of the authenticate command).
    public var kvn: UInt8
    /// Key identifier of the SD key (P2); defaults to the variant's (11, 13, 15).
    public var kid: UInt8
    /// PK.SD.ECKA: the card's static public key, from its verified certificate chain.
    public var sdPublicKey: ECPublicKey
    /// SK.OCE.ECKA: the OCE static private key (SCP11a/c only).
    public var oceKey: ECPrivateKey?
    /// The OCE certificates to upload, in sending order: the one signed by the card's trust anchor first,
    /// the OCE ECKA certificate last (X.509 DER or GP 7F21, sent as given).
    public var oceCertificates: [[UInt8]]
    /// Key version number and identifier of the OCE key (PSO P1 and P2 b7-b1).
    public var oceKVN: UInt8
    public var oceKID: UInt8
    /// Session key length in bytes: 16, 24 or 32.
    public var keyLength: Int
    /// MAC length of the session: S8 (8 bytes) or S16 (16).
    public var mode: SCP03Mode
    /// C-MAC+C-DEC+R-MAC+R-ENC (the default) or C-MAC+R-MAC.
    public var level: SecurityLevel
    /// Hash of the X9.63 KDF; SHA-256 as recorded sessions with P-256 and P-384 use (GP Amd F §3.1.2).
    public var kdfHash: HashAlgorithm
    /// Host identifier (tag 84) to bind into the shared info, with i-parameter b3 set (GP Amd F §3.1.2, §5.1,
    /// §7.6.2.3); nil for none. Checked only against this package's card side, not a recorded session.
    public var hostID: [UInt8]?
    /// The card's identity, bound into the shared info after the host ID; required with a host ID.
    public var cardIdentity: SCP11CardIdentity?
    /// A fixed OCE ephemeral key pair. INSECURE: only for reproducing a recorded session; nil draws a fresh one.
    public var ephemeralKey: ECPrivateKey?
    public var certificateTransfer: SCP11CertificateTransfer
    /// CLA of the handshake commands (80, with logical channel bits if any).
    public var cla: UInt8
    public var options: SecureMessagingOptions

    public init(
        variant: SCP11Variant, kvn: UInt8, kid: UInt8? = nil, sdPublicKey: ECPublicKey, oceKey: ECPrivateKey? = nil,
        oceCertificates: [[UInt8]] = [], oceKVN: UInt8? = nil, oceKID: UInt8 = 0x10, keyLength: Int = 16,
        mode: SCP03Mode = .s8, level: SecurityLevel = .cmacCdecRmacRenc, kdfHash: HashAlgorithm = .sha256,
        hostID: [UInt8]? = nil, cardIdentity: SCP11CardIdentity? = nil, ephemeralKey: ECPrivateKey? = nil,
        certificateTransfer: SCP11CertificateTransfer = .extendedLength, cla: UInt8 = 0x80,
        options: SecureMessagingOptions = .init()
    ) {
        self.variant = variant
        self.kvn = kvn
        self.kid = kid ?? variant.defaultKID
        self.sdPublicKey = sdPublicKey
        self.oceKey = oceKey
        self.oceCertificates = oceCertificates
        self.oceKVN = oceKVN ?? kvn
        self.oceKID = oceKID
        self.keyLength = keyLength
        self.mode = mode
        self.level = level
        self.kdfHash = kdfHash
        self.hostID = hostID
        self.cardIdentity = cardIdentity
        self.ephemeralKey = ephemeralKey
        self.certificateTransfer = certificateTransfer
        self.cla = cla
        self.options = options
    }
}

@available(*, unavailable)
extension SCP11Parameters: Sendable {}
