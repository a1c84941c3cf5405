import CardCore

/// `explain`: every field of an APDU with its meaning, for teaching and for checking by eye.
enum ExplanationRendering {
    static func textLines(_ e: APDUExplanation, style: Style) -> [String] {
        var lines = [style.bold(e.summary)]
        let width = max(6, e.fields.map(\.label.count).max() ?? 0)
        for field in e.fields {
            let hexLines = HexLayout.wrapped(field.bytes, perLine: 16, indent: String(repeating: " ", count: width + 4))
            let hex = hexLines.first ?? "-"
            lines.append("  " + style.tag(field.label.padding(toLength: width, withPad: " ", startingAt: 0)) + "  "
                + hex + "  " + field.meaning)
            lines += hexLines.dropFirst()
            lines += field.detail.map { String(repeating: " ", count: width + 4) + style.dim($0) }
        }
        lines.append("  ISO 7816-4 case \(e.isoCase), " + (e.extended ? "extended" : "short") + " length")
        return lines
    }

    static func json(_ e: APDUExplanation) -> JSONValue {
        .object([
            ("summary", .string(e.summary)),
            ("case", .int(e.isoCase)),
            ("extended", .bool(e.extended)),
            ("fields", .array(e.fields.map { field in
                .object([("label", .string(field.label)), ("bytes", .string(Hex.encode(field.bytes))),
                         ("meaning", .string(field.meaning)), ("detail", .array(field.detail.map { .string($0) }))])
            })),
        ])
    }
}
