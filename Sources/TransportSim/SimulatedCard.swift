import CardCore

/// The virtual GlobalPlatform card: processes command APDUs in process, as a real card would.
///
/// It holds an ISD (A000000151000000) with a registry, a PPSE, two demo payment applications and a
/// PIV-style applet; answers 61xx / 6Cxx and extended lengths; supports logical channels 0...19 and
/// command chaining. The ISD runs SCP03 with `Configuration.scp03KeySets` (the GP test key by default);
/// another secure channel plugs in through `Configuration.secureChannelResponder`. A `FaultInjector` in front of
/// it makes it misbehave on purpose (dropped connection, broken lengths, wrong R-MAC, endless 61xx...).
public final class SimulatedCard {
    /// What the card looks like; fixed for the life of the card.
    public struct Configuration {
        /// The answer to reset; the default is a T=1 ATR announcing extended lengths and logical channels.
        public var atr: [UInt8]
        /// GET STATUS answers 6982 unless a secure channel is open, as a real ISD does (GP CS v2.3.1 §11.4).
        public var requireSecureChannelForGetStatus: Bool
        /// Most registry bytes one GET STATUS response carries (at least 64); more continue with 6310
        /// (GP CS v2.3.1 §11.4.3).
        public var getStatusResponseLimit: Int
        /// The ISD's SCP03 key sets, reported in the key information template (GET DATA E0).
        public var scp03KeySets: [SCP03KeySet]
        /// The card side of secure channels; nil (the default) runs SCP03 with `scp03KeySets`. With
        /// neither (no responder, no key sets), INITIALIZE UPDATE answers 6A88.
        public var secureChannelResponder: (any SecureChannelResponder)?
        /// Quirk: the ISD's GET DATA answers constructed objects (66, 67, E0, FF21) without their outer
        /// tag and length, e.g. 73... for 66 and C0... for E0. GP CS v2.3.1 §11.3 returns the whole
        /// object; yubikit's SecurityDomainSession reads only this shorter form (the YubiKey's).
        public var getDataOmitsTemplateTag: Bool
        /// SCP11a/b/c keys of the ISD (GP Amd F); with them and no `secureChannelResponder`, the ISD runs
        /// SCP11 next to SCP03.
        public var scp11: SCP11CardConfiguration?
        /// Makes the SCP11 keys when a command first needs them (used when `scp11` is nil).
        public var makeSCP11: (() -> SCP11CardConfiguration?)?

        public init(
            atr: [UInt8] = DefaultATR.bytes,
            requireSecureChannelForGetStatus: Bool = false,
            getStatusResponseLimit: Int = 255,
            scp03KeySets: [SCP03KeySet] = SCP03KeySet.defaults,
            secureChannelResponder: (any SecureChannelResponder)? = nil,
            getDataOmitsTemplateTag: Bool = false,
            scp11: SCP11CardConfiguration? = nil
        ) {
            self.atr = atr
            self.requireSecureChannelForGetStatus = requireSecureChannelForGetStatus
            self.getStatusResponseLimit = max(64, getStatusResponseLimit)
            self.scp03KeySets = scp03KeySets
            self.secureChannelResponder = secureChannelResponder
            self.getDataOmitsTemplateTag = getDataOmitsTemplateTag
            self.scp11 = scp11
        }
    }

    /// The number of logical channels: 0-3 in the first interindustry class, 4-19 in the further one.
    public static let channelCount = 20

    public private(set) var atr: [UInt8]
    public let configuration: Configuration
    /// The GlobalPlatform registry the ISD reports with GET STATUS.
    public let registry: Registry

    /// Selectable applications in registry order (the order partial AID selection walks).
    private let applets: [any Applet]
    private let isd: IssuerSecurityDomain
    /// The secure channel handshakes of the ISD: the configured responder, or SCP03 with the key sets.
    public let secureChannelResponder: (any SecureChannelResponder)?
    private var channels: [LogicalChannel?]
    /// Fault injection (`FaultInjector`): break the next response data's first BER-TLV length, before
    /// secure messaging; cleared once done.
    var corruptNextTLV = false
    /// Fault injection: flip the last R-MAC byte of the next response that carries one; cleared once done.
    var corruptNextRMAC = false

    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
        atr = configuration.atr
        registry = Registry.demo
        let scp03 = configuration.scp03KeySets.isEmpty ? nil : SCP03Responder(keySets: configuration.scp03KeySets)
        let responder: (any SecureChannelResponder)? =
            configuration.secureChannelResponder
            ?? configuration.scp11.map { SCP11Responder(configuration: $0, scp03: scp03) }
            ?? configuration.makeSCP11.map { SCP11Responder(maker: $0, scp03: scp03) } ?? scp03
        secureChannelResponder = responder
        isd = IssuerSecurityDomain(registry: registry, configuration: configuration, responder: responder)
        var applets: [any Applet] = [isd]
        for entry in registry.applications {
            // GP CS v2.3.1 §5.3: a LOCKED application cannot be selected.
            guard entry.aid != isd.aid, entry.lifeCycle != Registry.LifeCycle.locked,
                let applet = DemoApplets.make(entry.aid)
            else { continue }
            applets.append(applet)
        }
        self.applets = applets
        channels = Array(repeating: nil, count: Self.channelCount)
        reset()
    }

    /// Power-on or reset: closes every channel but the basic one, selects the ISD there (the default
    /// application: it holds the Card Reset privilege, GP CS v2.3.1 §11.1.2) and drops pending data, chains and secure channel sessions.
    @discardableResult public func reset() -> [UInt8] {
        for applet in applets { applet.reset() }
        for number in channels.indices where channels[number] != nil {
            secureChannelResponder?.abort(channel: number)
        }
        channels = Array(repeating: nil, count: Self.channelCount)
        let basic = LogicalChannel()
        basic.selected = isd
        channels[0] = basic
        return atr
    }

    /// INITIALIZE UPDATE (CLA 80), or PERFORM SECURITY OPERATION, INTERNAL AUTHENTICATE or MUTUAL AUTHENTICATE
    /// with an SCP11 control reference template (A6).
    private static func startsHandshake(_ command: CommandAPDU, _ cls: CommandClass) -> Bool {
        switch command.ins {
        case 0x50: return !cls.isInterindustry
        case 0x2A, 0x88: return true
        case 0x82: return command.data.first == 0xA6
        default: return false
        }
    }

    /// Processes one C-APDU and returns the R-APDU (data + SW1 SW2). Never traps.
    public func process(_ command: [UInt8]) -> [UInt8] {
        guard command.count >= 4 else { return encode(.wrongLength) }
        guard let cls = CommandClass(command[0]) else { return encode(.claNotSupported) }
        let apdu: CommandAPDU
        do {
            apdu = try CommandAPDU(parsing: command)
        } catch {
            return encode(.wrongLength)
        }
        guard let channel = channels[cls.channel] else { return encode(.logicalChannelNotSupported) }
        // ISO 7816-4 §5.1: an extended Lc or Le field starts with 00 after the header.
        let isExtended = command.count >= 7 && command[4] == 0

        if cls.isInterindustry && apdu.ins == 0xC0 {
            return getResponse(apdu, on: channel)
        }
        channel.pending = nil

        // ISO 7816-4 §5.4.1, CLA b5: command chaining. The links are joined before secure messaging
        // is removed, so a MAC covers the whole command (as yubikit sends it: wrap, then chain).
        if cls.chaining {
            if let chain = channel.chain, !chain.continues(apdu) {
                channel.chain = nil
                return encode(.lastCommandOfChainExpected)
            }
            var chain = channel.chain ?? CommandChain(ins: apdu.ins, p1: apdu.p1, p2: apdu.p2)
            chain.data += apdu.data
            guard chain.data.count <= 65535 else {
                channel.chain = nil
                return encode(.wrongLength)
            }
            channel.chain = chain
            return encode(.success)
        }
        var command = apdu
        var receivedExtended: Bool? = isExtended
        if let chain = channel.chain {
            channel.chain = nil
            guard chain.continues(apdu), let joined = try? apdu.with(data: chain.data + apdu.data) else {
                return encode(.lastCommandOfChainExpected)
            }
            command = joined
            receivedExtended = nil
        }

        var plain = command
        var secureMessagingIndicated = cls.secureMessaging
        var secured = false
        if channel.secureMessaging != nil && !cls.secureMessaging && Self.startsHandshake(command, cls) {
            // A plain INITIALIZE UPDATE starts a new handshake and ends the open session (GP Amd D v1.2); so do
            // a plain PERFORM SECURITY OPERATION or SCP11 authenticate (GP Amd F §7).
            channel.secureMessaging = nil
        }
        // SELECT and MANAGE CHANNEL without secure messaging belong to the card, not to the session's
        // Security Domain: they pass as they are (a SELECT then ends the session).
        let cardCommand = cls.isInterindustry && !cls.secureMessaging && (command.ins == 0xA4 || command.ins == 0x70)
        if let layer = channel.secureMessaging, !cardCommand {
            let unwrapped = layer.unwrapCommand(
                command, secureMessagingIndicated: cls.secureMessaging, receivedExtended: receivedExtended)
            switch unwrapped {
            case .command(let unwrapped):
                plain = unwrapped
                secureMessagingIndicated = false
                secured = true
            case .reject(let sw, let endSession):
                if endSession { endSecureChannel(on: channel, number: cls.channel) }
                return encode(sw)
            }
        }

        let context = AppletContext(
            channel: cls.channel, isInterindustryClass: cls.isInterindustry,
            secureMessagingIndicated: secureMessagingIndicated, isSecureChannelOpen: secured,
            receivedExtended: receivedExtended)
        let reply: AppletReply
        if cls.isInterindustry && plain.ins == 0x70 {
            reply = manageChannel(plain, context: context)
        } else if cls.isInterindustry && plain.ins == 0xA4 {
            reply = select(plain, context: context, on: channel)
        } else if let applet = channel.selected {
            reply = applet.process(plain, context: context)
        } else {
            reply = .status(.conditionsNotSatisfied)
        }
        return finish(reply, for: plain, extended: isExtended, on: channel, wrap: !cardCommand)
    }

    // MARK: - Response shaping

    private func encode(_ sw: StatusWord) -> [UInt8] { [sw.sw1, sw.sw2] }

    /// Wraps the reply under an open secure channel, then fits it to Le (ISO 7816-4 §5.3.4).
    private func finish(
        _ reply: AppletReply, for command: CommandAPDU, extended: Bool, on channel: LogicalChannel, wrap: Bool = true
    ) -> [UInt8] {
        var data = reply.data
        var sw = reply.sw
        var exact = reply.isExactLength
        if corruptNextTLV && !data.isEmpty {
            data = Self.breakingFirstLength(data)
            corruptNextTLV = false
        }
        if wrap, let layer = channel.secureMessaging {
            let wrapped = layer.wrapResponse(ResponseAPDU(data: data, sw: sw), to: command)
            data = wrapped.data
            sw = wrapped.sw
            exact = false  // the length of a wrapped object is the session's business, not the object's
            // GP Amd D v1.2 §6.2.5: the R-MAC is the last 8 (S16: 16) bytes of the response data.
            if corruptNextRMAC && layer.securityLevel & 0x10 != 0 && !data.isEmpty {
                data[data.count - 1] ^= 0x01
                corruptNextRMAC = false
            }
        }
        if let established = reply.establishedSecureMessaging {
            channel.secureMessaging = established
        }
        if data.isEmpty { return encode(sw) }
        guard let ne = command.ne else {
            // Case 1 or 3 with response data: T=0 style, the data waits for GET RESPONSE.
            channel.pending = PendingResponse(data: data[...], sw: sw)
            return encode(StatusWord(0x61, Self.remainingByte(data.count)))
        }
        let largestNe = extended ? 65536 : 256
        if exact && ne != largestNe && ne != data.count && data.count <= 256 {
            // ISO 7816-4 §5.6: 6Cxx, wrong Le; xx is the exact length (00 = 256).
            return encode(StatusWord(0x6C, UInt8(data.count & 0xFF)))
        }
        if data.count <= ne { return data + encode(sw) }
        channel.pending = PendingResponse(data: data[ne...], sw: sw)
        return Array(data[..<ne]) + encode(StatusWord(0x61, Self.remainingByte(data.count - ne)))
    }

    /// SW2 of 61xx: the bytes still available, 00 when 256 or more.
    private static func remainingByte(_ count: Int) -> UInt8 { count >= 256 ? 0 : UInt8(count) }

    /// GET RESPONSE (ISO 7816-4, INS C0): the next piece of the pending response on this channel.
    private func getResponse(_ command: CommandAPDU, on channel: LogicalChannel) -> [UInt8] {
        guard command.p1 == 0, command.p2 == 0 else { return encode(.incorrectP1P2) }
        guard command.data.isEmpty else { return encode(.wrongLength) }
        guard let pending = channel.pending else { return encode(.conditionsNotSatisfied) }
        let ne = command.ne ?? 256
        if pending.data.count <= ne {
            channel.pending = nil
            return Array(pending.data) + encode(pending.sw)
        }
        let cut = pending.data.startIndex + ne
        channel.pending = PendingResponse(data: pending.data[cut...], sw: pending.sw)
        return Array(pending.data[..<cut]) + encode(StatusWord(0x61, Self.remainingByte(pending.data.count - ne)))
    }

    // MARK: - SELECT

    /// SELECT by DF name (ISO 7816-4 §11.1.1): P1 04; P2 b2-b1 00 first or only, 10 next;
    /// b4-b3 11 (0C) no response data, any other value the FCI (as Java Card applets answer).
    private func select(_ command: CommandAPDU, context: AppletContext, on channel: LogicalChannel) -> AppletReply {
        guard command.p1 == 0x04 else { return .status(.incorrectP1P2) }
        let occurrence = command.p2 & 0x03
        let answer = command.p2 & 0x0C
        guard occurrence == 0x00 || occurrence == 0x02, command.p2 & 0xF0 == 0 else {
            return .status(.incorrectP1P2)
        }
        guard command.data.count <= 16 else { return .status(.wrongLength) }
        let target: (any Applet)?
        if command.data.isEmpty {
            // No DF name: the ISD, the card's default application (GP CS v2.3.1 §11.9.2.3).
            target = occurrence == 0 ? isd : nil
        } else {
            let candidates = applets.filter { $0.aid.starts(with: command.data) }
            if occurrence == 0x02, let current = channel.selected,
                let index = candidates.firstIndex(where: { $0 === current })
            {
                target = index + 1 < candidates.count ? candidates[index + 1] : nil
            } else {
                target = candidates.first
            }
        }
        guard let target else { return .status(.fileNotFound) }
        if let previous = channel.selected {
            previous.deselect(channel: context.channel)
        }
        endSecureChannel(on: channel, number: context.channel)
        channel.selected = target
        let fci = target.select(command, context: context)
        if answer == 0x0C { return .status(fci.sw) }
        return fci
    }

    private func endSecureChannel(on channel: LogicalChannel, number: Int) {
        channel.secureMessaging = nil
        secureChannelResponder?.abort(channel: number)
    }

    // MARK: - MANAGE CHANNEL

    /// MANAGE CHANNEL (ISO 7816-4 §11.1.2): P1 00 opens (P2 00: the card picks), P1 80 closes P2.
    private func manageChannel(_ command: CommandAPDU, context: AppletContext) -> AppletReply {
        guard command.data.isEmpty else { return .status(.wrongLength) }
        switch command.p1 {
        case 0x00:
            let number: Int
            if command.p2 == 0 {
                guard let free = (1..<Self.channelCount).first(where: { channels[$0] == nil }) else {
                    return .status(.functionNotSupported)
                }
                number = free
            } else {
                number = Int(command.p2)
                guard number < Self.channelCount else { return .status(.incorrectP1P2) }
                guard channels[number] == nil else { return .status(.conditionsNotSatisfied) }
            }
            // Opened from the basic channel: the default application; otherwise the origin's one.
            let opened = LogicalChannel()
            let origin = context.channel == 0 ? isd : (channels[context.channel]?.selected ?? isd)
            opened.selected = origin
            channels[number] = opened
            var openedContext = context
            openedContext.channel = number
            _ = origin.select(command, context: openedContext)
            return command.p2 == 0 ? .data([UInt8(number)], exact: true) : .status(.success)
        case 0x80:
            let number = command.p2 == 0 ? context.channel : Int(command.p2)
            guard number < Self.channelCount else { return .status(.incorrectP1P2) }
            guard number != 0 else { return .status(.conditionsNotSatisfied) }
            guard let closing = channels[number] else { return .status(.logicalChannelNotSupported) }
            closing.selected?.deselect(channel: number)
            endSecureChannel(on: closing, number: number)
            channels[number] = nil
            return .status(.success)
        default:
            return .status(.incorrectP1P2)
        }
    }
}

/// The volatile state of one open logical channel.
final class LogicalChannel {
    var selected: (any Applet)?
    var pending: PendingResponse?
    var chain: CommandChain?
    var secureMessaging: (any SecureMessagingLayer)?
}

/// Response data not yet fetched with GET RESPONSE, and the status word that ends it.
struct PendingResponse {
    var data: ArraySlice<UInt8>
    var sw: StatusWord
}

/// The data gathered so far from a command chain.
struct CommandChain {
    var ins: UInt8
    var p1: UInt8
    var p2: UInt8
    var data: [UInt8] = []

    /// True when `command` belongs to the same chain (same INS P1 P2).
    func continues(_ command: CommandAPDU) -> Bool {
        command.ins == ins && command.p1 == p1 && command.p2 == p2
    }
}
