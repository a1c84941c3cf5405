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
        // Contiguous bytes (arrays, slices) are written straight into the string's storage: this runs for
        // every byte the shell prints, and appending scalar by scalar cost more than the APDU round trip.
        if separator.isEmpty, let text = bytes.withContiguousStorageIfAvailable({ encode(buffer: $0) }) {
            return text
        }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.underestimatedCount * (2 + separator.utf8.count))
        for b in bytes {
            if !utf8.isEmpty { utf8 += separator.utf8 }
            utf8.append(digit(b >> 4))
            utf8.append(digit(b & 0x0F))
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    private static func encode(buffer: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: buffer.count * 2) { out in
            var i = 0
            for b in buffer {
                out[i] = digit(b >> 4)
                out[i + 1] = digit(b & 0x0F)
                i += 2
            }
            return i
        }
    }

    /// The ASCII code of an uppercase hex digit for a nibble (0...15).
    @inline(__always)
    static func digit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 0x30 + nibble : 0x37 + nibble
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
