import CardCore

/// An ATR field by field (ISO 7816-3 §8.2), the way a person checks one against the standard.
enum ATRRendering {
    static func textLines(_ atr: ATR, style: Style) -> [String] {
        var lines = ["ATR " + Hex.encode(atr.encoded(), separator: " ")]
        let conv = atr.convention == .direct ? "direct convention" : "inverse convention"
        lines.append("  TS  " + Hex.encode([atr.ts]) + "  " + conv)
        let y1 = atr.t0 >> 4
        lines.append("  T0  " + Hex.encode([atr.t0]) + "  Y1=" + bits(y1) + " (" + presentBytes(y1, group: 1)
            + "), K=\(atr.historicalByteCount) historical bytes")
        for group in atr.interfaceGroups {
            let proto = group.protocolType.map { "T=\($0)" } ?? "global"
            if let ta = group.ta { lines.append(interfaceLine("TA", group.number, ta, describeTA(atr, group, ta), proto)) }
            if let tb = group.tb { lines.append(interfaceLine("TB", group.number, tb, describeTB(group, tb), proto)) }
            if let tc = group.tc { lines.append(interfaceLine("TC", group.number, tc, describeTC(group, tc), proto)) }
            if let td = group.td {
                let next = td >> 4
                let text = "next protocol T=\(td & 0x0F); Y\(group.number + 1)=" + bits(next)
                    + (next == 0 ? "" : " (" + presentBytes(next, group: group.number + 1) + ")")
                lines.append(interfaceLine("TD", group.number, td, text, proto))
            }
        }
        let protocols = atr.protocols.map { "T=\($0)" }.joined(separator: ", ")
        lines.append("  protocols: " + protocols)
        let f = atr.transmissionFactors
        if let fi = f.fi, let di = f.di {
            var text = "  Fi=\(fi), Di=\(di)"
            if let fmax = f.fMaxKHz { text += ", f(max)=\(Double(fmax) / 1000) MHz" }
            text += f.isDefault ? " (defaults)" : ""
            lines.append(text)
        }
        if let t1 = atr.t1Parameters {
            lines.append("  T=1: IFSC=\(t1.ifsc), CWI=\(t1.cwi), BWI=\(t1.bwi), error detection "
                + (t1.errorDetection == .lrc ? "LRC" : "CRC"))
        }
        lines += historicalLines(atr.historicalBytes, style: style)
        if let tck = atr.tck {
            let valid = atr.isTCKValid == true
            lines.append("  TCK " + Hex.encode([tck]) + "  " + (valid ? style.good("correct") : style.bad("wrong")))
        } else {
            lines.append("  TCK absent" + (atr.isTCKRequired ? " " + style.bad("(required: a protocol other than T=0 is offered)") : " (not needed for T=0 only)"))
        }
        for issue in atr.issues {
            lines.append("  " + style.warn("warning: ") + describe(issue))
        }
        if let ext = atr.supportsExtendedLength {
            lines.append("  extended length: " + (ext ? "supported" : "not supported") + " (card capabilities)")
        }
        let names = CardNames.names(forATR: atr.encoded())
        if !names.isEmpty {
            lines.append("  known as (pcsc-tools smartcard_list.txt):")
            lines += names.prefix(8).map { "    " + $0 }
        }
        return lines
    }

    private static func interfaceLine(_ name: String, _ number: Int, _ value: UInt8, _ text: String, _ proto: String) -> String {
        "  \(name)\(number) " + Hex.encode([value]) + "  " + text + " [\(proto)]"
    }

    private static func bits(_ nibble: UInt8) -> String {
        let s = String(nibble, radix: 2)
        return String(repeating: "0", count: 4 - s.count) + s
    }

    private static func presentBytes(_ y: UInt8, group: Int) -> String {
        var names: [String] = []
        if y & 0x1 != 0 { names.append("TA\(group)") }
        if y & 0x2 != 0 { names.append("TB\(group)") }
        if y & 0x4 != 0 { names.append("TC\(group)") }
        if y & 0x8 != 0 { names.append("TD\(group)") }
        return names.isEmpty ? "none" : names.joined(separator: " ")
    }

    private static func describeTA(_ atr: ATR, _ group: ATR.InterfaceGroup, _ ta: UInt8) -> String {
        switch (group.number, group.protocolType) {
        case (1, _):
            let f = ATR.TransmissionFactors(ta1: ta)
            return "Fi=\(f.fi.map(String.init) ?? "RFU"), Di=\(f.di.map(String.init) ?? "RFU")"
        case (2, _):
            let mode = ATR.SpecificMode(ta2: ta)
            return "specific mode T=\(mode.protocolType)" + (mode.canChangeMode ? ", can change mode" : ", cannot change mode")
        case (_, 1?):
            return "IFSC=\(ta)"
        case (_, 15?):
            return "clock stop / class indicator"
        default:
            return ""
        }
    }

    private static func describeTB(_ group: ATR.InterfaceGroup, _ tb: UInt8) -> String {
        switch (group.number, group.protocolType) {
        case (1, _):
            return "VPP (deprecated)"
        case (2, _) where group.protocolType == nil:
            return "VPP (deprecated)"
        case (_, 1?):
            return "BWI=\(tb >> 4), CWI=\(tb & 0x0F)"
        case (_, 15?):
            return "SPU use of C6"
        default:
            return ""
        }
    }

    private static func describeTC(_ group: ATR.InterfaceGroup, _ tc: UInt8) -> String {
        switch (group.number, group.protocolType) {
        case (1, _):
            return tc == 0xFF ? "N=255 (minimum guard time)" : "extra guard time N=\(tc)"
        case (2, 0?):
            return "WI=\(tc)"
        case (_, 1?):
            return "error detection " + (tc & 1 == 0 ? "LRC" : "CRC")
        default:
            return ""
        }
    }

    private static func historicalLines(_ h: HistoricalBytes, style: Style) -> [String] {
        guard !h.bytes.isEmpty else { return ["  historical bytes: none"] }
        var lines = ["  historical bytes " + Hex.encode(h.bytes, separator: " ")]
        if let category = h.category {
            switch category {
            case .compactTLV: lines.append("    category 80: COMPACT-TLV data objects")
            case .compactTLVWithStatus: lines.append("    category 00: COMPACT-TLV, status indicator in the last 3 bytes")
            case .dirDataReference: lines.append("    category 10: DIR data reference")
            case .reserved(let b): lines.append("    category " + Hex.encode([b]) + ": reserved")
            case .proprietary(let b): lines.append("    category " + Hex.encode([b]) + ": proprietary format")
            }
        }
        for object in h.objects {
            let name: String
            switch object.kind {
            case .countryCode?: name = "country code"
            case .issuerIdentificationNumber?: name = "issuer identification number"
            case .cardServiceData?: name = "card service data"
            case .initialAccessData?: name = "initial access data"
            case .cardIssuerData?: name = "card issuer's data"
            case .preIssuingData?: name = "pre-issuing data"
            case .cardCapabilities?: name = "card capabilities"
            case .statusIndicator?: name = "status indicator"
            case .applicationIdentifier?: name = "application identifier"
            case nil: name = "tag \(object.tag)"
            }
            var line = "    " + Hex.encode([object.tag << 4 | UInt8(object.value.count & 0x0F)]) + " " + name + ": "
                + Hex.encode(object.value)
            if object.kind == .preIssuingData || object.kind == .cardIssuerData,
                object.value.allSatisfy({ $0 >= 0x20 && $0 < 0x7F })
            {
                line += "  \"" + String(decoding: object.value, as: UTF8.self) + "\""
            }
            lines.append(line)
        }
        if let caps = h.cardCapabilities {
            var features: [String] = []
            if caps.dfSelectionByFullName { features.append("select by full DF name") }
            if caps.dfSelectionByPartialName { features.append("by partial DF name") }
            if caps.commandChaining == true { features.append("command chaining") }
            if caps.extendedLength == true { features.append("extended Lc/Le") }
            if let n = caps.maximumLogicalChannels { features.append("\(n) logical channels") }
            if !features.isEmpty { lines.append("      " + features.joined(separator: ", ")) }
        }
        if let status = h.statusIndicator {
            var text = "    status:"
            if let lcs = status.lifeCycleStatus { text += " life cycle " + Hex.encode([lcs]) }
            if let sw = status.sw { text += " SW " + sw.description + " (" + ErrorText.swText(sw) + ")" }
            lines.append(text)
        }
        return lines
    }

    static func describe(_ issue: ATR.Issue) -> String {
        switch issue {
        case .tckMismatch(let offset, let expected, let actual):
            return "TCK at byte \(offset) is " + Hex.encode([actual]) + ", expected " + Hex.encode([expected])
        case .missingTCK(let offset):
            return "TCK missing at byte \(offset) (required when a protocol other than T=0 is offered)"
        case .extraBytes(let offset, let count):
            return "\(count) extra byte\(count == 1 ? "" : "s") after the ATR at byte \(offset)"
        case .exceedsMaximumLength(let length):
            return "\(length) bytes, more than the 33 ISO 7816-3 allows"
        case .reservedValue(let offset, let field, let value):
            return "byte \(offset): reserved value " + Hex.encode([value]) + " for \(field)"
        case .historicalBytes(let offset, let problem):
            return "historical bytes at byte \(offset): \(problem)"
        }
    }

    static func json(_ atr: ATR) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("atr", .string(Hex.encode(atr.encoded()))),
            ("convention", .string(atr.convention == .direct ? "direct" : "inverse")),
            ("protocols", .array(atr.protocols.map { .string("T=\($0)") })),
            ("historical_bytes", .string(Hex.encode(atr.historicalBytes.bytes))),
            ("tck", atr.tck.map { .string(Hex.encode([$0])) } ?? .null),
            ("tck_valid", atr.isTCKValid.map { .bool($0) } ?? .null),
        ]
        let f = atr.transmissionFactors
        members.append(("fi", f.fi.map { .int($0) } ?? .null))
        members.append(("di", f.di.map { .int($0) } ?? .null))
        if let t1 = atr.t1Parameters {
            members.append(("t1", .object([("ifsc", .int(t1.ifsc)), ("cwi", .int(t1.cwi)), ("bwi", .int(t1.bwi)),
                                           ("edc", .string(t1.errorDetection == .lrc ? "LRC" : "CRC"))])))
        }
        members.append(("historical_objects", .array(atr.historicalBytes.objects.map {
            .object([("tag", .int(Int($0.tag))), ("value", .string(Hex.encode($0.value)))])
        })))
        members.append(("extended_length", atr.supportsExtendedLength.map { .bool($0) } ?? .null))
        members.append(("issues", .array(atr.issues.map { .string(describe($0)) })))
        members.append(("cards", .array(CardNames.names(forATR: atr.encoded()).map { .string($0) })))
        return .object(members)
    }
}
