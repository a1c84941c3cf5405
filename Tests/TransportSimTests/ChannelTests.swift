import CardCore
import Testing

@testable import TransportSim

@Suite("Logical channels")
struct ChannelTests {
    @Test("Open returns the lowest free channel; each channel keeps its own selection")
    func openSelectIndependence() throws {
        let card = SimulatedCard()
        #expect(send(card, "0070000001") == ResponseAPDU(data: [0x01], sw: .success))
        #expect(send(card, "0070000001") == ResponseAPDU(data: [0x02], sw: .success))
        #expect(decodeOne(send(card, selectHex(pivAID, cla: 0x01)).data)?.tag == BERTag(0x61))
        #expect(send(card, selectHex(debitAID, cla: 0x02)).sw == .success)
        // Channel 0: still the ISD.
        #expect(send(card, "80CA9F7F00").data.count == 45)
        // Channel 1: PIV GET DATA; the ISD's GET DATA is not known there.
        #expect(send(card, "01CB3FFF055C035FC10200").sw == .success)
        #expect(send(card, "81CA9F7F00").sw == .claNotSupported)
        // Channel 2: the payment application.
        #expect(send(card, "82A800001283100000000000000000000000000000000000").sw == .success)
        #expect(send(card, "80A800001283100000000000000000000000000000000000").sw == .insNotSupported)
    }

    @Test("Pending GET RESPONSE data is per channel")
    func pendingPerChannel() {
        let card = SimulatedCard()
        _ = send(card, "0070000001")
        let cplcFull = send(card, "80CA9F7F00").data
        #expect(send(card, "80CA9F7F") == ResponseAPDU(sw: StatusWord(0x61, 0x2D)))
        let apt = send(card, selectHex(pivAID)).data
        _ = send(card, selectHex(isdAID))
        let r1 = send(card, "01A404000B" + pivAID)  // case 3 on channel 1
        #expect(r1.sw == StatusWord(0x61, UInt8(apt.count)))
        #expect(send(card, "80CA9F7F").sw == StatusWord(0x61, 0x2D))  // channel 0 again
        #expect(send(card, "01C0000000").data == apt)
        #expect(send(card, "00C0000000").data == cplcFull)
    }

    @Test("Close: the channel answers 6881 afterwards; basic channel 6985; unopened 6881")
    func close() {
        let card = SimulatedCard()
        _ = send(card, "0070000001")
        #expect(send(card, "0070800100").sw == .success)
        #expect(send(card, selectHex(pivAID, cla: 0x01)).sw == StatusWord(rawValue: 0x6881))
        #expect(send(card, "0070800000").sw == .conditionsNotSatisfied)
        #expect(send(card, "0070800300").sw == StatusWord(rawValue: 0x6881))
        // Reopen gets channel 1 back.
        #expect(send(card, "0070000001").data == [0x01])
        // Close a channel from itself (P2 00: the channel in CLA).
        #expect(send(card, "0170800000").sw == .success)
        #expect(send(card, "01CA9F7F00").sw == StatusWord(rawValue: 0x6881))
    }

    @Test("Channels 4-19 use the further interindustry class 40-4F (and C0-CF for GP commands)")
    func furtherClass() {
        let card = SimulatedCard()
        for expected in 1...19 {
            #expect(send(card, "0070000001").data == [UInt8(expected)])
        }
        #expect(send(card, "0070000001").sw == .functionNotSupported)  // all 20 in use
        #expect(decodeOne(send(card, selectHex(pivAID, cla: 0x40)).data)?.tag == BERTag(0x61))
        #expect(send(card, "40CB3FFF055C035FC10200").sw == .success)
        #expect(send(card, "C0CA9F7F00").sw == .claNotSupported)  // PIV knows no proprietary class
        #expect(send(card, "CFCA9F7F00").data.count == 45)  // channel 19: the ISD
        #expect(send(card, "4F70801300").sw == .success)  // close 19 from itself
        #expect(send(card, "CFCA9F7F00").sw == StatusWord(rawValue: 0x6881))
    }

    @Test("Open a chosen channel (P2 = number): no response data; twice 6985; over 19 6A86")
    func chosen() {
        let card = SimulatedCard()
        #expect(send(card, "0070000500") == ResponseAPDU(sw: .success))
        #expect(send(card, "0070000500").sw == .conditionsNotSatisfied)
        #expect(send(card, "0070001400").sw == .incorrectP1P2)
        #expect(send(card, "41CA9F7F00").data.count == 45)  // channel 5, ISD by default
    }

    @Test("Opened from a non-basic channel, the new channel gets that channel's application")
    func inherit() {
        let card = SimulatedCard()
        _ = send(card, "0070000001")
        _ = send(card, selectHex(pivAID, cla: 0x01))
        #expect(send(card, "0170000001").data == [0x02])
        #expect(send(card, "02CB3FFF055C035FC10200").sw == .success)
    }

    @Test("MANAGE CHANNEL errors: wrong Le 6C01, data 6700, P1 6A86")
    func errors() {
        let card = SimulatedCard()
        #expect(send(card, "0070000002") == ResponseAPDU(sw: StatusWord(0x6C, 0x01)))
        #expect(send(card, "007000000101").sw == .wrongLength)
        #expect(send(card, "0070400000").sw == .incorrectP1P2)
    }
}

@Suite("Errors, reset and robustness")
struct RobustnessTests {
    @Test(
        "Malformed APDUs: fewer than 4 bytes, Lc mismatch, extended length truncated -> 6700",
        arguments: ["", "00", "00A404", "00A4040005A000", "00A404000500", "00A4040000000001", "00CA9F7F0000"])
    func malformed(text: String) {
        let card = SimulatedCard()
        #expect(card.process(hex(text)) == [0x67, 0x00])
    }

    @Test(
        "Unknown INS 6D00, unknown class 6E00",
        arguments: [
            ("80FE000000", 0x6D00), ("00B0000000", 0x6D00), ("FFCA9F7F00", 0x6E00), ("20CA9F7F00", 0x6E00),
            ("B0CA9F7F00", 0x6E00),
        ] as [(String, UInt16)])
    func unknown(text: String, sw: UInt16) {
        let card = SimulatedCard()
        #expect(send(card, text).sw == StatusWord(rawValue: sw))
    }

    @Test("Secure messaging bits without a session: the ISD 6982, other applications 6882")
    func secureMessagingWithoutSession() {
        let card = SimulatedCard()
        #expect(send(card, "84CA9F7F00").sw == .securityStatusNotSatisfied)
        _ = send(card, selectHex(pivAID))
        #expect(send(card, "0CCB3FFF055C035FC10200").sw == StatusWord(rawValue: 0x6882))
    }

    @Test("INITIALIZE UPDATE without a secure channel implementation: 6A88; EXTERNAL AUTHENTICATE 6985")
    func handshakeWithoutResponder() {
        let card = SimulatedCard()
        #expect(send(card, "8050300008000102030405060700").sw == .referencedDataNotFound)
        #expect(send(card, "8050300104000102030400").sw == .wrongLength)
        #expect(send(card, "8482330010000102030405060708090A0B0C0D0E0F").sw == .conditionsNotSatisfied)
        #expect(send(card, "80E6020012").sw == .securityStatusNotSatisfied)
    }

    @Test("reset() closes channels, selects the ISD and drops pending data, chains and PIN status")
    func reset() {
        let card = SimulatedCard()
        _ = send(card, "0070000001")
        _ = send(card, selectHex(pivAID))
        #expect(send(card, "0020008008313233343536FFFF").sw == .success)
        _ = send(card, "10CB3FFF025C03")  // first link of a chain
        #expect(card.reset() == card.atr)
        #expect(send(card, "01CA9F7F00").sw == StatusWord(rawValue: 0x6881))
        #expect(send(card, "80CA9F7F00").data.count == 45)  // ISD selected again
        _ = send(card, "80CA9F7F")
        card.reset()
        #expect(send(card, "00C0000000").sw == .conditionsNotSatisfied)
        _ = send(card, selectHex(pivAID))
        #expect(send(card, "0020008000").sw == StatusWord(rawValue: 0x63C3))  // not verified any more
        #expect(send(card, "00CB3FFF055C035FC10200").sw == .success)  // no stale chain
    }

    @Test("20,000 random byte strings never trap and always answer at least SW1 SW2")
    func fuzz() {
        let card = SimulatedCard()
        var generator = SeededGenerator(seed: 0xC0FFEE)
        let classes: [UInt8] = [0x00, 0x01, 0x03, 0x0C, 0x10, 0x40, 0x4F, 0x80, 0x84, 0xC0, 0xFF]
        let instructions: [UInt8] = [0xA4, 0xCA, 0xCB, 0xF2, 0x70, 0xC0, 0x50, 0x82, 0xA8, 0xB2, 0x20, 0xE6]
        var shortest = Int.max
        for round in 0..<20_000 {
            let length = Int(generator.next() % 300)
            var bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if round % 2 == 0, bytes.count >= 2 {
                // Half the inputs look like real commands so the applets' paths are reached.
                bytes[0] = classes[Int(generator.next() % UInt64(classes.count))]
                bytes[1] = instructions[Int(generator.next() % UInt64(instructions.count))]
            }
            if round % 1000 == 0 { card.reset() }
            let response = card.process(bytes)
            shortest = min(shortest, response.count)
        }
        #expect(shortest >= 2)
    }
}

/// SplitMix64, so fuzz failures reproduce.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
