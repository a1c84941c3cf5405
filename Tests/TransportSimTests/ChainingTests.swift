import CardCore
import Testing

@testable import TransportSim

@Suite("Command chaining (ISO 7816-4 §5.3.3)")
struct ChainingTests {
    @Test("A GET DATA split over two APDUs answers like one")
    func chained() {
        let card = SimulatedCard()
        _ = send(card, selectHex(pivAID))
        let whole = send(card, "00CB3FFF055C035FC10200")
        #expect(send(card, "10CB3FFF025C03") == ResponseAPDU(sw: .success))
        #expect(send(card, "00CB3FFF035FC10200") == whole)
    }

    @Test("A different command inside a chain: 6883; the chain is dropped")
    func broken() {
        let card = SimulatedCard()
        _ = send(card, selectHex(pivAID))
        _ = send(card, "10CB3FFF025C03")
        #expect(send(card, "0020008000").sw == StatusWord(rawValue: 0x6883))
        #expect(send(card, "00CB3FFF055C035FC10200").sw == .success)
        _ = send(card, "10CB3FFF025C03")
        #expect(send(card, "10CB3FFE025C03").sw == StatusWord(rawValue: 0x6883))
    }

    @Test("Chains are per channel")
    func perChannel() {
        let card = SimulatedCard()
        _ = send(card, "0070000001")
        _ = send(card, selectHex(pivAID))
        _ = send(card, selectHex(pivAID, cla: 0x01))
        _ = send(card, "10CB3FFF025C03")
        #expect(send(card, "01CB3FFF055C035FC10700").sw == .success)
        #expect(send(card, "00CB3FFF035FC10200").sw == .success)
    }
}
