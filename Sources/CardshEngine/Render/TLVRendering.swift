import CardCore

/// BER-TLV trees for people (indented, with tag names) and for programs (JSON).
enum TLVRendering {
    static func textLines(_ items: [TLV], style: Style, indent: String = "   ", path: [BERTag] = []) -> [String] {
        var lines: [String] = []
        var path = path
        appendTextLines(items, style: style, indent: indent.count, path: &path, to: &lines)
        return lines
    }

    /// One pass over the tree into one array, the path grown and shrunk in place: a response is rendered for
    /// every APDU, so this avoids an array per level and a copied path per constructed object.
    private static func appendTextLines(
        _ items: [TLV], style: Style, indent: Int, path: inout [BERTag], to lines: inout [String]
    ) {
        let indentText = String(repeating: " ", count: indent)
        for item in items {
            let info = TagDictionary.info(for: item.tag, in: path)
            var line = indentText
            line += style.tag(item.tag.description)
            line += " "
            line += style.dim(info?.name ?? "unknown tag")
            switch item.value {
            case .constructed(let children):
                lines.append(line)
                path.append(item.tag)
                appendTextLines(children, style: style, indent: indent + 3, path: &path, to: &lines)
                path.removeLast()
            case .primitive(let bytes):
                line += ": "
                guard !bytes.isEmpty else {
                    line += style.dim("(empty)")
                    lines.append(line)
                    continue
                }
                // Values of up to 32 bytes (most) fit on the line; longer ones wrap under it.
                let hexLines =
                    bytes.count <= 32
                    ? [Hex.encode(bytes)]
                    : HexLayout.wrapped(bytes, perLine: 32, indent: String(repeating: " ", count: indent + 3))
                line += hexLines[0]
                if let human = humanForm(bytes, tag: item.tag, path: path, info: info) {
                    line += "  "
                    line += style.dim("\"" + human + "\"")
                }
                lines.append(line)
                lines += hexLines.dropFirst()
            }
        }
    }

    static func humanForm(_ bytes: [UInt8], tag: BERTag, path: [BERTag], info: TagInfo?) -> String? {
        guard !bytes.isEmpty else { return nil }
        return TagDictionary.render(bytes, tag: tag, in: path)
    }

    static func json(_ items: [TLV], path: [BERTag] = []) -> JSONValue {
        .array(items.map { item in
            let info = TagDictionary.info(for: item.tag, in: path)
            var members: [(String, JSONValue)] = [("tag", .string(item.tag.description))]
            members.append(("name", info.map { .string($0.name) } ?? .null))
            switch item.value {
            case .constructed(let children):
                members.append(("children", json(children, path: path + [item.tag])))
            case .primitive(let bytes):
                members.append(("value", .string(Hex.encode(bytes))))
                if let human = humanForm(bytes, tag: item.tag, path: path, info: info) { members.append(("text", .string(human))) }
            }
            return .object(members)
        })
    }
}
