extension CommandAPDU {
    /// The bytes to send: short form when Nc ≤ 255 and Ne ≤ 256, extended otherwise (ISO 7816-4 §5.1).
    public func encoded() -> [UInt8] { encoded(forceExtended: false) }

    /// The bytes to send; `forceExtended` uses extended length fields even where short ones fit.
    public func encoded(forceExtended: Bool) -> [UInt8] {
        var out = header
        out.reserveCapacity(4 + 3 + data.count + 3)
        let extended = forceExtended ? (isoCase != 1) : needsExtendedLength
        if !data.isEmpty {
            if extended {
                out += [0x00, UInt8(data.count >> 8), UInt8(data.count & 0xFF)]
            } else {
                out.append(UInt8(data.count))
            }
            out += data
        }
        if let ne {
            if extended {
                let le = ne == 65536 ? 0 : ne
                if data.isEmpty { out.append(0x00) }
                out += [UInt8(le >> 8), UInt8(le & 0xFF)]
            } else {
                out.append(ne == 256 ? 0 : UInt8(ne))
            }
        }
        return out
    }

    /// Parses raw command bytes, checking Lc against the data and the Le encoding (ISO 7816-4 §5.1).
    /// - Throws: `APDUError` naming the length that does not fit.
    public init(parsing bytes: [UInt8]) throws(APDUError) {
        let total = bytes.count
        guard total >= 4 else { throw .tooShort(length: total) }
        let (cla, ins, p1, p2) = (bytes[0], bytes[1], bytes[2], bytes[3])
        if total == 4 {
            try self.init(cla: cla, ins: ins, p1: p1, p2: p2)
            return
        }
        if total == 5 {  // case 2S
            let le = Int(bytes[4])
            try self.init(cla: cla, ins: ins, p1: p1, p2: p2, ne: le == 0 ? 256 : le)
            return
        }
        if bytes[4] != 0 {  // short Lc
            let lc = Int(bytes[4])
            let body = Array(bytes[5..<min(total, 5 + lc)])
            if total == 5 + lc {
                try self.init(cla: cla, ins: ins, p1: p1, p2: p2, data: body)
            } else if total == 6 + lc {
                let le = Int(bytes[total - 1])
                try self.init(cla: cla, ins: ins, p1: p1, p2: p2, data: body, ne: le == 0 ? 256 : le)
            } else {
                throw .lengthMismatch(total: total, lc: lc)
            }
            return
        }
        // bytes[4] == 0: extended length.
        if total == 7 {  // case 2E
            let le = Int(bytes[5]) << 8 | Int(bytes[6])
            try self.init(cla: cla, ins: ins, p1: p1, p2: p2, ne: le == 0 ? 65536 : le)
            return
        }
        guard total > 7 else { throw .truncatedExtendedLength(total: total) }
        let lc = Int(bytes[5]) << 8 | Int(bytes[6])
        guard lc != 0 else { throw .zeroExtendedLc }
        let body = Array(bytes[7..<min(total, 7 + lc)])
        if total == 7 + lc {
            try self.init(cla: cla, ins: ins, p1: p1, p2: p2, data: body)
        } else if total == 9 + lc {
            let le = Int(bytes[total - 2]) << 8 | Int(bytes[total - 1])
            try self.init(cla: cla, ins: ins, p1: p1, p2: p2, data: body, ne: le == 0 ? 65536 : le)
        } else {
            throw .lengthMismatch(total: total, lc: lc)
        }
    }
}
