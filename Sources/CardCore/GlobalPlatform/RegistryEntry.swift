/// One entry of the GlobalPlatform registry as GET STATUS returns it.
///
/// GP CS v2.3.1 §11.4.3.1: the tag E3 format (P2 b2 set) and the legacy format (P2 b2 clear).
public struct RegistryEntry: Hashable, Sendable {
    public var kind: GPEntryKind
    public var aid: [UInt8]
    public var lifeCycle: GPLifeCycle
    /// Empty for executable load files.
    public var privileges: GPPrivileges
    /// Tag C4: the executable load file the application was installed from.
    public var loadFileAID: [UInt8]?
    /// Tag CC: the associated security domain.
    public var associatedSecurityDomain: [UInt8]?
    /// Tag CE: the load file's version number.
    public var version: [UInt8]?
    /// Tag 84 (E3) or the module list (legacy, P1 10): executable module AIDs.
    public var modules: [[UInt8]]
    /// Tag CF: implicit selection parameters (interface and logical channel, GP CS v2.3.1 §11.4.3.1).
    public var implicitSelection: [UInt8]
    /// Objects of the E3 template this decoder does not name, kept as read.
    public var otherObjects: [TLV]

    public init(
        kind: GPEntryKind, aid: [UInt8], lifeCycle: UInt8, privileges: [UInt8] = [],
        loadFileAID: [UInt8]? = nil, associatedSecurityDomain: [UInt8]? = nil, version: [UInt8]? = nil,
        modules: [[UInt8]] = [], implicitSelection: [UInt8] = [], otherObjects: [TLV] = []
    ) {
        self.kind = kind
        self.aid = aid
        self.lifeCycle = GPLifeCycle(lifeCycle, kind: kind)
        self.privileges = GPPrivileges(privileges)
        self.loadFileAID = loadFileAID
        self.associatedSecurityDomain = associatedSecurityDomain
        self.version = version
        self.modules = modules
        self.implicitSelection = implicitSelection
        self.otherObjects = otherObjects
    }

    /// The kind an application entry really is: a security domain when it holds the Security Domain privilege.
    static func refine(_ kind: GPEntryKind, privileges: [UInt8]) -> GPEntryKind {
        guard kind == .application || kind == .securityDomain else { return kind }
        return (privileges.first ?? 0) & 0x80 != 0 ? .securityDomain : .application
    }

    /// Decodes the E3 templates of one GET STATUS response (P2 b2 set).
    /// - Parameter kind: from P1; applications with the Security Domain privilege become `.securityDomain`.
    /// - Throws: `GPDataError.tlv` for bad BER-TLV, `.unexpectedTag` for an object other than E3,
    ///   `.missingTag` when an entry has no 4F or 9F70, `.wrongLength` for a life cycle not one byte long.
    public static func parseTemplates(_ bytes: [UInt8], kind: GPEntryKind) throws(GPDataError) -> [RegistryEntry] {
        let items: [TLV]
        do { items = try TLV.decodeAll(bytes) } catch { throw .tlv(error) }
        var offset = 0
        var entries: [RegistryEntry] = []
        for item in items {
            defer { offset += item.encoded().count }
            guard item.tag == BERTag(0xE3) else {
                throw .unexpectedTag(offset: offset, expected: BERTag(0xE3), actual: item.tag)
            }
            entries.append(try entry(from: item, kind: kind, offset: offset))
        }
        return entries
    }

    private static func entry(from template: TLV, kind: GPEntryKind, offset: Int) throws(GPDataError) -> RegistryEntry {
        var aid: [UInt8]?
        var state: [UInt8]?
        var privileges: [UInt8] = []
        var entry = RegistryEntry(kind: kind, aid: [], lifeCycle: 0)
        for child in template.children {
            switch child.tag {
            case BERTag(0x4F): aid = child.valueBytes
            case BERTag(0x9F70): state = child.valueBytes
            case BERTag(0xC5): privileges = child.valueBytes
            case BERTag(0xC4): entry.loadFileAID = child.valueBytes
            case BERTag(0xCC): entry.associatedSecurityDomain = child.valueBytes
            case BERTag(0xCE): entry.version = child.valueBytes
            case BERTag(0x84): entry.modules.append(child.valueBytes)
            case BERTag(0xCF): entry.implicitSelection += child.valueBytes
            default: entry.otherObjects.append(child)
            }
        }
        guard let aid else { throw .missingTag(BERTag(0x4F), within: BERTag(0xE3)) }
        guard let state else { throw .missingTag(BERTag(0x9F70), within: BERTag(0xE3)) }
        guard state.count == 1 else {
            throw .wrongLength(tag: BERTag(0x9F70), offset: offset, expected: 1, actual: state.count)
        }
        guard privileges.count <= 3 else {
            throw .wrongLength(tag: BERTag(0xC5), offset: offset, expected: 3, actual: privileges.count)
        }
        let refined = refine(kind, privileges: privileges)
        entry.kind = refined
        entry.aid = aid
        entry.lifeCycle = GPLifeCycle(state[0], kind: refined)
        entry.privileges = GPPrivileges(privileges)
        return entry
    }

    /// Decodes a legacy-format GET STATUS response (P2 b2 clear): length, AID, life cycle, privileges,
    /// then for P1 10 the number of modules and each module as length and AID.
    /// - Throws: `GPDataError.truncated` with the offset of the field that runs past the end.
    public static func parseLegacy(_ bytes: [UInt8], kind: GPEntryKind, withModules: Bool = false)
        throws(GPDataError) -> [RegistryEntry]
    {
        var at = 0
        var entries: [RegistryEntry] = []
        func take(_ n: Int) throws(GPDataError) -> [UInt8] {
            guard bytes.count - at >= n else { throw .truncated(offset: at, needed: n, available: bytes.count - at) }
            defer { at += n }
            return Array(bytes[at..<at + n])
        }
        while at < bytes.count {
            let aidLength = Int(try take(1)[0])
            let aid = try take(aidLength)
            let state = try take(1)[0]
            let privileges = try take(1)
            let refined = refine(kind, privileges: privileges)
            var entry = RegistryEntry(
                kind: refined, aid: aid, lifeCycle: state,
                privileges: kind == .executableLoadFile ? [] : privileges)
            if withModules {
                let count = Int(try take(1)[0])
                for _ in 0..<count {
                    let length = Int(try take(1)[0])
                    entry.modules.append(try take(length))
                }
            }
            entries.append(entry)
        }
        return entries
    }
}
