import CardCore
import CardCrypto
import SecureChannel
import Testing

@testable import TransportSim

/// Fixed bytes for host challenges, so runs reproduce.
struct CountingRandom: RandomSource {
    var next: UInt8 = 1
    mutating func fill(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in
            defer { next &+= 1 }
            return next
        }
    }
}

/// The host side (SecureChannel's SCP03 client) against the virtual card, through raw bytes.
struct SCP03Host {
    let card: SimulatedCard
    var cla: UInt8 = 0x80
    var extended = false

    func transmit(_ command: CommandAPDU) -> ResponseAPDU {
        var response = try! ResponseAPDU(parsing: card.process(command.encoded(forceExtended: extended)))
        var data = response.data
        while response.sw.sw1 == 0x61 {
            let getResponse = [cla & 0x03, 0xC0, 0x00, 0x00, response.sw.sw2]
            response = try! ResponseAPDU(parsing: card.process(getResponse))
            data += response.data
        }
        return ResponseAPDU(data: data, sw: response.sw)
    }

    func open(kvn: UInt8, keyLength: Int, level: SecurityLevel) throws -> SecureMessagingSession {
        let key = SecretBytes((0..<keyLength).map { UInt8(0x40 + $0) })
        let keys = try SCP03StaticKeys(all: key)
        let parameters = SCP03Parameters(
            keys: keys, kvn: kvn, level: level, securityDomainAID: DemoAID.isd, cla: cla,
            options: SecureMessagingOptions(forceExtendedLength: extended))
        var random = CountingRandom()
        let (initUpdate, awaiting) = try SCP03Handshake.initializeUpdate(parameters, random: &random)
        let (externalAuthenticate, awaitingAuth) = try awaiting.receive(transmit(initUpdate))
        return try awaitingAuth.receive(transmit(externalAuthenticate))
    }

    func secured(_ session: SecureMessagingSession, _ command: CommandAPDU) throws -> ResponseAPDU {
        try session.unwrap(transmit(try session.wrap(command, forceExtended: extended)))
    }
}

@Suite("SCP03 on the ISD (SecureChannel's card session behind the seam)")
struct SCP03Tests {
    static let getStatusISD = try! CommandAPDU(cla: 0x80, ins: 0xF2, p1: 0x80, p2: 0x02, data: [0x4F, 0x00], ne: 256)

    @Test(
        "Every default key set and level opens; GET STATUS then passes the 'secure channel required' ISD",
        arguments: [(UInt8(0x30), 16), (0x31, 24), (0x32, 32)], [SecurityLevel.cmac, .cmacCdec, .cmacCdecRmacRenc])
    func open(key: (kvn: UInt8, length: Int), level: SecurityLevel) throws {
        let card = SimulatedCard(configuration: .init(requireSecureChannelForGetStatus: true))
        let host = SCP03Host(card: card)
        #expect(host.transmit(Self.getStatusISD).sw == .securityStatusNotSatisfied)
        let session = try host.open(kvn: key.kvn, keyLength: key.length, level: level)
        let r = try host.secured(session, Self.getStatusISD)
        #expect(r.sw == .success)
        #expect(decodeOne(r.data)?.tag == BERTag(0xE3))
        // GET DATA through the session; the 1,200-byte path does not apply to the ISD, CPLC does.
        let cplc = try host.secured(session, try CommandAPDU(cla: 0x80, ins: 0xCA, p1: 0x9F, p2: 0x7F, ne: 256))
        #expect(cplc.data.count == 45)
    }

    @Test("A configured S16 key set (i-parameter 71) opens in S16 mode")
    func s16() throws {
        let card = SimulatedCard(
            configuration: .init(
                requireSecureChannelForGetStatus: true,
                scp03KeySets: [.testKeys(kvn: 0x33, length: 32, iParameter: 0x71)]))
        let host = SCP03Host(card: card)
        let keys = try SCP03StaticKeys(all: SecretBytes((0..<32).map { UInt8(0x40 + $0) }))
        let parameters = SCP03Parameters(
            keys: keys, kvn: 0x33, level: .cmacCdecRmacRenc, mode: .s16, securityDomainAID: DemoAID.isd)
        var random = CountingRandom()
        let (initUpdate, awaiting) = try SCP03Handshake.initializeUpdate(parameters, random: &random)
        let (externalAuthenticate, awaitingAuth) = try awaiting.receive(host.transmit(initUpdate))
        let session = try awaitingAuth.receive(host.transmit(externalAuthenticate))
        #expect(try host.secured(session, Self.getStatusISD).sw == .success)
    }

    @Test("Extended-length host on logical channel 1")
    func extendedOnChannel() throws {
        let card = SimulatedCard(configuration: .init(requireSecureChannelForGetStatus: true))
        #expect(card.process(hex("0070000001")) == [0x01, 0x90, 0x00])
        let host = SCP03Host(card: card, cla: 0x81, extended: true)
        let session = try host.open(kvn: 0x30, keyLength: 16, level: .cmacRmac)
        var command = Self.getStatusISD
        command.cla = 0x81
        #expect(try host.secured(session, command).sw == .success)
        // Channel 0 has no session.
        #expect(SCP03Host(card: card).transmit(Self.getStatusISD).sw == .securityStatusNotSatisfied)
    }

    @Test("Wrong key: INITIALIZE UPDATE answers, the host rejects the card cryptogram; unknown KVN 6A88")
    func wrongKey() throws {
        let card = SimulatedCard()
        let host = SCP03Host(card: card)
        #expect(throws: SecureChannelError.self) { try host.open(kvn: 0x30, keyLength: 24, level: .cmac) }
        #expect(card.process(hex("8050400008010203040506070800")) == [0x6A, 0x88])
    }

    @Test("A plain command inside a C-MAC session is refused (6982) and ends the session")
    func plainCommandEndsSession() throws {
        let card = SimulatedCard(configuration: .init(requireSecureChannelForGetStatus: true))
        let host = SCP03Host(card: card)
        let session = try host.open(kvn: 0x30, keyLength: 16, level: .cmac)
        #expect(host.transmit(Self.getStatusISD).sw == .securityStatusNotSatisfied)
        #expect(try host.secured(session, Self.getStatusISD).sw == .securityStatusNotSatisfied)
    }

    @Test("SELECT of another application ends the session; re-selecting the ISD needs a new handshake")
    func selectEndsSession() throws {
        let card = SimulatedCard(configuration: .init(requireSecureChannelForGetStatus: true))
        let host = SCP03Host(card: card)
        let session = try host.open(kvn: 0x32, keyLength: 32, level: .cmac)
        #expect(card.process(hex(selectHex(pivAID))).suffix(2) == [0x90, 0x00])
        #expect(card.process(hex(selectHex(isdAID))).suffix(2) == [0x90, 0x00])
        #expect(try host.secured(session, Self.getStatusISD).sw == .securityStatusNotSatisfied)
        let again = try host.open(kvn: 0x32, keyLength: 32, level: .cmac)
        #expect(try host.secured(again, Self.getStatusISD).sw == .success)
    }

    @Test("PUT KEY adds key set 40 (KCVs checked); it opens, shows in key information, and DELETE KEY removes it")
    func putAndDeleteKey() throws {
        let card = SimulatedCard()
        let host = SCP03Host(card: card)
        let session = try host.open(kvn: 0x30, keyLength: 16, level: .cmacCdec)
        let newKeys = try SCP03StaticKeys(all: SecretBytes((0..<16).map { UInt8(0xA0 + $0) }))
        let dek = SecretBytes((0..<16).map { UInt8(0x40 + $0) })
        let put = try SCP03KeyManagement.putKey(newKeys, newKVN: 0x40, dek: dek)
        let response = try host.secured(session, put)
        try SCP03KeyManagement.verifyPutKeyResponse(response, newKVN: 0x40, keys: newKeys)
        card.reset()
        let info = try #require(decodeOne(send(card, "80CA00E000").data))
        #expect(info.children.compactMap(primitive).contains([0x01, 0x40, 0x88, 0x10]))
        // Open with the new keys.
        let parameters = SCP03Parameters(keys: newKeys, kvn: 0x40, level: .cmac, securityDomainAID: DemoAID.isd)
        var random = CountingRandom()
        let (initUpdate, awaiting) = try SCP03Handshake.initializeUpdate(parameters, random: &random)
        let (externalAuthenticate, awaitingAuth) = try awaiting.receive(host.transmit(initUpdate))
        let newSession = try awaitingAuth.receive(host.transmit(externalAuthenticate))
        // Delete key set 30 from the session of key set 40.
        let delete = SCP03KeyManagement.deleteKey(kvn: 0x30)
        #expect(try host.secured(newSession, delete).sw == .success)
        card.reset()
        #expect(card.process(hex("8050300008010203040506070800")) == [0x6A, 0x88])
        let after = try #require(decodeOne(send(card, "80CA00E000").data))
        #expect(!after.children.compactMap(primitive).contains([0x01, 0x30, 0x88, 0x10]))
    }

    @Test("5,000 random commands inside SCP03 sessions never trap and always answer SW1 SW2")
    func fuzzUnderSession() throws {
        let card = SimulatedCard()
        let host = SCP03Host(card: card)
        var generator = SplitMix64(seed: 0x5C_0003)
        let classes: [UInt8] = [0x80, 0x84, 0x04, 0x00, 0x94, 0x8C]
        let instructions: [UInt8] = [0xCA, 0xF2, 0xD8, 0xE4, 0x50, 0x82, 0xA4, 0x70, 0xC0]
        var shortest = Int.max
        for round in 0..<5_000 {
            if round % 10 == 0 {  // a bad MAC ends the session: reopen often so the layer sees many inputs
                card.reset()
                _ = try host.open(kvn: 0x30, keyLength: 16, level: .cmacCdecRmacRenc)
            }
            let length = 4 + Int(generator.next() % 60)
            var bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            bytes[0] = classes[Int(generator.next() % UInt64(classes.count))]
            bytes[1] = instructions[Int(generator.next() % UInt64(instructions.count))]
            shortest = min(shortest, card.process(bytes).count)
        }
        #expect(shortest >= 2)
    }

    @Test("PUT KEY without a secure channel: 6982")
    func putKeyNeedsSession() {
        let card = SimulatedCard()
        #expect(send(card, "80D8008103400102").sw == .securityStatusNotSatisfied)
    }

    @Test("The sequence counter (GET DATA C1) counts pseudo-random challenges and survives reset")
    func sequenceCounter() throws {
        let card = SimulatedCard()
        let before = send(card, "80CA00C100").data
        #expect(before == hex("C10300002A"))
        _ = try SCP03Host(card: card).open(kvn: 0x30, keyLength: 16, level: .cmac)
        card.reset()
        #expect(send(card, "80CA00C100").data == hex("C10300002B"))
    }
}
