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
