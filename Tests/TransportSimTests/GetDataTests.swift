import CardCore
import Testing

@testable import TransportSim

@Suite("ISD GET DATA")
struct GetDataTests {
    /// Every object the ISD answers, by P1 P2.
    static let tags: [String] = ["9F7F", "0066", "00E0", "0042", "0045", "00C1", "00C2", "0067", "FF21", "00CF"]

    @Test("Each object comes back whole (tag, length, value) with CLA 00 and 80", arguments: tags, [UInt8(0x00), 0x80])
    func object(p1p2: String, cla: UInt8) throws {
        let card = SimulatedCard()
        let r = send(card, Hex.encode([cla, 0xCA]) + p1p2 + "00")
        #expect(r.sw == .success)
        let tlv = try #require(decodeOne(r.data))
        let expectedTag = BERTag(UInt32(hex(p1p2)[0]) << 8 | UInt32(hex(p1p2)[1]))
        #expect(tlv.tag == expectedTag)
        #expect(tlv.encoded() == r.data)
    }

    @Test("CPLC is 42 bytes plus tag and length (GP CS v2.3.1 Annex H)")
    func cplc() throws {
        let card = SimulatedCard()
        let r = send(card, "80CA9F7F00")
        #expect(r.data.count == 45)
        #expect(Array(r.data.prefix(3)) == [0x9F, 0x7F, 0x2A])
        #expect(CardData.cplcFields.map(\.bytes.count).reduce(0, +) == 42)
        #expect(Array(r.data[3..<5]) == [0x47, 0x90])  // IC fabricator first
    }

    @Test("Card data: 73 with GP OID, GP 2.3.1, identification scheme, SCP03 i=70, SCP11, 65, 66")
    func cardData() throws {
        let card = SimulatedCard()
        let tlv = try #require(decodeOne(send(card, "80CA006600").data))
        let recognition = try #require(tlv.first(BERTag(0x73)))
        let gp = hex("2A864886FC6B")
        #expect(primitive(recognition.children[0]) == gp + [0x01])
        #expect(primitive(recognition.first(BERTag(0x60))?.children.first) == gp + [0x02, 0x02, 0x03, 0x01])
        #expect(primitive(recognition.first(BERTag(0x63))?.children.first) == gp + [0x03])
        let scps = recognition.children.filter { $0.tag == BERTag(0x64) }.compactMap { primitive($0.children.first) }
        #expect(scps == [gp + [0x04, 0x03, 0x70], gp + [0x04, 0x11, 0x00]])
        #expect(recognition.first(BERTag(0x65)) != nil)
        #expect(recognition.first(BERTag(0x66)) != nil)
    }

    @Test("Key information: SCP03 KVN 30/31/32 with AES-128/192/256 and the SCP11 key 13/01")
    func keyInformation() throws {
        let card = SimulatedCard()
        let tlv = try #require(decodeOne(send(card, "80CA00E000").data))
        let entries = tlv.children.compactMap(primitive)
        #expect(entries.count == 10)
        #expect(entries.contains([0x01, 0x30, 0x88, 0x10]))
        #expect(entries.contains([0x02, 0x31, 0x88, 0x18]))
        #expect(entries.contains([0x03, 0x32, 0x88, 0x20]))
        #expect(entries.contains([0x13, 0x01, 0xB0, 0x41, 0xF0, 0x01]))
    }

    @Test("Key information follows the configured SCP03 key sets; the default keys are the GP test key")
    func configuredKeySets() throws {
        let card = SimulatedCard(configuration: .init(scp03KeySets: [.testKeys(kvn: 0x01, length: 32)]))
        let tlv = try #require(decodeOne(send(card, "80CA00E000").data))
        #expect(
            tlv.children.compactMap(primitive).prefix(3) == [
                [1, 1, 0x88, 0x20], [2, 1, 0x88, 0x20], [3, 1, 0x88, 0x20],
            ])
        let defaults = SCP03KeySet.defaults
        #expect(defaults.map(\.kvn) == [0x30, 0x31, 0x32])
        #expect(defaults[0].enc.bytes == hex("404142434445464748494A4B4C4D4E4F"))
        #expect(defaults[2].dek.bytes == (0..<32).map { UInt8(0x40 + $0) })
    }

    @Test("Extended card resources: 81 counts the installed applications")
    func resources() throws {
        let card = SimulatedCard()
        let tlv = try #require(decodeOne(send(card, "80CAFF2100").data))
        #expect(primitive(tlv.first(BERTag(0x81))) == [0x00, UInt8(card.registry.applications.count)])
        #expect(primitive(tlv.first(BERTag(0x82)))?.count == 4)
        #expect(tlv.first(BERTag(0x83)) != nil)
    }

    @Test("Quirk getDataOmitsTemplateTag: 66 answers 73..., E0 answers C0..., primitive objects unchanged")
    func omitTemplateTag() throws {
        let plain = SimulatedCard()
        let quirky = SimulatedCard(configuration: .init(getDataOmitsTemplateTag: true))
        for p1p2 in ["0066", "00E0", "0067", "FF21"] {
            let whole = try #require(decodeOne(send(plain, "80CA" + p1p2 + "00").data))
            #expect(send(quirky, "80CA" + p1p2 + "00").data == whole.valueBytes)
        }
        #expect(send(quirky, "80CA006600").data.first == 0x73)
        #expect(send(quirky, "80CA00E000").data.first == 0xC0)
        #expect(send(quirky, "80CA9F7F00").data == send(plain, "80CA9F7F00").data)
    }

    @Test("Unknown tag 6A88; data field 6700; unknown CLA 6E00")
    func errors() {
        let card = SimulatedCard()
        #expect(send(card, "80CA00FE00").sw == .referencedDataNotFound)
        #expect(send(card, "80CA9F7F01AA00").sw == .wrongLength)
        #expect(send(card, "FFCA9F7F00").sw == .claNotSupported)
        #expect(send(card, "A0CA9F7F00").sw == .claNotSupported)
    }

    @Test("Wrong explicit Le answers 6Cxx with the exact length; the retry succeeds")
    func wrongLe() {
        let card = SimulatedCard()
        var r = send(card, "80CA9F7F10")
        #expect(r == ResponseAPDU(sw: StatusWord(0x6C, 0x2D)))
        r = send(card, "80CA9F7F40")  // Le larger than the object
        #expect(r == ResponseAPDU(sw: StatusWord(0x6C, 0x2D)))
        r = send(card, "80CA9F7F2D")
        #expect(r.sw == .success)
        #expect(r.data.count == 0x2D)
    }

    @Test("Case 1 GET DATA answers 61xx; GET RESPONSE with a short Le splits further")
    func case1() {
        let card = SimulatedCard()
        var r = send(card, "80CA9F7F")
        #expect(r == ResponseAPDU(sw: StatusWord(0x61, 0x2D)))
        r = send(card, "00C0000010")
        #expect(r.data.count == 0x10)
        #expect(r.sw == StatusWord(0x61, 0x1D))
        r = send(card, "00C0000000")
        #expect(r.data.count == 0x1D)
        #expect(r.sw == .success)
        #expect(send(card, "00C0000000").sw == .conditionsNotSatisfied)
    }
}

@Suite("Response lengths")
struct ResponseLengthTests {
    @Test("The 1,200-byte PIV certificate comes in 61xx pieces; collected it equals the extended-Le answer")
    func chain() throws {
        let card = SimulatedCard()
        _ = send(card, selectHex(pivAID))
        let collected = sendCollecting(card, "00CB3FFF055C035FC10500")
        #expect(collected.sw == .success)
        #expect(collected.data.count == 1200)
        #expect(collected.pieces == 5)  // 256 * 4 + 176
        let first = send(card, "00CB3FFF055C035FC10500")
        #expect(first.data.count == 256)
        #expect(first.sw == StatusWord(0x61, 0x00))
        // Extended Le 0000 (65536): everything at once, no chaining (ISO 7816-4 §5.1).
        let extended = send(card, "00CB3FFF0000055C035FC1050000")
        #expect(extended.sw == .success)
        #expect(extended.data == collected.data)
        let object = try #require(decodeOne(extended.data))
        #expect(object.tag == BERTag(0x53))
        // 53 is a primitive tag whose value SP 800-73-4 fills with BER-TLV objects.
        let inner = try TLV.decodeAll(try #require(primitive(object)))
        #expect(inner.map(\.tag) == [BERTag(0x70), BERTag(0x71), BERTag(0xFE)])
        // 70 has b6 set, so the decoder walks into the DER certificate: a SEQUENCE of three.
        let certificate = inner[0].children
        #expect(certificate.count == 1 && certificate[0].tag == BERTag(0x30))
        #expect(certificate.first?.children.count == 3)
        #expect(Array(extended.data.suffix(5)) == [0x71, 0x01, 0x00, 0xFE, 0x00])  // CertInfo 00, then LRC
    }

    @Test("Extended Le smaller than the object gives that many bytes and 61xx for the rest")
    func extendedPartial() {
        let card = SimulatedCard()
        _ = send(card, selectHex(pivAID))
        let r = send(card, "00CB3FFF0000055C035FC1050400")
        #expect(r.data.count == 0x400)
        #expect(r.sw == StatusWord(0x61, 176))
        let rest = send(card, "00C00000B0")
        #expect(rest.data.count == 176)
        #expect(rest.sw == .success)
    }

    @Test("Case 2E GET DATA on the ISD answers in one piece")
    func extendedCase2() {
        let card = SimulatedCard()
        let r = send(card, "80CA9F7F000000")
        #expect(r.data.count == 45)
        #expect(r.sw == .success)
    }

    @Test("Pending data is dropped by any other command on the channel")
    func dropped() {
        let card = SimulatedCard()
        _ = send(card, "80CA9F7F")
        _ = send(card, "80CA006600")
        #expect(send(card, "00C0000000").sw == .conditionsNotSatisfied)
    }

    @Test("GET RESPONSE errors: P1/P2 6A86, data 6700")
    func getResponseErrors() {
        let card = SimulatedCard()
        _ = send(card, "80CA9F7F")
        #expect(send(card, "00C0010000").sw == .incorrectP1P2)
        _ = send(card, "80CA9F7F")
        #expect(send(card, "00C0000001AA00").sw == .wrongLength)
    }
}
