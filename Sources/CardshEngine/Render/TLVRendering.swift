import CardCore

/// BER-TLV trees for people (indented, with tag names) and for programs (JSON).
enum TLVRendering {
    static func textLines(_ items: [TLV], style: Style, indent: String = "   ", path: [BERTag] = []) -> [String] {
        var lines: [String] = []
        for item in items {
            let info = TagDictionary.info(for: item.tag, in: path)
            let name = info?.name ?? "unknown tag"
            let head = indent + style.tag(item.tag.description) + " " + style.dim(name)
            switch item.value {
            case .constructed(let children):
                lines.append(head)
                lines += textLines(children, style: style, indent: indent + "   ", path: path + [item.tag])
            case .primitive(let bytes):
                var line = head + ": "
                let hexIndent = String(repeating: " ", count: indent.count + 3)
                let hexLines = HexLayout.wrapped(bytes, perLine: 32, indent: hexIndent)
                line += hexLines.first ?? style.dim("(empty)")
                if let human = humanForm(bytes, tag: item.tag, path: path, info: info) { line += "  " + style.dim("\"" + human + "\"") }
                lines.append(line)
                lines += hexLines.dropFirst()
            }
        }
        return lines
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
