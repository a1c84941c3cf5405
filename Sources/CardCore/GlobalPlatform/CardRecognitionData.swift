/// Card recognition data (GET DATA 66, or tag 73 in the ISD's FCI): what the card says it implements.
///
/// GP CS v2.3.1 §H.2, table H-1: OIDs under {globalPlatform 1.2.840.114283}.
public struct CardRecognitionData: Hashable, Sendable {
    /// One secure channel protocol the card offers (tag 64, OID 1.2.840.114283.4.scp.i).
    public struct SecureChannel: Hashable, Sendable {
        public var scp: UInt8
        public var implementation: UInt8
    }

    /// One object identifier as it appeared, with its container tag and dotted arcs.
    public struct Entry: Hashable, Sendable {
        public var tag: BERTag
        public var name: String
        public var oid: [UInt64]
        public var bytes: [UInt8]

        public var dotted: String { oid.map { String($0) }.joined(separator: ".") }
    }

    /// Every entry in card order.
    public var entries: [Entry]

    /// The GlobalPlatform version from tag 60, such as "2.3.1".
    public var gpVersion: String? {
        guard let e = entries.first(where: { $0.tag == BERTag(0x60) }), e.oid.starts(with: CardRecognitionData.gp + [2])
        else { return nil }
        return e.oid.dropFirst(5).map { String($0) }.joined(separator: ".")
    }

    /// The secure channel protocols from tags 64.
    public var secureChannels: [SecureChannel] {
        entries.compactMap { e in
            guard e.tag == BERTag(0x64), e.oid.count >= 7, e.oid.starts(with: CardRecognitionData.gp + [4]),
                let scp = UInt8(exactly: e.oid[5]), let i = UInt8(exactly: e.oid[6])
            else { return nil }
            return SecureChannel(scp: scp, implementation: i)
        }
    }

    static let gp: [UInt64] = [1, 2, 840, 114283]

    /// Names of the set bits of a secure channel's "i" parameter; empty for protocols not listed.
    ///
    /// SCP02: GP CS v2.3.1 §E.1.1. SCP03: GP Amd D v1.1.2 §5.1. Bits without a name are left out.
    public static func optionNames(scp: UInt8, implementation i: UInt8) -> [String] {
        let bits: [(UInt8, String)]
        switch scp {
        case 0x02:
            bits = [
                (0x01, "3 secure channel keys"), (0x02, "C-MAC on unmodified APDU"), (0x04, "explicit initiation"),
                (0x08, "ICV is MAC over AID"), (0x10, "ICV encryption"), (0x20, "R-MAC"),
                (0x40, "well-known pseudo-random algorithm"),
            ]
        case 0x03:
            bits = [(0x10, "pseudo-random card challenge"), (0x20, "R-MAC"), (0x40, "R-ENC")]
        default:
            bits = []
        }
        return bits.filter { i & $0.0 != 0 }.map(\.1)
    }

    /// GP CS v2.3.1 table H-1: the tag that holds each object identifier.
    static func name(_ tag: BERTag) -> String {
        switch tag.value {
        case 0x06: return "Card recognition data OID"
        case 0x60: return "Card management type and version"
        case 0x63: return "Card identification scheme"
        case 0x64: return "Secure channel protocol"
        case 0x65: return "Card configuration details"
        case 0x66: return "Card and chip details"
        case 0x67: return "Issuer security domain trust point certificate"
        case 0x68: return "Issuer security domain certificate information"
        default: return "Tag " + tag.description
        }
    }

    /// Decodes `66 { 73 { ... } }`, `73 { ... }`, or the bytes of the 73 value.
    /// - Throws: `GPDataError.tlv`, `.missingTag` when 73 is absent, `.unexpectedTag` for a tag other than 66/73.
    public init(parsing bytes: [UInt8]) throws(GPDataError) {
        let items: [TLV]
        do { items = try TLV.decodeAll(bytes) } catch { throw .tlv(error) }
        guard let first = items.first else { throw .missingTag(BERTag(0x73), within: BERTag(0x66)) }
        var contents: [TLV]
        switch first.tag {
        case BERTag(0x66):
            guard let inner = first.children.first(where: { $0.tag == BERTag(0x73) }) else {
                throw .missingTag(BERTag(0x73), within: BERTag(0x66))
            }
            contents = inner.children
        case BERTag(0x73): contents = first.children
        case BERTag(0x06): contents = items
        default: throw .unexpectedTag(offset: 0, expected: BERTag(0x66), actual: first.tag)
        }
        var entries: [Entry] = []
        for item in contents {
            // Tag 06 stands alone; the others wrap one 06 (GP CS v2.3.1 table H-1).
            let oidBytes = item.tag == BERTag(0x06) ? item.valueBytes : item.first(BERTag(0x06))?.valueBytes ?? []
            entries.append(
                Entry(
                    tag: item.tag, name: CardRecognitionData.name(item.tag),
                    oid: TagDictionary.oidArcs(oidBytes) ?? [], bytes: item.valueBytes))
        }
        self.entries = entries
    }
}
