/// The default answer to reset of the virtual card, built from its parts (ISO 7816-3 §8.2).
public enum DefaultATR {
    /// Interface bytes: TA1 13 (Fi 372, Di 4), TB1 00, TC1 00, TD1 81 (TD2 follows, T=1),
    /// TD2 31 (TA3 TB3 follow, T=1), TA3 FE (IFSC 254), TB3 15 (BWI 1, CWI 5).
    public static let interfaceBytes: [UInt8] = [0x13, 0x00, 0x00, 0x81, 0x31, 0xFE, 0x15]

    /// Historical bytes: category indicator 80, then COMPACT-TLV objects (ISO 7816-4 §8.1.1).
    public static let historicalBytes: [UInt8] = [
        0x80,
        // 3-1 card service data: selection by full and by partial DF name, card without MF (§8.1.1.2.3).
        0x31, 0xC1,
        // 7-3 card capabilities (§8.1.1.2.7): byte 1 DF selection by full / partial name; byte 2 data
        // coding (tag first byte FF valid, 1-byte data units); byte 3 command chaining, extended Lc and
        // Le, channel numbers assigned by the card and by the interface device, 8 or more channels.
        0x73, 0xC0, 0x11, 0xDF,
        // 8-3 status indicator (§8.1.1.3): life cycle 05 (operational, activated), SW 9000.
        0x83, 0x05, 0x90, 0x00,
    ]

    /// TS 3B (direct convention), T0 (TA1 TB1 TC1 TD1 present, K historical bytes), interface bytes,
    /// historical bytes, then TCK.
    public static var bytes: [UInt8] {
        let t0 = 0xF0 | UInt8(historicalBytes.count)
        var atr: [UInt8] = [0x3B, t0] + interfaceBytes + historicalBytes
        atr.append(checkByte(atr[1...]))
        return atr
    }

    /// TCK: the exclusive-or of every byte from T0 to the last historical byte (ISO 7816-3 §8.2.5).
    public static func checkByte(_ bytes: ArraySlice<UInt8>) -> UInt8 {
        bytes.reduce(0, ^)
    }

    /// A second ATR with only TD1 80 (TD2 follows, T=0) and TD2 01 (T=1), the form PC/SC readers build
    /// for contactless cards (PC/SC Part 3, ATR of contactless cards), with the same historical bytes. Its T0 high
    /// nibble is 8, not F, so yubikit talks to it with short APDUs and command chaining.
    public static var compactBytes: [UInt8] {
        let t0 = 0x80 | UInt8(historicalBytes.count)
        var atr: [UInt8] = [0x3B, t0, 0x80, 0x01] + historicalBytes
        atr.append(checkByte(atr[1...]))
        return atr
    }
}
