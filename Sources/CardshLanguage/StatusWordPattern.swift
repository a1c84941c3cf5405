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

/// Expected response data where `??` matches any one byte.
public struct HexPattern: Hashable, Sendable, CustomStringConvertible {
    /// nil entries are wildcards.
    public var bytes: [UInt8?]

    public init(_ bytes: [UInt8?]) {
        self.bytes = bytes
    }

    /// Same length, and every non-wildcard byte equal.
    public func matches(_ data: some Collection<UInt8>) -> Bool {
        guard data.count == bytes.count else { return false }
        for (expected, actual) in zip(bytes, data) where expected != nil && expected != actual {
            return false
        }
        return true
    }

    public var description: String {
        var text = ""
        for byte in bytes {
            if let byte { text += HexDigits.encode([byte]) } else { text += "??" }
        }
        return text
    }
}

/// Hex digit helpers on Characters (the language works on typed text, not bytes).
enum HexDigits {
    static let upper: [Character] = Array("0123456789ABCDEF")

    static func value(_ character: Character) -> UInt8? {
        guard let ascii = character.asciiValue else { return nil }
        switch ascii {
        case 0x30...0x39: return ascii - 0x30
        case 0x41...0x46: return ascii - 0x41 + 10
        case 0x61...0x66: return ascii - 0x61 + 10
        default: return nil
        }
    }

    static func isHex(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.allSatisfy { value($0) != nil }
    }

    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var text = ""
        for byte in bytes {
            text.append(upper[Int(byte >> 4)])
            text.append(upper[Int(byte & 0xF)])
        }
        return text
    }
}
