extension ATR {
    /// Parses an ATR as received from the reader (ISO/IEC 7816-3 §8.2).
    ///
    /// - Parameter strict: when true, a missing or wrong TCK and extra bytes throw instead of
    ///   becoming `issues`.
    /// - Throws: `ATRError` with the offset of the first byte that cannot be read.
    public init(parsing bytes: [UInt8], strict: Bool = false) throws(ATRError) {
        guard bytes.count >= 2 else { throw .tooShort(length: bytes.count) }
        let ts = bytes[0]
        guard ts == 0x3B || ts == 0x3F else { throw .invalidTS(offset: 0, actual: ts) }
        let t0 = bytes[1]
        var issues: [Issue] = []

        // §8.2.2-8.2.3: T0 and each TDi carry the Y bitmap of the next group (b5 TA ... b8 TD).
        var groups: [InterfaceGroup] = []
        var index = 2
        var y = t0 >> 4
        var announced: UInt8? = nil
        while true {
            let number = groups.count + 1
            let needed = (y & 1) + (y >> 1 & 1) + (y >> 2 & 1) + (y >> 3 & 1)
            guard bytes.count - index >= Int(needed) else {
                throw .truncatedInterfaceBytes(
                    offset: index, group: number, expected: Int(needed), available: bytes.count - index)
            }
            if y == 0 { break }
            let start = index
            func next(_ bit: UInt8) -> UInt8? {
                guard y & bit != 0 else { return nil }
                defer { index += 1 }
                return bytes[index]
            }
            let ta = next(1)
            let tb = next(2)
            let tc = next(4)
            let td = next(8)
            groups.append(
                InterfaceGroup(number: number, offset: start, protocolType: announced, ta: ta, tb: tb, tc: tc, td: td))
            guard let td else { break }
            y = td >> 4
            announced = td & 0x0F
        }

        // §8.2.4: K historical bytes.
        let k = Int(t0 & 0x0F)
        guard bytes.count - index >= k else {
            throw .truncatedHistoricalBytes(offset: index, expected: k, available: bytes.count - index)
        }
        let historicalOffset = index
        let historical = HistoricalBytes(Array(bytes[index..<index + k]))
        index += k

        // §8.2.5: TCK is absent if only T=0 is indicated, present otherwise.
        let tckRequired = groups.contains { ($0.nextProtocol ?? 0) != 0 }
        var tck: UInt8? = nil
        if tckRequired {
            if index < bytes.count {
                tck = bytes[index]
                let check = bytes[1...index].reduce(0, ^)
                if check != 0 {
                    let expected = bytes[index] ^ check
                    if strict { throw .tckMismatch(offset: index, expected: expected, actual: bytes[index]) }
                    issues.append(.tckMismatch(offset: index, expected: expected, actual: bytes[index]))
                }
                index += 1
            } else {
                if strict { throw .missingTCK(offset: index) }
                issues.append(.missingTCK(offset: index))
            }
        }
        let extra = Array(bytes[index...])
        if !extra.isEmpty {
            if strict { throw .extraBytes(offset: index, count: extra.count) }
            issues.append(.extraBytes(offset: index, count: extra.count))
        }
        if bytes.count > ATR.maximumLength { issues.append(.exceedsMaximumLength(length: bytes.count)) }

        self.init(
            ts: ts, t0: t0, interfaceGroups: groups, historicalBytes: historical, tck: tck, extraBytes: extra,
            issues: [])
        let reserved = reservedValueIssues()
        let historicalIssues = historical.problems.map {
            Issue.historicalBytes(offset: historicalOffset + $0.offset, problem: $0)
        }
        var all = reserved + historicalIssues + issues
        all.sort { $0.offset < $1.offset }
        self = ATR(
            ts: ts, t0: t0, interfaceGroups: groups, historicalBytes: historical, tck: tck, extraBytes: extra,
            issues: all)
    }

    /// Parameter values ISO 7816-3 reserves, in byte order.
    private func reservedValueIssues() -> [Issue] {
        var found: [Issue] = []
        if let group = interfaceGroups.first, let ta1 = group.ta, let at = group.offset(of: .ta) {
            let factors = transmissionFactors
            if factors.fi == nil { found.append(.reservedValue(offset: at, field: .fi, value: ta1 >> 4)) }
            if factors.di == nil { found.append(.reservedValue(offset: at, field: .di, value: ta1 & 0x0F)) }
        }
        if interfaceGroups.count >= 2, let tc2 = interfaceGroups[1].tc, tc2 == 0,
            let at = interfaceGroups[1].offset(of: .tc)
        {
            found.append(.reservedValue(offset: at, field: .waitingInteger, value: tc2))
        }
        if let (ta, at) = firstByte(.ta, forProtocol: 1), ta == 0x00 || ta == 0xFF {
            found.append(.reservedValue(offset: at, field: .ifsc, value: ta))
        }
        if let (tb, at) = firstByte(.tb, forProtocol: 1), tb >> 4 > 9 {
            found.append(.reservedValue(offset: at, field: .blockWaitingInteger, value: tb >> 4))
        }
        if let (ta, at) = firstByte(.ta, forProtocol: 15), ta & 0x3F == 0 {
            found.append(.reservedValue(offset: at, field: .classIndicator, value: ta & 0x3F))
        }
        return found
    }

    /// The first TA, TB or TC specific to protocol `t` (groups 3 and later), with its offset.
    func firstByte(_ kind: InterfaceByte, forProtocol t: UInt8) -> (UInt8, Int)? {
        for group in interfaceGroups where group.number >= 3 && group.protocolType == t {
            let value: UInt8?
            switch kind {
            case .ta: value = group.ta
            case .tb: value = group.tb
            case .tc: value = group.tc
            case .td: value = group.td
            }
            if let value, let at = group.offset(of: kind) { return (value, at) }
        }
        return nil
    }
}

extension ATR.Issue {
    /// The offset in the ATR the issue refers to (the first byte past the limit for `exceedsMaximumLength`).
    public var offset: Int {
        switch self {
        case .tckMismatch(let offset, _, _), .missingTCK(let offset), .extraBytes(let offset, _),
            .reservedValue(let offset, _, _), .historicalBytes(let offset, _):
            return offset
        case .exceedsMaximumLength: return ATR.maximumLength
        }
    }
}
