/// Card capability information (GET DATA 67): protocols, privileges and algorithms the card supports.
///
/// GP CS v2.3.1 Annex H, tag 67.
public struct CardCapabilityInformation: Hashable, Sendable {
    /// One secure channel protocol (template A0): its identifier, i-parameters and key sizes.
    public struct SecureChannel: Hashable, Sendable {
        public var scp: UInt8?
        public var implementations: [UInt8]
        /// Tag 82: supported key lengths as a bit map (SCP03: b1 AES-128, b2 AES-192, b3 AES-256).
        public var keySizes: [UInt8]?
        public var otherObjects: [TLV]

        /// The key sizes named, for SCP03 (GP CS v2.3.1 Annex H, tag 82 inside A0).
        public var keySizeNames: [String] {
            guard let b = keySizes?.last else { return [] }
            return [(0x01, "AES-128"), (0x02, "AES-192"), (0x04, "AES-256")].filter { b & $0.0 != 0 }.map(\.1)
        }
    }

    /// One named capability other than the protocols, with its bytes.
    public struct Item: Hashable, Sendable {
        public var tag: BERTag
        public var name: String
        public var bytes: [UInt8]
    }

    public var secureChannels: [SecureChannel]
    /// Tag 81: privileges a supplementary security domain may have.
    public var securityDomainPrivileges: GPPrivileges?
    /// Tag 82: privileges an application may have.
    public var applicationPrivileges: GPPrivileges?
    /// Tags 83-88 and anything else, in card order.
    public var items: [Item]

    /// GP CS v2.3.1 table H-3: names of the capability tags outside A0.
    public static func name(_ tag: BERTag) -> String {
        switch tag.value {
        case 0x81: return "Supported SSD privileges"
        case 0x82: return "Supported application privileges"
        case 0x83: return "Supported LFDB hash algorithms"
        case 0x84: return "Supported LFDB encryption cipher suites"
        case 0x85: return "Supported token verification cipher suites"
        case 0x86: return "Supported receipt generation cipher suites"
        case 0x87: return "Supported DAP verification cipher suites"
        case 0x88: return "Supported ECC key parameter references"
        default: return "Tag " + tag.description
        }
    }

    /// Decodes `67 { ... }` or its contents.
    /// - Throws: `GPDataError.tlv` for bad BER-TLV.
    public init(parsing bytes: [UInt8]) throws(GPDataError) {
        var items: [TLV]
        do { items = try TLV.decodeAll(bytes) } catch { throw .tlv(error) }
        // Some cards nest 67 twice (GlobalPlatformPro TestParseTags "broken" sample); unwrap every level.
        while items.count == 1, items[0].tag == BERTag(0x67) { items = items[0].children }
        secureChannels = []
        securityDomainPrivileges = nil
        applicationPrivileges = nil
        self.items = []
        for item in items {
            switch item.tag {
            case BERTag(0xA0):
                var channel = SecureChannel(scp: nil, implementations: [], keySizes: nil, otherObjects: [])
                for child in item.children {
                    switch child.tag {
                    case BERTag(0x80): channel.scp = child.valueBytes.first
                    case BERTag(0x81): channel.implementations = child.valueBytes
                    case BERTag(0x82): channel.keySizes = child.valueBytes
                    default: channel.otherObjects.append(child)
                    }
                }
                secureChannels.append(channel)
            case BERTag(0x81): securityDomainPrivileges = GPPrivileges(Array(item.valueBytes.prefix(3)))
            case BERTag(0x82): applicationPrivileges = GPPrivileges(Array(item.valueBytes.prefix(3)))
            default:
                self.items.append(
                    Item(
                        tag: item.tag, name: CardCapabilityInformation.name(item.tag),
                        bytes: item.valueBytes))
            }
        }
    }
}
