import CardCore

/// The Issuer Security Domain: FCI, GET DATA, GET STATUS, and the door for
/// secure channel handshakes (SCP03, SCP11) through `SecureChannelResponder`.
final class IssuerSecurityDomain: Applet {
    let aid = DemoAID.isd
    private let registry: Registry
    private let configuration: SimulatedCard.Configuration
    private let responder: (any SecureChannelResponder)?
    /// GET STATUS continuation per channel (GP CS v2.3.1 §11.4.2.2, P2 b1 = next occurrence).
    private var statusCursors: [Int: GetStatusCursor] = [:]

    init(registry: Registry, configuration: SimulatedCard.Configuration, responder: (any SecureChannelResponder)?) {
        self.registry = registry
        self.configuration = configuration
        self.responder = responder
    }

    func select(_ command: CommandAPDU, context: AppletContext) -> AppletReply {
        statusCursors[context.channel] = nil
        return .data(fci)
    }

    func deselect(channel: Int) { statusCursors[channel] = nil }
    func reset() { statusCursors = [:] }

    /// FCI of the ISD (GP CS v2.3.1 §11.9.3): 6F { 84 AID, A5 { 73 SD management data,
    /// 9F6E application production life cycle data, 9F65 maximum command data length } }.
    var fci: [UInt8] {
        BER.tlv(
            0x6F,
            children: [
                BER.tlv(0x84, aid),
                BER.tlv(
                    0xA5,
                    children: [
                        CardData.recognitionData, CardData.productionLifeCycle, CardData.maximumCommandDataLength,
                    ]),
            ])
    }

    func process(_ command: CommandAPDU, context: AppletContext) -> AppletReply {
        if context.secureMessagingIndicated && !isHandshake(command.ins) {
            // Secure messaging without an open session (GP CS v2.3.1 §10.2).
            return .status(.securityStatusNotSatisfied)
        }
        switch command.ins {
        case 0xCA:
            return getData(command, context: context)
        case 0xF2:
            guard !context.isInterindustryClass else { return .status(.claNotSupported) }
            return getStatus(command, context: context)
        case 0x50, 0x82, 0x88, 0x2A:
            guard !context.isInterindustryClass || command.ins == 0x88 || command.ins == 0x2A else {
                return .status(.claNotSupported)
            }
            return handshake(command, context: context)
        case 0xD8, 0xE2, 0xE4, 0xE6, 0xE8, 0xF0:
            // PUT KEY, STORE DATA, DELETE, INSTALL, LOAD, SET STATUS need a secure channel (GP CS v2.3.1 §11).
            guard !context.isInterindustryClass else { return .status(.claNotSupported) }
            guard context.isSecureChannelOpen else { return .status(.securityStatusNotSatisfied) }
            if let scp03 = scp03Responder {
                // PUT KEY (§11.8) and DELETE of a key (§11.2, tags D0 / D2) change the SCP03 key sets.
                if command.ins == 0xD8 { return scp03.putKey(command, channel: context.channel) }
                if command.ins == 0xE4, let first = command.data.first, first == 0xD0 || first == 0xD2 {
                    return scp03.deleteKey(command, channel: context.channel)
                }
            }
            return .status(.functionNotSupported)
        default:
            return .status(.insNotSupported)
        }
    }

    private func isHandshake(_ ins: UInt8) -> Bool { [0x50, 0x82, 0x88, 0x2A].contains(ins) }

    /// The SCP03 responder, alone or next to SCP11.
    private var scp03Responder: SCP03Responder? {
        (responder as? SCP03Responder) ?? (responder as? SCP11Responder)?.scp03
    }

    // MARK: - Secure channel handshake

    private func handshake(_ command: CommandAPDU, context: AppletContext) -> AppletReply {
        if let responder {
            return responder.handle(command, context: context)
        }
        switch command.ins {
        case 0x50:
            // INITIALIZE UPDATE (GP Amd D v1.2 §7.1.1): P1 KVN, P2 00, host challenge of 8 bytes.
            guard command.p2 == 0x00 else { return .status(.incorrectP1P2) }
            guard command.data.count == 8 || command.data.count == 16 else { return .status(.wrongLength) }
            // No key set on this card answers the request: referenced data not found.
            return .status(.referencedDataNotFound)
        case 0x82:
            // EXTERNAL AUTHENTICATE without a preceding INITIALIZE UPDATE.
            return .status(.conditionsNotSatisfied)
        default:
            // SCP11 INTERNAL AUTHENTICATE / PERFORM SECURITY OPERATION: no such key on this card.
            return .status(.referencedDataNotFound)
        }
    }

    // MARK: - GET DATA

    /// GET DATA (GP CS v2.3.1 §11.3): P1 P2 is the tag; the answer is the whole data object.
    private func getData(_ command: CommandAPDU, context: AppletContext) -> AppletReply {
        // GP Amd F §7.4: BF21 names the key in its data field.
        if command.p1 == 0xBF, command.p2 == 0x21 {
            guard let scp11 = responder as? SCP11Responder else { return .status(.referencedDataNotFound) }
            var reply = scp11.certificateStore(command, context: context)
            if configuration.getDataOmitsTemplateTag, reply.sw == .success {
                var input = reply.data[...]
                if let store = try? TLV.decode(&input) { reply.data = store.valueBytes }
            }
            return reply
        }
        guard command.data.isEmpty else { return .status(.wrongLength) }
        let tag = UInt32(command.p1) << 8 | UInt32(command.p2)
        let object: [UInt8]
        switch tag {
        case 0x9F7F: object = CardData.cplc
        case 0x0066: object = CardData.cardData
        case 0x00E0:
            object = CardData.keyInformation(keyVersions, scp11: (responder as? SCP11Responder)?.keyInformationEntries)
        case 0x0042: object = CardData.iin
        case 0x0045: object = CardData.cin
        case 0x00C1: object = CardData.sequenceCounter(scp03Responder?.sequenceCounter ?? 0x2A)
        case 0x00C2: object = CardData.confirmationCounter
        case 0x0067: object = CardData.capabilityInformation
        case 0x00CF: object = CardData.keyDerivationData
        case 0xFF21: object = CardData.extendedCardResources(installedApplications: registry.applications.count)
        default: return .status(.referencedDataNotFound)
        }
        if configuration.getDataOmitsTemplateTag && BERTag(tag).isConstructed {
            var input = object[...]
            if let template = try? TLV.decode(&input) { return .data(template.valueBytes, exact: true) }
        }
        return .data(object, exact: true)
    }

    /// The SCP03 key versions and lengths: the live key store when SCP03 runs, else the configuration's.
    private var keyVersions: [(kvn: UInt8, keyLength: Int)] {
        if let scp03 = scp03Responder {
            return scp03.keySets.map { ($0.kvn, $0.keys.keyLength) }
        }
        return configuration.scp03KeySets.map { ($0.kvn, $0.keyLength) }
    }

    // MARK: - GET STATUS

    /// GET STATUS (GP CS v2.3.1 §11.4): P1 80 ISD, 40 applications and SDs, 20 load files,
    /// 10 load files and their modules; P2 b2 = TLV format (E3), b1 = next occurrence.
    private func getStatus(_ command: CommandAPDU, context: AppletContext) -> AppletReply {
        if configuration.requireSecureChannelForGetStatus && !context.isSecureChannelOpen {
            return .status(.securityStatusNotSatisfied)
        }
        guard [0x80, 0x40, 0x20, 0x10].contains(command.p1), command.p2 & 0xFC == 0 else {
            return .status(.incorrectP1P2)
        }
        let tlvFormat = command.p2 & 0x02 != 0
        let next = command.p2 & 0x01 != 0

        var cursor: GetStatusCursor
        if next {
            guard let saved = statusCursors[context.channel], saved.p1 == command.p1, saved.tlvFormat == tlvFormat
            else { return .status(.conditionsNotSatisfied) }
            cursor = saved
        } else {
            guard let filter = Self.searchAID(command.data) else { return .status(.incorrectData) }
            let selected = entries(for: command.p1).filter { $0.aid.starts(with: filter) }
            guard !selected.isEmpty else {
                statusCursors[context.channel] = nil
                return .status(.referencedDataNotFound)
            }
            cursor = GetStatusCursor(p1: command.p1, tlvFormat: tlvFormat, entries: selected, next: 0)
        }

        var out: [UInt8] = []
        while cursor.next < cursor.entries.count {
            let item = encode(cursor.entries[cursor.next], p1: command.p1, tlvFormat: tlvFormat)
            if !out.isEmpty && out.count + item.count > configuration.getStatusResponseLimit { break }
            out += item
            cursor.next += 1
        }
        if cursor.next < cursor.entries.count {
            statusCursors[context.channel] = cursor
            return AppletReply(data: out, sw: .moreDataAvailable)
        }
        statusCursors[context.channel] = nil
        return .data(out)
    }

    /// The AID of the search criteria `4F len AID` (an empty AID matches everything); nil if malformed.
    private static func searchAID(_ data: [UInt8]) -> [UInt8]? {
        guard let objects = try? TLV.decodeAll(data), let aid = objects.first(where: { $0.tag == BERTag(0x4F) }),
            case .primitive(let value) = aid.value, value.count <= 16
        else { return nil }
        return value
    }

    private func entries(for p1: UInt8) -> [Registry.Entry] {
        switch p1 {
        case 0x80: return registry.entries.filter { $0.kind == .issuerSecurityDomain }
        case 0x40: return registry.entries.filter { $0.kind == .application || $0.kind == .securityDomain }
        default: return registry.loadFiles
        }
    }

    /// One registry entry in the requested format (GP CS v2.3.1 §11.4.3: legacy, or E3 TLV).
    private func encode(_ entry: Registry.Entry, p1: UInt8, tlvFormat: Bool) -> [UInt8] {
        let withModules = p1 == 0x10
        if !tlvFormat {
            var out = [UInt8(entry.aid.count)] + entry.aid + [entry.lifeCycle, entry.privileges.first ?? 0]
            if withModules {
                out.append(UInt8(entry.modules.count))
                for module in entry.modules { out += [UInt8(module.count)] + module }
            }
            return out
        }
        var children = [BER.tlv(0x4F, entry.aid), BER.tlv(0x9F70, [entry.lifeCycle])]
        if entry.kind == .executableLoadFile {
            if let version = entry.version { children.append(BER.tlv(0xCE, version)) }
            if withModules { children += entry.modules.map { BER.tlv(0x84, $0) } }
        } else {
            children.append(BER.tlv(0xC5, entry.privileges))
            if let loadFile = entry.loadFile { children.append(BER.tlv(0xC4, loadFile)) }
        }
        if let sd = entry.associatedSecurityDomain { children.append(BER.tlv(0xCC, sd)) }
        return BER.tlv(0xE3, children: children)
    }
}

/// Where a GET STATUS that answered 6310 goes on.
struct GetStatusCursor {
    var p1: UInt8
    var tlvFormat: Bool
    var entries: [Registry.Entry]
    var next: Int
}
