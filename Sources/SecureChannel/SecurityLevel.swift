/// Secure messaging level of an SCP03/SCP11 session: the P1 of EXTERNAL AUTHENTICATE (GP Amd D v1.2 §7.1.2.1).
public struct SecurityLevel: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8

    public init?(rawValue: UInt8) {
        guard Self.all.contains(where: { $0.rawValue == rawValue }) else { return nil }
        self.rawValue = rawValue
    }

    private init(unchecked rawValue: UInt8) { self.rawValue = rawValue }

    /// Authentication only; commands and responses go in plain.
    public static let none = SecurityLevel(unchecked: 0x00)
    public static let cmac = SecurityLevel(unchecked: 0x01)
    public static let cmacCdec = SecurityLevel(unchecked: 0x03)
    public static let cmacRmac = SecurityLevel(unchecked: 0x11)
    public static let cmacCdecRmac = SecurityLevel(unchecked: 0x13)
    public static let cmacCdecRmacRenc = SecurityLevel(unchecked: 0x33)

    /// Every level SCP03 defines, weakest first.
    public static let all: [SecurityLevel] = [.none, .cmac, .cmacCdec, .cmacRmac, .cmacCdecRmac, .cmacCdecRmacRenc]

    public var commandMAC: Bool { rawValue & 0x01 != 0 }
    public var commandEncryption: Bool { rawValue & 0x02 != 0 }
    public var responseMAC: Bool { rawValue & 0x10 != 0 }
    public var responseEncryption: Bool { rawValue & 0x20 != 0 }

    /// The name typed at the prompt: `none`, `cmac`, `cmac+cdec`, `cmac+rmac`, `cmac+cdec+rmac`,
    /// `cmac+cdec+rmac+renc`.
    public var name: String {
        if rawValue == 0 { return "none" }
        var parts: [String] = []
        if commandMAC { parts.append("cmac") }
        if commandEncryption { parts.append("cdec") }
        if responseMAC { parts.append("rmac") }
        if responseEncryption { parts.append("renc") }
        return parts.joined(separator: "+")
    }

    public var description: String { name }

    /// Parses a level name (case-insensitive).
    public init?(name: String) {
        let lowered = name.lowercased()
        guard let level = Self.all.first(where: { $0.name == lowered }) else { return nil }
        self = level
    }

    /// True when a card with this i-parameter accepts the level (R-MAC bit b6, R-ENC bit b7 of
    /// GP Amd D v1.2 §5.1 Table 5-1).
    public func isAllowed(byIParameter i: UInt8) -> Bool {
        if responseMAC && !SCP03IParameter(rawValue: i).supportsRMAC { return false }
        if responseEncryption && !SCP03IParameter(rawValue: i).supportsRENC { return false }
        return true
    }

    /// The strongest level the card's i-parameter allows.
    public static func highestLevel(i: UInt8) -> SecurityLevel {
        all.last(where: { $0.isAllowed(byIParameter: i) }) ?? .cmac
    }
}

/// S8 mode (8-byte challenges, cryptograms and MACs) or S16 mode (16 bytes) (GP Amd D v1.2 §6.2.1).
public enum SCP03Mode: Sendable, Hashable {
    case s8, s16

    /// Bytes of a challenge, cryptogram or MAC in this mode.
    public var length: Int { self == .s8 ? 8 : 16 }
}

/// The SCP03 i-parameter (GP Amd D v1.2 §5.1 Table 5-1).
public struct SCP03IParameter: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// b1: S16 mode when set, S8 otherwise.
    public var mode: SCP03Mode { rawValue & 0x01 != 0 ? .s16 : .s8 }
    /// b5: the card challenge is pseudo-random (derived from the sequence counter); a counter follows in the
    /// INITIALIZE UPDATE response.
    public var pseudoRandomChallenge: Bool { rawValue & 0x10 != 0 }
    /// b6: R-MAC supported.
    public var supportsRMAC: Bool { rawValue & 0x20 != 0 }
    /// b7: R-ENC supported (needs R-MAC).
    public var supportsRENC: Bool { rawValue & 0x40 != 0 }

    /// Builds an i-parameter from its options.
    public init(mode: SCP03Mode, pseudoRandomChallenge: Bool, rmac: Bool, renc: Bool) {
        rawValue =
            (mode == .s16 ? 0x01 : 0) | (pseudoRandomChallenge ? 0x10 : 0) | (rmac ? 0x20 : 0)
            | (renc ? 0x40 : 0)
    }
}
