import CardCore
import CardshLanguage

/// The decoded answer of `gp status`, `gp data` or `gp keys`.
public struct GPOutput: Sendable {
    public enum Content: Sendable {
        case registry([GPRegistrySection])
        case cplc(CPLC)
        case cardData(CardRecognitionData)
        case keys([GPKeyRow])
        case capabilities(CardCapabilityInformation)
        case resources(ExtendedCardResources)
        case value(GPSimpleValue)
        /// An object without a decoder (or one that failed to decode): its TLV tree and bytes.
        case undecoded(tag: BERTag, tree: [TLV], bytes: [UInt8])
    }

    public var content: Content
    /// Whether text output shows the APDU exchanges too (`gp status --raw`; also whenever `set trace` is not off).
    public var showsExchanges: Bool

    public init(_ content: Content, showsExchanges: Bool = false) {
        self.content = content
        self.showsExchanges = showsExchanges
    }
}

/// The entries of one GET STATUS scope.
public struct GPRegistrySection: Sendable {
    public var scope: GPStatusScope
    public var p1: UInt8
    /// True when the card answered in the legacy format (GP CS v2.3.1 §11.4.3.1, P2 b2 clear).
    public var legacyFormat: Bool
    public var entries: [RegistryEntry]

    /// GET STATUS P1 for a scope (GP CS v2.3.1 §11.4.2.1).
    public static func p1(_ scope: GPStatusScope) -> UInt8 {
        switch scope {
        case .isd: return 0x80
        case .apps: return 0x40
        case .files: return 0x20
        case .modules: return 0x10
        }
    }

    public var title: String {
        switch scope {
        case .isd: return "Issuer Security Domain"
        case .apps: return "Applications and Security Domains"
        case .files: return "Executable Load Files"
        case .modules: return "Executable Load Files and Modules"
        }
    }
}

/// One row of the key table, marked against the table read before from the same application.
public struct GPKeyRow: Hashable, Sendable {
    public enum Change: String, Hashable, Sendable {
        case none, added, replaced, removed
    }

    public var key: KeyInformation
    public var change: Change
}

/// A short GET DATA object: IIN (42), CIN (45), sequence counter (C1), confirmation counter (C2).
public struct GPSimpleValue: Hashable, Sendable {
    public var tag: BERTag
    public var bytes: [UInt8]
    /// The value as an unsigned number, for the counters.
    public var number: Int? {
        guard tag == BERTag(0xC1) || tag == BERTag(0xC2), (1...4).contains(bytes.count) else { return nil }
        return bytes.reduce(0) { $0 << 8 | Int($1) }
    }
}

/// Text and JSON for GlobalPlatform results.
enum GPRendering {
    // MARK: words

    /// GP CS v2.3.1 §11.3.3 and Annex H: names of the GET DATA objects.
    static func objectName(_ tag: BERTag) -> String {
        switch tag.value {
        case 0x9F7F: return "Card production life cycle data (9F7F)"
        case 0x66: return "Card recognition data (66)"
        case 0xE0: return "Key information template (E0)"
        case 0x42: return "Issuer identification number (42)"
        case 0x45: return "Card image number (45)"
        case 0xC1: return "Sequence counter (C1)"
        case 0xC2: return "Confirmation counter (C2)"
        case 0x67: return "Card capability information (67)"
        case 0xFF21: return "Extended card resources (FF21)"
        default: return "Data object " + tag.description
        }
    }

    /// A decoding failure in words, with the byte offset.
    static func describe(_ error: GPDataError, in bytes: [UInt8]) -> String {
        switch error {
        case .tlv(let tlv): return "not valid BER-TLV: " + ErrorText.tlv(tlv, in: bytes)
        case .wrongLength(let tag, let offset, let expected, let actual):
            return "tag \(tag) at offset \(offset) has \(actual) byte\(actual == 1 ? "" : "s"), expected \(expected)"
        case .truncated(let offset, let needed, let available):
            return "truncated at offset \(offset): \(needed) byte\(needed == 1 ? "" : "s") needed, \(available) left"
        case .missingTag(let tag, let within):
            return "tag \(tag) missing" + (within.map { " in \($0)" } ?? "")
        case .unexpectedTag(let offset, let expected, let actual):
            return "expected tag \(expected) at offset \(offset), found \(actual)"
        }
    }

    /// The value of a short object, with its own tag stripped when the card sent it.
    static func simpleValue(tag: BERTag, data: [UInt8]) -> GPSimpleValue {
        if let items = try? TLV.decodeAll(data), items.count == 1, items[0].tag == tag {
            return GPSimpleValue(tag: tag, bytes: items[0].valueBytes)
        }
        return GPSimpleValue(tag: tag, bytes: data)
    }

    /// CE: major.minor for two bytes (GP CS v2.3.1 §11.4.3.1), else hex.
    static func version(_ bytes: [UInt8]) -> String {
        bytes.count == 2 ? "\(bytes[0]).\(bytes[1])" : Hex.encode(bytes)
    }

    static func aidCell(_ aid: [UInt8]) -> String {
        Hex.encode(aid) + (AIDNames.name(for: aid).map { " (\($0))" } ?? "")
    }

    static func entryKindName(_ kind: GPEntryKind) -> String {
        switch kind {
        case .issuerSecurityDomain: return "ISD"
        case .application: return "App"
        case .securityDomain: return "SD"
        case .executableLoadFile: return "ELF"
        }
    }

    static func keyTypeText(_ key: KeyInformation) -> String {
        key.components.map { c in
            (c.typeName ?? "type \(Hex.encode([c.type]))") + (key.components.count > 1 ? " (\(c.length))" : "")
        }.joined(separator: " + ")
    }

    /// Pads columns to their widest cell; the last column is not padded.
    static func table(_ rows: [[String]], indent: String = "  ") -> [String] {
        guard let columns = rows.map(\.count).max() else { return [] }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        return rows.map { row in
            var line = indent
            for (i, cell) in row.enumerated() {
                line += i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count + 2)
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }

    // MARK: text

    static func textLines(_ output: GPOutput, style: Style) -> [String] {
        switch output.content {
        case .registry(let sections): return registryText(sections, style: style)
        case .cplc(let cplc):
            var rows: [[String]] = []
            for field in cplc.fields {
                var meaning = ""
                if field.kind == .date {
                    meaning = CPLC.Date(field.bytes)?.description ?? "not a YDDD date"
                } else if field.name == "IC fabricator" || field.name == "IC module fabricator" {
                    meaning = CPLC.fabricatorName(field.bytes) ?? ""
                }
                rows.append([field.name, Hex.encode(field.bytes), meaning])
            }
            return [style.bold(objectName(BERTag(0x9F7F)))] + table(rows)
        case .cardData(let data):
            var lines = [style.bold(objectName(BERTag(0x66)))]
            if let version = data.gpVersion { lines.append("  GlobalPlatform version " + version) }
            for scp in data.secureChannels {
                let options = CardRecognitionData.optionNames(scp: scp.scp, implementation: scp.implementation)
                lines.append(
                    "  Secure channel protocol SCP\(Hex.encode([scp.scp])), i=\(Hex.encode([scp.implementation]))"
                        + (options.isEmpty ? "" : " (" + options.joined(separator: ", ") + ")"))
            }
            lines += table(data.entries.map { [$0.name, $0.oid.isEmpty ? Hex.encode($0.bytes) : $0.dotted] })
            return lines
        case .keys(let rows): return keysText(rows, style: style)
        case .capabilities(let info):
            var lines = [style.bold(objectName(BERTag(0x67)))]
            var rows: [[String]] = []
            for scp in info.secureChannels {
                rows.append([
                    "SCP" + (scp.scp.map { Hex.encode([$0]) } ?? "??"),
                    "i=" + Hex.encode(scp.implementations, separator: " ")
                        + (scp.keySizeNames.isEmpty ? "" : "  keys " + scp.keySizeNames.joined(separator: " ")),
                ])
            }
            if let p = info.securityDomainPrivileges {
                rows.append([CardCapabilityInformation.name(BERTag(0x81)), privilegeText(p)])
            }
            if let p = info.applicationPrivileges {
                rows.append([CardCapabilityInformation.name(BERTag(0x82)), privilegeText(p)])
            }
            rows += info.items.map { [$0.name, Hex.encode($0.bytes)] }
            lines += table(rows)
            return lines
        case .resources(let r):
            var rows: [[String]] = []
            if let n = r.installedApplications { rows.append(["Installed applications", String(n)]) }
            if let n = r.freeNonVolatileMemory { rows.append(["Free non-volatile memory", "\(n) bytes"]) }
            if let n = r.freeVolatileMemory { rows.append(["Free volatile memory", "\(n) bytes"]) }
            return [style.bold(objectName(BERTag(0xFF21)))] + table(rows)
        case .value(let value):
            var text = Hex.encode(value.bytes)
            if let n = value.number { text += " = \(n)" }
            return [objectName(value.tag) + ": " + text]
        case .undecoded(let tag, let tree, let bytes):
            let body = tree.isEmpty ? ["   " + Hex.encode(bytes)] : TLVRendering.textLines(tree, style: style)
            return [style.bold(objectName(tag))] + body
        }
    }

    static func privilegeText(_ privileges: GPPrivileges) -> String {
        let names = privileges.granted.map(\.shortName)
        return Hex.encode(privileges.bytes) + (names.isEmpty ? "" : "  " + names.joined(separator: " "))
    }

    private static func registryText(_ sections: [GPRegistrySection], style: Style) -> [String] {
        var lines: [String] = []
        var used: [GPPrivileges.Bit] = []
        for section in sections {
            let format = section.legacyFormat ? "legacy format" : "E3 format"
            lines.append(
                style.bold(section.title) + style.dim("  (GET STATUS P1 \(Hex.encode([section.p1])), \(format))"))
            if section.entries.isEmpty {
                lines.append("  (none)")
                continue
            }
            let isFiles = section.p1 == 0x20 || section.p1 == 0x10
            var rows: [[String]] =
                isFiles
                ? [["AID", "State", "Version", "Security domain"]]
                : [["AID", "Kind", "State", "Privileges", "Security domain"]]
            var details: [Int: [String]] = [:]
            for entry in section.entries {
                let sd = entry.associatedSecurityDomain.map { Hex.encode($0) } ?? ""
                if isFiles {
                    rows.append([aidCell(entry.aid), entry.lifeCycle.name, entry.version.map(version) ?? "", sd])
                } else {
                    let granted = entry.privileges.granted
                    for bit in granted where !used.contains(bit) { used.append(bit) }
                    rows.append([
                        aidCell(entry.aid), entryKindName(entry.kind), entry.lifeCycle.name,
                        granted.isEmpty ? "-" : granted.map(\.shortName).joined(separator: " "), sd,
                    ])
                }
                var extra: [String] = entry.modules.map { "module " + aidCell($0) }
                if let file = entry.loadFileAID { extra.append("from load file " + Hex.encode(file)) }
                if !entry.implicitSelection.isEmpty {
                    extra.append("implicit selection " + Hex.encode(entry.implicitSelection, separator: " "))
                }
                if !entry.otherObjects.isEmpty {
                    extra.append(
                        "also "
                            + entry.otherObjects.map { "\($0.tag)=\(Hex.encode($0.valueBytes))" }
                            .joined(separator: " "))
                }
                if !extra.isEmpty { details[rows.count - 1] = extra }
            }
            for (i, line) in table(rows).enumerated() {
                lines.append(i == 0 ? style.dim(line) : line)
                for detail in details[i] ?? [] { lines.append("      " + style.dim(detail)) }
            }
        }
        if !used.isEmpty {
            let order = GPPrivileges.bits.filter { used.contains($0) }
            lines.append(style.dim("privileges: " + order.map { "\($0.shortName) \($0.name)" }.joined(separator: ", ")))
        }
        return lines
    }

    private static func keysText(_ rows: [GPKeyRow], style: Style) -> [String] {
        let title = style.bold(objectName(BERTag(0xE0)))
        guard !rows.isEmpty else { return [title, "  (no keys)"] }
        let showChange = rows.contains { $0.change != .none }
        var cells: [[String]] = [["ID", "Version", "Type", "Length"] + (showChange ? ["Change"] : [])]
        var notes: [Int: String] = [:]
        for row in rows {
            let key = row.key
            let length = key.components.first.map { String($0.length) } ?? ""
            cells.append(
                [Hex.encode([key.id]), "\(Hex.encode([key.version])) (\(key.version))", keyTypeText(key), length]
                    + (showChange ? [row.change == .none ? "" : row.change.rawValue] : []))
            if key.isExtended {
                var parts: [String] = []
                if let usage = key.usage, !usage.isEmpty {
                    parts.append(
                        "usage " + Hex.encode(usage) + " (" + KeyInformation.usageNames(usage).joined(separator: ", ")
                            + ")")
                }
                if let access = key.access, !access.isEmpty {
                    parts.append(
                        "access " + Hex.encode(access) + (KeyInformation.accessName(access).map { " (\($0))" } ?? ""))
                }
                if !parts.isEmpty { notes[cells.count - 1] = parts.joined(separator: ", ") }
            }
        }
        var lines = [title]
        for (i, line) in table(cells).enumerated() {
            lines.append(i == 0 ? style.dim(line) : line)
            if let note = notes[i] { lines.append("      " + style.dim(note)) }
        }
        return lines
    }

    // MARK: JSON

    static func json(_ output: GPOutput) -> JSONValue {
        switch output.content {
        case .registry(let sections):
            return .object([("object", .string("registry")), ("sections", .array(sections.map(sectionJSON)))])
        case .cplc(let cplc):
            return .object([
                ("object", .string("cplc")),
                (
                    "fields",
                    .array(
                        cplc.fields.map { field in
                            var members: [(String, JSONValue)] = [
                                ("name", .string(field.name)), ("hex", .string(Hex.encode(field.bytes))),
                            ]
                            if field.kind == .date {
                                let date = CPLC.Date(field.bytes)
                                members.append(
                                    (
                                        "date",
                                        date.map {
                                            .object([
                                                ("year_digit", .int($0.yearDigit)), ("day_of_year", .int($0.dayOfYear)),
                                            ])
                                        } ?? .null
                                    ))
                            }
                            if let name = CPLC.fabricatorName(field.bytes), field.name.hasSuffix("fabricator") {
                                members.append(("known_as", .string(name)))
                            }
                            return .object(members)
                        })
                ),
            ])
        case .cardData(let data):
            return .object([
                ("object", .string("card_recognition_data")),
                ("gp_version", data.gpVersion.map { .string($0) } ?? .null),
                (
                    "scps",
                    .array(
                        data.secureChannels.map {
                            .object([
                                ("scp", .string(Hex.encode([$0.scp]))), ("i", .string(Hex.encode([$0.implementation]))),
                                (
                                    "options",
                                    .array(
                                        CardRecognitionData.optionNames(scp: $0.scp, implementation: $0.implementation)
                                            .map { .string($0) })
                                ),
                            ])
                        })
                ),
                (
                    "entries",
                    .array(
                        data.entries.map {
                            .object([
                                ("tag", .string($0.tag.description)), ("name", .string($0.name)),
                                ("oid", $0.oid.isEmpty ? .null : .string($0.dotted)),
                                ("hex", .string(Hex.encode($0.bytes))),
                            ])
                        })
                ),
            ])
        case .keys(let rows):
            return .object([("object", .string("key_information")), ("keys", .array(rows.map(keyJSON)))])
        case .capabilities(let info):
            return .object([
                ("object", .string("card_capabilities")),
                (
                    "scps",
                    .array(
                        info.secureChannels.map { scp in
                            .object([
                                ("scp", scp.scp.map { .string(Hex.encode([$0])) } ?? .null),
                                ("i", .array(scp.implementations.map { .string(Hex.encode([$0])) })),
                                ("key_sizes", .array(scp.keySizeNames.map { .string($0) })),
                            ])
                        })
                ),
                ("ssd_privileges", info.securityDomainPrivileges.map(privilegesJSON) ?? .null),
                ("application_privileges", info.applicationPrivileges.map(privilegesJSON) ?? .null),
                (
                    "items",
                    .array(
                        info.items.map {
                            .object([
                                ("tag", .string($0.tag.description)), ("name", .string($0.name)),
                                ("hex", .string(Hex.encode($0.bytes))),
                            ])
                        })
                ),
            ])
        case .resources(let r):
            return .object([
                ("object", .string("extended_card_resources")),
                ("installed_applications", r.installedApplications.map { .int($0) } ?? .null),
                ("free_non_volatile_memory", r.freeNonVolatileMemory.map { .int($0) } ?? .null),
                ("free_volatile_memory", r.freeVolatileMemory.map { .int($0) } ?? .null),
            ])
        case .value(let value):
            return .object([
                ("object", .string(value.tag.description)), ("name", .string(objectName(value.tag))),
                ("hex", .string(Hex.encode(value.bytes))), ("number", value.number.map { .int($0) } ?? .null),
            ])
        case .undecoded(let tag, let tree, let bytes):
            return .object([
                ("object", .string(tag.description)), ("hex", .string(Hex.encode(bytes))),
                ("tlv", TLVRendering.json(tree)),
            ])
        }
    }

    static func privilegesJSON(_ p: GPPrivileges) -> JSONValue {
        .object([("hex", .string(Hex.encode(p.bytes))), ("names", .array(p.granted.map { .string($0.name) }))])
    }

    private static func sectionJSON(_ section: GPRegistrySection) -> JSONValue {
        .object([
            ("scope", .string(section.scope.rawValue)),
            ("p1", .string(Hex.encode([section.p1]))),
            ("format", .string(section.legacyFormat ? "legacy" : "E3")),
            (
                "entries",
                .array(
                    section.entries.map { entry in
                        var members: [(String, JSONValue)] = [
                            ("aid", .string(Hex.encode(entry.aid))),
                            ("kind", .string(entry.kind.rawValue)),
                            (
                                "life_cycle",
                                .object([
                                    ("hex", .string(Hex.encode([entry.lifeCycle.rawValue]))),
                                    ("name", .string(entry.lifeCycle.name)),
                                ])
                            ),
                        ]
                        if !entry.privileges.bytes.isEmpty {
                            members.append(("privileges", privilegesJSON(entry.privileges)))
                        }
                        let optional: [(String, [UInt8]?)] = [
                            ("load_file", entry.loadFileAID),
                            ("security_domain", entry.associatedSecurityDomain),
                            ("version", entry.version),
                        ]
                        for (key, value) in optional {
                            members.append((key, value.map { .string(Hex.encode($0)) } ?? .null))
                        }
                        members.append(("modules", .array(entry.modules.map { .string(Hex.encode($0)) })))
                        if !entry.implicitSelection.isEmpty {
                            members.append(
                                (
                                    "implicit_selection",
                                    .array(entry.implicitSelection.map { .string(Hex.encode([$0])) })
                                ))
                        }
                        return .object(members)
                    })
            ),
        ])
    }

    private static func keyJSON(_ row: GPKeyRow) -> JSONValue {
        let key = row.key
        var members: [(String, JSONValue)] = [
            ("id", .string(Hex.encode([key.id]))),
            ("version", .string(Hex.encode([key.version]))),
            (
                "components",
                .array(
                    key.components.map {
                        .object([
                            ("type", .string(Hex.encode([$0.type]))),
                            ("type_name", $0.typeName.map { .string($0) } ?? .null), ("length", .int($0.length)),
                        ])
                    })
            ),
            ("extended", .bool(key.isExtended)),
        ]
        if let usage = key.usage {
            members.append(
                (
                    "usage",
                    .object([
                        ("hex", .string(Hex.encode(usage))),
                        ("names", .array(KeyInformation.usageNames(usage).map { .string($0) })),
                    ])
                ))
        }
        if let access = key.access {
            members.append(
                (
                    "access",
                    .object([
                        ("hex", .string(Hex.encode(access))),
                        ("name", KeyInformation.accessName(access).map { .string($0) } ?? .null),
                    ])
                ))
        }
        members.append(("change", .string(row.change.rawValue)))
        return .object(members)
    }
}
