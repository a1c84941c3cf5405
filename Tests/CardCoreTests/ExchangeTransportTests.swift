import Testing

@testable import CardCore

@Suite struct ExchangeTransportTests {
    @Test func transmitAssemblesChainedResponse() throws {
        let card = ScriptedTransport([[0xAA, 0x61, 0x02], [0xBB, 0xCC, 0x90, 0x00]])
        let transport = ExchangeTransport(card, clock: SteppingClock().read)
        #expect(try transport.transmit([0x00, 0xCA, 0x00, 0x66, 0x00]) == [0xAA, 0xBB, 0xCC, 0x90, 0x00])
        #expect(transport.lastWire.map(\.purpose) == [.command, .getResponse])
        #expect(card.sent.last == [0x00, 0xC0, 0x00, 0x00, 0x02])
        #expect(transport.name == "scripted")
        #expect(transport.atr == [0x3B, 0x00])
        #expect(transport.activeProtocol == "T=1")
    }

    @Test func optionsCanBeChangedBetweenCommands() throws {
        let card = ScriptedTransport([[0x61, 0x02], [0x6C, 0x04]])
        let transport = ExchangeTransport(card, clock: { 0 })
        transport.options.getResponse = false
        #expect(try transport.transmit([0x00, 0xCA, 0x00, 0x66, 0x00]) == [0x61, 0x02])
        transport.options.leRetry = false
        #expect(try transport.transmit([0x00, 0xB0, 0x00, 0x00, 0x00]) == [0x6C, 0x04])
        #expect(card.sent.count == 2)
    }

    @Test func failedTransmitClearsTheLastWire() throws {
        let card = ScriptedTransport([[0x90, 0x00]])
        let transport = ExchangeTransport(card, clock: { 0 })
        _ = try transport.transmit([0x00, 0xA4, 0x04, 0x00])
        #expect(transport.lastWire.count == 1)
        #expect(throws: TransportError.protocolViolation("script exhausted")) {
            try transport.transmit([0x00, 0xA4, 0x04, 0x00])
        }
        #expect(transport.lastWire.isEmpty)
    }
}
