extension TagDictionary {
    /// A readable rendering of `value` coded as `format`, or nil when the bytes do not fit the format
    /// (or, for `.binary`, when there is nothing to add to the hex).
    ///
    /// Renderings: `.ascii` the text; `.numericBCD` the digits (`0978`); `.compactNumeric` the digits
    /// before the F padding; `.date` `2026-11-22` (YY below 50 is 20YY, as EMV terminals read it);
    /// `.oid` dotted (`1.2.840.114283.1`) plus a GlobalPlatform name when known; `.dol`
    /// `9F02:6 Amount, Authorised (Numeric); 9F37:4 Unpredictable Number`; `.bitmap` the bits of
    /// each byte, b8 first (`01111100 00000000`); `.aid` `RID A000000004 (Mastercard), PIX 1010`.
    public static func format(_ value: [UInt8], as format: TagFormat) -> String? {
        switch format {
        case .binary: return nil
        case .ascii: return ascii(value)
        case .numericBCD: return bcd(value)
        case .compactNumeric: return compactNumeric(value)
        case .date: return date(value)
        case .oid: return oid(value)
        case .dol: return dol(value)
        case .bitmap: return value.isEmpty ? nil : value.map(bits).joined(separator: " ")
        case .aid: return aid(value)
        }
    }

    static func ascii(_ value: [UInt8]) -> String? {
        guard value.allSatisfy({ (0x20...0x7E).contains($0) }) else { return nil }
        return String(decoding: value, as: UTF8.self)
    }

    static func bcd(_ value: [UInt8]) -> String? {
        guard !value.isEmpty else { return nil }
        var digits = ""
        for b in value {
            guard b >> 4 <= 9, b & 0x0F <= 9 else { return nil }
            digits.append(Character(Unicode.Scalar(0x30 + (b >> 4))))
            digits.append(Character(Unicode.Scalar(0x30 + (b & 0x0F))))
        }
        return digits
    }

    /// EMV Book 3 §4.3 format cn: digits left-justified, padded on the right with hex F.
    static func compactNumeric(_ value: [UInt8]) -> String? {
        var digits = ""
        var padding = false
        for nibble in value.flatMap({ [$0 >> 4, $0 & 0x0F] }) {
            if nibble == 0x0F {
                padding = true
            } else if padding || nibble > 9 {
                return nil
            } else {
                digits.append(Character(Unicode.Scalar(0x30 + nibble)))
            }
        }
        return digits.isEmpty ? nil : digits
    }

    /// EMV Book 3 Annex A format n6 YYMMDD.
    static func date(_ value: [UInt8]) -> String? {
        guard value.count == 3, let digits = bcd(value) else { return nil }
        let numbers = value.map { Int($0 >> 4) * 10 + Int($0 & 0x0F) }
        let (yy, mm, dd) = (numbers[0], numbers[1], numbers[2])
        guard (1...12).contains(mm), (1...31).contains(dd) else { return nil }
        let century = yy < 50 ? "20" : "19"
        let d = Array(digits)
        return century + String(d[0...1]) + "-" + String(d[2...3]) + "-" + String(d[4...5])
    }

    /// The arcs of an object identifier value (ISO/IEC 8825-1 §8.19), or nil when malformed.
    static func oidArcs(_ value: [UInt8]) -> [UInt64]? {
        guard !value.isEmpty, value.last! & 0x80 == 0 else { return nil }
        var subidentifiers: [UInt64] = []
        subidentifiers.reserveCapacity(value.count + 1)
        var current: UInt64 = 0
        for b in value {
            guard current >> 57 == 0 else { return nil }
            current = current << 7 | UInt64(b & 0x7F)
            if b & 0x80 == 0 {
                subidentifiers.append(current)
                current = 0
            }
        }
        // The first subidentifier holds the first two arcs (40 * X + Y).
        let first = subidentifiers[0]
        let (x, y): (UInt64, UInt64) = first < 40 ? (0, first) : first < 80 ? (1, first - 40) : (2, first - 80)
        subidentifiers[0] = y
        subidentifiers.insert(x, at: 0)
        return subidentifiers
    }

    static func oid(_ value: [UInt8]) -> String? {
        guard let arcs = oidArcs(value) else { return nil }
        // Decimal digits written into one buffer: every FCI and card data object carries several OIDs.
        var text: [UInt8] = []
        text.reserveCapacity(arcs.count * 7 + 48)
        for (index, arc) in arcs.enumerated() {
            if index > 0 { text.append(UInt8(ascii: ".")) }
            // Least significant digit first, then turned around in place.
            let start = text.count
            var rest = arc
            repeat {
                text.append(UInt8(ascii: "0") + UInt8(rest % 10))
                rest /= 10
            } while rest > 0
            text[start...].reverse()
        }
        if let name = globalPlatformOIDName(arcs) {
            text += " (".utf8
            text += name.utf8
            text += ")".utf8
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// GPC v2.3.1 Annex H: OIDs under {iso(1) member-body(2) us(840) globalPlatform(114283)}.
    static func globalPlatformOIDName(_ arcs: [UInt64]) -> String? {
        guard arcs.count > 4, arcs[0] == 1, arcs[1] == 2, arcs[2] == 840, arcs[3] == 114283 else { return nil }
        // arcs[4...] is the part under globalPlatform.
        switch arcs[4] {
        case 1 where arcs.count == 5: return "GlobalPlatform card recognition data"
        case 2 where arcs.count > 5:
            return "GlobalPlatform " + arcs[5...].map { String($0) }.joined(separator: ".")
        case 3 where arcs.count == 5: return "GlobalPlatform card identification scheme"
        case 4 where arcs.count == 7:
            // GPC v2.3.1 Annex H: the arc is the SCP identifier, a hex byte ('03', '11'), as a number.
            let scp = "SCP" + Hex.encode([UInt8(truncatingIfNeeded: arcs[5])])
            return "\(scp), i=\(Hex.encode([UInt8(truncatingIfNeeded: arcs[6])]))"
        default: return nil
        }
    }

    /// EMV Book 3 §5.4: a DOL is a list of tags, each followed by a one-byte length.
    static func dol(_ value: [UInt8]) -> String? {
        var input = value[...]
        var items: [String] = []
        while !input.isEmpty {
            guard let tag = try? BERTag.decode(&input), let length = input.first, length < 0x80 else { return nil }
            input = input.dropFirst()
            var item = "\(tag):\(length)"
            if let name = info(for: tag, in: [])?.name { item += " \(name)" }
            items.append(item)
        }
        return items.joined(separator: "; ")
    }

    static func bits(_ byte: UInt8) -> String {
        String((0..<8).map { byte & (0x80 >> $0) != 0 ? "1" : "0" })
    }

    /// ISO/IEC 7816-5: an AID is a 5-byte RID and a PIX of up to 11 bytes.
    /// DF names outside the registered categories A, D and F (such as `2PAY.SYS.DDF01`) are shown as text.
    static func aid(_ value: [UInt8]) -> String? {
        guard let first = value.first, [0xA, 0xD, 0xF].contains(first >> 4) else {
            return value.isEmpty ? nil : ascii(value)
        }
        guard (5...16).contains(value.count) else { return nil }
        let rid = Array(value.prefix(5))
        let pix = value.dropFirst(5)
        var text: String
        switch first >> 4 {
        case 0xA: text = "RID \(Hex.encode(rid))"
        case 0xD: text = "national RID \(Hex.encode(rid))"
        default: text = "proprietary, unregistered \(Hex.encode(rid))"
        }
        if let owner = registeredProviders[Hex.encode(rid)] { text += " (\(owner))" }
        if !pix.isEmpty { text += ", PIX \(Hex.encode(pix))" }
        return text
    }

    /// Registered application provider identifiers often met on cards (ISO/IEC 7816-5 register).
    static let registeredProviders: [String: String] = [
        "A000000003": "Visa",
        "A000000004": "Mastercard",
        "A000000025": "American Express",
        "A000000042": "Groupement des Cartes Bancaires",
        "A000000065": "JCB",
        "A000000152": "Discover",
        "A000000333": "UnionPay",
        "A000000151": "GlobalPlatform",
        "A000000062": "Java Card (Sun/Oracle)",
        "A000000063": "PKCS #15",
        "A000000087": "3GPP",
        "A000000009": "ETSI",
        "A000000247": "ICAO",
        "A000000308": "NIST (PIV)",
        "A000000527": "Yubico",
        "D276000124": "FSFE (OpenPGP card)",
    ]
}
