/// Hex text <-> bytes, for the places where people type or read bytes.
///
/// Accepted input: pairs of hex digits, optionally separated by spaces, tabs or colons
/// between bytes (`00A40400`, `00 A4 04 00`, `00:A4:04:00`). A separator inside a byte pair is an error.
public enum Hex {
    /// Parses hex text into bytes.
    /// - Throws: `HexError` with the 1-based column of the first bad character.
    public static func parse(_ text: some StringProtocol) throws(HexError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count / 2)
        var high: UInt8? = nil
        var highColumn = 0
        var column = 0
        var digits = 0
        // Columns count Unicode scalars, so a non-ASCII character is one column and is reported whole.
        for scalar in text.unicodeScalars {
            column += 1
            let unit = scalar.isASCII ? UInt8(scalar.value) : 0xFF
            if let nibble = nibbleValue(unit) {
                digits += 1
                if let h = high {
                    bytes.append(h << 4 | nibble)
                    high = nil
                } else {
                    high = nibble
                    highColumn = column
                }
            } else if unit == 0x20 || unit == 0x09 || unit == 0x3A {
                if high != nil { throw .splitByte(column: column) }
            } else {
                throw .invalidCharacter(Character(scalar), column: column)
            }
        }
        if high != nil { throw .oddDigitCount(digits: digits, column: highColumn) }
        return bytes
    }

    /// Uppercase hex, no separators unless one is given.
    public static func encode(_ bytes: some Sequence<UInt8>, separator: String = "") -> String {
        var out = ""
        var first = true
        for b in bytes {
            if !first { out += separator }
            first = false
            out.unicodeScalars.append(digitScalars[Int(b >> 4)])
            out.unicodeScalars.append(digitScalars[Int(b & 0x0F)])
        }
        return out
    }

    /// Value of one ASCII hex digit, or nil.
    @inline(__always)
    public static func nibbleValue(_ unit: UInt8) -> UInt8? {
        switch unit {
        case 0x30...0x39: return unit - 0x30
        case 0x41...0x46: return unit - 0x41 + 10
        case 0x61...0x66: return unit - 0x61 + 10
        default: return nil
        }
    }

    private static let digitScalars: [Unicode.Scalar] = Array("0123456789ABCDEF".unicodeScalars)
}

/// Why hex text could not be read; columns are 1-based.
public enum HexError: Error, Equatable, Sendable {
    case invalidCharacter(Character, column: Int)
    /// An odd number of digits; `column` is where the unpaired digit starts.
    case oddDigitCount(digits: Int, column: Int)
    /// A separator between the two digits of one byte.
    case splitByte(column: Int)
}

extension Array where Element == UInt8 {
    /// Uppercase hex without separators.
    public var hex: String { Hex.encode(self) }
}

extension ArraySlice where Element == UInt8 {
    /// Uppercase hex without separators.
    public var hex: String { Hex.encode(self) }
}
