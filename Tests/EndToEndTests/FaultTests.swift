import CardCore
import Foundation
import Testing
import TransportPCSC

extension EndToEnd {
    /// What a connection sees when the card or pcscd goes away, and that it recovers.
    @Suite struct Faults {
        init() throws { try PCSCStack.ensureMainCard() }

        static let otherATR: [UInt8] = [0x3B, 0x88, 0x80, 0x01, 0x43, 0x41, 0x52, 0x44, 0x53, 0x48, 0x30, 0x31, 0x7B]

        @Test func cardRemovedMidUseThenANewCardConnects() throws {
            let provider = PCSCReaderProvider()
            let card = try provider.connectCard(reader: mainReader, protocol: .t1)
            _ = try card.transmit(selectISD)
            try PCSCStack.script("stop-sim")
            defer { _ = try? PCSCStack.ensureMainCard() }
            #expect(throws: TransportError.cardRemoved(reader: mainReader)) { _ = try card.transmit(selectISD) }
            #expect(throws: TransportError.noCard(reader: mainReader)) {
                _ = try provider.connect(reader: mainReader, protocol: .t1, share: .shared)
            }
            try PCSCStack.script("start-sim")
            let again = try provider.connectCard(reader: mainReader, protocol: .t1)
            defer { again.disconnect() }
            #expect(try again.transmit(selectISD) == expectedAnswer([selectISD])[0])
        }

        @Test func cardReplacedByAnotherShowsTheNewATR() throws {
            let provider = PCSCReaderProvider()
            let card = try provider.connectCard(reader: mainReader, protocol: .t1)
            try PCSCStack.script("stop-sim")
            defer { _ = try? PCSCStack.script("start-sim") }
            try PCSCStack.script("start-sim", "--atr", Hex.encode(Self.otherATR))
            // The old handle belongs to the card that left; reconnecting it reaches the new card.
            #expect(throws: TransportError.cardRemoved(reader: mainReader)) { _ = try card.transmit(selectISD) }
            try card.reset(cold: false)
            #expect(card.atr == Self.otherATR)
            #expect(try card.transmit(selectISD) == expectedAnswer([selectISD])[0])
            card.disconnect()
            #expect(try provider.listReaders().first { $0.name == mainReader }?.atr == Self.otherATR)
            let replaced = try provider.connectCard(reader: mainReader, protocol: .t1)
            defer { replaced.disconnect() }
            #expect(replaced.atr == Self.otherATR)
            #expect(try replaced.transmit(selectISD) == expectedAnswer([selectISD])[0])
        }

        /// Another application resetting the card shows up as `.cardReset` on our connection; a
        /// reconnect (warm reset) continues it.
        @Test func resetByAnotherApplicationIsCardReset() throws {
            let ours = try PCSCReaderProvider().connectCard(reader: mainReader, protocol: .t1)
            defer { ours.disconnect() }
            let theirs = try PCSCReaderProvider().connectCard(reader: mainReader, protocol: .t1)
            try theirs.reset(cold: false)
            theirs.disconnect()
            #expect(throws: TransportError.cardReset(reader: mainReader)) { _ = try ours.transmit(selectISD) }
            try ours.reset(cold: false)
            #expect(try ours.transmit(selectISD) == expectedAnswer([selectISD])[0])
        }

        /// pcscd stops: `.serviceUnavailable`. It starts again: the same provider lists and connects,
        /// and cardsh-sim has reconnected to vpcd by itself.
        @Test(
            .disabled(
                if: PCSCStack.foreignPCSCDRunning, "a pcscd not started by scripts/pcsc-stack.sh runs; not ours to stop"
            ))
        func pcscdRestartIsSurvived() throws {
            let provider = PCSCReaderProvider()
            let card = try provider.connectCard(reader: mainReader, protocol: .t1)
            #expect(try provider.listReaders().contains { $0.name == mainReader })
            // A `--once` simulator ends with its first connection; the stack's simulator reconnects.
            let once = try PCSCStack.spawn(PCSCStack.simBinary, ["--port", "35964", "--once"])
            var onceReaped = false
            defer { if !onceReaped { PCSCStack.terminate(once, signal: SIGKILL) } }
            try provider.waitForCard(reader: secondReader, timeout: .seconds(5))
            try PCSCStack.script("stop-pcscd")
            defer { _ = try? PCSCStack.script("start") }
            onceReaped = true
            #expect(PCSCStack.wait(once, seconds: 5) == 0)
            #expect(throws: TransportError.serviceUnavailable) { _ = try provider.listReaders() }
            #expect(throws: TransportError.serviceUnavailable) {
                _ = try provider.connect(reader: mainReader, protocol: .t1, share: .shared)
            }
            #expect(throws: TransportError.serviceUnavailable) { _ = try card.transmit(selectISD) }
            card.disconnect()
            #expect(throws: TransportError.serviceUnavailable) { _ = try PCSCReaderProvider().listReaders() }
            #expect(throws: TransportError.serviceUnavailable) { _ = try PCSCContext() }

            try PCSCStack.script("start-pcscd")
            let info = try provider.waitForCard(reader: mainReader, timeout: .seconds(10))
            #expect(info.atr == defaultATR)
            let again = try provider.connectCard(reader: mainReader, protocol: .t1)
            defer { again.disconnect() }
            #expect(try again.transmit(selectISD) == expectedAnswer([selectISD])[0])
        }
    }
}
