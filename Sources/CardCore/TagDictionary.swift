/// How the value of a data object is coded, so that it can be shown in a readable form.
public enum TagFormat: String, Hashable, Sendable, CaseIterable {
    /// Bytes with no further structure known here (EMV format `b`).
    case binary
    /// Printable ASCII text (EMV formats `a`, `an`, `ans`).
    case ascii
    /// BCD digits, two per byte, right-justified with leading zeros (EMV format `n`).
    case numericBCD
    /// BCD digits, left-justified and padded with hex F (EMV format `cn`).
    case compactNumeric
    /// A date YYMMDD in BCD (EMV Book 3 Annex A, e.g. tags 5F24, 9A).
    case date
    /// An ASN.1 object identifier value (ISO/IEC 8825-1 §8.19).
    case oid
    /// A data object list: tags each followed by a one-byte length (EMV Book 3 §5.4).
    case dol
    /// Bits with individual meanings (EMV TVR, AIP, terminal capabilities, ...).
    case bitmap
    /// An application identifier: RID and PIX (ISO/IEC 7816-5).
    case aid
}

/// What a data object is: its name, how its value is coded, and where it is defined.
public struct TagInfo: Hashable, Sendable {
    public var name: String
    public var format: TagFormat
    /// The defining document, e.g. `ISO 7816-4`, `GP CS`, `EMV Book 3`.
    public var source: String

    public init(name: String, format: TagFormat, source: String) {
        self.name = name
        self.format = format
        self.source = source
    }
}

/// Names and formats of BER-TLV data objects from ISO/IEC 7816-4:2020 (interindustry data
/// objects), the GlobalPlatform Card Specification v2.3.1 (§11, card management data) and EMV 4.4
/// Book 3 Annex A (data elements dictionary).
public enum TagDictionary {
    /// One row of the dictionary: a tag, the template it is defined for (nil: anywhere), its info.
    public struct Entry: Hashable, Sendable {
        public var tag: BERTag
        /// The directly enclosing template this meaning applies in; nil for a context-free meaning.
        public var context: BERTag?
        public var info: TagInfo
    }

    /// Rows of a source table: tag, enclosing template (nil for any), name, format.
    typealias Row = (tag: UInt32, context: UInt32?, name: String, format: TagFormat)

    /// What `tag` means inside the templates `path` (outermost first, so `path.last` is the parent).
    ///
    /// A meaning defined for the directly enclosing template wins (4F in 61 is an application
    /// identifier, 4F in E3 the AID of a registry entry); otherwise the context-free meaning is used,
    /// GlobalPlatform first, then EMV, then ISO.
    public static func info(for tag: BERTag, in path: [BERTag]) -> TagInfo? {
        if let parent = path.last, let hit = table[Key(tag: tag.value, context: parent.value)] {
            return hit
        }
        return table[Key(tag: tag.value, context: nil)]
    }

    /// `info(for:in:)` with only the directly enclosing template, the one part of the path it looks at.
    public static func info(for tag: BERTag, parent: BERTag?) -> TagInfo? {
        if let parent, let hit = table[Key(tag: tag.value, context: parent.value)] {
            return hit
        }
        return table[Key(tag: tag.value, context: nil)]
    }

    /// The parent to name a response's top-level objects under, from the command that got it: the answer to a
    /// GP INTERNAL or MUTUAL AUTHENTICATE (CLA b8 set, INS 88 or 82) holds SCP11's 5F49 and 86, which EMV names
    /// otherwise. nil for responses named without context.
    public static func responseContext(command: [UInt8]) -> BERTag? {
        guard command.count >= 4, command[0] & 0x80 != 0, command[1] == 0x88 || command[1] == 0x82 else { return nil }
        return BERTag(scp11AuthenticateContext)
    }

    /// A private primitive tag (DF7F11): never the parent of a real object, so it only ever stands for a context.
    static let scp11AuthenticateContext: UInt32 = 0xDF7F11

    /// Every row of every source, in source order (GP, EMV, ISO), duplicates across sources included.
    public static var entries: [Entry] {
        sources.flatMap { source in
            source.rows.map { row in
                Entry(
                    tag: BERTag(row.tag), context: row.context.map { BERTag($0) },
                    info: TagInfo(name: row.name, format: row.format, source: source.name))
            }
        }
    }

    /// Rows from one defining document.
    public static func entries(source: String) -> [Entry] { entries.filter { $0.info.source == source } }

    struct Key: Hashable {
        var tag: UInt32
        var context: UInt32?

        // One word to hash instead of three fields: looked up for every object of every response shown. No
        // template has tag 00, so nil and 00 sharing a hash costs nothing; equality still tells them apart.
        func hash(into hasher: inout Hasher) {
            hasher.combine(UInt64(tag) << 32 | UInt64(context ?? 0))
        }
    }

    /// Source tables in precedence order; the first one to define a (tag, context) pair wins.
    static var sources: [(name: String, rows: [Row])] {
        [
            ("GP CS", gpRows), ("GP Amd F", gpAmdFRows), ("EMV Book 3", emvRows),
            ("EMV Book C-3", emvContactlessRows), ("ISO 7816-4", isoRows), ("ISO 7816-6", iso6Rows),
            ("ISO 7816-8", iso8Rows), ("ISO/IEC 8825-1", asn1Rows),
        ]
    }

    static let table: [Key: TagInfo] = {
        var result: [Key: TagInfo] = [:]
        for source in sources {
            for row in source.rows {
                let key = Key(tag: row.tag, context: row.context)
                if result[key] == nil {
                    result[key] = TagInfo(name: row.name, format: row.format, source: source.name)
                }
            }
        }
        return result
    }()
}
