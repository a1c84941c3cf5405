import CardCore
import Testing

@testable import TransportSim

/// A stand-in secure channel: INITIALIZE UPDATE answers a fixed challenge, EXTERNAL AUTHENTICATE with
/// the data "OK" opens a session. Commands under it carry a trailing 4-byte tag AAAAAAAA; responses
/// get a trailing BB. It checks the seam, not any real protocol.
final class StandInResponder: SecureChannelResponder {
    var aborted: [Int] = []
    var initialized: Set<Int> = []
    var received: [CommandAPDU] = []
    var contexts: [AppletContext] = []
    var layers: [StandInLayer] = []

    func handle(_ command: CommandAPDU, context: AppletContext) -> AppletReply {
        received.append(command)
        contexts.append(context)
        switch command.ins {
        case 0x50:
            initialized.insert(context.channel)
            return .data(Array(repeating: 0x11, count: 29))
        case 0x82 where initialized.contains(context.channel) && command.data == Array("OK".utf8):
            let layer = StandInLayer()
            layers.append(layer)
            return AppletReply(sw: .success, establishedSecureMessaging: layer)
        default:
            return .status(.securityStatusNotSatisfied)
        }
    }

    func abort(channel: Int) {
        aborted.append(channel)
        initialized.remove(channel)
    }
}

final class StandInLayer: SecureMessagingLayer {
    let securityLevel: UInt8 = 0x33
    let tag: [UInt8] = [0xAA, 0xAA, 0xAA, 0xAA]

    var extendedFlags: [Bool?] = []

    func unwrapCommand(_ command: CommandAPDU, secureMessagingIndicated: Bool, receivedExtended: Bool?)
        -> SecureMessagingUnwrap
    {
        extendedFlags.append(receivedExtended)
        guard secureMessagingIndicated, command.data.suffix(4) == tag[...],
            let plain = try? command.with(data: Array(command.data.dropLast(4)))
        else { return .reject(.securityStatusNotSatisfied, endSession: true) }
        return .command(plain)
    }

    func wrapResponse(_ response: ResponseAPDU, to command: CommandAPDU) -> ResponseAPDU {
        ResponseAPDU(data: response.data + [0xBB], sw: response.sw)
    }
}

@Suite("Secure messaging seam")
struct SecureMessagingSeamTests {
    func card(_ responder: StandInResponder) -> SimulatedCard {
        SimulatedCard(configuration: .init(requireSecureChannelForGetStatus: true, secureChannelResponder: responder))
    }

    @Test("Handshake through the responder installs a layer; wrapped GET STATUS then succeeds")
    func session() throws {
        let responder = StandInResponder()
        let card = card(responder)
        #expect(send(card, "80F28000024F0000").sw == .securityStatusNotSatisfied)
        let challenge = send(card, "8050300008000102030405060700")
        #expect(challenge.data.count == 29)
        // EXTERNAL AUTHENTICATE arrives with CLA 84 and goes to the responder untouched.
        #expect(send(card, "84820000024F4B").sw == .success)
        #expect(responder.received.last?.cla == 0x84)
        let r = send(card, "84F28000064F00AAAAAAAA00")
        #expect(r.sw == .success)
        #expect(r.data == hex("08A0000001510000000F9E") + [0xBB])
    }

    @Test("A rejected unwrap ends the session; later commands are plain again")
    func rejection() {
        let responder = StandInResponder()
        let card = card(responder)
        _ = send(card, "8050300008000102030405060700")
        _ = send(card, "84820000024F4B")
        #expect(send(card, "80F28000024F0000").sw == .securityStatusNotSatisfied)  // no tag: rejected
        #expect(responder.aborted.contains(0))
        #expect(send(card, "80CA004200") == ResponseAPDU(data: hex("4203999990"), sw: .success))  // unwrapped path
    }

    @Test("SELECT of another application ends the session and aborts the handshake state")
    func deselect() {
        let responder = StandInResponder()
        let card = card(responder)
        _ = send(card, "8050300008000102030405060700")
        _ = send(card, "84820000024F4B")
        _ = send(card, "04A404000F" + pivAID + "AAAAAAAA00")
        #expect(responder.aborted.contains(0))
        _ = send(card, selectHex(isdAID))
        #expect(send(card, "84F28000064F00AAAAAAAA00").sw == .securityStatusNotSatisfied)
    }

    @Test("Chained links are joined first, then unwrapped once: the tag covers the whole command")
    func chainingUnderSession() {
        let responder = StandInResponder()
        let card = card(responder)
        _ = send(card, "8050300008000102030405060700")
        _ = send(card, "84820000024F4B")
        // 4F00 + tag AAAAAAAA split over two links (CLA 94 = 84 with the chaining bit).
        #expect(send(card, "94F28000034F00AA") == ResponseAPDU(sw: .success))
        let r = send(card, "84F2800003AAAAAA00")
        #expect(r.sw == .success)
        #expect(r.data == hex("08A0000001510000000F9E") + [0xBB])
    }

    @Test("The layer and the responder learn whether Lc was extended (nil for a joined chain)")
    func extendedFlag() throws {
        let responder = StandInResponder()
        let card = card(responder)
        _ = send(card, "8050300008000102030405060700")
        _ = send(card, "848200000000024F4B")  // extended Lc
        #expect(responder.contexts.map(\.receivedExtended) == [false, true])
        _ = send(card, "84F28000064F00AAAAAAAA00")
        #expect(send(card, "84F280000000064F00AAAAAAAA0000").sw == .success)
        _ = send(card, "94F28000034F00AA")
        _ = send(card, "84F2800003AAAAAA00")
        let layer = try #require(responder.layers.first)
        #expect(layer.extendedFlags == [false, true, nil])
    }

    @Test("A plain INITIALIZE UPDATE during a session ends it and starts a new handshake")
    func reinitialize() {
        let responder = StandInResponder()
        let card = card(responder)
        _ = send(card, "8050300008000102030405060700")
        _ = send(card, "84820000024F4B")
        #expect(send(card, "8050300008000102030405060700").data.count == 29)
        #expect(send(card, "84F28000064F00AAAAAAAA00").sw == .securityStatusNotSatisfied)
        #expect(send(card, "84820000024F4B").sw == .success)
        #expect(send(card, "84F28000064F00AAAAAAAA00").sw == .success)
    }

    @Test("reset() ends every session and handshake")
    func reset() {
        let responder = StandInResponder()
        let card = card(responder)
        _ = send(card, "8050300008000102030405060700")
        _ = send(card, "84820000024F4B")
        card.reset()
        #expect(responder.initialized.isEmpty)
        #expect(send(card, "84F28000064F00AAAAAAAA00").sw == .securityStatusNotSatisfied)
        #expect(send(card, "84820000024F4B").sw == .securityStatusNotSatisfied)
    }

    @Test("Sessions are per channel: channel 1 stays plain while channel 0 is secured")
    func perChannel() {
        let responder = StandInResponder()
        let card = card(responder)
        _ = send(card, "0070000001")
        _ = send(card, "8050300008000102030405060700")
        _ = send(card, "84820000024F4B")
        #expect(send(card, "81F28000024F0000").sw == .securityStatusNotSatisfied)
        #expect(send(card, "81CA004200").data == hex("4203999990"))
        #expect(send(card, "84F28000064F00AAAAAAAA00").sw == .success)
    }

    @Test("EXTERNAL AUTHENTICATE without INITIALIZE UPDATE is refused by the responder")
    func order() {
        let responder = StandInResponder()
        let card = card(responder)
        #expect(send(card, "84820000024F4B").sw == .securityStatusNotSatisfied)
        #expect(send(card, "84F28000064F00AAAAAAAA00").sw == .securityStatusNotSatisfied)
    }
}

@Suite("SimulatedCardTransport")
struct TransportTests {
    @Test("Transmit, ATR, name and protocol; reset clears state; disconnect ends it")
    func lifecycle() throws {
        let transport = SimulatedCardTransport()
        #expect(transport.name == "sim")
        #expect(transport.activeProtocol == "T=1")
        #expect(transport.atr == DefaultATR.bytes)
        #expect(try transport.transmit(hex("0070000001")) == [0x01, 0x90, 0x00])
        try transport.reset(cold: false)
        #expect(try transport.transmit(hex("01CA9F7F00")) == [0x68, 0x81])
        transport.disconnect()
        #expect(throws: TransportError.notConnected) { try transport.transmit(hex("80CA9F7F00")) }
        #expect(throws: TransportError.notConnected) { try transport.reset(cold: true) }
    }
}
