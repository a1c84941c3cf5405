import CardCore
import Testing
import TransportPCSC

extension EndToEnd {
    /// TransportPCSC against pcscd + vpcd + cardsh-sim.
    @Suite struct Readers {
        init() throws { try PCSCStack.ensureMainCard() }

        @Test func listsTheVirtualReaderWithCardAndATR() throws {
            let readers = try PCSCReaderProvider().listReaders()
            let main = try #require(readers.first { $0.name == mainReader })
            #expect(main.state == .present)
            #expect(main.atr == defaultATR)
            let second = try #require(readers.first { $0.name == secondReader })
            #expect(second.state == .empty)
            #expect(second.atr == nil)
        }

        @Test(arguments: [ProtocolChoice.t1, .any], [ShareMode.shared, .exclusive])
        func connectsAndTransmits(choice: ProtocolChoice, share: ShareMode) throws {
            let provider = PCSCReaderProvider()
            let card = try provider.connectCard(reader: mainReader, protocol: choice, share: share)
            defer { card.disconnect() }
            #expect(card.name == mainReader)
            #expect(card.atr == defaultATR)
            if choice == .t1 { #expect(card.activeProtocol == "T=1") }
            #expect(["T=0", "T=1"].contains(card.activeProtocol ?? "none"))
            let state = try #require(try provider.listReaders().first { $0.name == mainReader }).state
            #expect(state == (share == .exclusive ? .exclusive : .inUse))
            let response = try card.transmit(selectISD)
            #expect(response == expectedAnswer([selectISD])[0])
        }

        @Test func secondExclusiveConnectIsASharingViolation() throws {
            let first = try PCSCReaderProvider().connectCard(reader: mainReader, protocol: .any, share: .exclusive)
            defer { first.disconnect() }
            let other = PCSCReaderProvider()
            #expect(throws: TransportError.sharingViolation(reader: mainReader)) {
                _ = try other.connect(reader: mainReader, protocol: .any, share: .exclusive)
            }
            #expect(throws: TransportError.sharingViolation(reader: mainReader)) {
                _ = try other.connect(reader: mainReader, protocol: .any, share: .shared)
            }
            first.disconnect()
            let again = try other.connectCard(reader: mainReader, protocol: .any, share: .exclusive)
            again.disconnect()
        }

        @Test func unknownReaderNamesTheReadersThereAre() throws {
            let provider = PCSCReaderProvider()
            #expect(throws: TransportError.readerNotFound("Virtual PCD 00 07", available: [mainReader, secondReader])) {
                _ = try provider.connect(reader: "Virtual PCD 00 07", protocol: .any, share: .shared)
            }
        }

        @Test func emptyReaderHasNoCard() throws {
            #expect(throws: TransportError.noCard(reader: secondReader)) {
                _ = try PCSCReaderProvider().connect(reader: secondReader, protocol: .any, share: .shared)
            }
        }

        @Test(arguments: [false, true])
        func resetKeepsTheConnectionUsable(cold: Bool) throws {
            let card = try PCSCReaderProvider().connectCard(reader: mainReader, protocol: .t1, share: .shared)
            defer { card.disconnect() }
            _ = try card.transmit(selectISD)
            try card.reset(cold: cold)
            #expect(card.atr == defaultATR)
            #expect(card.activeProtocol == "T=1")
            // After a reset the card is back in its power-on state.
            #expect(try card.transmit(selectISD) == expectedAnswer([selectISD])[0])
        }

        @Test func statusReportsPresenceProtocolAndATR() throws {
            let card = try PCSCReaderProvider().connectCard(reader: mainReader, protocol: .t1, share: .shared)
            defer { card.disconnect() }
            let status = try card.status()
            #expect(status.reader == mainReader)
            #expect(status.isPresent)
            #expect(status.isPowered)
            #expect(status.activeProtocol == "T=1")
            #expect(status.atr == defaultATR)
        }

        @Test func disconnectedCardRefusesToTransmit() throws {
            let card = try PCSCReaderProvider().connectCard(reader: mainReader)
            card.disconnect()
            #expect(card.activeProtocol == nil)
            #expect(throws: TransportError.notConnected) { _ = try card.transmit(selectISD) }
            #expect(throws: TransportError.notConnected) { try card.reset(cold: false) }
        }

        /// 300 data bytes need the extended form (ISO 7816-4 §5.1: Lc 00 012C); the card must see
        /// every byte. A second cardsh-sim with --log on port 35964 shows what arrived.
        @Test func extendedLengthCommandArrivesWhole() throws {
            try PCSCStack.script("start-sim", "--port", "35964", "--log")
            defer { _ = try? PCSCStack.script("stop-sim", "--port", "35964") }
            let data = (0..<300).map { UInt8(truncatingIfNeeded: $0) }
            let command: [UInt8] = [0x80, 0xE2, 0x00, 0x00, 0x00, 0x01, 0x2C] + data + [0x00, 0x00]
            let card = try PCSCReaderProvider().connectCard(reader: secondReader, protocol: .t1)
            defer { card.disconnect() }
            let response = try card.transmit(command)
            #expect(response == expectedAnswer([command])[0])
            let log = try String(contentsOfFile: PCSCStack.stateDirectory + "/sim-35964.log", encoding: .utf8)
            #expect(log.contains("=> " + Hex.encode(command) + "\n"))
        }

        @Test func waitForChangeTimesOutWithoutEvents() throws {
            let provider = PCSCReaderProvider()
            #expect(try provider.waitForChange(timeout: .milliseconds(150)) == false)
            let info = try provider.waitForCard(reader: mainReader, timeout: .milliseconds(100))
            #expect(info.atr == defaultATR)
            #expect(throws: TransportError.timeout) {
                try provider.waitForCard(reader: secondReader, timeout: .milliseconds(150))
            }
        }

        /// `--atr` changes what the reader reports; `--port 35964` serves the second reader.
        @Test func simulatorATROptionAndSecondPort() throws {
            let atr: [UInt8] = [
                0x3B, 0x8A, 0x80, 0x01, 0x00, 0x31, 0xC1, 0x73, 0xC8, 0x40, 0x00, 0x00, 0x90, 0x00, 0x90,
            ]
            try PCSCStack.script("start-sim", "--port", "35964", "--atr", Hex.encode(atr))
            defer { _ = try? PCSCStack.script("stop-sim", "--port", "35964") }
            let provider = PCSCReaderProvider()
            let readers = try provider.listReaders()
            #expect(readers.first { $0.name == secondReader }?.atr == atr)
            #expect(readers.first { $0.name == mainReader }?.atr == defaultATR)
            let card = try provider.connectCard(reader: secondReader)
            defer { card.disconnect() }
            #expect(card.atr == atr)
            #expect(try card.transmit(selectISD) == expectedAnswer([selectISD])[0])
        }
    }
}
