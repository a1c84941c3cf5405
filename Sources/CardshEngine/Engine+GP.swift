import CardCore
import CardshLanguage

extension Engine {
    func performGP(_ command: Command, into outcome: inout CommandOutcome) throws(CommandError) {
        switch command {
        case .gpData(let object):
            let tag = gpDataTag(object)
            let p1p2: (UInt8, UInt8) = tag.count == 2 ? (tag[0], tag[1]) : (0x00, tag[0])
            let record = try transmit([0x80, 0xCA, p1p2.0, p1p2.1, 0x00])
            outcome.exchanges.append(record)
        case .gpKeys:
            let record = try transmit([0x80, 0xCA, 0x00, 0xE0, 0x00])
            outcome.exchanges.append(record)
            if record.response.sw == .success {
                outcome.result = .lines(keyInformationTable(record.response.data))
            }
        case .gpStatus(let options):
            let scopes: [(UInt8, String)]
            switch options.scope {
            case .isd?: scopes = [(0x80, "Issuer Security Domain")]
            case .apps?: scopes = [(0x40, "Applications and Security Domains")]
            case .files?: scopes = [(0x20, "Executable Load Files")]
            case .modules?: scopes = [(0x10, "Executable Load Files and Modules")]
            case nil:
                scopes = [(0x80, "Issuer Security Domain"), (0x40, "Applications and Security Domains"),
                          (0x10, "Executable Load Files and Modules")]
            }
            var lines: [String] = []
            for (p1, title) in scopes {
                var entries: [TLV] = []
                var p2: UInt8 = 0x02
                var rounds = 0
                while true {
                    let record = try transmit([0x80, 0xF2, p1, p2, 0x02, 0x4F, 0x00, 0x00])
                    if options.raw { outcome.exchanges.append(record) }
                    rounds += 1
                    let sw = record.response.sw
                    if sw == .success || sw == .moreDataAvailable {
                        entries += (try? TLV.decodeAll(record.response.data)) ?? []
                    }
                    // GP CS v2.3.1 §11.4.2: 6310 means more data; ask again with P2 b1 (next occurrence).
                    if sw == .moreDataAvailable && rounds < 64 {
                        p2 = 0x03
                        continue
                    }
                    if sw != .success && sw != .moreDataAvailable && sw.rawValue != 0x6A88 {
                        throw CommandError("GET STATUS (\(title)): \(sw) (\(ErrorText.swText(sw))). Under a real ISD this "
                            + "usually needs a secure channel: `scp03 open`.")
                    }
                    break
                }
                lines.append(title + ":")
                if entries.isEmpty { lines.append("   (none)") }
                lines += entries.map(registryEntryLine)
            }
            outcome.result = .lines(lines)
        default:
            preconditionFailure("not a gp command")
        }
    }

    private func gpDataTag(_ object: GPDataObject) -> [UInt8] {
        switch object {
        case .tag(let bytes): return bytes
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

    /// One registry entry (GP CS v2.3.1 §11.4.3.1, tag E3): AID, life cycle, privileges, modules.
    private func registryEntryLine(_ entry: TLV) -> String {
        let aid = entry.first(BERTag(0x4F))?.valueBytes ?? []
        var line = "   " + Hex.encode(aid)
        if let state = entry.first(BERTag(0x9F70))?.valueBytes.first {
            line += "  life cycle " + Hex.encode([state])
        }
        if let privileges = entry.first(BERTag(0xC5))?.valueBytes, !privileges.isEmpty {
            line += "  privileges " + Hex.encode(privileges)
        }
        if let version = entry.first(BERTag(0xCE))?.valueBytes { line += "  version " + Hex.encode(version) }
        let modules = entry.children.filter { $0.tag == BERTag(0x84) }
        for module in modules { line += "\n      module " + Hex.encode(module.valueBytes) }
        return line
    }

    /// Key information template (GP CS v2.3.1 §11.3.3.1, E0 with C0 entries): id, version, type, length.
    private func keyInformationTable(_ data: [UInt8]) -> [String] {
        guard let items = try? TLV.decodeAll(data), let template = items.first(BERTag(0xE0)) else { return [] }
        var lines = ["key id  version  type  length"]
        for entry in template.children where entry.tag == BERTag(0xC0) {
            let v = entry.valueBytes
            guard v.count >= 4 else { continue }
            lines.append("  " + Hex.encode([v[0]]) + "       " + Hex.encode([v[1]]) + "     " + Hex.encode([v[2]])
                + "    " + String(v[3]))
        }
        return lines
    }
}
