import CardCore
import SecureChannel
import Testing

@testable import TransportSim

@Suite("Fault injection in front of the virtual card")
struct FaultInjectorTests {
    static let selectISD = hex(selectHex(isdAID))
    static let getCPLC = hex("80CA9F7F00")

    /// The answers of an untouched card to `commands`, from reset.
    static func plain(_ commands: [[UInt8]]) -> [[UInt8]] {
        let card = SimulatedCard()
        return commands.map { card.process($0) }
    }

    @Test(
        "Specs parse as KIND or KIND@N",
        arguments: [
            ("drop", FaultSpec(.drop)), ("loop-61@3", FaultSpec(.loop61, at: 3)), ("BAD-TLV", FaultSpec(.badTLV)),
            ("getresponse-6d00@1", FaultSpec(.getResponse6D00)),
        ])
    func parse(text: String, spec: FaultSpec) throws {
        #expect(try FaultSpec(parsing: text) == spec)
        #expect(try FaultSpec(parsing: spec.description) == spec)
    }

    @Test(
        "Bad specs name what is wrong",
        arguments: [
            ("nosuch", SimulatedCardError.unknownFault("nosuch")), ("drop@0", .invalidFaultPosition("0")),
            ("drop@", .invalidFaultPosition("")), ("short@two", .invalidFaultPosition("two")),
            ("@2", .unknownFault("")),
        ])
    func rejects(text: String, error: SimulatedCardError) {
        #expect(throws: error) { try FaultSpec(parsing: text) }
    }

    @Test("Idle: every command reaches the card untouched")
    func idle() {
        let faults = FaultInjector(card: SimulatedCard())
        #expect(faults.isIdle)
        #expect(faults.process(Self.selectISD) == Self.plain([Self.selectISD])[0])
    }

    @Test("drop: no answer, and the card does not see the command")
    func drop() {
        let faults = FaultInjector(card: SimulatedCard())
        var fired: [CardFault] = []
        faults.onFire = { fired.append($0) }
        faults.arm(FaultSpec(.drop))
        #expect(faults.process(Self.selectISD) == nil)
        #expect(fired == [.drop])
        #expect(faults.isIdle)
        #expect(faults.process(Self.getCPLC) == Self.plain([Self.getCPLC])[0])
    }

    @Test("short: the first byte only")
    func short() {
        let faults = FaultInjector(card: SimulatedCard())
        faults.arm(FaultSpec(.short))
        #expect(faults.process(Self.selectISD) == [0x6F])
    }

    @Test("truncate: half the data, the status word kept; waits for a response with data")
    func truncate() {
        let faults = FaultInjector(card: SimulatedCard())
        faults.arm(FaultSpec(.truncate))
        let selectNoData = hex("00A4040C08" + isdAID)
        #expect(faults.process(selectNoData) == [0x90, 0x00])
        #expect(faults.armed == [FaultSpec(.truncate)])
        let full = Self.plain([Self.getCPLC])[0]
        #expect(faults.process(Self.getCPLC) == Array(full.prefix(22)) + [0x90, 0x00])
        #expect(faults.isIdle)
    }

    @Test("overlong: Ne + 16 data bytes and 9000; waits for a command with Le")
    func overlong() {
        let faults = FaultInjector(card: SimulatedCard())
        faults.arm(FaultSpec(.overlong))
        let noLe = hex("80CA9F7F")
        #expect(faults.process(noLe) == Self.plain([noLe])[0])
        let answer = faults.process(hex("80CA9F7F2D"))
        #expect(answer?.count == 45 + 16 + 2)
        #expect(answer.map { Array($0.prefix(45)) } == Array(Self.plain([Self.getCPLC])[0].prefix(45)))
        #expect(answer?.suffix(2) == [0x90, 0x00])
        #expect(faults.isIdle)
    }

    @Test("bad-tlv: the first object's length runs one byte past the end")
    func badTLV() throws {
        let faults = FaultInjector(card: SimulatedCard())
        faults.arm(FaultSpec(.badTLV))
        let answer = try #require(faults.process(Self.getCPLC))
        // 9F7F 2A (42 value bytes) becomes 9F7F 2B with the same 42 bytes.
        #expect(Array(answer.prefix(3)) == [0x9F, 0x7F, 0x2B])
        #expect(answer.count == Self.plain([Self.getCPLC])[0].count)
        #expect(throws: TLVError.valueTruncated(offset: 0, declared: 43, available: 42)) {
            try TLV.decodeAll(answer.dropLast(2))
        }
    }

    @Test(
        "breakingFirstLength: short, long and multi-byte-tag forms",
        arguments: [
            ("6F03840100", "6F04840100"), ("9F7F0201020304", "9F7F0501020304"),
            ("708180" + String(repeating: "00", count: 128), "708181" + String(repeating: "00", count: 128)),
            ("84", "8401"), ("", ""),
        ])
    func breaking(data: String, broken: String) {
        #expect(Hex.encode(SimulatedCard.breakingFirstLength(hex(data))) == broken)
    }

    @Test("bad-rmac: waits for a response with an R-MAC, then flips its last byte; the client's check fails")
    func badRMAC() throws {
        let card = SimulatedCard()
        let faults = FaultInjector(card: card)
        faults.arm(FaultSpec(.badRMAC))
        #expect(faults.process(Self.getCPLC) == Self.plain([Self.getCPLC])[0])
        #expect(faults.armed == [FaultSpec(.badRMAC)])
        #expect(!card.corruptNextRMAC)
        let session = try SCP03Host(card: card).open(kvn: 0x30, keyLength: 16, level: .cmacCdecRmacRenc)
        #expect(faults.armed == [FaultSpec(.badRMAC)], "the handshake carries no R-MAC")
        let command = try session.wrap(try CommandAPDU(parsing: Self.getCPLC))
        let answer = try #require(faults.process(command.encoded()))
        #expect(faults.isIdle)
        #expect(throws: SecureChannelError.self) { try session.unwrap(try ResponseAPDU(parsing: answer)) }
    }

    @Test("loop-61: 16 bytes and 61 10 to the command and every GET RESPONSE; another command ends it")
    func loop61() {
        let faults = FaultInjector(card: SimulatedCard())
        faults.arm(FaultSpec(.loop61))
        let piece = Array(0x00...0x0F) + [0x61, 0x10] as [UInt8]
        #expect(faults.process(Self.selectISD) == piece)
        for _ in 0..<100 { #expect(faults.process(hex("00C0000010")) == piece) }
        #expect(faults.process(Self.getCPLC) == Self.plain([Self.getCPLC])[0])
        #expect(faults.isIdle)
    }

    @Test("loop-6c: 6C10, then 6C11 to the resend with Le 10; a different command ends it")
    func loop6C() {
        let faults = FaultInjector(card: SimulatedCard())
        faults.arm(FaultSpec(.loop6C))
        #expect(faults.process(Self.getCPLC) == [0x6C, 0x10])
        #expect(faults.process(hex("80CA9F7F10")) == [0x6C, 0x11])
        #expect(faults.process(hex("80CA9F7F11")) == [0x6C, 0x12])
        // The same command with another Le is not a resend: the card answers again.
        #expect(faults.process(Self.getCPLC) == Self.plain([Self.getCPLC])[0])
        #expect(faults.isIdle)
    }

    @Test("getresponse-6d00: 61 10, then 6D00 to the GET RESPONSE")
    func getResponse6D00() {
        let faults = FaultInjector(card: SimulatedCard())
        faults.arm(FaultSpec(.getResponse6D00))
        #expect(faults.process(Self.selectISD) == [0x61, 0x10])
        #expect(faults.process(hex("00C0000010")) == [0x6D, 0x00])
        #expect(faults.isIdle)
        #expect(faults.process(Self.selectISD) == Self.plain([Self.selectISD])[0])
    }

    @Test("@N counts every command APDU from arming, GET RESPONSE included")
    func countsCommands() {
        let faults = FaultInjector(card: SimulatedCard())
        faults.arm(FaultSpec(.getResponse6D00))
        faults.arm(FaultSpec(.short, at: 3))
        #expect(faults.process(Self.selectISD) == [0x61, 0x10])
        #expect(faults.process(hex("00C0000010")) == [0x6D, 0x00])
        #expect(faults.armed == [FaultSpec(.short, at: 1)])
        #expect(faults.process(Self.selectISD)?.count == 1)
        #expect(faults.isIdle)
    }

    @Test("clear disarms everything and ends a running fault")
    func clear() {
        let faults = FaultInjector(card: SimulatedCard())
        faults.arm(FaultSpec(.loop61))
        faults.arm(FaultSpec(.drop, at: 5))
        _ = faults.process(Self.selectISD)
        faults.clear()
        #expect(faults.isIdle)
        #expect(faults.process(hex("00C0000010")) == [0x69, 0x85])
    }

    @Test("The in-process transport: drop reports the card removed and disconnects")
    func transportDrop() throws {
        let transport = SimulatedCardTransport()
        transport.faults.arm(FaultSpec(.drop))
        #expect(throws: TransportError.cardRemoved(reader: "sim")) { try transport.transmit(Self.selectISD) }
        #expect(throws: TransportError.notConnected) { try transport.transmit(Self.selectISD) }
    }
}
