/// Hex digit helpers on Characters (the language works on typed text, not bytes).
enum HexDigits {
    static let upper: [Character] = Array("0123456789ABCDEF")

    static func value(_ character: Character) -> UInt8? {
        guard let ascii = character.asciiValue else { return nil }
        return value(ascii: ascii)
    }

    /// The value of an ASCII hex digit given as its code.
    static func value(ascii: UInt8) -> UInt8? {
        switch ascii {
        case 0x30...0x39: return ascii - 0x30
        case 0x41...0x46: return ascii - 0x41 + 10
        case 0x61...0x66: return ascii - 0x61 + 10
        default: return nil
        }
    }

    static func isHex(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { value(ascii: $0) != nil }
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
