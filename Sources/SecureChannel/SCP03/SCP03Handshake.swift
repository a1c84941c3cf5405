import CardCore
import CardCrypto

/// What the host asks for when opening SCP03.
public struct SCP03Parameters: Sendable {
    public var keys: SCP03StaticKeys
    /// Key version number (INITIALIZE UPDATE P1); 0 lets the card pick its first key set.
    public var kvn: UInt8
    /// Key identifier (INITIALIZE UPDATE P2), normally 0.
    public var keyID: UInt8
    public var level: SecurityLevel
    public var mode: SCP03Mode
    /// A fixed host challenge (8 bytes in S8, 16 in S16); nil draws one from the random source.
    public var hostChallenge: [UInt8]?
    /// The AID of the selected Security Domain, to check a pseudo-random card challenge.
    public var securityDomainAID: [UInt8]?
    /// CLA of INITIALIZE UPDATE (80, with logical channel bits if any).
    public var cla: UInt8
    public var options: SecureMessagingOptions

    public init(
        keys: SCP03StaticKeys, kvn: UInt8 = 0, keyID: UInt8 = 0, level: SecurityLevel = .cmac,
        mode: SCP03Mode = .s8, hostChallenge: [UInt8]? = nil, securityDomainAID: [UInt8]? = nil, cla: UInt8 = 0x80,
        options: SecureMessagingOptions = .init()
    ) {
        self.keys = keys
        self.kvn = kvn
        self.keyID = keyID
        self.level = level
        self.mode = mode
        self.hostChallenge = hostChallenge
        self.securityDomainAID = securityDomainAID
        self.cla = cla
        self.options = options
    }
}

/// The INITIALIZE UPDATE response fields (GP Amd D v1.2 §7.1.1.3 Table 7-3).
public struct SCP03InitializeUpdateResponse: Sendable, Equatable {
    public var keyDiversificationData: [UInt8]
    public var kvn: UInt8
    public var scpID: UInt8
    public var iParameter: SCP03IParameter
    public var cardChallenge: [UInt8]
    public var cardCryptogram: [UInt8]
    /// Three bytes, present when the i-parameter says the challenge is pseudo-random.
    public var sequenceCounter: [UInt8]?

    /// Parses the response data; S8 or S16 comes from the i-parameter.
    /// - Throws: `.notSCP03`, `.initializeUpdateTruncated` naming the field, `.initializeUpdateTrailingBytes`.
    public init(parsing data: [UInt8]) throws(SecureChannelError) {
        var offset = 0
        func take(_ field: InitializeUpdateField, _ n: Int) throws(SecureChannelError) -> [UInt8] {
            guard data.count - offset >= n else {
                throw .initializeUpdateTruncated(
                    field: field, offset: offset, needed: n, available: data.count - offset)
            }
            defer { offset += n }
            return Array(data[offset..<(offset + n)])
        }
        keyDiversificationData = try take(.keyDiversificationData, 10)
        let info = try take(.keyInformation, 3)
        (kvn, scpID, iParameter) = (info[0], info[1], SCP03IParameter(rawValue: info[2]))
        guard scpID == 0x03 else { throw .notSCP03(scpID: scpID) }
        let n = iParameter.mode.length
        cardChallenge = try take(.cardChallenge, n)
        cardCryptogram = try take(.cardCryptogram, n)
        sequenceCounter = iParameter.pseudoRandomChallenge ? try take(.sequenceCounter, 3) : nil
        guard offset == data.count else {
            throw .initializeUpdateTrailingBytes(expectedLength: offset, actualLength: data.count)
        }
    }

    public init(
        keyDiversificationData: [UInt8], kvn: UInt8, iParameter: SCP03IParameter, cardChallenge: [UInt8],
        cardCryptogram: [UInt8], sequenceCounter: [UInt8]?
    ) {
        self.keyDiversificationData = keyDiversificationData
        self.kvn = kvn
        self.scpID = 0x03
        self.iParameter = iParameter
        self.cardChallenge = cardChallenge
        self.cardCryptogram = cardCryptogram
        self.sequenceCounter = sequenceCounter
    }

    public func encoded() -> [UInt8] {
        keyDiversificationData + [kvn, scpID, iParameter.rawValue] + cardChallenge + cardCryptogram
            + (sequenceCounter ?? [])
    }
}

/// Host side of the SCP03 handshake as a pure state machine; the caller sends the commands and feeds back responses.
public enum SCP03Handshake {
    /// Builds INITIALIZE UPDATE (80 50 KVN KeyID, host challenge, Le 00; GP Amd D v1.2 §7.1.1).
    /// - Throws: `.hostChallengeLength` when a given challenge does not fit the mode.
    public static func initializeUpdate(
        _ parameters: SCP03Parameters, random: inout some RandomSource
    ) throws(SecureChannelError) -> (CommandAPDU, SCP03AwaitingCardResponse) {
        let n = parameters.mode.length
        let challenge = parameters.hostChallenge ?? random.fill(n)
        guard challenge.count == n else { throw .hostChallengeLength(expected: n, actual: challenge.count) }
        let command: CommandAPDU
        do {
            command = try CommandAPDU(
                cla: parameters.cla, ins: 0x50, p1: parameters.kvn, p2: parameters.keyID, data: challenge, ne: 256)
        } catch {
            throw .apdu(error)
        }
        return (command, SCP03AwaitingCardResponse(parameters: parameters, hostChallenge: challenge))
    }

    /// INITIALIZE UPDATE with a host challenge from the system random generator (unless one is given).
    public static func initializeUpdate(
        _ parameters: SCP03Parameters
    ) throws(SecureChannelError) -> (CommandAPDU, SCP03AwaitingCardResponse) {
        var random = SystemRandom()
        return try initializeUpdate(parameters, random: &random)
    }
}

/// After INITIALIZE UPDATE was sent: waits for the card's answer.
public struct SCP03AwaitingCardResponse: Sendable {
    public let parameters: SCP03Parameters
    public let hostChallenge: [UInt8]

    /// Checks the card's answer and builds EXTERNAL AUTHENTICATE (GP Amd D v1.2 §7.1.2).
    ///
    /// Order: SW, layout, SCP03, mode, KVN, then the card cryptogram before anything else is trusted, then the level.
    /// - Throws: `.initializeUpdateFailed`, parsing errors, `.modeMismatch`, `.keyVersionMismatch`,
    ///   `.cardCryptogramMismatch`, `.levelNotSupported`.
    public func receive(
        _ response: ResponseAPDU
    ) throws(SecureChannelError) -> (CommandAPDU, SCP03AwaitingAuthentication) {
        guard response.sw == .success else { throw .initializeUpdateFailed(response.sw) }
        // The mode decides the layout: look at the i-parameter before parsing the rest.
        if response.data.count >= 13 {
            if response.data[11] != 0x03 { throw .notSCP03(scpID: response.data[11]) }
            let cardMode = SCP03IParameter(rawValue: response.data[12]).mode
            guard cardMode == parameters.mode else { throw .modeMismatch(requested: parameters.mode, card: cardMode) }
        }
        let card = try SCP03InitializeUpdateResponse(parsing: response.data)
        if parameters.kvn != 0 && card.kvn != parameters.kvn {
            throw .keyVersionMismatch(requested: parameters.kvn, card: card.kvn)
        }
        let context = hostChallenge + card.cardChallenge
        let keys = try SCP03KDF.sessionKeys(from: parameters.keys, context: context)
        let expectedCardCryptogram = try SCP03KDF.cryptogram(
            .cardCryptogram, sessionMAC: keys.mac, mode: parameters.mode, context: context)
        guard Bytes.constantTimeEqual(expectedCardCryptogram, card.cardCryptogram) else {
            throw .cardCryptogramMismatch(kvn: card.kvn)
        }
        guard parameters.level.isAllowed(byIParameter: card.iParameter.rawValue) else {
            throw .levelNotSupported(requested: parameters.level, iParameter: card.iParameter.rawValue)
        }
        var warnings: [SecureChannelWarning] = []
        if let counter = card.sequenceCounter, let aid = parameters.securityDomainAID {
            let expected = try SCP03KDF.pseudoRandomCardChallenge(
                staticENC: parameters.keys.enc, sequenceCounter: counter, aid: aid, mode: parameters.mode)
            if expected != card.cardChallenge {
                warnings.append(
                    .pseudoRandomChallengeMismatch(expected: expected, actual: card.cardChallenge, aid: aid))
            }
        }
        let hostCryptogram = try SCP03KDF.cryptogram(
            .hostCryptogram, sessionMAC: keys.mac, mode: parameters.mode, context: context)
        let session = try SecureMessagingSession(
            keys: keys, level: .none, macLength: parameters.mode.length, options: parameters.options)
        session.warnings = warnings
        let plain: CommandAPDU
        do {
            plain = try CommandAPDU(
                cla: parameters.cla, ins: 0x82, p1: parameters.level.rawValue, p2: 0x00, data: hostCryptogram)
        } catch {
            throw .apdu(error)
        }
        let command = try session.appendMAC(
            plain, data: hostCryptogram, forceExtended: parameters.options.forceExtendedLength)
        let next = SCP03AwaitingAuthentication(session: session, level: parameters.level, cardResponse: card)
        return (command, next)
    }
}

/// After EXTERNAL AUTHENTICATE was sent: waits for 9000.
public struct SCP03AwaitingAuthentication {
    private let session: SecureMessagingSession
    public let level: SecurityLevel
    /// The parsed INITIALIZE UPDATE response (KDD, KVN, i-parameter, sequence counter) for display.
    public let cardResponse: SCP03InitializeUpdateResponse

    init(session: SecureMessagingSession, level: SecurityLevel, cardResponse: SCP03InitializeUpdateResponse) {
        self.session = session
        self.level = level
        self.cardResponse = cardResponse
    }

    /// Returns the open session when the card answered 9000.
    /// - Throws: `.externalAuthenticateFailed` with the card's SW.
    public func receive(_ response: ResponseAPDU) throws(SecureChannelError) -> SecureMessagingSession {
        guard response.sw == .success else { throw .externalAuthenticateFailed(response.sw) }
        session.level = level
        return session
    }
}

@available(*, unavailable)
extension SCP03AwaitingAuthentication: Sendable {}
