import CardCore
import CardCrypto

/// One SCP11 key of a card: the SD ECKA key pair and its certificate chain, under a key reference.
public struct SCP11CardKey {
    /// Key identifier: 11 (SCP11a), 13 (SCP11b), 15 (SCP11c) by default (GP Amd F §4.3).
    public var kid: UInt8
    public var kvn: UInt8
    /// SK.SD.ECKA (its public key is PK.SD.ECKA).
    public var privateKey: ECPrivateKey
    /// The certificate store returned by GET DATA BF21, anchor side first, the SD ECKA certificate last.
    public var certificates: [[UInt8]]
    /// The variant this key serves; from the KID when it is a default one.
    public var variant: SCP11Variant

    public init(kid: UInt8, kvn: UInt8, privateKey: ECPrivateKey, certificates: [[UInt8]], variant: SCP11Variant? = nil)
    {
        self.kid = kid
        self.kvn = kvn
        self.privateKey = privateKey
        self.certificates = certificates
        self.variant = variant ?? SCP11Variant(kid: kid) ?? .b
    }
}

@available(*, unavailable)
extension SCP11CardKey: Sendable {}

/// Why the card side refused a step; kept for display and tests, the host only sees the SW.
public enum SCP11CardRejection: Equatable, Sendable {
    /// An uploaded OCE certificate does not parse or verify (answered 6A80).
    case oceCertificate(CertificateError)
    /// No key with this KVN and KID (6A88).
    case unknownKey(kvn: UInt8, kid: UInt8)
    /// The command's INS does not fit the key's variant, or the i-parameter does not (6A86 / 6A80).
    case variantMismatch(key: SCP11Variant, ins: UInt8, iParameter: UInt8)
    /// A data object of the authenticate command is missing or wrong (6A80).
    case malformed(SCP11Field)
    /// SCP11a/c without a verified OCE certificate from PSO (6985).
    case noOCECertificate
    /// PSO without a trust anchor configured for the OCE (6985).
    case noOCETrustAnchor
    /// The OCE ephemeral key is not a point on the SD key's curve (6A80).
    case invalidOCEEphemeralKey
}

/// Card side of SCP11 for the virtual card (GP Amd F v1.4 §7): GET DATA BF21, PERFORM SECURITY OPERATION,
/// INTERNAL / MUTUAL AUTHENTICATE, then secure messaging with the same `SecureMessagingSession` the host uses.
///
/// Not thread-safe. `currentTime` (seconds since 1970-01-01 UTC) is set by the owner; nothing here reads a clock.
public final class SCP11CardSession {
    public var keys: [SCP11CardKey]
    /// The OCE trust anchor's public key (the CA-KLCC / OCE CA key that signs uploaded OCE chains).
    public var oceTrustAnchor: ECPublicKey?
    /// Time used to check OCE certificate validity.
    public var currentTime: Int64
    /// S8 or S16 MACs after the handshake.
    public var mode: SCP03Mode
    public var kdfHash: HashAlgorithm
    public let options: SecureMessagingOptions
    /// The SD's SIN and SDIN, bound into the key derivation when the host sends a host ID; a card without one
    /// refuses a host ID.
    public var cardIdentity: SCP11CardIdentity?
    /// The open session after a successful authenticate command; nil otherwise.
    public private(set) var session: SecureMessagingSession?
    /// The key the open session was authenticated with.
    public private(set) var currentKey: SCP11CardKey?
    /// Why the last refused command was refused.
    public private(set) var lastRejection: SCP11CardRejection?
    /// PK.OCE.ECKA after a complete, verified PSO upload.
    public private(set) var oceKey: ECPublicKey?

    private var random: any RandomSource
    private var pendingBlocks: [UInt8] = []
    private var uploadedChain: [SCP11Certificate] = []

    public init(
        keys: [SCP11CardKey], oceTrustAnchor: ECPublicKey?, currentTime: Int64, random: any RandomSource,
        mode: SCP03Mode = .s8, kdfHash: HashAlgorithm = .sha256, options: SecureMessagingOptions = .init(),
        cardIdentity: SCP11CardIdentity? = nil
    ) {
        self.cardIdentity = cardIdentity
        self.keys = keys
        self.oceTrustAnchor = oceTrustAnchor
        self.currentTime = currentTime
        self.random = random
        self.mode = mode
        self.kdfHash = kdfHash
        self.options = options
    }

    /// True once an authenticate command succeeded and until the session ends.
    public var isAuthenticated: Bool { session?.isOpen ?? false }

    /// Ends any session and forgets uploaded certificates (card reset, new SELECT).
    public func reset() {
        session = nil
        currentKey = nil
        oceKey = nil
        pendingBlocks = []
        uploadedChain = []
    }

    /// Answers one handshake command (GET DATA BF21, PSO, INTERNAL or MUTUAL AUTHENTICATE); nil when the
    /// command is none of these, so the owner handles it. INS 82 counts only with an A6 template, so SCP03's
    /// EXTERNAL AUTHENTICATE (same INS) is left to the owner.
    public func handle(_ command: CommandAPDU) -> ResponseAPDU? {
        switch (command.ins, command.p1, command.p2) {
        case (0xCA, 0xBF, 0x21): return getData(command)
        case (0x2A, _, _): return performSecurityOperation(command)
        case (0x88, _, _): return authenticate(command)
        case (0x82, _, _) where command.data.first == 0xA6: return authenticate(command)
        default: return nil
        }
    }

    /// Longest certificate upload accepted across chained blocks.
    public static let maximumCertificateLength = 4096

    /// GET DATA BF21 with A6 { 83 KID KVN } (GP Amd F §7.4): the key's certificate store, or 6A88.
    public func getData(_ command: CommandAPDU) -> ResponseAPDU {
        guard let items = try? TLV.decodeAll(command.data), let template = items.first(BERTag(0xA6)),
            let reference = template.first(BERTag(0x83))?.valueBytes, reference.count == 2
        else { return ResponseAPDU(sw: .incorrectData) }
        guard let key = key(kvn: reference[1], kid: reference[0]) else {
            lastRejection = .unknownKey(kvn: reference[1], kid: reference[0])
            return ResponseAPDU(sw: .referencedDataNotFound)
        }
        let body = key.certificates.flatMap { $0 }
        return ResponseAPDU(data: [0xBF, 0x21] + TLV.encodeLength(body.count) + body, sw: .success)
    }

    /// PERFORM SECURITY OPERATION (GP Amd F §7.5): collects chained blocks (CLA b5), parses each certificate,
    /// and after the last one (P2 b8 clear) verifies the chain against the OCE trust anchor at `currentTime`.
    /// A bad certificate gives 6A80 and clears the upload.
    public func performSecurityOperation(_ command: CommandAPDU) -> ResponseAPDU {
        session = nil
        oceKey = nil
        pendingBlocks += command.data
        guard pendingBlocks.count <= Self.maximumCertificateLength else {
            pendingBlocks = []
            uploadedChain = []
            return reject(.oceCertificate(.invalidDER(length: Self.maximumCertificateLength + 1)), .wrongLength)
        }
        if command.cla & 0x10 != 0 { return ResponseAPDU(sw: .success) }
        let encoded = pendingBlocks
        pendingBlocks = []
        guard let trustAnchor = oceTrustAnchor else {
            uploadedChain = []
            return reject(.noOCETrustAnchor, .conditionsNotSatisfied)
        }
        do {
            let parsed = try SCP11Certificate.parseBundle(encoded)
            guard parsed.count == 1 else { throw CryptoError.certificate(.invalidDER(length: encoded.count)) }
            uploadedChain.append(parsed[0])
        } catch {
            uploadedChain = []
            return reject(.oceCertificate(Self.certificateError(error)), .incorrectData)
        }
        if command.p2 & 0x80 != 0 { return ResponseAPDU(sw: .success) }
        let chain = uploadedChain
        uploadedChain = []
        do {
            oceKey = try SCP11Certificate.verifyChain(chain, trustAnchor: trustAnchor, at: currentTime)
        } catch {
            return reject(.oceCertificate(Self.certificateError(error)), .incorrectData)
        }
        lastRejection = nil
        return ResponseAPDU(sw: .success)
    }

    /// INTERNAL AUTHENTICATE (SCP11b) or MUTUAL AUTHENTICATE (SCP11a/c) (GP Amd F §7.6): answers 5F49 ePK.SD.ECKA
    /// and 86 receipt, and opens the session. Any failure ends the handshake.
    public func authenticate(_ command: CommandAPDU) -> ResponseAPDU {
        session = nil
        currentKey = nil
        guard let key = key(kvn: command.p1, kid: command.p2) else {
            return reject(.unknownKey(kvn: command.p1, kid: command.p2), .referencedDataNotFound)
        }
        guard command.ins == key.variant.authenticateINS else {
            return reject(.variantMismatch(key: key.variant, ins: command.ins, iParameter: 0xFF), .incorrectP1P2)
        }
        // A6 template then 5F49, kept as received for the receipt.
        var input = command.data[...]
        guard let first = try? TLV.decode(&input), let template = try? SCP11ControlReference(parsing: first) else {
            return reject(.malformed(.controlReferenceTemplate), .incorrectData)
        }
        guard let second = try? TLV.decode(&input), second.tag == BERTag(0x5F, 0x49), input.isEmpty else {
            return reject(.malformed(.ephemeralPublicKey), .incorrectData)
        }
        guard template.scpID == 0x11 else { return reject(.malformed(.scpIdentifier), .incorrectData) }
        guard SCP11Variant(iParameter: template.iParameter) == key.variant else {
            return reject(
                .variantMismatch(key: key.variant, ins: command.ins, iParameter: template.iParameter), .incorrectData)
        }
        guard template.keyType == 0x88 else { return reject(.malformed(.keyType), .incorrectData) }
        guard [16, 24, 32].contains(template.keyLength) else { return reject(.malformed(.keyLength), .incorrectData) }
        guard let level = SCP11ControlReference.level(forKeyUsage: template.keyUsage) else {
            return reject(.malformed(.keyUsage), .incorrectData)
        }
        // GP Amd F §5.1: i-parameter b3 announces the host ID; the card then needs its own identity.
        guard (template.iParameter & 0x04 != 0) == (template.hostID != nil),
            template.hostID == nil || (cardIdentity != nil && (1...255).contains(template.hostID?.count ?? 0))
        else { return reject(.malformed(.hostID), .incorrectData) }
        let curve = key.privateKey.curve
        guard let oceEphemeral = try? ECPublicKey(curve: curve, uncompressedPoint: second.valueBytes) else {
            return reject(.invalidOCEEphemeralKey, .incorrectData)
        }
        let staticPeer: ECPublicKey
        if key.variant == .b {
            staticPeer = oceEphemeral
        } else {
            guard let oceKey, oceKey.curve == curve else { return reject(.noOCECertificate, .conditionsNotSatisfied) }
            staticPeer = oceKey
        }
        guard let cardEphemeral = try? SCP11Handshake.ephemeralKey(curve: curve, random: &random),
            let shSee = try? SCP11KDF.agree(cardEphemeral, oceEphemeral),
            let shSes = try? SCP11KDF.agree(key.privateKey, staticPeer),
            let derived = try? SCP11KDF.derive(
                shSee: shSee, shSes: shSes, template: template, hash: kdfHash, cardIdentity: cardIdentity)
        else { preconditionFailure("key agreement with checked keys failed") }
        let cardObject = TLV(tag: BERTag(0x5F, 0x49), bytes: cardEphemeral.publicKey.uncompressedPoint).encoded()
        guard let receipt = try? SCP11KDF.receipt(key: derived.receiptKey, keyAgreementData: command.data + cardObject),
            let opened = try? SecureMessagingSession(
                keys: derived.session, level: level, macLength: mode.length, initialChainingValue: receipt,
                options: options)
        else { preconditionFailure("CMAC with a derived key failed") }
        session = opened
        currentKey = key
        lastRejection = nil
        return ResponseAPDU(data: cardObject + TLV(tag: BERTag(0x86), bytes: receipt).encoded(), sw: .success)
    }

    /// Unwraps a protected command of an open session; 6982 without a session or on a bad MAC (the session ends).
    public func unwrapCommand(_ bytes: [UInt8]) -> CardCommandResult {
        guard let session, session.isOpen else { return .rejected(.securityStatusNotSatisfied) }
        guard let command = try? CommandAPDU(parsing: bytes) else { return .rejected(.wrongLength) }
        let result = session.unwrapCommand(command, receivedExtended: SCP03CardSession.isExtended(bytes))
        if !session.isOpen { self.session = nil }
        return result
    }

    /// Protects a response of an open session (R-ENC, R-MAC as the level says); unchanged without one.
    public func wrapResponse(_ response: ResponseAPDU) -> ResponseAPDU {
        guard let session, session.isOpen else { return response }
        return session.wrapResponse(response)
    }

    private func key(kvn: UInt8, kid: UInt8) -> SCP11CardKey? {
        keys.first(where: { $0.kid == kid && (kvn == 0 || $0.kvn == kvn) })
    }

    private func reject(_ reason: SCP11CardRejection, _ sw: StatusWord) -> ResponseAPDU {
        lastRejection = reason
        return ResponseAPDU(sw: sw)
    }

    private static func certificateError(_ error: any Error) -> CertificateError {
        if case .certificate(let reason)? = error as? CryptoError { return reason }
        return .invalidDER(length: 0)
    }
}

@available(*, unavailable)
extension SCP11CardSession: Sendable {}
