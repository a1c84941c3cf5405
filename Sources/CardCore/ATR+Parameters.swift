extension ATR {
    /// Fi, f(max) and Di from TA1, or their defaults when TA1 is absent (ISO 7816-3 §8.3, Tables 7 and 8).
    public struct TransmissionFactors: Hashable, Sendable {
        /// The high nibble of TA1 (1 when absent).
        public let fiIndex: UInt8
        /// The low nibble of TA1 (1 when absent).
        public let diIndex: UInt8
        /// Clock rate conversion integer; nil for an RFU index.
        public var fi: Int? { Self.fiTable[Int(fiIndex)]?.fi }
        /// Maximum clock frequency in kHz; nil for an RFU index.
        public var fMaxKHz: Int? { Self.fiTable[Int(fiIndex)]?.fMaxKHz }
        /// Baud rate adjustment integer; nil for an RFU index.
        public var di: Int? { Self.diTable[Int(diIndex)] }
        /// True when TA1 is absent and the defaults Fi = 372, Di = 1 apply.
        public let isDefault: Bool

        public init(ta1: UInt8?) {
            fiIndex = (ta1 ?? 0x11) >> 4
            diIndex = (ta1 ?? 0x11) & 0x0F
            isDefault = ta1 == nil
        }

        // ISO 7816-3 Table 7: Fi and f(max) per index; 7, 8, E, F are RFU.
        static let fiTable: [(fi: Int, fMaxKHz: Int)?] = [
            (372, 4000), (372, 5000), (558, 6000), (744, 8000), (1116, 12000), (1488, 16000), (1860, 20000),
            nil, nil, (512, 5000), (768, 7500), (1024, 10000), (1536, 15000), (2048, 20000), nil, nil,
        ]
        // ISO 7816-3 Table 8: Di per index; 0 and A...F are RFU.
        static let diTable: [Int?] = [nil, 1, 2, 4, 8, 16, 32, 64, 12, 20, nil, nil, nil, nil, nil, nil]
    }

    /// TA2: the card runs in specific mode (ISO 7816-3 §8.3).
    public struct SpecificMode: Hashable, Sendable {
        /// b8 = 0: the card can change to negotiable mode.
        public let canChangeMode: Bool
        /// b5 = 1: Fi and Di are implicit, not those of TA1.
        public let implicitParameters: Bool
        /// The protocol T to use (b4-b1).
        public let protocolType: UInt8

        public init(ta2: UInt8) {
            canChangeMode = ta2 & 0x80 == 0
            implicitParameters = ta2 & 0x10 != 0
            protocolType = ta2 & 0x0F
        }
    }

    /// T=1 error detection code, first TC for T=1 b1 (ISO 7816-3 §11.4.4).
    public enum ErrorDetection: Hashable, Sendable {
        case lrc, crc
    }

    /// T=1 parameters from the first TA, TB and TC for T=1, defaults where absent (ISO 7816-3 §11.4).
    public struct T1Parameters: Hashable, Sendable {
        /// Information field size for the card, default 32.
        public let ifsc: Int
        /// Character waiting integer, default 13.
        public let cwi: Int
        /// Block waiting integer, default 4.
        public let bwi: Int
        public let errorDetection: ErrorDetection
    }

    /// What the card accepts for clock stop, first TA for T=15 b8-b7 (ISO 7816-3 §8.3, Table 9).
    public enum ClockStop: UInt8, Hashable, Sendable {
        case notSupported = 0
        case stateL, stateH, noPreference
    }

    /// Operating conditions, first TA for T=15 b6-b1 (ISO 7816-3 §5.1.3, Table 10).
    public enum VoltageClass: UInt8, Hashable, Sendable, CaseIterable {
        /// 5 V.
        case a = 0x01
        /// 3 V.
        case b = 0x02
        /// 1.8 V.
        case c = 0x04
    }

    /// Global bytes after T=15 (ISO 7816-3 §8.3).
    public struct T15Parameters: Hashable, Sendable {
        /// Absent when there is no TA for T=15.
        public let clockStop: ClockStop?
        /// The classes accepted; empty when there is no TA for T=15.
        public let classes: [VoltageClass]
        /// The raw class indicator Y (b6-b1 of the first TA for T=15).
        public let classIndicator: UInt8?
        /// First TB for T=15: use of contact C6 (SPU); 00 means not used.
        public let spu: UInt8?
    }

    /// The protocols the card offers, in order of TDi; T=0 alone when no TD names one (§8.2.3).
    /// T=15 is not a protocol and is left out.
    public var protocols: [UInt8] {
        var found: [UInt8] = []
        for group in interfaceGroups {
            if let t = group.nextProtocol, t != 15, !found.contains(t) { found.append(t) }
        }
        return found.isEmpty ? [0] : found
    }

    /// Every type T indicated by a TDi, in order and without repeats, T=15 included; empty without TD1.
    public var indicatedTypes: [UInt8] {
        var found: [UInt8] = []
        for group in interfaceGroups {
            if let t = group.nextProtocol, !found.contains(t) { found.append(t) }
        }
        return found
    }

    /// True when some TDi indicates a type other than T=0, so TCK must be present (§8.2.5).
    public var isTCKRequired: Bool { interfaceGroups.contains { ($0.nextProtocol ?? 0) != 0 } }

    /// True when TCK is present and the XOR of T0...TCK is 00; nil without a TCK.
    public var isTCKValid: Bool? {
        guard tck != nil else { return nil }
        return !issues.contains {
            if case .tckMismatch = $0 { return true }
            return false
        }
    }

    /// One of the interface bytes of group `number` (1-based), or nil.
    public func interfaceByte(_ kind: InterfaceByte, group number: Int) -> UInt8? {
        guard number >= 1, number <= interfaceGroups.count else { return nil }
        let group = interfaceGroups[number - 1]
        switch kind {
        case .ta: return group.ta
        case .tb: return group.tb
        case .tc: return group.tc
        case .td: return group.td
        }
    }

    public var transmissionFactors: TransmissionFactors {
        TransmissionFactors(ta1: interfaceByte(.ta, group: 1))
    }

    /// N from TC1: extra guard time in etu, 0 when absent; 255 means the minimum guard time (§8.3).
    public var extraGuardTime: Int { Int(interfaceByte(.tc, group: 1) ?? 0) }

    /// WI from TC2 for T=0, default 10 (§10.2).
    public var waitingInteger: Int { Int(interfaceByte(.tc, group: 2) ?? 10) }

    /// Specific mode from TA2; nil in negotiable mode.
    public var specificMode: SpecificMode? { interfaceByte(.ta, group: 2).map(SpecificMode.init(ta2:)) }

    /// T=1 parameters when T=1 is offered; nil otherwise.
    public var t1Parameters: T1Parameters? {
        guard protocols.contains(1) else { return nil }
        let tb = firstByte(.tb, forProtocol: 1)?.0
        let tc = firstByte(.tc, forProtocol: 1)?.0
        return T1Parameters(
            ifsc: Int(firstByte(.ta, forProtocol: 1)?.0 ?? 32),
            cwi: Int(tb.map { $0 & 0x0F } ?? 13),
            bwi: Int(tb.map { $0 >> 4 } ?? 4),
            errorDetection: (tc ?? 0) & 0x01 == 0 ? .lrc : .crc)
    }

    /// Global parameters after T=15; nil when no TD indicates T=15 or nothing follows it.
    public var t15Parameters: T15Parameters? {
        let ta = firstByte(.ta, forProtocol: 15)?.0
        let tb = firstByte(.tb, forProtocol: 15)?.0
        guard ta != nil || tb != nil else { return nil }
        let y = ta.map { $0 & 0x3F }
        return T15Parameters(
            clockStop: ta.map { ClockStop(rawValue: $0 >> 6)! },
            classes: VoltageClass.allCases.filter { (y ?? 0) & $0.rawValue != 0 },
            classIndicator: y,
            spu: tb)
    }

    /// Extended Lc/Le support from the card capabilities in the historical bytes; nil when not stated.
    public var supportsExtendedLength: Bool? { historicalBytes.cardCapabilities?.extendedLength }

    /// The decoded ATR as plain values, for renderers.
    public struct Summary: Hashable, Sendable {
        public let convention: Convention
        public let protocols: [UInt8]
        public let transmissionFactors: TransmissionFactors
        public let extraGuardTime: Int
        /// WI, when T=0 is offered.
        public let waitingInteger: Int?
        public let specificMode: SpecificMode?
        public let t1: T1Parameters?
        public let t15: T15Parameters?
        public let historicalCategory: HistoricalBytes.Category?
        public let historicalBytes: HistoricalBytes
        public let supportsExtendedLength: Bool?
        public let isTCKRequired: Bool
        public let isTCKValid: Bool?
        public let issues: [Issue]
    }

    public var summary: Summary {
        Summary(
            convention: convention, protocols: protocols, transmissionFactors: transmissionFactors,
            extraGuardTime: extraGuardTime, waitingInteger: protocols.contains(0) ? waitingInteger : nil,
            specificMode: specificMode, t1: t1Parameters, t15: t15Parameters,
            historicalCategory: historicalBytes.category, historicalBytes: historicalBytes,
            supportsExtendedLength: supportsExtendedLength,
            isTCKRequired: isTCKRequired, isTCKValid: isTCKValid, issues: issues)
    }
}
