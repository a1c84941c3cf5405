import Testing

@testable import CardCore

/// Draws for the seeded properties (CardCore's SplitMix64: every failure reproduces from its seed).
extension SplitMix64 {
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }
    mutating func bool() -> Bool { next() & 1 == 1 }
    mutating func bytes(count: Int) -> [UInt8] { (0..<count).map { _ in byte() } }
}

@Suite struct PropertyTests {
    @Test func splitMix64KnownAnswer() {
        // First outputs for seed 0 of the reference splitmix64.c (prng.di.unimi.it).
        var rng = SplitMix64(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(rng.next() == 0x06C4_5D18_8009_454F)
    }

    // MARK: - TLV

    /// A random valid BER tag; never starts with 00 or FF, which decodeAll may treat as padding.
    static func randomTag(_ rng: inout SplitMix64, constructed: Bool) -> BERTag {
        while true {
            let cls = UInt8(rng.int(0...3)) << 6
            let flag: UInt8 = constructed ? 0x20 : 0x00
            var bytes: [UInt8]
            if rng.int(0...2) < 2 {
                bytes = [cls | flag | UInt8(rng.int(0...30))]
            } else {
                bytes = [cls | flag | 0x1F]
                let extra = rng.int(1...3)
                for i in 0..<extra {
                    let last = i == extra - 1
                    bytes.append(last ? UInt8(rng.int(0...0x7F)) : (0x80 | UInt8(rng.int(0...0x7F))))
                }
            }
            if bytes[0] != 0x00 && bytes[0] != 0xFF { return BERTag(bytes: bytes) }
        }
    }

    static func randomTLV(_ rng: inout SplitMix64, depth: Int) -> TLV {
        if depth < 4 && rng.int(0...2) == 0 {
            let children = (0..<rng.int(0...4)).map { _ in randomTLV(&rng, depth: depth + 1) }
            return TLV(tag: randomTag(&rng, constructed: true), children: children)
        }
        let length: Int
        switch rng.int(0...19) {
        case 0: length = rng.int(128...1_000)
        case 1: length = rng.int(60_000...70_000)
        default: length = rng.int(0...127)
        }
        return TLV(tag: randomTag(&rng, constructed: false), bytes: rng.bytes(count: length))
    }

    @Test(arguments: [UInt64(1), 2, 3, 0xC0FFEE])
    func tlvRoundTrip(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<250 {
            let tlv = Self.randomTLV(&rng, depth: 0)
            let decoded = try TLV.decodeAll(tlv.encoded())
            #expect(decoded == [tlv], "seed \(seed)")
            if decoded != [tlv] { return }
        }
    }

    @Test func tlvSequenceRoundTrip() throws {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<200 {
            let items = (0..<rng.int(0...5)).map { _ in Self.randomTLV(&rng, depth: 1) }
            #expect(try TLV.decodeAll(items.flatMap { $0.encoded() }) == items)
        }
    }

    // MARK: - APDU

    static func randomAPDU(_ rng: inout SplitMix64) throws -> CommandAPDU {
        let nc: Int
        switch rng.int(0...9) {
        case 0...3: nc = 0
        case 4...7: nc = rng.int(1...255)
        case 8: nc = rng.int(256...4_096)
        default: nc = [256, 65_535, rng.int(4_097...65_535)][rng.int(0...2)]
        }
        let ne: Int?
        switch rng.int(0...5) {
        case 0, 1: ne = nil
        case 2, 3: ne = rng.int(1...256)
        case 4: ne = rng.int(257...65_536)
        default: ne = [1, 255, 256, 257, 65_535, 65_536][rng.int(0...5)]
        }
        return try CommandAPDU(
            cla: rng.byte(), ins: rng.byte(), p1: rng.byte(), p2: rng.byte(), data: rng.bytes(count: nc), ne: ne)
    }

    @Test(arguments: [UInt64(7), 8, 0xA9D0])
    func apduRoundTripOverAllCases(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        var casesSeen = Set<Int>()
        var extendedSeen = false
        for _ in 0..<500 {
            let apdu = try Self.randomAPDU(&rng)
            casesSeen.insert(apdu.isoCase)
            extendedSeen = extendedSeen || apdu.needsExtendedLength
            #expect(try CommandAPDU(parsing: apdu.encoded()) == apdu, "seed \(seed)")
            #expect(try CommandAPDU(parsing: apdu.encoded(forceExtended: true)) == apdu, "seed \(seed)")
        }
        #expect(casesSeen == [1, 2, 3, 4])
        #expect(extendedSeen)
    }

    // MARK: - ATR

    /// A random well-formed ATR with a correct TCK where one is required.
    static func randomATR(_ rng: inout SplitMix64) -> [UInt8] {
        var bytes: [UInt8] = [rng.bool() ? 0x3B : 0x3F]
        let k = rng.int(0...15)
        var y = UInt8(rng.int(0...15))
        bytes.append(y << 4 | UInt8(k))
        var groups = 0
        var tckRequired = false
        while y != 0 {
            groups += 1
            for bit in [UInt8(1), 2, 4] where y & bit != 0 { bytes.append(rng.byte()) }
            guard y & 8 != 0 else { break }
            let nextY = groups < 6 ? UInt8(rng.int(0...15)) : 0
            let t = UInt8(rng.int(0...15))
            if t != 0 { tckRequired = true }
            bytes.append(nextY << 4 | t)
            y = nextY
        }
        bytes += rng.bytes(count: k)
        if tckRequired { bytes.append(bytes[1...].reduce(0, ^)) }
        return bytes
    }

    @Test(arguments: [UInt64(11), 12, 0xA7A7])
    func atrRoundTrip(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<1_000 {
            let bytes = Self.randomATR(&rng)
            let atr = try ATR(parsing: bytes)
            #expect(atr.encoded() == bytes, "seed \(seed)")
            #expect(atr.isTCKValid != false)
            // A well-formed ATR parses strictly unless it is longer than 33 bytes (a warning only).
            #expect(throws: Never.self) { try ATR(parsing: bytes, strict: true) }
            #expect(atr.historicalBytes.bytes.count == atr.historicalByteCount)
        }
    }

    @Test func atrWithOneFlippedByteIsStillReadOrRejectedCleanly() {
        var rng = SplitMix64(seed: 99)
        var mismatches = 0
        for _ in 0..<2_000 {
            var bytes = Self.randomATR(&rng)
            guard bytes.count > 2 else { continue }
            bytes[rng.int(2...(bytes.count - 1))] ^= UInt8(rng.int(1...255))
            if let atr = try? ATR(parsing: bytes) {
                #expect(atr.encoded() == bytes)
                if atr.isTCKValid == false { mismatches += 1 }
            }
        }
        #expect(mismatches > 0)
    }

    // MARK: - Never crashes

    static func randomInput(_ rng: inout SplitMix64) -> [UInt8] {
        var bytes = rng.bytes(count: rng.int(0...(rng.int(0...9) == 0 ? 600 : 48)))
        // Half of the inputs start like an ATR or a short APDU, to get past the first checks.
        if !bytes.isEmpty && rng.bool() { bytes[0] = [0x3B, 0x3F, 0x00, 0x80][rng.int(0...3)] }
        return bytes
    }

    @Test func tenThousandRandomInputsNeverCrashTheParsers() {
        var rng = SplitMix64(seed: 0x5EED)
        var parsed = (tlv: 0, apdu: 0, atr: 0, response: 0)
        for _ in 0..<10_000 {
            let bytes = Self.randomInput(&rng)
            if let items = try? TLV.decodeAll(bytes) {
                parsed.tlv += 1
                _ = items.map { $0.encoded() }
            }
            if let apdu = try? CommandAPDU(parsing: bytes) {
                parsed.apdu += 1
                #expect(apdu.encoded().count <= bytes.count)
            }
            if let atr = try? ATR(parsing: bytes) {
                parsed.atr += 1
                #expect(atr.encoded() == bytes)
                _ = atr.summary
            }
            if (try? ResponseAPDU(parsing: bytes)) != nil { parsed.response += 1 }
        }
        // The generator must reach the success paths too, not only the first error.
        #expect(parsed.tlv > 100)
        #expect(parsed.apdu > 100)
        #expect(parsed.atr > 100)
        #expect(parsed.response > 9_000)
    }

    @Test func randomTextNeverCrashesTheHexParser() {
        var rng = SplitMix64(seed: 0x48E7)
        let alphabet = Array("0123456789abcdefABCDEFG :\t-xé€\n")
        var parsed = 0
        for _ in 0..<10_000 {
            let text = String((0..<rng.int(0...24)).map { _ in alphabet[rng.int(0...(alphabet.count - 1))] })
            switch Result(catching: { () throws(HexError) in try Hex.parse(text) }) {
            case .success(let bytes):
                parsed += 1
                #expect((try? Hex.parse(Hex.encode(bytes))) == bytes)
            case .failure(.invalidCharacter(_, let column)), .failure(.oddDigitCount(_, let column)),
                .failure(.splitByte(let column)):
                #expect(column >= 1 && column <= text.unicodeScalars.count)
            }
        }
        #expect(parsed > 100)
    }
}
