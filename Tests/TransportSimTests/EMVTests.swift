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
