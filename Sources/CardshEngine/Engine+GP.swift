import CardCore
import CardshLanguage

extension Engine {
    func performGP(_ command: Command, into outcome: inout CommandOutcome) throws(CommandError) {
        switch command {
        case .gpStatus(let options):
            let sections = try gpStatus(options, into: &outcome)
            outcome.result = .gp(GPOutput(.registry(sections), showsExchanges: options.raw))
        case .gpData(let object):
            let tag = gpDataTag(object)
            let data = try gpGetData(tag, into: &outcome)
            outcome.result = .gp(GPOutput(gpDecode(tag: tag, data: data, notes: &outcome.notes)))
        case .gpKeys:
            let data = try gpGetData([0x00, 0xE0], into: &outcome)
            let keys: [KeyInformation]
            do {
                keys = try KeyInformation.parseTemplate(data)
            } catch {
                throw CommandError("key information template (E0): " + GPRendering.describe(error, in: data))
            }
            outcome.result = .gp(GPOutput(.keys(gpKeyRows(keys))))
        default:
            preconditionFailure("not a gp command")
        }
    }

    // MARK: GET STATUS

    /// GET STATUS per scope (GP CS v2.3.1 §11.4): E3 format first, legacy on 6A86, 6310 continues.
    private func gpStatus(_ options: GPStatusOptions, into outcome: inout CommandOutcome)
        throws(CommandError) -> [GPRegistrySection]
    {
        let scopes: [GPStatusScope] = options.scope.map { [$0] } ?? [.isd, .apps, .modules]
        var legacy = false
        var sections: [GPRegistrySection] = []
        for scope in scopes {
            // GP CS v2.3.1 §11.4.2.1: P1 10 is newer than 20; when listing everything, an older card that
            // rejects 10 gets asked for the load files alone.
            let fallBack = options.scope == nil && scope == .modules
            if let section = try gpStatusSection(
                scope: scope, legacy: &legacy, unsupportedIsNil: fallBack,
                into: &outcome)
            {
                sections.append(section)
            } else if let section = try gpStatusSection(
                scope: .files, legacy: &legacy, unsupportedIsNil: false,
                into: &outcome)
            {
                sections.append(section)
            }
        }
        return sections
    }

    /// One scope's entries; nil when `unsupportedIsNil` and the card rejects this P1 in both formats.
    private func gpStatusSection(
        scope: GPStatusScope, legacy: inout Bool, unsupportedIsNil: Bool,
        into outcome: inout CommandOutcome
    ) throws(CommandError) -> GPRegistrySection? {
        let p1 = GPRegistrySection.p1(scope)
        let legacyBefore = legacy
        let kind: GPEntryKind = p1 == 0x80 ? .issuerSecurityDomain : p1 == 0x40 ? .application : .executableLoadFile
        var entries: [RegistryEntry] = []
        var p2: UInt8 = legacy ? 0x00 : 0x02
        var rounds = 0
        while true {
            let record = try transmit([0x80, 0xF2, p1, p2, 0x02, 0x4F, 0x00, 0x00])
            outcome.exchanges.append(record)
            rounds += 1
            let sw = record.response.sw
            // GP CS v2.3.1 §11.4.2.2 (P2 b2): 6A86 to P2 02 means the card knows only the legacy format.
            if sw == .incorrectP1P2 && rounds == 1 && p2 == 0x02 {
                legacy = true
                p2 = 0x00
                rounds = 0
                continue
            }
            if sw == .incorrectP1P2 && rounds == 1 && unsupportedIsNil {
                legacy = legacyBefore
                return nil
            }
            if sw == .referencedDataNotFound && rounds == 1 { break }
            guard sw == .success || sw == .moreDataAvailable else {
                throw CommandError(
                    "GET STATUS P1 \(Hex.encode([p1])): \(sw) (\(ErrorText.swText(sw))). A real ISD usually "
                        + "lists its registry only under a secure channel: `scp03 open`.")
            }
            do {
                let data = record.response.data
                entries +=
                    p2 & 0x02 != 0
                    ? try RegistryEntry.parseTemplates(data, kind: kind)
                    : try RegistryEntry.parseLegacy(data, kind: kind, withModules: p1 == 0x10)
            } catch {
                throw CommandError(
                    "GET STATUS P1 \(Hex.encode([p1])): " + GPRendering.describe(error, in: record.response.data))
            }
            // GP CS v2.3.1 §11.4: 6310, more data; P2 b1 set asks for the next occurrences.
            guard sw == .moreDataAvailable else { break }
            guard rounds < 64 else {
                throw CommandError("GET STATUS P1 \(Hex.encode([p1])): still 6310 after 64 responses; stopped")
            }
            p2 |= 0x01
        }
        return GPRegistrySection(scope: scope, p1: p1, legacyFormat: legacy, entries: entries)
    }

    // MARK: GET DATA

    private func gpDataTag(_ object: GPDataObject) -> [UInt8] {
        switch object {
        case .tag(let bytes): return bytes.count == 1 ? [0x00] + bytes : bytes
        case .named(let name):
            switch name {
            case .cplc: return [0x9F, 0x7F]
            case .cardData: return [0x00, 0x66]
            case .keyInfo: return [0x00, 0xE0]
            case .iin: return [0x00, 0x42]
            case .cin: return [0x00, 0x45]
            case .seqCounter: return [0x00, 0xC1]
            case .confirmCounter: return [0x00, 0xC2]
            case .capabilities: return [0x00, 0x67]
            case .resources: return [0xFF, 0x21]
            }
        }
    }

    /// GET DATA 80 CA P1 P2 (GP CS v2.3.1 §11.3); the response data when the card answers 9000.
    private func gpGetData(_ tag: [UInt8], into outcome: inout CommandOutcome) throws(CommandError) -> [UInt8] {
        let record = try transmit([0x80, 0xCA, tag[0], tag[1], 0x00])
        outcome.exchanges.append(record)
        let sw = record.response.sw
        guard sw == .success else {
            throw CommandError(
                "GET DATA \(Hex.encode(tag)): \(sw) (\(ErrorText.swText(sw)))."
                    + (sw == .referencedDataNotFound
                        ? " The selected application does not hold this object; try `select isd`." : ""))
        }
        return record.response.data
    }

    /// Decodes a GET DATA response by its tag; undecodable data falls back to the TLV tree with a warning.
    private func gpDecode(tag: [UInt8], data: [UInt8], notes: inout [Note]) -> GPOutput.Content {
        let value = BERTag(bytes: tag.first == 0x00 ? [tag[1]] : tag)
        do throws(GPDataError) {
            switch value {
            case BERTag(0x9F7F): return .cplc(try CPLC(parsing: data))
            case BERTag(0x66): return .cardData(try CardRecognitionData(parsing: data))
            case BERTag(0xE0): return .keys(gpKeyRows(try KeyInformation.parseTemplate(data)))
            case BERTag(0x67): return .capabilities(try CardCapabilityInformation(parsing: data))
            case BERTag(0xFF21): return .resources(try ExtendedCardResources(parsing: data))
            case BERTag(0x42), BERTag(0x45), BERTag(0xC1), BERTag(0xC2):
                return .value(GPRendering.simpleValue(tag: value, data: data))
            default: break
            }
        } catch {
            notes.append(Note(.warning, "\(GPRendering.objectName(value)): " + GPRendering.describe(error, in: data)))
        }
        return .undecoded(tag: value, tree: (try? TLV.decodeAll(data)) ?? [], bytes: data)
    }

    // MARK: key table changes

    /// Rows for the key table, marked against the table last read from the same application.
    private func gpKeyRows(_ keys: [KeyInformation]) -> [GPKeyRow] {
        let owner = session.selected[session.channel] ?? []
        let previous = session.keyTables[owner]
        session.keyTables[owner] = keys
        guard let previous else { return keys.map { GPKeyRow(key: $0, change: .none) } }
        var rows: [GPKeyRow] = keys.map { key in
            guard let old = previous.first(where: { $0.id == key.id && $0.version == key.version }) else {
                return GPKeyRow(key: key, change: .added)
            }
            return GPKeyRow(key: key, change: old == key ? .none : .replaced)
        }
        for old in previous where !keys.contains(where: { $0.id == old.id && $0.version == old.version }) {
            rows.append(GPKeyRow(key: old, change: .removed))
        }
        return rows
    }
}
