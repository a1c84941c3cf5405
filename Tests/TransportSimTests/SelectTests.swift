import CardCore
import Testing

@testable import TransportSim

@Suite("SELECT and FCIs")
struct SelectTests {
    @Test("ISD FCI: 6F { 84 AID, A5 { 73 with GP OID, 9F6E, 9F65 } } (GP CS v2.3.1 §11.9.3.1)")
    func isd() throws {
        let card = SimulatedCard()
        let r = send(card, selectHex(isdAID))
        #expect(r.sw == .success)
        let fci = try #require(decodeOne(r.data))
        #expect(fci.tag == BERTag(0x6F))
        #expect(primitive(fci.first(BERTag(0x84))) == hex(isdAID))
        let a5 = try #require(fci.first(BERTag(0xA5)))
        let sdData = try #require(a5.first(BERTag(0x73)))
        #expect(primitive(sdData.children.first) == hex("2A864886FC6B01"))
        #expect(a5.first(BERTag(0x9F6E)) != nil)
        #expect(primitive(a5.first(BERTag(0x9F65))) == [0xFF])
    }

    @Test("PPSE FCI lists both payment applications in BF0C / 61 entries")
    func ppse() throws {
        let card = SimulatedCard()
        let r = send(card, selectHex(ppseAID))
        #expect(r.sw == .success)
        let fci = try #require(decodeOne(r.data))
        #expect(primitive(fci.first(BERTag(0x84))) == Array("2PAY.SYS.DDF01".utf8))
        let directory = try #require(fci.first(BERTag(0xBF0C)))
        #expect(directory.children.count == 2)
        #expect(directory.children.allSatisfy { $0.tag == BERTag(0x61) })
        #expect(primitive(directory.children[0].first(BERTag(0x4F))) == hex(debitAID))
        #expect(primitive(directory.children[0].first(BERTag(0x50))) == Array("DEMO DEBIT".utf8))
        #expect(primitive(directory.children[0].first(BERTag(0x87))) == [0x01])
        #expect(primitive(directory.children[1].first(BERTag(0x4F))) == hex(creditAID))
        #expect(primitive(directory.children[1].first(BERTag(0x87))) == [0x02])
    }

    @Test("Payment FCI: label, priority, PDOL, language, code table, preferred name, log entry")
    func payment() throws {
        let card = SimulatedCard()
        let r = send(card, selectHex(debitAID))
        #expect(r.sw == .success)
        let fci = try #require(decodeOne(r.data))
        #expect(primitive(fci.first(BERTag(0x84))) == hex(debitAID))
        #expect(primitive(fci.first(BERTag(0x50))) == Array("DEMO DEBIT".utf8))
        #expect(primitive(fci.first(BERTag(0x87))) == [0x01])
        #expect(primitive(fci.first(BERTag(0x9F38))) == hex("9F66049F02069F37045F2A02"))
        #expect(primitive(fci.first(BERTag(0x5F2D))) == Array("enfr".utf8))
        #expect(primitive(fci.first(BERTag(0x9F11))) == [0x01])
        #expect(primitive(fci.first(BERTag(0x9F12))) == Array("CARDSH DEMO DEBIT".utf8))
        let discretionary = try #require(fci.first(BERTag(0xBF0C)))
        #expect(primitive(discretionary.first(BERTag(0x9F4D))) == [0x0B, 0x0A])
    }

    @Test("PIV: application property template 61 { 4F, 79 { 4F }, 50, AC } (SP 800-73-4 Part 2 §3.1.1)")
    func piv() throws {
        let card = SimulatedCard()
        let r = send(card, selectHex(pivAID))
        #expect(r.sw == .success)
        let apt = try #require(decodeOne(r.data))
        #expect(apt.tag == BERTag(0x61))
        #expect(primitive(apt.children.first) == hex("000010000100"))
        let authority = try #require(apt.first(BERTag(0x79)))
        #expect(primitive(authority.first(BERTag(0x4F))) == hex("A000000308"))
        #expect(primitive(apt.first(BERTag(0x50))) == Array("cardsh demo PIV".utf8))
        let algorithms = try #require(apt.first(BERTag(0xAC)))
        #expect(algorithms.children.filter { $0.tag == BERTag(0x80) }.count == 6)
        #expect(primitive(algorithms.children.last) == [0x00])
    }

    @Test("Supplementary SD and a plain applet select without FCI; a LOCKED application does not select")
    func plainAndLocked() {
        let card = SimulatedCard()
        #expect(send(card, selectHex("A000000151535041")).sw == .success)
        #expect(send(card, selectHex("A0000009990201")) == ResponseAPDU(sw: .success))
        #expect(send(card, selectHex("A0000009990202")).sw == .fileNotFound)
    }

    @Test("Partial AID: P2 00 picks the first match in registry order, P2 02 the next ones (ISO 7816-4 §11.2.2)")
    func partial() throws {
        let card = SimulatedCard()
        // A000000999 01 matches debit then credit.
        var r = send(card, selectHex("A000000999"))
        #expect(primitive(decodeOne(r.data)?.first(BERTag(0x84))) == hex(debitAID))
        r = send(card, selectHex("A000000999", p2: 0x02))
        #expect(primitive(decodeOne(r.data)?.first(BERTag(0x84))) == hex(creditAID))
        r = send(card, selectHex("A000000999", p2: 0x02))
        #expect(r == ResponseAPDU(sw: .success))  // the plain demo applet A0000009990201, no FCI
        r = send(card, selectHex("A000000999", p2: 0x02))
        #expect(r.sw == .fileNotFound)  // the locked one is skipped: no further occurrence
        // A0000001 51: the ISD first, then the supplementary SD.
        r = send(card, selectHex("A000000151"))
        #expect(primitive(decodeOne(r.data)?.first(BERTag(0x84))) == hex(isdAID))
        #expect(send(card, selectHex("A000000151", p2: 0x02)).sw == .success)
        #expect(send(card, selectHex("A000000151", p2: 0x02)).sw == .fileNotFound)
        // Partial PIV AID as middleware sends it.
        r = send(card, "00A4040005A00000030800")
        #expect(decodeOne(r.data)?.tag == BERTag(0x61))
    }

    @Test("P2 0C answers 9000 without data; the selection still happens")
    func noResponseData() {
        let card = SimulatedCard()
        #expect(card.process(hex("00A4040C07A0000009990101")) == [0x90, 0x00])
        #expect(send(card, "80A800001283100000000000000000000000000000000000").sw == .success)
    }

    @Test("SELECT without a data field selects the ISD")
    func emptySelect() throws {
        let card = SimulatedCard()
        _ = send(card, selectHex(pivAID))
        let r = send(card, "00A4040000")
        #expect(primitive(decodeOne(r.data)?.first(BERTag(0x84))) == hex(isdAID))
    }

    @Test("Errors: unknown AID 6A82 keeps the selection, bad P1/P2 6A86, AID over 16 bytes 6700")
    func errors() {
        let card = SimulatedCard()
        _ = send(card, selectHex(pivAID))
        #expect(send(card, selectHex("A0000000FFFFFF")).sw == .fileNotFound)
        #expect(send(card, "00CB3FFF055C035FC10200").sw == .success)  // PIV still selected
        #expect(send(card, "00A4000002 3F00").sw == .incorrectP1P2)
        #expect(send(card, "00A4040107A0000009990101").sw == .incorrectP1P2)
        #expect(send(card, "00A4041007A0000009990101").sw == .incorrectP1P2)
        // P2 04 (FCP) is answered with the FCI, as Java Card applets do.
        #expect(decodeOne(send(card, "00A4040407A000000999010100").data)?.tag == BERTag(0x6F))
        #expect(send(card, "00A4040411A0000009990101000000000000000000").sw == .wrongLength)
    }

    @Test("Case 3 SELECT (no Le) answers 61xx, the FCI comes with GET RESPONSE")
    func case3() throws {
        let card = SimulatedCard()
        let full = send(card, selectHex(isdAID)).data
        let r = send(card, "00A4040008" + isdAID)
        #expect(r.data.isEmpty)
        #expect(r.sw == StatusWord(0x61, UInt8(full.count)))
        let fetched = send(card, "00C0000000")
        #expect(fetched.data == full)
        #expect(fetched.sw == .success)
    }
}
