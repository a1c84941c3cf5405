/// One key of the key information template (GET DATA E0): identifier, version, components, usage, access.
///
/// GP CS v2.3.1 §11.3.3.1: tag C0 in the basic format (type and length one byte each) or the extended
/// format (a component type may be escaped by FF, lengths are two bytes, then key usage and key access).
public struct KeyInformation: Hashable, Sendable {
    /// One component of a key: its type (GP CS v2.3.1 table 11-16) and length in bytes.
    public struct Component: Hashable, Sendable {
        public var type: UInt8
        public var length: Int

        public init(type: UInt8, length: Int) {
            self.type = type
            self.length = length
        }

        /// The type's name from GP CS v2.3.1 table 11-16, or nil for an RFU or proprietary value.
        public var typeName: String? { KeyInformation.typeName(type) }
    }

    public var id: UInt8
    public var version: UInt8
    public var components: [Component]
    /// True when the card used the extended format.
    public var isExtended: Bool
    /// Key usage qualifier (GP CS v2.3.1 table 11-17), extended format only.
    public var usage: [UInt8]?
    /// Key access (GP CS v2.3.1 table 11-18), extended format only.
    public var access: [UInt8]?

    public init(
        id: UInt8, version: UInt8, components: [Component], isExtended: Bool = false,
        usage: [UInt8]? = nil, access: [UInt8]? = nil
    ) {
        self.id = id
        self.version = version
        self.components = components
        self.isExtended = isExtended
        self.usage = usage
        self.access = access
    }

    /// Decodes a key information template: `E0` with C0 entries, or the C0 entries alone; empty C0s are skipped.
    /// - Throws: `GPDataError.tlv`, `.unexpectedTag` for an outer object other than E0/C0,
    ///   `.truncated` with the offset inside the C0 value where a field runs out.
    public static func parseTemplate(_ bytes: [UInt8]) throws(GPDataError) -> [KeyInformation] {
        let items: [TLV]
        do { items = try TLV.decodeAll(bytes) } catch { throw .tlv(error) }
        var entries: [TLV] = []
        for item in items {
            switch item.tag {
            case BERTag(0xE0): entries += item.children
            case BERTag(0xC0): entries.append(item)
            default: throw .unexpectedTag(offset: 0, expected: BERTag(0xE0), actual: item.tag)
            }
        }
        var keys: [KeyInformation] = []
        for entry in entries {
            guard entry.tag == BERTag(0xC0) else {
                throw .unexpectedTag(offset: 0, expected: BERTag(0xC0), actual: entry.tag)
            }
            // An empty C0 stands for a key slot not yet loaded (seen on fresh supplementary SDs).
            if entry.valueBytes.isEmpty { continue }
            keys.append(try KeyInformation(parsing: entry.valueBytes))
        }
        return keys
    }

    /// Decodes the value of one C0 object.
    public init(parsing value: [UInt8]) throws(GPDataError) {
        guard value.count >= 4 else { throw .truncated(offset: 0, needed: 4, available: value.count) }
        id = value[0]
        version = value[1]
        components = []
        usage = nil
        access = nil
        isExtended = value[2] == 0xFF
        var at = 2
        if !isExtended {
            // Basic format: (type, length) pairs, one byte each.
            guard (value.count - 2) % 2 == 0 else {
                throw .truncated(offset: value.count, needed: 1, available: 0)
            }
            while at < value.count {
                components.append(Component(type: value[at], length: Int(value[at + 1])))
                at += 2
            }
            return
        }
        // Extended format: components until the remaining bytes are exactly usage and access (each LV).
        while at < value.count {
            if value[at] != 0xFF, let trailer = KeyInformation.trailer(value[at...]) {
                usage = trailer.usage
                access = trailer.access
                return
            }
            let escaped = value[at] == 0xFF
            let size = escaped ? 4 : 3
            guard value.count - at >= size else {
                throw .truncated(offset: at, needed: size, available: value.count - at)
            }
            let type = escaped ? value[at + 1] : value[at]
            let length = Int(value[at + size - 2]) << 8 | Int(value[at + size - 1])
            components.append(Component(type: type, length: length))
            at += size
        }
    }

    /// Key usage then key access, each as length and value, filling `rest` exactly.
    private static func trailer(_ rest: ArraySlice<UInt8>) -> (usage: [UInt8], access: [UInt8])? {
        var at = rest.startIndex
        let usageLength = Int(rest[at])
        at += 1
        guard rest.endIndex - at >= usageLength + 1 else { return nil }
        let usage = Array(rest[at..<at + usageLength])
        at += usageLength
        let accessLength = Int(rest[at])
        at += 1
        guard rest.endIndex - at == accessLength else { return nil }
        return (usage, Array(rest[at...]))
    }

    /// GP CS v2.3.1 table 11-16: key type coding.
    public static func typeName(_ type: UInt8) -> String? {
        switch type {
        case 0x80: return "DES"
        case 0x82: return "3DES-CBC"
        case 0x83: return "DES-ECB"
        case 0x84: return "DES-CBC"
        case 0x85: return "TLS PSK"
        case 0x88: return "AES"
        case 0x90: return "HMAC-SHA1"
        case 0x91: return "HMAC-SHA1-160"
        case 0xA0: return "RSA public exponent e"
        case 0xA1: return "RSA public modulus N"
        case 0xA2: return "RSA private modulus N"
        case 0xA3: return "RSA private exponent d"
        case 0xA4: return "RSA CRT P"
        case 0xA5: return "RSA CRT Q"
        case 0xA6: return "RSA CRT PQ"
        case 0xA7: return "RSA CRT DP1"
        case 0xA8: return "RSA CRT DQ1"
        case 0xB0: return "ECC public key"
        case 0xB1: return "ECC private key"
        case 0xB2: return "ECC field parameter P"
        case 0xB3: return "ECC field parameter A"
        case 0xB4: return "ECC field parameter B"
        case 0xB5: return "ECC field parameter G"
        case 0xB6: return "ECC field parameter N"
        case 0xB7: return "ECC field parameter k"
        case 0xF0: return "ECC key parameter reference"
        default: return nil
        }
    }

    /// Names of the set bits of a key usage qualifier (GP CS v2.3.1 table 11-17).
    public static func usageNames(_ usage: [UInt8]) -> [String] {
        guard let b = usage.first else { return [] }
        let names: [(UInt8, String)] = [
            (0x80, "verification"), (0x40, "computation"), (0x20, "secure messaging response"),
            (0x10, "secure messaging command"), (0x08, "confidentiality"), (0x04, "cryptographic checksum"),
            (0x02, "digital signature"), (0x01, "cryptographic authorization"),
        ]
        return names.filter { b & $0.0 != 0 }.map(\.1)
    }

    /// The meaning of a key access byte (GP CS v2.3.1 table 11-18).
    public static func accessName(_ access: [UInt8]) -> String? {
        guard let b = access.first else { return nil }
        switch b {
        case 0x00: return "security domain and associated applications"
        case 0x01: return "security domain only"
        case 0x02: return "associated applications only"
        case 0xFF: return "not available"
        default: return nil
        }
    }
}
