import CardCore
import Testing

@testable import TransportSim

@Suite("Demo payment application (EMV Book 3)")
struct EMVTests {
    static let gpo = "80A800001283100000000000000000000000000000000000"

    /// Luhn check (ISO/IEC 7812-1 Annex B).
    static func luhnValid(_ digits: [Int]) -> Bool {
        var sum = 0
        for (i, d) in digits.reversed().enumerated() {
            let v = i % 2 == 1 ? d * 2 : d
            sum += v > 9 ? v - 9 : v
        }
        return sum % 10 == 0
    }

    static func nibbles(_ bytes: [UInt8]) -> [UInt8] { bytes.flatMap { [$0 >> 4, $0 & 0x0F] } }

    @Test("GPO answers format 2: 77 { 82 AIP, 94 AFL }; every AFL record reads back as a 70 template")
    func transaction() throws {
        let card = SimulatedCard()
        _ = send(card, selectHex(debitAID))
        let gpo = send(card, Self.gpo)
        #expect(gpo.sw == .success)
        let template = try #require(decodeOne(gpo.data))
        #expect(template.tag == BERTag(0x77))
        #expect(primitive(template.first(BERTag(0x82))) == [0x18, 0x00])
        let afl = try #require(primitive(template.first(BERTag(0x94))))
        #expect(afl.count % 4 == 0)
        var tags: Set<BERTag> = []
        var records = 0
        for entry in stride(from: 0, to: afl.count, by: 4) {
            let sfi = afl[entry] >> 3
            for number in afl[entry + 1]...afl[entry + 2] {
                let r = send(card, Hex.encode([0x00, 0xB2, number, sfi << 3 | 0x04, 0x00]))
                #expect(r.sw == .success)
                let record = try #require(decodeOne(r.data))
                #expect(record.tag == BERTag(0x70))
                tags.formUnion(record.children.map(\.tag))
                records += 1
            }
        }
        #expect(records == 3)
        for tag: UInt32 in [0x57, 0x5A, 0x5F24, 0x5F20, 0x8C, 0x8D, 0x8E, 0x9F07, 0x9F0D, 0x9F0E, 0x9F0F] {
            #expect(tags.contains(BERTag(tag)), "missing \(BERTag(tag))")
        }
    }

    @Test(
        "PAN passes Luhn, track 2 carries PAN, separator D and the expiry; name DEMO/CARDHOLDER",
        arguments: [debitAID, creditAID])
    func cardholderData(aid: String) throws {
        let card = SimulatedCard()
        _ = send(card, selectHex(aid))
        let record1 = try #require(decodeOne(send(card, "00B2010C00").data))
        let record2 = try #require(decodeOne(send(card, "00B2011400").data))
        let pan = try #require(primitive(record2.first(BERTag(0x5A))))
        let panDigits = Self.nibbles(pan).filter { $0 != 0x0F }.map(Int.init)
        #expect(panDigits.count == 16)
        #expect(Self.luhnValid(panDigits))
        let expiry = try #require(primitive(record2.first(BERTag(0x5F24))))
        let track2 = Self.nibbles(try #require(primitive(record1.first(BERTag(0x57)))))
        let separator = try #require(track2.firstIndex(of: 0x0D))
        #expect(track2[..<separator].map(Int.init) == panDigits)
        #expect(Array(track2[(separator + 1)..<(separator + 5)]) == Self.nibbles(Array(expiry.prefix(2))))
        #expect(primitive(record1.first(BERTag(0x5F20))) == Array("DEMO/CARDHOLDER".utf8))
        let cvm = try #require(primitive(record2.first(BERTag(0x8E))))
        #expect(cvm.count == 14)
    }

    @Test("GPO errors: wrong PDOL data length 6700, P1P2 6A86, CLA 00 6E00, twice 6985")
    func gpoErrors() {
        let card = SimulatedCard()
        _ = send(card, selectHex(debitAID))
        #expect(send(card, "80A8000002830000").sw == .wrongLength)
        #expect(send(card, "80A801001283100000000000000000000000000000000000").sw == .incorrectP1P2)
        #expect(send(card, "00A800001283100000000000000000000000000000000000").sw == .claNotSupported)
        #expect(send(card, Self.gpo).sw == .success)
        #expect(send(card, Self.gpo).sw == .conditionsNotSatisfied)
        _ = send(card, selectHex(debitAID))
        #expect(send(card, Self.gpo).sw == .success)  // a new SELECT starts a new transaction
    }

    @Test("READ RECORD errors: no record 6A83, no SFI 6A82, P2 6A86; wrong Le 6Cxx")
    func readRecordErrors() throws {
        let card = SimulatedCard()
        _ = send(card, selectHex(creditAID))
        #expect(send(card, "00B2030C00").sw == .recordNotFound)
        #expect(send(card, "00B2015C00").sw == .recordNotFound)  // SFI 11: the empty log
        #expect(send(card, "00B2013C00").sw == .fileNotFound)
        #expect(send(card, "00B2010800").sw == .incorrectP1P2)
        let full = send(card, "00B2010C00").data
        #expect(send(card, "00B2010C05") == ResponseAPDU(sw: StatusWord(0x6C, UInt8(full.count))))
        #expect(send(card, Hex.encode([0x00, 0xB2, 0x01, 0x0C, UInt8(full.count)])).data == full)
    }

    @Test("PPSE knows no commands: 6D00, and 6E00 for a proprietary class")
    func ppse() {
        let card = SimulatedCard()
        _ = send(card, selectHex(ppseAID))
        #expect(send(card, "00B2010C00").sw == .insNotSupported)
        #expect(send(card, Self.gpo).sw == .claNotSupported)
    }
}

@Suite("PIV applet (NIST SP 800-73-4)")
struct PIVTests {
    /// The objects inside a PIV container, read flat: SP 800-73-4 uses tags such as 30, 34 and F0 with
    /// b6 set for plain values, so a strict BER decoder would try to walk into them.
    func object(_ card: SimulatedCard, _ tag: String) throws -> [(tag: BERTag, value: [UInt8])] {
        let t = hex(tag)
        let r = sendCollecting(
            card, Hex.encode([0x00, 0xCB, 0x3F, 0xFF, UInt8(t.count + 2), 0x5C, UInt8(t.count)] + t + [0x00]))
        #expect(r.sw == .success)
        var input = r.data[...]
        let outer = try #require(flatTLV(&input))
        #expect(input.isEmpty)
        #expect(outer.tag == BERTag(t == [0x7E] ? 0x7E : 0x53))
        var inner = outer.value[...]
        var items: [(tag: BERTag, value: [UInt8])] = []
        while !inner.isEmpty { items.append(try #require(flatTLV(&inner))) }
        return items
    }

    /// One tag-length-value from the front of `input`, value left undecoded.
    func flatTLV(_ input: inout ArraySlice<UInt8>) -> (tag: BERTag, value: [UInt8])? {
        guard let tag = try? BERTag.decode(&input), let first = input.first else { return nil }
        input = input.dropFirst()
        var length = Int(first)
        if first > 0x80 {
            let count = Int(first & 0x7F)
            guard count <= 3, input.count >= count else { return nil }
            length = input.prefix(count).reduce(0) { $0 << 8 | Int($1) }
            input = input.dropFirst(count)
        }
        guard input.count >= length else { return nil }
        defer { input = input.dropFirst(length) }
        return (tag, Array(input.prefix(length)))
    }

    @Test("CHUID: 30 FASC-N (25 bytes), 34 GUID (16), 35 expiry, 3E signature, FE")
    func chuid() throws {
        let card = SimulatedCard()
        _ = send(card, selectHex(pivAID))
        let inner = try object(card, "5FC102")
        #expect(inner.map(\.tag) == [0x30, 0x34, 0x35, 0x3E, 0xFE].map { BERTag(UInt32($0)) })
        #expect(inner[0].value == FASCN.demo.encoded)
        #expect(inner[0].value.count == 25)
        #expect(inner[1].value.count == 16)
        #expect(inner[2].value == Array("20301231".utf8))
        #expect(inner[3].value.count > 0)
        #expect(inner[4].value.isEmpty)
    }

    @Test("FASC-N: start sentinel then agency 9999 encodes as D4 E7 39 (TIG SCEPACS 5-bit BCD, odd parity)")
    func fascnEncoding() {
        let encoded = FASCN.demo.encoded
        #expect(Array(encoded.prefix(3)) == [0xD4, 0xE7, 0x39])
        // Every 5-bit character has odd parity.
        var bits: [UInt8] = encoded.flatMap { byte in (0..<8).reversed().map { (byte >> $0) & 1 } }
        bits = Array(bits.prefix(200))
        for start in stride(from: 0, to: 200, by: 5) {
            #expect(bits[start..<(start + 5)].reduce(0, +) % 2 == 1)
        }
        // The last character is the LRC of the 39 before it.
        #expect(FASCN.demo.characters.dropLast().reduce(0, ^) == FASCN.demo.characters.last)
    }

    @Test("Card capability container, discovery object")
    func otherObjects() throws {
        let card = SimulatedCard()
        _ = send(card, selectHex(pivAID))
        let ccc = try object(card, "5FC107")
        #expect(ccc.first { $0.tag == BERTag(0xF0) }?.value.count == 21)
        #expect(ccc.first { $0.tag == BERTag(0xF5) }?.value == [0x10])
        #expect(ccc.last?.tag == BERTag(0xFE))
        let discovery = try object(card, "7E")
        #expect(discovery.first { $0.tag == BERTag(0x4F) }?.value == hex(pivAID))
        #expect(discovery.first { $0.tag == BERTag(0x5F2F) }?.value == [0x40, 0x00])
    }

    @Test("GET DATA errors: unknown object 6A82, P1P2 6A86, no 5C 6A80, CLA 80 6E00")
    func errors() {
        let card = SimulatedCard()
        _ = send(card, selectHex(pivAID))
        #expect(send(card, "00CB3FFF055C035FC10A00").sw == .fileNotFound)
        #expect(send(card, "00CB3FFE055C035FC10200").sw == .incorrectP1P2)
        #expect(send(card, "00CB3FFF055D035FC10200").sw == .incorrectData)
        #expect(send(card, "80CB3FFF055C035FC10200").sw == .claNotSupported)
    }

    @Test("VERIFY: status 63C3, wrong PIN counts down, right PIN 9000, blocked 6983")
    func verify() {
        let card = SimulatedCard()
        _ = send(card, selectHex(pivAID))
        #expect(send(card, "0020008000").sw == StatusWord(rawValue: 0x63C3))
        #expect(send(card, "0020008008313131313131FFFF").sw == StatusWord(rawValue: 0x63C2))
        #expect(send(card, "0020008008313233343536FFFF").sw == .success)
        #expect(send(card, "0020008000").sw == .success)
        for expected: UInt16 in [0x63C2, 0x63C1, 0x6983] {
            #expect(send(card, "0020008008000000000000FFFF").sw == StatusWord(rawValue: expected))
        }
        #expect(send(card, "0020008008313233343536FFFF").sw == StatusWord(rawValue: 0x6983))
        #expect(send(card, "0020008103313233").sw == .incorrectP1P2)
    }
}

@Suite("Command chaining (ISO 7816-4 §5.3.3)")
struct ChainingTests {
    @Test("A GET DATA split over two APDUs answers like one")
    func chained() {
        let card = SimulatedCard()
        _ = send(card, selectHex(pivAID))
        let whole = send(card, "00CB3FFF055C035FC10200")
        #expect(send(card, "10CB3FFF025C03") == ResponseAPDU(sw: .success))
        #expect(send(card, "00CB3FFF035FC10200") == whole)
    }

    @Test("A different command inside a chain: 6883; the chain is dropped")
    func broken() {
        let card = SimulatedCard()
        _ = send(card, selectHex(pivAID))
        _ = send(card, "10CB3FFF025C03")
        #expect(send(card, "0020008000").sw == StatusWord(rawValue: 0x6883))
        #expect(send(card, "00CB3FFF055C035FC10200").sw == .success)
        _ = send(card, "10CB3FFF025C03")
        #expect(send(card, "10CB3FFE025C03").sw == StatusWord(rawValue: 0x6883))
    }

    @Test("Chains are per channel")
    func perChannel() {
        let card = SimulatedCard()
        _ = send(card, "0070000001")
        _ = send(card, selectHex(pivAID))
        _ = send(card, selectHex(pivAID, cla: 0x01))
        _ = send(card, "10CB3FFF025C03")
        #expect(send(card, "01CB3FFF055C035FC10700").sw == .success)
        #expect(send(card, "00CB3FFF035FC10200").sw == .success)
    }
}
