import CardCore
import Foundation
import Testing
import TransportSim
@testable import CardshEngine

/// SCP03 through the shell against the virtual card: every level x mode x key size, and what goes wrong.
@Suite struct SecureChannelShellTests {
    static let levels = ["none", "cmac", "cmac+cdec", "cmac+rmac", "cmac+cdec+rmac", "cmac+cdec+rmac+renc"]
    static let combinations: [(String, String, Int)] = levels.flatMap { level in
        ["--s8", "--s16"].flatMap { mode in [0x30, 0x31, 0x32].map { (level, mode, $0) } }
    }

    @Test(arguments: 0..<combinations.count)
    func opensAndExchanges(_ index: Int) throws {
        let (level, mode, kvn) = Self.combinations[index]
        let length = [0x30: 16, 0x31: 24, 0x32: 32][kvn]!
        let key = Hex.encode((0..<length).map { UInt8(0x40 + $0) })
        let engine = makeEngine()
        let open = engine.execute(line: "select isd; scp03 open --kvn \(kvn) --key \(key) --level \(level) \(mode)")
        #expect(open.ok, "\(open.outcomes.last?.error?.message ?? "")")
        #expect(engine.prompt() == "cardsh sim:isd [scp03 \(level)]> ")
        // GET DATA CPLC, key information (long), and a command with data, all wrapped and unwrapped.
        for line in ["gp data cplc", "apdu 80CA00E000", "apdu 80F24000 4F00 --le 256"] {
            let result = engine.execute(line: line)
            let exchange = try #require(result.outcomes.first?.exchanges.first)
            #expect(exchange.response.sw == .success, "\(line) under \(level) \(mode) KVN \(kvn)")
            if level != "none" {
                #expect(exchange.wrappedCommand != nil)
                #expect(exchange.wrappedCommand != exchange.command)
            }
        }
    }

    @Test func wrongKeysGiveACryptogramMismatchAndNoChannel() {
        let engine = makeEngine()
        let result = engine.execute(line: "select isd; scp03 open --key 00112233445566778899AABBCCDDEEFF")
        #expect(result.outcomes.last?.error?.message
            == "card cryptogram mismatch (GP Amd D v1.2 §6.2.2.2); wrong key set for KVN 0x30? No channel was opened.")
        #expect(engine.prompt() == "cardsh sim:isd> ")
        #expect(engine.execute(line: "gp data cplc").ok)
    }

    @Test func defaultLevelIsTheHighestTheCardAllows() {
        let engine = makeEngine()
        let result = engine.execute(line: "select isd; scp03 open")
        #expect(result.ok)
        #expect(result.outcomes.last?.notes.first?.text == "using the GlobalPlatform test key 404142...4F (AES-128, no keys given).")
        #expect(engine.prompt() == "cardsh sim:isd [scp03 cmac+cdec+rmac+renc]> ")
    }

    @Test func openSendsExactlyInitializeUpdateAndExternalAuthenticate() throws {
        let engine = makeEngine()
        _ = engine.execute(line: "select isd")
        let result = engine.execute(line: "scp03 open --host-challenge 0102030405060708")
        let exchanges = try #require(result.outcomes.first?.exchanges)
        #expect(exchanges.map { $0.command[1] } == [0x50, 0x82])
        #expect(exchanges[0].command == (try Hex.parse("8050000008010203040506070800")))
        #expect(exchanges.allSatisfy { $0.wire.count == 1 })
    }

    @Test func aCardThatRefusesS16IsReportedNotRetried() throws {
        // This card answers INITIALIZE UPDATE in S8 whatever was asked (i-parameter 70, b1 clear).
        let s8Answer = try Hex.parse("00000000000000000000 300370 1122334455667788 8877665544332211 00002A 9000")
        let card = ScriptedTransport(answers: [s8Answer])
        let engine = Engine(environment: EngineEnvironment(readers: nil, clock: { 0 }, makeSimulatedCard: { card }))
        let result = engine.execute(line: "connect sim; scp03 open --s16")
        #expect(result.outcomes.last?.error?.message
            == "the card uses S8 (8-byte challenges and MACs), not S16; try `scp03 open --s8`")
        #expect(card.sent.count == 1)
    }

    @Test func tamperedRMACClosesTheChannelAndTheShellGoesOn() throws {
        let tamper = TamperingTransport(SimulatedCardTransport(card: SimulatedCard()))
        let engine = Engine(environment: EngineEnvironment(readers: nil, clock: { 0 }, makeSimulatedCard: { tamper }))
        #expect(engine.execute(line: "connect sim; select isd; scp03 open --level cmac+rmac").ok)
        tamper.flipNextResponse = true
        let result = engine.execute(line: "gp data cplc")
        #expect(!result.ok)
        #expect(result.outcomes[0].error?.message.hasPrefix("R-MAC of the response (SW 9000) does not verify") == true)
        #expect(engine.prompt() == "cardsh sim:isd> ")
        #expect(engine.execute(line: "scp03 open; gp data cplc").ok)
    }

    @Test func jsonCarriesWireAndPlainUnderAChannel() throws {
        let engine = makeEngine()
        #expect(engine.execute(line: "select isd; scp03 open").ok)
        let outcome = try #require(engine.execute(line: "gp data cplc").outcomes.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(JSONRenderer.render(outcome).utf8)) as? [String: Any])
        let exchange = try #require((object["exchanges"] as? [[String: Any]])?.first)
        #expect(exchange["c"] as? String == "80CA9F7F00")
        #expect((exchange["wire_c"] as? String)?.hasPrefix("84CA9F7F") == true)
        #expect((exchange["wire_r"] as? String)?.hasSuffix("9000") == true)
        #expect((exchange["data"] as? String)?.hasPrefix("9F7F2A") == true)
    }

    @Test func traceBothShowsWireAndSecureMessagingState() throws {
        let engine = makeEngine()
        #expect(engine.execute(line: "select isd; scp03 open; set trace both").ok)
        let outcome = try #require(engine.execute(line: "gp data cplc").outcomes.first)
        let text = TextRenderer(color: false, trace: .both).render(outcome).out
        #expect(text.contains("=> 80CA9F7F 00"))
        #expect(text.contains("   wire => 84CA9F7F"))
        #expect(text.contains("   scp: C counter 1, chaining "))
        #expect(text.contains(", R-MAC "))
    }

    @Test func secureSessionTranscriptReplays() throws {
        let path = temporaryDirectory().appendingPathComponent("scp.cardsh").path
        let engine = makeEngine()
        #expect(engine.startRecording(to: path) == nil)
        #expect(engine.execute(line: "select isd; scp03 open; gp data cplc; apdu 80CA00E000").ok)
        engine.stopRecording()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        // The handshake's changing bytes are masked, the plain answers under the channel are not.
        #expect(text.contains("# => 8050000008????????????????00\n# <= 4353485F000123456789300370??"))
        #expect(text.contains("# => 8482330010????????????????????????????????\n# <= 9000"))
        #expect(text.contains("# <= 9F7F2A"))
        let replay = makeEngine().execute(line: "replay \(path) --check")
        #expect(replay.ok, "\(replay.outcomes.last?.error?.message ?? "")")
    }
}

/// Passes everything through, but can flip the last data byte of the next response.
final class TamperingTransport: CardTransport {
    let inner: any CardTransport
    var flipNextResponse = false
    init(_ inner: any CardTransport) { self.inner = inner }
    var name: String { inner.name }
    var atr: [UInt8] { inner.atr }
    var activeProtocol: String? { inner.activeProtocol }
    func transmit(_ command: [UInt8]) throws(TransportError) -> [UInt8] {
        var response = try inner.transmit(command)
        if flipNextResponse && response.count > 2 {
            response[response.count - 3] ^= 0x01
            flipNextResponse = false
        }
        return response
    }
    func reset(cold: Bool) throws(TransportError) { try inner.reset(cold: cold) }
    func disconnect() { inner.disconnect() }
}

/// Answers each command with the next scripted response and remembers what was sent.
final class ScriptedTransport: CardTransport {
    var answers: [[UInt8]]
    var sent: [[UInt8]] = []
    init(answers: [[UInt8]]) { self.answers = answers }
    var name: String { "scripted" }
    var atr: [UInt8] { [0x3B, 0x00] }
    var activeProtocol: String? { "T=1" }
    func transmit(_ command: [UInt8]) throws(TransportError) -> [UInt8] {
        sent.append(command)
        return answers.isEmpty ? [0x6F, 0x00] : answers.removeFirst()
    }
    func reset(cold: Bool) throws(TransportError) {}
    func disconnect() {}
}
