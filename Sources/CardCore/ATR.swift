/// An answer-to-reset as defined by ISO/IEC 7816-3:2006 §8.2, kept byte for byte.
///
/// Section numbers in the ATR files refer to ISO/IEC 7816-3:2006 and, for historical bytes,
/// ISO/IEC 7816-4:2005.
///
/// Parsing is best effort where a reader of the ATR can still learn something: a wrong TCK,
/// a missing TCK, bytes after the TCK, reserved parameter values and malformed historical bytes are
/// reported in `issues` instead of thrown (pass `strict: true` to throw on the TCK and extra bytes).
public struct ATR: Hashable, Sendable {
    /// TS: the bit convention the card announced (ISO 7816-3 §8.1).
    public enum Convention: Hashable, Sendable {
        /// TS = 3B.
        case direct
        /// TS = 3F; the bytes are given as decoded by the reader.
        case inverse
    }

    /// One set of interface bytes TAi, TBi, TCi, TDi (ISO 7816-3 §8.2.3).
    public struct InterfaceGroup: Hashable, Sendable {
        /// i, counting from 1.
        public let number: Int
        /// Offset of the group's first byte in the ATR.
        public let offset: Int
        /// The T announced by TD(i-1) for this group's bytes; nil for group 1 (global bytes).
        public let protocolType: UInt8?
        public let ta: UInt8?
        public let tb: UInt8?
        public let tc: UInt8?
        public let td: UInt8?

        public init(
            number: Int, offset: Int, protocolType: UInt8?, ta: UInt8?, tb: UInt8?, tc: UInt8?, td: UInt8?
        ) {
            self.number = number
            self.offset = offset
            self.protocolType = protocolType
            self.ta = ta
            self.tb = tb
            self.tc = tc
            self.td = td
        }

        /// The present bytes in wire order.
        public var bytes: [UInt8] { [ta, tb, tc, td].compactMap { $0 } }

        /// The protocol TDi announces for the next group (its low nibble); nil without TDi.
        public var nextProtocol: UInt8? { td.map { $0 & 0x0F } }

        /// Offset of one of the group's bytes in the ATR, or nil when it is absent.
        public func offset(of byte: InterfaceByte) -> Int? {
            let present = [ta, tb, tc, td].map { $0 != nil }
            guard present[byte.rawValue] else { return nil }
            return offset + present[..<byte.rawValue].filter { $0 }.count
        }
    }

    /// Which of the four interface bytes of a group.
    public enum InterfaceByte: Int, Hashable, Sendable {
        case ta = 0
        case tb, tc, td
    }

    /// A parameter field whose value ISO 7816-3 reserves (RFU) or forbids.
    public enum Field: Hashable, Sendable {
        /// TA1 high nibble (Table 7).
        case fi
        /// TA1 low nibble (Table 8).
        case di
        /// TC2 = 00 (§10.2).
        case waitingInteger
        /// First TA for T=1 = 00 or FF (§11.4.2).
        case ifsc
        /// First TB for T=1 with BWI above 9 (§11.4.3).
        case blockWaitingInteger
        /// First TA for T=15 with no class bit set (§8.3).
        case classIndicator
    }

    /// Something wrong with the ATR that does not prevent reading the rest of it.
    public enum Issue: Hashable, Sendable {
        /// The XOR of T0...TCK is not 00; `expected` is the TCK that would make it so (§8.2.5).
        case tckMismatch(offset: Int, expected: UInt8, actual: UInt8)
        /// A protocol other than T=0 is indicated, so TCK should follow the historical bytes.
        case missingTCK(offset: Int)
        /// Bytes after the last byte the structure accounts for.
        case extraBytes(offset: Int, count: Int)
        /// More than the 33 bytes ISO 7816-3 §8.2.1 allows.
        case exceedsMaximumLength(length: Int)
        case reservedValue(offset: Int, field: Field, value: UInt8)
        /// The historical bytes do not follow their category's structure; `offset` is in the ATR,
        /// the problem's own offset counts from the first historical byte.
        case historicalBytes(offset: Int, problem: HistoricalBytes.Problem)
    }

    /// At most 33 bytes including TS (ISO 7816-3 §8.2.1).
    public static let maximumLength = 33

    public let ts: UInt8
    public let t0: UInt8
    /// TA1...TDn in order; empty when T0 announces no interface bytes.
    public let interfaceGroups: [InterfaceGroup]
    public let historicalBytes: HistoricalBytes
    /// The check byte, when present.
    public let tck: UInt8?
    /// Bytes after the TCK (or after the historical bytes when there is no TCK).
    public let extraBytes: [UInt8]
    /// Warnings found while parsing, in byte order.
    public let issues: [Issue]

    public var convention: Convention { ts == 0x3F ? .inverse : .direct }
    /// K: the number of historical bytes announced by T0.
    public var historicalByteCount: Int { Int(t0 & 0x0F) }

    /// The ATR bytes: TS, T0, interface bytes, historical bytes, TCK and any extra bytes.
    public func encoded() -> [UInt8] {
        var out = [ts, t0]
        for group in interfaceGroups { out += group.bytes }
        out += historicalBytes.bytes
        if let tck { out.append(tck) }
        out += extraBytes
        return out
    }

    init(
        ts: UInt8, t0: UInt8, interfaceGroups: [InterfaceGroup], historicalBytes: HistoricalBytes, tck: UInt8?,
        extraBytes: [UInt8], issues: [Issue]
    ) {
        self.ts = ts
        self.t0 = t0
        self.interfaceGroups = interfaceGroups
        self.historicalBytes = historicalBytes
        self.tck = tck
        self.extraBytes = extraBytes
        self.issues = issues
    }
}

/// Why bytes cannot be read as an ATR; offsets count from TS.
public enum ATRError: Error, Equatable, Sendable {
    /// Fewer than the two bytes TS and T0.
    case tooShort(length: Int)
    /// TS is neither 3B (direct) nor 3F (inverse).
    case invalidTS(offset: Int, actual: UInt8)
    /// The Y bitmap of T0 or TD(group-1) announces more interface bytes than follow.
    case truncatedInterfaceBytes(offset: Int, group: Int, expected: Int, available: Int)
    /// T0 announces K historical bytes and fewer follow.
    case truncatedHistoricalBytes(offset: Int, expected: Int, available: Int)
    /// Strict parsing only: TCK is required and absent.
    case missingTCK(offset: Int)
    /// Strict parsing only: the XOR of T0...TCK is not 00.
    case tckMismatch(offset: Int, expected: UInt8, actual: UInt8)
    /// Strict parsing only: bytes after the end of the ATR.
    case extraBytes(offset: Int, count: Int)
}
