/// Extended card resources information (GET DATA FF21): installed applications and free memory.
///
/// ETSI TS 102 226 §8.2.1.7.2 (tags 81, 82, 83, big-endian counts).
public struct ExtendedCardResources: Hashable, Sendable {
    public var installedApplications: Int?
    /// Free non-volatile memory in bytes.
    public var freeNonVolatileMemory: Int?
    /// Free volatile memory in bytes.
    public var freeVolatileMemory: Int?

    public init(installedApplications: Int? = nil, freeNonVolatileMemory: Int? = nil, freeVolatileMemory: Int? = nil) {
        self.installedApplications = installedApplications
        self.freeNonVolatileMemory = freeNonVolatileMemory
        self.freeVolatileMemory = freeVolatileMemory
    }

    /// Decodes `FF21 { 81 82 83 }` or its contents.
    /// - Throws: `GPDataError.tlv`, `.wrongLength` for a count longer than 4 bytes.
    public init(parsing bytes: [UInt8]) throws(GPDataError) {
        var items: [TLV]
        do { items = try TLV.decodeAll(bytes) } catch { throw .tlv(error) }
        if let outer = items.first, outer.tag == BERTag(0xFF21) { items = outer.children }
        self.init()
        for item in items {
            let v = item.valueBytes
            guard v.count <= 4 else { throw .wrongLength(tag: item.tag, offset: 0, expected: 4, actual: v.count) }
            let n = v.reduce(0) { $0 << 8 | Int($1) }
            switch item.tag {
            case BERTag(0x81): installedApplications = n
            case BERTag(0x82): freeNonVolatileMemory = n
            case BERTag(0x83): freeVolatileMemory = n
            default: continue
            }
        }
    }
}
