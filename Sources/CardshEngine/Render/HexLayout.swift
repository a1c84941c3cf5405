import CardCore

/// Hex for people: long byte strings wrapped into lines of `perLine` bytes with a hanging indent.
enum HexLayout {
    static func wrapped(_ bytes: [UInt8], perLine: Int = 32, indent: String) -> [String] {
        if bytes.isEmpty { return [] }
        var lines: [String] = []
        lines.reserveCapacity((bytes.count + perLine - 1) / perLine)
        var start = 0
        while start < bytes.count {
            let end = min(start + perLine, bytes.count)
            lines.append(start == 0 ? Hex.encode(bytes[start..<end]) : indent + Hex.encode(bytes[start..<end]))
            start = end
        }
        return lines
    }

    /// A command split at its ISO 7816-4 fields: `00A40400 08 A000000151000000 00`.
    static func commandFields(_ bytes: [UInt8]) -> String {
        var utf8: [UInt8] = []
        appendCommandFields(bytes, to: &utf8)
        return String(decoding: utf8, as: UTF8.self)
    }

    /// `commandFields` appended to UTF-8 text being built.
    static func appendCommandFields(_ bytes: [UInt8], to utf8: inout [UInt8]) {
        guard let apdu = try? CommandAPDU(parsing: bytes) else {
            Hex.append(bytes, to: &utf8)
            return
        }
        Hex.append(apdu.header, to: &utf8)
        // Lc and Le exactly as they were encoded in `bytes` (short or extended).
        let extended = bytes.count > 4 && bytes[4] == 0 && bytes.count != 5
        if !apdu.data.isEmpty {
            utf8.append(0x20)
            Hex.append(extended ? bytes[4..<7] : bytes[4..<5], to: &utf8)
            utf8.append(0x20)
            Hex.append(apdu.data, to: &utf8)
        }
        if apdu.ne != nil {
            let lcEnd = apdu.data.isEmpty ? 4 : (extended ? 7 : 5) + apdu.data.count
            utf8.append(0x20)
            Hex.append(bytes[lcEnd...], to: &utf8)
        }
    }
}
