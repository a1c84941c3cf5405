import CardCore
import Testing

@testable import TransportSim

/// One registry entry as GET STATUS reports it, decoded from either format.
struct StatusEntry: Equatable {
    var aid: [UInt8]
    var lifeCycle: UInt8
    var privileges: [UInt8]
    var modules: [[UInt8]]
}

/// Legacy format (GP CS v2.3.1 §11.4.3.1): length, AID, life cycle, privileges [, modules].
func parseLegacy(_ data: [UInt8], withModules: Bool) -> [StatusEntry]? {
    var entries: [StatusEntry] = []
    var i = 0
    func take(_ n: Int) -> [UInt8]? {
        guard i + n <= data.count else { return nil }
        defer { i += n }
        return Array(data[i..<(i + n)])
    }
    while i < data.count {
        guard let length = take(1), let aid = take(Int(length[0])), let state = take(2) else { return nil }
        var modules: [[UInt8]] = []
        if withModules {
            guard let count = take(1) else { return nil }
            for _ in 0..<count[0] {
                guard let l = take(1), let module = take(Int(l[0])) else { return nil }
                modules.append(module)
            }
        }
        entries.append(StatusEntry(aid: aid, lifeCycle: state[0], privileges: [state[1]], modules: modules))
    }
    return entries
}

/// TLV format (GP CS v2.3.1 §11.4.3.2): E3 { 4F, 9F70, C5, C4, CC, CE, 84... }.
func parseE3(_ data: [UInt8]) -> [StatusEntry]? {
    guard let objects = try? TLV.decodeAll(data), objects.allSatisfy({ $0.tag == BERTag(0xE3) }) else { return nil }
    return objects.map { e3 in
        StatusEntry(
            aid: primitive(e3.first(BERTag(0x4F))) ?? [],
            lifeCycle: primitive(e3.first(BERTag(0x9F70)))?.first ?? 0xFF,
            privileges: primitive(e3.first(BERTag(0xC5))) ?? [],
            modules: e3.children.filter { $0.tag == BERTag(0x84) }.compactMap(primitive))
    }
}

/// Runs GET STATUS and its 6310 continuations, returning the data and how many responses it took.
func getStatusAll(_ card: SimulatedCard, p1: UInt8, tlv: Bool, filter: String = "4F00") -> (
    data: [UInt8], responses: Int, sw: StatusWord
) {
    let p2: UInt8 = tlv ? 0x02 : 0x00
    let body = hex(filter)
    var r = send(card, Hex.encode([0x80, 0xF2, p1, p2, UInt8(body.count)] + body + [0x00]))
    var data = r.data
    var count = 1
    while r.sw == .moreDataAvailable && count < 100 {
        r = send(card, Hex.encode([0x80, 0xF2, p1, p2 | 0x01, UInt8(body.count)] + body + [0x00]))
        data += r.data
        count += 1
    }
    return (data, count, r.sw)
}

@Suite("GET STATUS")
struct GetStatusTests {
    @Test("P1 80, legacy: the ISD, SECURED, privileges byte 9E")
    func isdLegacy() {
        let card = SimulatedCard()
        let r = send(card, "80F28000024F0000")
        #expect(r.sw == .success)
        #expect(r.data == hex("08A0000001510000000F9E"))
    }

    @Test("P1 80, E3: 4F, 9F70 0F, C5 9EFE80")
    func isdTLV() throws {
        let card = SimulatedCard()
        let r = send(card, "80F28002024F0000")
        let entries = try #require(parseE3(r.data))
        #expect(
            entries == [StatusEntry(aid: hex(isdAID), lifeCycle: 0x0F, privileges: [0x9E, 0xFE, 0x80], modules: [])])
    }

    @Test(
        "Every P1 in both formats lists what the registry holds", arguments: [UInt8(0x80), 0x40, 0x20, 0x10],
        [false, true])
    func everyP1(p1: UInt8, tlv: Bool) throws {
        let card = SimulatedCard()
        let result = getStatusAll(card, p1: p1, tlv: tlv)
        #expect(result.sw == .success)
        let entries = try #require(tlv ? parseE3(result.data) : parseLegacy(result.data, withModules: p1 == 0x10))
        let expected: [Registry.Entry]
        switch p1 {
        case 0x80: expected = card.registry.entries.filter { $0.kind == .issuerSecurityDomain }
        case 0x40: expected = card.registry.entries.filter { $0.kind == .application || $0.kind == .securityDomain }
        default: expected = card.registry.loadFiles
        }
        #expect(entries.map(\.aid) == expected.map(\.aid))
        #expect(entries.map(\.lifeCycle) == expected.map(\.lifeCycle))
        if p1 == 0x10 {
            #expect(entries.map(\.modules) == expected.map(\.modules))
        } else {
            #expect(entries.allSatisfy { $0.modules.isEmpty })
        }
    }

    @Test("Applications: SD privileges 80C000, life cycles 07 / 0F / 83, ELF and associated SD")
    func applications() throws {
        let card = SimulatedCard()
        let result = getStatusAll(card, p1: 0x40, tlv: true)
        let objects = try TLV.decodeAll(result.data)
        let sd = try #require(objects.first { primitive($0.first(BERTag(0x4F))) == hex("A000000151535041") })
        #expect(primitive(sd.first(BERTag(0xC5))) == [0x80, 0xC0, 0x00])
        #expect(primitive(sd.first(BERTag(0xCC))) == hex(isdAID))
        #expect(Set(objects.compactMap { primitive($0.first(BERTag(0x9F70)))?.first }) == [0x07, 0x0F, 0x83])
        let piv = try #require(objects.first { primitive($0.first(BERTag(0x4F))) == hex(pivAID) })
        #expect(primitive(piv.first(BERTag(0xC4))) == hex("A0000003080000 10"))
        #expect(primitive(piv.first(BERTag(0xCC))) == hex("A000000151535041"))
    }

    @Test("Load files: java.lang, javacard.framework, GP API, the demo package with its modules")
    func loadFiles() throws {
        let card = SimulatedCard()
        let entries = try #require(parseE3(getStatusAll(card, p1: 0x10, tlv: true).data))
        let aids = entries.map(\.aid)
        #expect(aids.contains(hex("A0000000620001")))
        #expect(aids.contains(hex("A0000000620101")))
        #expect(aids.contains(hex("A00000015100")))
        let demo = try #require(entries.first { $0.aid == hex("A00000099901") })
        #expect(demo.modules == [hex("A000000999010101"), hex("A000000999010201")])
        #expect(entries.allSatisfy { $0.lifeCycle == 0x01 })
    }

    @Test("More than fits continues with 6310 and P2 b1 'next occurrence'")
    func continuation() throws {
        let card = SimulatedCard()
        let first = send(card, "80F24002024F0000")
        #expect(first.sw == .moreDataAvailable)
        #expect(first.data.count <= 255)
        #expect(parseE3(first.data) != nil)  // whole entries only
        let next = send(card, "80F24003024F0000")
        #expect(next.sw == .success)
        let all = try #require(parseE3(first.data + next.data))
        #expect(all.count == card.registry.applications.count - 1)
        // After the end, another "next" has nothing to continue.
        #expect(send(card, "80F24003024F0000").sw == .conditionsNotSatisfied)
    }

    @Test("A short Le splits a 6310 answer into 61xx pieces; the last GET RESPONSE carries 6310")
    func shortLeWithContinuation() throws {
        let card = SimulatedCard()
        let whole = send(card, "80F24002024F0000")
        let first = send(card, "80F24002024F0020")
        #expect(first.data.count == 0x20)
        #expect(first.sw == StatusWord(0x61, UInt8(whole.data.count - 0x20)))
        let rest = send(card, "00C0000000")
        #expect(first.data + rest.data == whole.data)
        #expect(rest.sw == .moreDataAvailable)
        #expect(send(card, "80F24003024F0000").sw == .success)
    }

    @Test("A small response limit gives many 6310 rounds that add up to the whole registry")
    func smallLimit() throws {
        let card = SimulatedCard(configuration: .init(getStatusResponseLimit: 64))
        let result = getStatusAll(card, p1: 0x10, tlv: false)
        #expect(result.responses >= 3)
        #expect(result.sw == .success)
        let entries = try #require(parseLegacy(result.data, withModules: true))
        #expect(entries.map(\.aid) == card.registry.loadFiles.map(\.aid))
    }

    @Test("The 4F filter matches by AID prefix; no match 6A88")
    func filter() throws {
        let card = SimulatedCard()
        let result = getStatusAll(card, p1: 0x40, tlv: false, filter: "4F05A000000999")
        let entries = try #require(parseLegacy(result.data, withModules: false))
        #expect(entries.map(\.aid) == [hex(debitAID), hex(creditAID), hex("A0000009990201"), hex("A0000009990202")])
        #expect(send(card, "80F24000064F04A000007700").sw == .referencedDataNotFound)
    }

    @Test("Errors: P1 6A86, P2 6A86, no 4F 6A80, CLA 00 6E00, 'next' first 6985")
    func errors() {
        let card = SimulatedCard()
        #expect(send(card, "80F2C000024F0000").sw == .incorrectP1P2)
        #expect(send(card, "80F24004024F0000").sw == .incorrectP1P2)
        #expect(send(card, "80F2400002AA0000").sw == .incorrectData)
        #expect(send(card, "80F2400000").sw == .incorrectData)
        #expect(send(card, "00F24000024F0000").sw == .claNotSupported)
        #expect(send(card, "80F24001024F0000").sw == .conditionsNotSatisfied)
    }

    @Test("requireSecureChannelForGetStatus: 6982 without a secure channel")
    func requireSecureChannel() {
        let card = SimulatedCard(configuration: .init(requireSecureChannelForGetStatus: true))
        #expect(send(card, "80F28000024F0000").sw == .securityStatusNotSatisfied)
        #expect(send(card, "80CA9F7F00").sw == .success)  // GET DATA stays open
    }

    @Test("GET STATUS needs the ISD selected: another application answers 6E00 or 6D00")
    func otherApplication() {
        let card = SimulatedCard()
        _ = send(card, selectHex(pivAID))
        #expect(send(card, "80F28000024F0000").sw == .claNotSupported)
        _ = send(card, selectHex("A000000151535041"))
        #expect(send(card, "80F28000024F0000").sw == .insNotSupported)
    }
}
