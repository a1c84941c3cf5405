import CardCore
import Testing

@testable import TransportSim

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

    @Test(
        "FASC-N known answer: yubico-piv-tool's default CHUID FASC-N (SS 9999 FS 9999 FS 999999 FS 0 FS 1 FS 0000000000 3 0000 1 ES LRC)"
    )
    func fascnKnownAnswer() {
        let fascn = FASCN(
            agencyCode: "9999", systemCode: "9999", credentialNumber: "999999", credentialSeries: "0",
            individualCredentialIssue: "1", personIdentifier: "0000000000", organizationalCategory: "3",
            organizationalIdentifier: "0000", personOrganizationAssociation: "1")
        #expect(fascn.encoded == hex("D4E739DA739CED39CE739D836858210842108421C84210C3EB"))
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
