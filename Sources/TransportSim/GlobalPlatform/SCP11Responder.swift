import CardCore
import CardCrypto
import SecureChannel

/// The ISD's card side of SCP11 (GP Amd F v1.4) next to SCP03: GET DATA BF21, PERFORM SECURITY OPERATION,
/// INTERNAL / MUTUAL AUTHENTICATE through SecureChannel's `SCP11CardSession`, one per logical channel;
/// INITIALIZE UPDATE and EXTERNAL AUTHENTICATE go to the SCP03 responder.
public final class SCP11Responder: SecureChannelResponder {
    /// SCP03 handshakes, PUT KEY and DELETE KEY; nil on a card without SCP03 keys.
    public let scp03: SCP03Responder?
    /// The keys, made on first use when the responder was given a maker (a PKI costs key generations and
    /// signatures; a card that never runs SCP11 does not pay them).
    public var configuration: SCP11CardConfiguration {
        if let made { return made }
        let made = maker?() ?? SCP11CardConfiguration(keys: [], oceTrustAnchor: nil, currentTime: 0)
        self.made = made
        maker = nil
        return made
    }
    private var made: SCP11CardConfiguration?
    private var maker: (() -> SCP11CardConfiguration?)?
    private let random: any RandomSource
    private var sessions: [Int: SCP11CardSession] = [:]

    public init(
        configuration: SCP11CardConfiguration, scp03: SCP03Responder?, random: any RandomSource = SystemRandom()
    ) {
        self.made = configuration
        self.scp03 = scp03
        self.random = random
    }

    /// A responder whose keys `maker` makes when a command first needs them; nil from it means no SCP11 keys.
    public init(
        maker: @escaping () -> SCP11CardConfiguration?, scp03: SCP03Responder?,
        random: any RandomSource = SystemRandom()
    ) {
        self.maker = maker
        self.scp03 = scp03
        self.random = random
    }

    /// Why the last refused SCP11 command on `channel` was refused (for tests and logs).
    public func lastRejection(channel: Int) -> SCP11CardRejection? { sessions[channel]?.lastRejection }

    /// Moves the time OCE certificates are checked at (an owner with a clock calls this).
    public func setCurrentTime(_ time: Int64) {
        var updated = configuration
        updated.currentTime = time
        made = updated
        for session in sessions.values { session.currentTime = time }
    }

    public func handle(_ command: CommandAPDU, context: AppletContext) -> AppletReply {
        // INS 82 is SCP11's MUTUAL AUTHENTICATE only without secure messaging: SCP03's EXTERNAL AUTHENTICATE
        // always carries a C-MAC (GP Amd D v1.2 §7.1.2), and its host cryptogram may well start with A6.
        let isMutualAuthenticate =
            command.ins == 0x82 && !context.secureMessagingIndicated && command.data.first == 0xA6
        let isSCP11 = command.ins == 0x2A || command.ins == 0x88 || isMutualAuthenticate
        guard isSCP11 else {
            return scp03?.handle(command, context: context) ?? .status(.referencedDataNotFound)
        }
        let session = self.session(channel: context.channel)
        guard let response = session.handle(command) else { return .status(.insNotSupported) }
        guard command.ins != 0x2A, response.sw == .success else {
            return AppletReply(data: response.data, sw: response.sw)
        }
        return AppletReply(
            data: response.data, sw: response.sw,
            establishedSecureMessaging: CardSessionMessagingLayer { [session] in session.session })
    }

    /// GET DATA BF21 (GP Amd F §7.4): the certificate store of the key named by A6 { 83 KID KVN }.
    public func certificateStore(_ command: CommandAPDU, context: AppletContext) -> AppletReply {
        let response = session(channel: context.channel).getData(command)
        return AppletReply(data: response.data, sw: response.sw, isExactLength: response.sw == .success)
    }

    /// Key information entries (GP CS v2.3.1 §11.3.3.1): KID, KVN, B0 (ECC public key) with the point length,
    /// F0 (key parameter reference) of 1 byte.
    public var keyInformationEntries: [[UInt8]] {
        configuration.keys.map { key in
            [
                key.kid, key.kvn, 0xB0, UInt8(truncatingIfNeeded: key.privateKey.curve.uncompressedPointLength), 0xF0,
                0x01,
            ]
        }
    }

    public func abort(channel: Int) {
        scp03?.abort(channel: channel)
        sessions[channel]?.reset()
        sessions[channel] = nil
    }

    private func session(channel: Int) -> SCP11CardSession {
        if let existing = sessions[channel] { return existing }
        let created = SCP11CardSession(
            keys: configuration.keys, oceTrustAnchor: configuration.oceTrustAnchor,
            currentTime: configuration.currentTime, random: random, mode: configuration.mode,
            kdfHash: configuration.kdfHash, cardIdentity: SCP11CardIdentity(sin: CardData.iinValue, sdin: CardData.cinValue))
        sessions[channel] = created
        return created
    }
}
