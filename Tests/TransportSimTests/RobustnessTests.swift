import CardCore
import Testing

@testable import TransportSim

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
        let card = SimulatedCard(configuration: .init(scp03KeySets: []))
        #expect(card.secureChannelResponder == nil)
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
        var generator = SplitMix64(seed: 0xC0FFEE)
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

