import CardCore
import Testing
import TransportPCSC

extension EndToEnd {
    /// Protocol choice and the T=0 mapping of case 4 commands, with a T=0-only card (ATR 3B 00,
    /// ISO 7816-3 §8.2.3: no TD1, so T=0) served on `Virtual PCD 00 01`.
    @Suite struct Protocols {
        init() throws { try PCSCStack.ensureMainCard() }

        static let t0OnlyATR: [UInt8] = [0x3B, 0x00]
        static let protocolMismatch: Int64 = 0x8010_000F  // SCARD_E_PROTO_MISMATCH

        @Test func askingForAProtocolTheCardLacksIsAProtocolMismatch() throws {
            #expect(throws: TransportError.failed(function: "SCardConnect", code: Self.protocolMismatch)) {
                _ = try PCSCReaderProvider().connect(reader: mainReader, protocol: .t0, share: .shared)
            }
            #expect(PCSCReaderProvider.describe(Self.protocolMismatch) == "SCARD_E_PROTO_MISMATCH")
        }

        /// Under T=0 a case 4 SELECT goes out without Le (ISO 7816-3 §12.2.5); the card answers 61xx
        /// and GET RESPONSE fetches the data. The transport does not chain GET RESPONSE itself.
        @Test func t0CaseFourLeavesGetResponseToTheCaller() throws {
            try PCSCStack.script("start-sim", "--port", "35964", "--atr", Hex.encode(Self.t0OnlyATR))
            defer { _ = try? PCSCStack.script("stop-sim", "--port", "35964") }
            for choice in [ProtocolChoice.t0, .any] {
                let card = try PCSCReaderProvider().connectCard(reader: secondReader, protocol: choice)
                defer { card.disconnect() }
                #expect(card.activeProtocol == "T=0")
                #expect(card.atr == Self.t0OnlyATR)
                let caseThree = Array(selectISD.dropLast())
                let expected = expectedAnswer([caseThree])[0]
                let response = try card.transmit(selectISD)
                #expect(response == expected)
                let status = try #require(response.count >= 2 ? response.suffix(2) : nil)
                #expect(status.first == 0x61, "a T=0 card announces the data with 61xx")
                let data = try card.transmit([0x00, 0xC0, 0x00, 0x00, status.last!])
                #expect(data == expectedAnswer([selectISD])[0])
            }
            #expect(throws: TransportError.failed(function: "SCardConnect", code: Self.protocolMismatch)) {
                _ = try PCSCReaderProvider().connect(reader: secondReader, protocol: .t1, share: .shared)
            }
        }
    }
}
