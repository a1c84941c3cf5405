import Testing

@testable import CardCore

/// A card that answers from a script and records what it was sent.
final class ScriptedTransport: CardTransport {
    let name = "scripted"
    let atr: [UInt8] = [0x3B, 0x00]
    let activeProtocol: String? = "T=1"
    private var answers: [[UInt8]]
    private(set) var sent: [[UInt8]] = []
    /// Answer given once the script is exhausted.
    var fallback: [UInt8]?

    init(_ answers: [[UInt8]], fallback: [UInt8]? = nil) {
        self.answers = answers
        self.fallback = fallback
    }

    func transmit(_ command: [UInt8]) throws(TransportError) -> [UInt8] {
        sent.append(command)
        if !answers.isEmpty { return answers.removeFirst() }
        if let fallback { return fallback }
        throw .protocolViolation("script exhausted")
    }

    func reset(cold: Bool) throws(TransportError) {}
    func disconnect() {}
}

/// A clock that advances 1,000 ns on every read.
final class SteppingClock {
    private var now: UInt64 = 0
    func read() -> UInt64 {
        now += 1_000
        return now
    }
}

@Suite struct ExchangeTests {
    static func bytes(_ hex: String) -> [UInt8] { try! Hex.parse(hex) }
    static func run(_ command: String, _ answers: [String], options: ExchangeOptions = ExchangeOptions())
        throws(TransportError) -> (ExchangeResult, ScriptedTransport)
    {
        let card = ScriptedTransport(answers.map(bytes))
        let clock = SteppingClock()
        let result = try Exchange.send(bytes(command), over: card, options: options, clock: clock.read)
        return (result, card)
    }

    @Test func plainCommandIsOneExchange() throws {
        let (result, card) = try Self.run("00A4040000", ["6F00 9000"])
        #expect(card.sent == [Self.bytes("00A4040000")])
        #expect(result.response == ResponseAPDU(data: [0x6F, 0x00], sw: .success))
        #expect(result.wire.count == 1)
        #expect(result.wire[0].purpose == .command)
        #expect(result.wire[0].nanoseconds == 1_000)
        #expect(result.wire[0].response == Self.bytes("6F00 9000"))
    }

    @Test func getResponseChainConcatenatesEveryRound() throws {
        let (result, card) = try Self.run(
            "80CA9F7F00", ["AABB 6103", "CCDDEE 6102", "FF01 9000"])
        #expect(
            card.sent == [Self.bytes("80CA9F7F00"), Self.bytes("00C0000003"), Self.bytes("00C0000002")])
        #expect(result.response.data == Self.bytes("AABB CCDDEE FF01"))
        #expect(result.response.sw == .success)
        #expect(result.wire.map(\.purpose) == [.command, .getResponse, .getResponse])
    }

    @Test func sw6100AsksFor256Bytes() throws {
        let block = [UInt8](repeating: 0x5A, count: 256)
        let card = ScriptedTransport([[0x61, 0x00], block + [0x90, 0x00]])
        let result = try Exchange.send(Self.bytes("00B0000000"), over: card, clock: SteppingClock().read)
        #expect(card.sent[1] == [0x00, 0xC0, 0x00, 0x00, 0x00])
        #expect(result.response.data == block)
    }

    @Test func responseLongerThan256BytesIsAssembled() throws {
        // Three rounds: 256 + 256 + 100 bytes, each full block announcing the next with 61xx.
        let a = [UInt8](repeating: 0x01, count: 256)
        let b = [UInt8](repeating: 0x02, count: 256)
        let c = [UInt8](repeating: 0x03, count: 100)
        let card = ScriptedTransport([a + [0x61, 0x00], b + [0x61, 0x64], c + [0x90, 0x00]])
        let result = try Exchange.send(Self.bytes("00CB3FFF00"), over: card, clock: SteppingClock().read)
        #expect(result.response.data == a + b + c)
        #expect(result.response.data.count == 612)
        #expect(card.sent.last == [0x00, 0xC0, 0x00, 0x00, 0x64])
    }

    @Test func sw6CxxResendsWithExactLe() throws {
        let (result, card) = try Self.run("00B0000000", ["6C10", "0102030405060708090A0B0C0D0E0F10 9000"])
        #expect(card.sent == [Self.bytes("00B0000000"), Self.bytes("00B0000010")])
        #expect(result.response.data.count == 16)
        #expect(result.wire.map(\.purpose) == [.command, .leRetry])
    }

    @Test func sw6CxxToCommandWithoutLeAddsLe() throws {
        // Case 3 command (Lc, data, no Le) becomes case 4 with Le = SW2.
        let (_, card) = try Self.run("80CA00000166", ["6C05", "0102030405 9000"])
        #expect(card.sent[1] == Self.bytes("80CA0000016605"))
        // Case 1 becomes case 2.
        let (_, card1) = try Self.run("80CA9F7F", ["6C2D", "9000"])
        #expect(card1.sent[1] == Self.bytes("80CA9F7F2D"))
    }

    @Test func sw6CxxIsRetriedOnlyOnce() throws {
        let (result, card) = try Self.run("00B0000000", ["6C10", "6C08"])
        #expect(card.sent.count == 2)
        #expect(result.response.sw == StatusWord(rawValue: 0x6C08))
    }

    @Test func getResponseAnsweredWith6CxxIsRetried() throws {
        // 61xx, then the GET RESPONSE asks for a different Le with 6Cxx.
        let (result, card) = try Self.run("00A4040000", ["6110", "6C08", "1122334455667788 9000"])
        #expect(
            card.sent == [Self.bytes("00A4040000"), Self.bytes("00C0000010"), Self.bytes("00C0000008")])
        #expect(result.wire.map(\.purpose) == [.command, .getResponse, .leRetry])
        #expect(result.response.data == Self.bytes("1122334455667788"))
        #expect(result.response.sw == .success)
    }

    @Test func extendedCommandKeepsExtendedFormOnRetry() throws {
        // Case 2E with Le = 0100 answered 6C80: resent as 2E with Le = 0080.
        let (_, card) = try Self.run("00B00000000100", ["6C80", "9000"])
        #expect(card.sent[1] == Self.bytes("00B00000000080"))
    }

    @Test func getResponseStaysOnLogicalChannelTwo() throws {
        let (_, card) = try Self.run("02A4040000", ["6102", "0102 9000"])
        #expect(card.sent[1] == Self.bytes("02C0000002"))
    }

    @Test func getResponseStaysOnLogicalChannelFive() throws {
        // CLA 41: further interindustry class, channel 4 + 1 = 5 (ISO/IEC 7816-4:2005 §5.1.1).
        let (_, card) = try Self.run("41A4040000", ["6102", "0102 9000"])
        #expect(card.sent[1] == Self.bytes("41C0000002"))
    }

    @Test(arguments: [
        (UInt8(0x00), UInt8(0x00)), (0x0C, 0x00), (0x1F, 0x03), (0x03, 0x03), (0x80, 0x00), (0x84, 0x00),
        (0x83, 0x03), (0x60, 0x40), (0x7F, 0x4F), (0x4E, 0x4E), (0xE2, 0x42), (0xFF, 0xFF),
    ])
    func getResponseClass(cla: UInt8, expected: UInt8) {
        // Secure messaging (b4-b3, or b6 in the further class) and chaining (b5) are cleared.
        #expect(Exchange.getResponse(for: [cla, 0xCA, 0, 0], le: 0x10) == [expected, 0xC0, 0x00, 0x00, 0x10])
    }

    @Test func optionsOffSendExactlyOnce() throws {
        let options = ExchangeOptions(getResponse: false, leRetry: false)
        let (chained, card) = try Self.run("00A4040000", ["AA 6110"], options: options)
        #expect(card.sent.count == 1)
        #expect(chained.response == ResponseAPDU(data: [0xAA], sw: StatusWord(rawValue: 0x6110)))
        let (wrongLe, card2) = try Self.run("00B0000000", ["6C10"], options: options)
        #expect(card2.sent.count == 1)
        #expect(wrongLe.response.sw == StatusWord(rawValue: 0x6C10))
    }

    @Test func endlessChainStopsAtMaxRounds() {
        let card = ScriptedTransport([], fallback: [0x00, 0x61, 0x01])
        let options = ExchangeOptions(maxRounds: 10)
        let message = "the card answered 61xx to 9 GET RESPONSE commands in a row and never a final status word; "
            + "GET RESPONSE loop stopped after 10 exchanges"
        #expect(throws: TransportError.protocolViolation(message)) {
            try Exchange.send([0x00, 0xB0, 0x00, 0x00, 0x00], over: card, options: options, clock: { 0 })
        }
        #expect(card.sent.count == 10)
    }

    @Test func shortAnswerIsAProtocolViolation() {
        let card = ScriptedTransport([[0x90]])
        #expect(
            throws: TransportError.protocolViolation(
                "the card answered 1 byte (90), fewer than the status word SW1 SW2")
        ) {
            try Exchange.send([0x00, 0xA4, 0x04, 0x00], over: card, clock: { 0 })
        }
        #expect(
            throws: TransportError.protocolViolation(
                "the card answered nothing (0 bytes), not even the status word SW1 SW2")
        ) {
            try Exchange.send([0x00, 0xA4, 0x04, 0x00], over: ScriptedTransport([[]]), clock: { 0 })
        }
    }

    @Test func transportErrorsPassThrough() {
        let card = ScriptedTransport([])
        #expect(throws: TransportError.protocolViolation("script exhausted")) {
            try Exchange.send([0x00, 0xA4, 0x04, 0x00], over: card, clock: { 0 })
        }
    }

    @Test func timingComesFromTheInjectedClock() throws {
        let (result, _) = try Self.run("00A4040000", ["6101", "01 9000"])
        // Each transmit reads the clock twice; the stepping clock advances 1,000 ns per read.
        #expect(result.wire.map(\.nanoseconds) == [1_000, 1_000])
        let backwards = ScriptedTransport([[0x90, 0x00]])
        var reads: [UInt64] = [50, 10]
        let r = try Exchange.send([0x00, 0xA4, 0x04, 0x00], over: backwards, clock: { reads.removeFirst() })
        #expect(r.wire[0].nanoseconds == 0)
    }
}
