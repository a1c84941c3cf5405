/// Privileges of an application or security domain: three bytes, one meaning per bit.
///
/// GP CS v2.3.1 §11.1.2, tables 11-7 (byte 1), 11-8 (bytes 2 and 3).
public struct GPPrivileges: Hashable, Sendable {
    /// Byte 1, 2 or 3 (1-based) and the bit mask within it.
    public struct Bit: Hashable, Sendable {
        public var byte: Int
        public var mask: UInt8
        public var name: String
        public var shortName: String
    }

    /// Every defined privilege bit, in card order (byte 1 b8 first).
    public static let bits: [Bit] = [
        Bit(byte: 1, mask: 0x80, name: "Security Domain", shortName: "SD"),
        Bit(byte: 1, mask: 0x40, name: "DAP Verification", shortName: "DAP"),
        Bit(byte: 1, mask: 0x20, name: "Delegated Management", shortName: "DM"),
        Bit(byte: 1, mask: 0x10, name: "Card Lock", shortName: "CL"),
        Bit(byte: 1, mask: 0x08, name: "Card Terminate", shortName: "CT"),
        Bit(byte: 1, mask: 0x04, name: "Card Reset (Default Selected)", shortName: "CR"),
        Bit(byte: 1, mask: 0x02, name: "CVM Management", shortName: "CVM"),
        Bit(byte: 1, mask: 0x01, name: "Mandated DAP Verification", shortName: "MDAP"),
        Bit(byte: 2, mask: 0x80, name: "Trusted Path", shortName: "TP"),
        Bit(byte: 2, mask: 0x40, name: "Authorized Management", shortName: "AM"),
        Bit(byte: 2, mask: 0x20, name: "Token Verification", shortName: "TV"),
        Bit(byte: 2, mask: 0x10, name: "Global Delete", shortName: "GD"),
        Bit(byte: 2, mask: 0x08, name: "Global Lock", shortName: "GL"),
        Bit(byte: 2, mask: 0x04, name: "Global Registry", shortName: "GR"),
        Bit(byte: 2, mask: 0x02, name: "Final Application", shortName: "FA"),
        Bit(byte: 2, mask: 0x01, name: "Global Service", shortName: "GS"),
        Bit(byte: 3, mask: 0x80, name: "Receipt Generation", shortName: "RG"),
        Bit(byte: 3, mask: 0x40, name: "Ciphered Load File Data Block", shortName: "CLFDB"),
        Bit(byte: 3, mask: 0x20, name: "Contactless Activation", shortName: "CA"),
        Bit(byte: 3, mask: 0x10, name: "Contactless Self-Activation", shortName: "CSA"),
    ]

    /// One to three bytes as the card sent them (the legacy GET STATUS format carries only byte 1).
    public var bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The privileges whose bits are set.
    public var granted: [Bit] {
        GPPrivileges.bits.filter { $0.byte <= bytes.count && bytes[$0.byte - 1] & $0.mask != 0 }
    }

    /// Set bits that no privilege defines (byte 3 b1-b4 are RFU in GP CS v2.3.1).
    public var reservedBits: [(byte: Int, mask: UInt8)] {
        var out: [(Int, UInt8)] = []
        for (i, b) in bytes.prefix(3).enumerated() {
            let defined = GPPrivileges.bits.filter { $0.byte == i + 1 }.reduce(UInt8(0)) { $0 | $1.mask }
            if b & ~defined != 0 { out.append((i + 1, b & ~defined)) }
        }
        return out
    }
}
