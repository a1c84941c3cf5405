import CardCore
import CardCrypto

/// One SCP03 key set held by a card: its version number, keys and i-parameter (mode, challenge kind,
/// R-MAC/R-ENC support).
public struct SCP03CardKeySet: Sendable {
    public var kvn: UInt8
    public var keys: SCP03StaticKeys
    public var iParameter: SCP03IParameter

    public init(kvn: UInt8, keys: SCP03StaticKeys, iParameter: SCP03IParameter) {
        self.kvn = kvn
        self.keys = keys
        self.iParameter = iParameter
    }
}

/// Card side of SCP03 for the virtual card: answers INITIALIZE UPDATE, checks EXTERNAL AUTHENTICATE, then
/// unwraps commands and wraps responses with the same `SecureMessagingSession` the host uses.
///
/// Not thread-safe.
public final class SCP03CardSession {
    /// Key sets in order; KVN 0 in INITIALIZE UPDATE picks the first.
    public var keySets: [SCP03CardKeySet]
    /// AID of this Security Domain (context of the pseudo-random card challenge).
    public let securityDomainAID: [UInt8]
    /// The 10 bytes of key diversification data returned in INITIALIZE UPDATE.
    public let keyDiversificationData: [UInt8]
    /// The last sequence counter used for a pseudo-random challenge (24 bits).
    public private(set) var sequenceCounter: UInt32
    public let options: SecureMessagingOptions
    /// The open session after a successful EXTERNAL AUTHENTICATE; nil otherwise.
    public private(set) var session: SecureMessagingSession?
    /// The key set the open session was authenticated with.
    public private(set) var currentKeySet: SCP03CardKeySet?

    private var random: any RandomSource
    private var pending: Pending?

    private struct Pending {
        var keySet: SCP03CardKeySet
        var keys: SessionKeys
        var context: [UInt8]
    }

    public init(
        keySets: [SCP03CardKeySet], random: any RandomSource, securityDomainAID: [UInt8],
        keyDiversificationData: [UInt8] = [UInt8](repeating: 0, count: 10), sequenceCounter: UInt32 = 0,
        options: SecureMessagingOptions = .init()
    ) {
        precondition(keyDiversificationData.count == 10, "key diversification data is 10 bytes")
        self.keySets = keySets
        self.random = random
        self.securityDomainAID = securityDomainAID
        self.keyDiversificationData = keyDiversificationData
        self.sequenceCounter = sequenceCounter
        self.options = options
    }

    /// True once EXTERNAL AUTHENTICATE succeeded and until the session ends.
    public var isAuthenticated: Bool { session?.isOpen ?? false }

    /// Ends any session (card reset, new SELECT).
    public func reset() {
        session = nil
        currentKeySet = nil
        pending = nil
    }

    /// Answers INITIALIZE UPDATE (GP Amd D v1.2 §7.1.1): 6A88 for an unknown KVN, 6700 for a challenge that is
    /// neither 8 nor 16 bytes. A new INITIALIZE UPDATE ends any open session.
    public func initializeUpdate(_ command: CommandAPDU) -> ResponseAPDU {
        reset()
        let hostChallenge = command.data
        guard hostChallenge.count == 8 || hostChallenge.count == 16 else { return ResponseAPDU(sw: .wrongLength) }
        guard let keySet = command.p1 == 0 ? keySets.first : keySets.first(where: { $0.kvn == command.p1 }) else {
            return ResponseAPDU(sw: .referencedDataNotFound)
        }
        let mode = keySet.iParameter.mode
        var counterBytes: [UInt8]?
        let cardChallenge: [UInt8]
        if keySet.iParameter.pseudoRandomChallenge {
            guard sequenceCounter < 0xFF_FFFF else { return ResponseAPDU(sw: .conditionsNotSatisfied) }
            sequenceCounter += 1
            let bytes = [
                UInt8(sequenceCounter >> 16), UInt8((sequenceCounter >> 8) & 0xFF), UInt8(sequenceCounter & 0xFF),
            ]
            counterBytes = bytes
            guard
                let challenge = try? SCP03KDF.pseudoRandomCardChallenge(
                    staticENC: keySet.keys.enc, sequenceCounter: bytes, aid: securityDomainAID, mode: mode)
            else { preconditionFailure("KDF with a checked key failed") }
            cardChallenge = challenge
        } else {
            cardChallenge = random.fill(mode.length)
        }
        let context = hostChallenge + cardChallenge
        guard let keys = try? SCP03KDF.sessionKeys(from: keySet.keys, context: context),
            let cryptogram = try? SCP03KDF.cryptogram(
                .cardCryptogram, sessionMAC: keys.mac, mode: mode, context: context)
        else { preconditionFailure("KDF with a checked key failed") }
        pending = Pending(keySet: keySet, keys: keys, context: context)
        let body = SCP03InitializeUpdateResponse(
            keyDiversificationData: keyDiversificationData, kvn: keySet.kvn, iParameter: keySet.iParameter,
            cardChallenge: cardChallenge, cardCryptogram: cryptogram, sequenceCounter: counterBytes)
        return ResponseAPDU(data: body.encoded(), sw: .success)
    }

    /// Checks EXTERNAL AUTHENTICATE (host cryptogram and C-MAC; GP Amd D v1.2 §7.1.2). Without a preceding
    /// INITIALIZE UPDATE: 6985; level not allowed by the key set: 6A86; wrong cryptogram or MAC: 6982. Any
    /// failure ends the handshake.
    public func externalAuthenticate(_ command: CommandAPDU) -> ResponseAPDU {
        externalAuthenticate(command, receivedExtended: nil)
    }

    /// EXTERNAL AUTHENTICATE from raw bytes, so a host that sends it in extended form (as yubikit does with
    /// extended-length readers) has its MAC checked over the Lc it sent.
    public func externalAuthenticate(bytes: [UInt8]) -> ResponseAPDU {
        guard let command = try? CommandAPDU(parsing: bytes) else {
            pending = nil
            return ResponseAPDU(sw: .wrongLength)
        }
        return externalAuthenticate(command, receivedExtended: Self.isExtended(bytes))
    }

    private func externalAuthenticate(_ command: CommandAPDU, receivedExtended: Bool?) -> ResponseAPDU {
        guard let pending else { return ResponseAPDU(sw: .conditionsNotSatisfied) }
        self.pending = nil
        let keySet = pending.keySet
        let mode = keySet.iParameter.mode
        guard let level = SecurityLevel(rawValue: command.p1), level.isAllowed(byIParameter: keySet.iParameter.rawValue)
        else { return ResponseAPDU(sw: .incorrectP1P2) }
        // Le is not covered by the MAC; hosts that send one (case 4) are accepted.
        guard command.data.count == 2 * mode.length else {
            return ResponseAPDU(sw: .securityStatusNotSatisfied)
        }
        guard
            let expected = try? SCP03KDF.cryptogram(
                .hostCryptogram, sessionMAC: pending.keys.mac, mode: mode, context: pending.context),
            let session = try? SecureMessagingSession(
                keys: pending.keys, level: .cmac, macLength: mode.length, options: options)
        else { preconditionFailure("KDF with a checked key failed") }
        let cryptogram = Array(command.data.prefix(mode.length))
        // The host cryptogram is checked through the C-MAC verification and compared directly.
        guard case .accepted = session.unwrapCommand(command, receivedExtended: receivedExtended),
            Bytes.constantTimeEqual(expected, cryptogram)
        else {
            return ResponseAPDU(sw: .securityStatusNotSatisfied)
        }
        session.resetCounterAfterAuthentication()
        session.level = level
        self.session = session
        currentKeySet = keySet
        return ResponseAPDU(sw: .success)
    }

    /// Unwraps a protected command of an open session; 6982 without a session or on a bad MAC (the session ends).
    public func unwrapCommand(_ bytes: [UInt8]) -> CardCommandResult {
        guard let session, session.isOpen else { return .rejected(.securityStatusNotSatisfied) }
        guard let command = try? CommandAPDU(parsing: bytes) else { return .rejected(.wrongLength) }
        let result = session.unwrapCommand(command, receivedExtended: Self.isExtended(bytes))
        if !session.isOpen { self.session = nil }
        return result
    }

    /// ISO 7816-4 §5.1: a command with data has a zero byte after the header exactly when Lc is extended.
    static func isExtended(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 7 && bytes[4] == 0x00
    }

    /// Protects a response of an open session (R-ENC, R-MAC as the level says); unchanged without one.
    public func wrapResponse(_ response: ResponseAPDU) -> ResponseAPDU {
        guard let session, session.isOpen else { return response }
        return session.wrapResponse(response)
    }
}
