import CardCore

/// BER-TLV trees for people (indented, with tag names) and for programs (JSON).
enum TLVRendering {
    static func textLines(_ items: [TLV], style: Style, indent: String = "   ", path: [BERTag] = []) -> [String] {
        var text = ""
        var path = path
        appendText(items, style: style, indent: indent.count, path: &path, to: &text)
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    /// The tree's lines, each ending in a newline, appended to `text` in one pass with the path grown and shrunk
    /// in place: a response is rendered for every APDU, so no array of lines, no array per level, no copied path.
    static func appendText(_ items: [TLV], style: Style, indent: Int, path: inout [BERTag], to text: inout String) {
        let indentText = String(repeating: " ", count: indent)
        let parent = path.last
        for item in items {
            let info = TagDictionary.info(for: item.tag, parent: parent)
            text += indentText
            text += style.tag(item.tag.description)
            text += " "
            text += style.dim(info?.name ?? "unknown tag")
            switch item.value {
            case .constructed(let children):
                text += "\n"
                path.append(item.tag)
                appendText(children, style: style, indent: indent + 3, path: &path, to: &text)
                path.removeLast()
            case .primitive(let bytes):
                text += ": "
                guard !bytes.isEmpty else {
                    text += style.dim("(empty)")
                    text += "\n"
                    continue
                }
                // Values of up to 32 bytes (most) fit on the line; longer ones wrap under it.
                let end = min(bytes.count, 32)
                text += Hex.encode(bytes[0..<end])
                if let human = TagDictionary.render(bytes, tag: item.tag, parent: parent, info: info) {
                    text += "  "
                    text += style.dim("\"" + human + "\"")
                }
                text += "\n"
                if end < bytes.count {
                    let continuation = String(repeating: " ", count: indent + 3)
                    var start = end
                    while start < bytes.count {
                        let stop = min(start + 32, bytes.count)
                        text += continuation
                        text += Hex.encode(bytes[start..<stop])
                        text += "\n"
                        start = stop
                    }
                }
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
