/// An ISO 7816-4 command APDU: header, command data (Nc bytes) and expected length Ne.
public struct CommandAPDU: Hashable, Sendable {
    public var cla: UInt8
    public var ins: UInt8
    public var p1: UInt8
    public var p2: UInt8
    public private(set) var data: [UInt8]
    /// Maximum number of response bytes expected (Ne), 1...65536; nil means no Le field.
    public private(set) var ne: Int?

    /// Builds a command from its parts; Lc is derived from `data`.
    /// - Throws: `APDUError.dataTooLong` when Nc > 65535, `.invalidNe` when Ne is outside 1...65536.
    public init(
        cla: UInt8, ins: UInt8, p1: UInt8, p2: UInt8, data: [UInt8] = [], ne: Int? = nil
    ) throws(APDUError) {
        guard data.count <= 65535 else { throw .dataTooLong(nc: data.count) }
        if let ne, !(1...65536).contains(ne) { throw .invalidNe(ne) }
        self.cla = cla
        self.ins = ins
        self.p1 = p1
        self.p2 = p2
        self.data = data
        self.ne = ne
    }

    /// The four header bytes CLA INS P1 P2.
    public var header: [UInt8] { [cla, ins, p1, p2] }

    /// ISO 7816-4 §5.1 case: 1 (no data, no Le), 2 (Le), 3 (data), 4 (data and Le).
    public var isoCase: Int {
        switch (data.isEmpty, ne == nil) {
        case (true, true): return 1
        case (true, false): return 2
        case (false, true): return 3
        case (false, false): return 4
        }
    }

    /// True when the encoding needs extended length fields (Nc > 255 or Ne > 256).
    public var needsExtendedLength: Bool { data.count > 255 || (ne ?? 0) > 256 }

    /// Returns a copy with other data and Le (checked like the initializer).
    public func with(data: [UInt8]? = nil, ne: Int?? = nil) throws(APDUError) -> CommandAPDU {
        try CommandAPDU(cla: cla, ins: ins, p1: p1, p2: p2, data: data ?? self.data, ne: ne ?? self.ne)
    }
}

/// Why bytes are not a valid command APDU, or parts cannot form one.
public enum APDUError: Error, Equatable, Sendable {
    /// Fewer than the four header bytes.
    case tooShort(length: Int)
    /// The total length does not fit the Lc given (ISO 7816-4 §5.1 table of cases).
    case lengthMismatch(total: Int, lc: Int)
    /// An extended Lc of 0000, which ISO 7816-4 does not allow.
    case zeroExtendedLc
    /// Six bytes starting with an extended-length marker: neither case 2E nor 3E.
    case truncatedExtendedLength(total: Int)
    /// Nc above 65535.
    case dataTooLong(nc: Int)
    /// Ne outside 1...65536.
    case invalidNe(Int)
    /// A response shorter than the two status bytes.
    case responseTooShort(length: Int)
}
