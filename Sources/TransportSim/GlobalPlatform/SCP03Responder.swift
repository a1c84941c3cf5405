import CardCore
import CardCrypto
import SecureChannel

/// The ISD's card side of SCP03 (GP Amd D v1.2), on top of SecureChannel's `SCP03CardSession`: one handshake
/// or session per logical channel, one key store and one sequence counter for the card.
public final class SCP03Responder: SecureChannelResponder {
    /// The key sets INITIALIZE UPDATE can name; PUT KEY and DELETE KEY change them.
    public private(set) var keySets: [SCP03CardKeySet]
    /// The sequence counter of the pseudo-random card challenge (24 bits, GP Amd D v1.2 §6.2.2.1).
    public private(set) var sequenceCounter: UInt32
    private let securityDomainAID: [UInt8]
    private let keyDiversificationData: [UInt8]
    private let random: any RandomSource
    private var sessions: [Int: SCP03CardSession] = [:]

    /// The 10 bytes of key diversification data in the INITIALIZE UPDATE answer (also GET DATA CF).
    public static let defaultKeyDiversificationData: [UInt8] = [
        0x43, 0x53, 0x48, 0x5F, 0x00, 0x01, 0x23, 0x45, 0x67, 0x89,
    ]

    /// - Parameter random: the card challenge for key sets without a pseudo-random challenge (i-parameter b5 = 0).
    public init(
        keySets: [SCP03CardKeySet], securityDomainAID: [UInt8] = DemoAID.isd,
        keyDiversificationData: [UInt8] = SCP03Responder.defaultKeyDiversificationData, sequenceCounter: UInt32 = 0x2A,
        random: any RandomSource = SystemRandom()
    ) {
        self.keySets = keySets
        self.securityDomainAID = securityDomainAID
        self.keyDiversificationData = keyDiversificationData
        self.sequenceCounter = sequenceCounter
        self.random = random
    }

    /// A responder for the configuration's key sets; key sets whose keys are not AES-128/192/256 are left out.
    public convenience init(keySets: [SCP03KeySet]) {
        let converted = keySets.compactMap { set -> SCP03CardKeySet? in
            guard let keys = try? SCP03StaticKeys(enc: set.enc, mac: set.mac, dek: set.dek) else { return nil }
            return SCP03CardKeySet(kvn: set.kvn, keys: keys, iParameter: SCP03IParameter(rawValue: set.iParameter))
        }
        self.init(keySets: converted)
    }

    public func handle(_ command: CommandAPDU, context: AppletContext) -> AppletReply {
        switch command.ins {
        case 0x50:
            // INITIALIZE UPDATE (GP Amd D v1.2 §7.1.1): a new handshake on this channel. A real card has one
            // mode; this one answers in S16 (i-parameter b1 set) when the host challenge has 16 bytes, so
            // both modes can be tried against the same keys.
            let s16 = command.data.count == 16
            let modeKeySets = keySets.map { set in
                SCP03CardKeySet(
                    kvn: set.kvn, keys: set.keys,
                    iParameter: SCP03IParameter(rawValue: s16 ? set.iParameter.rawValue | 0x01 : set.iParameter.rawValue & 0xFE))
            }
            let session = SCP03CardSession(
                keySets: modeKeySets, random: random, securityDomainAID: securityDomainAID,
                keyDiversificationData: keyDiversificationData, sequenceCounter: sequenceCounter)
            let response = session.initializeUpdate(command)
            sequenceCounter = session.sequenceCounter
            sessions[context.channel] = response.sw == .success ? session : nil
            return AppletReply(data: response.data, sw: response.sw)
        case 0x82:
            // EXTERNAL AUTHENTICATE (GP Amd D v1.2 §7.1.2): its C-MAC covers Lc as the host sent it.
            guard let session = sessions[context.channel], !session.isAuthenticated else {
                return .status(.conditionsNotSatisfied)
            }
            let response: ResponseAPDU
            if let extended = context.receivedExtended {
                response = session.externalAuthenticate(bytes: command.encoded(forceExtended: extended))
            } else {
                response = session.externalAuthenticate(command)
            }
            guard response.sw == .success else {
                sessions[context.channel] = nil
                return .status(response.sw)
            }
            let layer = CardSessionMessagingLayer { [session] in session.session }
            return AppletReply(sw: .success, establishedSecureMessaging: layer)
        default:
            // SCP11 INTERNAL AUTHENTICATE / PERFORM SECURITY OPERATION: no SCP11 key on this card.
            return .status(.referencedDataNotFound)
        }
    }

    public func abort(channel: Int) {
        sessions[channel]?.reset()
        sessions[channel] = nil
    }

    /// PUT KEY (GP CS v2.3.1 §11.8) in the open session of `channel`, already unwrapped.
    func putKey(_ command: CommandAPDU, channel: Int) -> AppletReply {
        guard let session = sessions[channel], session.isAuthenticated else {
            return .status(.securityStatusNotSatisfied)
        }
        let response = session.putKey(command)
        if response.sw == .success { share(session.keySets) }
        return AppletReply(data: response.data, sw: response.sw)
    }

    /// DELETE of a key set (tags D0 / D2) in the open session of `channel`, already unwrapped.
    func deleteKey(_ command: CommandAPDU, channel: Int) -> AppletReply {
        guard let session = sessions[channel], session.isAuthenticated else {
            return .status(.securityStatusNotSatisfied)
        }
        let response = session.deleteKey(command)
        if response.sw == .success { share(session.keySets) }
        return AppletReply(data: response.data, sw: response.sw)
    }

    /// Makes a key change of one channel's session the card's key store (and every session's).
    private func share(_ updated: [SCP03CardKeySet]) {
        keySets = updated
        for session in sessions.values { session.keySets = updated }
    }
}
