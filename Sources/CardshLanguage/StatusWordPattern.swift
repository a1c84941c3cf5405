/// A status word with optional wildcard nibbles: `9000`, `63C?`, `6???`.
public struct StatusWordPattern: Hashable, Sendable, CustomStringConvertible {
    /// The nibbles that must match; wildcard nibbles are 0 here.
    public var value: UInt16
    /// 0xF for every nibble that must match, 0x0 for a wildcard.
    public var mask: UInt16

    public init(value: UInt16, mask: UInt16 = 0xFFFF) {
        self.value = value & mask
        self.mask = mask
    }

    /// Parses 4 characters, each a hex digit or `?`.
    public init?(_ text: some StringProtocol) {
        guard text.count == 4 else { return nil }
        var value: UInt16 = 0
        var mask: UInt16 = 0
        for character in text {
            value <<= 4
            mask <<= 4
            if character == "?" { continue }
            guard let nibble = HexDigits.value(character) else { return nil }
            value |= UInt16(nibble)
            mask |= 0xF
        }
        self.init(value: value, mask: mask)
    }

    public func matches(_ sw: UInt16) -> Bool { sw & mask == value }

    /// Upper-case hex with `?` for wildcard nibbles.
    public var description: String {
        var text = ""
        for shift in stride(from: 12, through: 0, by: -4) {
            if (mask >> UInt16(shift)) & 0xF == 0 {
                text.append("?")
            } else {
                text.append(HexDigits.upper[Int((value >> UInt16(shift)) & 0xF)])
            }
        }
        return text
    }
}
