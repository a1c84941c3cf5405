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
        guard let apdu = try? CommandAPDU(parsing: bytes) else { return Hex.encode(bytes) }
        var parts = [Hex.encode(apdu.header)]
        // Lc and Le exactly as they were encoded in `bytes` (short or extended).
        let extended = bytes.count > 4 && bytes[4] == 0 && bytes.count != 5
        if !apdu.data.isEmpty {
            parts.append(Hex.encode(extended ? bytes[4..<7] : bytes[4..<5]))
            parts.append(Hex.encode(apdu.data))
        }
        if apdu.ne != nil {
            let lcEnd = apdu.data.isEmpty ? 4 : (extended ? 7 : 5) + apdu.data.count
            parts.append(Hex.encode(bytes[lcEnd...]))
        }
        return parts.joined(separator: " ")
    }
}
