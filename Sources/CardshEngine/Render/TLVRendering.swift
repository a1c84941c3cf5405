import CardCore

/// BER-TLV trees for people (indented, with tag names) and for programs (JSON).
enum TLVRendering {
    static func textLines(_ items: [TLV], style: Style, indent: String = "   ", path: [BERTag] = []) -> [String] {
        var text: [UInt8] = []
        var path = path
        appendText(items, style: style, indent: indent.count, path: &path, to: &text)
        return text.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    /// The tree's lines as UTF-8, each ending in a newline, appended to `text` in one pass with the path grown and
    /// shrunk in place: a response is rendered for every APDU, so no string per line, no array per level, no
    /// copied path.
    static func appendText(_ items: [TLV], style: Style, indent: Int, path: inout [BERTag], to text: inout [UInt8]) {
        let parent = path.last
        for item in items {
            let info = TagDictionary.info(for: item.tag, parent: parent)
            appendSpaces(indent, to: &text)
            style.open(.tag, in: &text)
            Hex.append(item.tag.bytes, to: &text)
            style.close(.tag, in: &text)
            text.append(0x20)
            style.append(info?.name ?? "unknown tag", .dim, to: &text)
            switch item.value {
            case .constructed(let children):
                text.append(0x0A)
                path.append(item.tag)
                appendText(children, style: style, indent: indent + 3, path: &path, to: &text)
                path.removeLast()
            case .primitive(let bytes):
                text += ": ".utf8
                guard !bytes.isEmpty else {
                    style.append("(empty)", .dim, to: &text)
                    text.append(0x0A)
                    continue
                }
                // Values of up to 32 bytes (most) fit on the line; longer ones wrap under it.
                let end = min(bytes.count, 32)
                Hex.append(bytes[0..<end], to: &text)
                if let human = TagDictionary.render(bytes, tag: item.tag, parent: parent, info: info) {
                    text += "  ".utf8
                    style.open(.dim, in: &text)
                    text.append(0x22)
                    text += human.utf8
                    text.append(0x22)
                    style.close(.dim, in: &text)
                }
                text.append(0x0A)
                var start = end
                while start < bytes.count {
                    let stop = min(start + 32, bytes.count)
                    appendSpaces(indent + 3, to: &text)
                    Hex.append(bytes[start..<stop], to: &text)
                    text.append(0x0A)
                    start = stop
                }
            }
        }
    }

    private static let spaces = [UInt8](repeating: 0x20, count: 64)

    /// An indent: copied from a run of spaces (trees are rarely 20 levels deep).
    private static func appendSpaces(_ count: Int, to text: inout [UInt8]) {
        if count <= spaces.count {
            text += spaces[0..<count]
        } else {
            text.append(contentsOf: repeatElement(0x20, count: count))
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
