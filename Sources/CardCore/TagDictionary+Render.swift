extension TagDictionary {
    /// A readable rendering of a data object's value: a meaning specific to the tag where one is
    /// known (GlobalPlatform privileges, key information, tag lists), else `format(_:as:)` of its format.
    public static func render(_ value: [UInt8], tag: BERTag, in path: [BERTag]) -> String? {
        render(value, tag: tag, parent: path.last, info: info(for: tag, parent: path.last))
    }

    /// `render(_:tag:in:)` for a caller that has looked up `info(for: tag, parent: parent)` already.
    public static func render(_ value: [UInt8], tag: BERTag, parent: BERTag?, info: TagInfo?) -> String? {
        switch (tag.value, parent?.value) {
        case (0xC5, 0xE3): return privileges(value)
        case (0xC0, 0xE0): return keyInformation(value)
        case (0x5C, _): return tagList(value)
        default: break
        }
        guard let info else { return nil }
        return format(value, as: info.format)
    }

    /// One line per data object, indented two spaces per level: tag, name, hex value, rendering.
    ///
    /// For example `  50 Application Label: 56495341 "VISA"` or `  9F70 Life cycle state: 07`.
    public static func describe(_ objects: [TLV], in path: [BERTag] = [], depth: Int = 0) -> [String] {
        var lines: [String] = []
        let indent = String(repeating: "  ", count: depth)
        for object in objects {
            let info = info(for: object.tag, in: path)
            let name = info.map { " \($0.name)" } ?? ""
            switch object.value {
            case .constructed(let children):
                lines.append("\(indent)\(object.tag)\(name)")
                lines += describe(children, in: path + [object.tag], depth: depth + 1)
            case .primitive(let value):
                var line = "\(indent)\(object.tag)\(name): " + (value.isEmpty ? "(empty)" : Hex.encode(value))
                if !value.isEmpty, let text = render(value, tag: object.tag, in: path) {
                    line += info?.format == .ascii ? " \"\(text)\"" : " (\(text))"
                }
                lines.append(line)
            }
        }
        return lines
    }

    /// GPC v2.3.1 §6.6.1 privileges, bytes 1 to 3, b8 first.
    static let privilegeNames: [[String?]] = [
        [
            "Security Domain", "DAP Verification", "Delegated Management", "Card Lock", "Card Terminate",
            "Card Reset", "CVM Management", "Mandated DAP Verification",
        ],
        [
            "Trusted Path", "Authorized Management", "Token Verification", "Global Delete", "Global Lock",
            "Global Registry", "Final Application", "Global Service",
        ],
        [
            "Receipt Generation", "Ciphered Load File Data Block", "Contactless Activation",
            "Contactless Self-Activation", nil, nil, nil, nil,
        ],
    ]

    /// The privileges set in a 1- or 3-byte privileges value, e.g. `Security Domain, Trusted Path`.
    static func privileges(_ value: [UInt8]) -> String? {
        guard value.count == 1 || value.count == 3 else { return nil }
        var names: [String] = []
        for (index, byte) in value.enumerated() {
            for bit in 0..<8 where byte & (0x80 >> UInt8(bit)) != 0 {
                names.append(privilegeNames[index][bit] ?? "RFU bit b\(8 - bit) of byte \(index + 1)")
            }
        }
        return names.isEmpty ? "no privileges" : names.joined(separator: ", ")
    }

    /// GPC v2.3.1 §11.3 key information data (basic format): key identifier, key version
    /// number, then a key type and key length per component.
    static func keyInformation(_ value: [UInt8]) -> String? {
        guard value.count >= 4, value.count % 2 == 0, value[2] != 0xFF else { return nil }
        let types: [UInt8: String] = [
            0x80: "DES", 0x85: "TLS pre-shared key", 0x88: "AES", 0x90: "HMAC-SHA1", 0x91: "HMAC-SHA1-160",
            0xA0: "RSA public exponent", 0xA1: "RSA modulus", 0xA2: "RSA private modulus",
            0xA3: "RSA private exponent", 0xB0: "ECC public key", 0xB1: "ECC private key",
            0xF0: "ECC key parameters",
        ]
        var components: [String] = []
        var index = 2
        while index + 1 < value.count {
            let type = types[value[index]] ?? "type \(Hex.encode([value[index]]))"
            components.append("\(type) (\(value[index + 1]) bytes)")
            index += 2
        }
        let id = Hex.encode([value[0]])
        let version = Hex.encode([value[1]])
        return "key \(id) version \(version): " + components.joined(separator: ", ")
    }

    /// ISO 7816-4 tag list (5C): the tags one after the other, with their names.
    static func tagList(_ value: [UInt8]) -> String? {
        var input = value[...]
        var items: [String] = []
        while !input.isEmpty {
            guard let tag = try? BERTag.decode(&input) else { return nil }
            items.append(info(for: tag, in: []).map { "\(tag) \($0.name)" } ?? "\(tag)")
        }
        return items.isEmpty ? nil : items.joined(separator: "; ")
    }
}
