import CardCore
import Testing
import TransportPCSC

/// Codes and names from pcsc-lite 1.9.9 `PCSC/pcsclite.h`.
@Suite struct PCSCReturnCodeTests {
    static let mapping: [(code: Int64, expected: TransportError)] = [
        (0x8010_001D, .serviceUnavailable),  // SCARD_E_NO_SERVICE
        (0x8010_001E, .serviceUnavailable),  // SCARD_E_SERVICE_STOPPED
        (0x8010_0013, .serviceUnavailable),  // SCARD_F_COMM_ERROR: the link to pcscd broke
        (0x8010_0018, .serviceUnavailable),  // SCARD_P_SHUTDOWN
        (0x8010_002E, .noReaders),  // SCARD_E_NO_READERS_AVAILABLE
        (0x8010_0009, .readerNotFound("R 00 00", available: [])),  // SCARD_E_UNKNOWN_READER
        (0x8010_000C, .noCard(reader: "R 00 00")),  // SCARD_E_NO_SMARTCARD
        (0x8010_0069, .cardRemoved(reader: "R 00 00")),  // SCARD_W_REMOVED_CARD
        (0x8010_0068, .cardReset(reader: "R 00 00")),  // SCARD_W_RESET_CARD
        (0x8010_0067, .cardReset(reader: "R 00 00")),  // SCARD_W_UNPOWERED_CARD: reconnect powers it
        (0x8010_000B, .sharingViolation(reader: "R 00 00")),  // SCARD_E_SHARING_VIOLATION
        (0x8010_0017, .readerUnavailable(reader: "R 00 00")),  // SCARD_E_READER_UNAVAILABLE
        (0x8010_0010, .readerUnavailable(reader: "R 00 00")),  // SCARD_E_NOT_READY
        (0x8010_000A, .timeout),  // SCARD_E_TIMEOUT
        (0x8010_0066, .failed(function: "SCardTransmit", code: 0x8010_0066)),  // SCARD_W_UNRESPONSIVE_CARD
        (0x8010_000F, .failed(function: "SCardTransmit", code: 0x8010_000F)),  // SCARD_E_PROTO_MISMATCH
        (0x8010_0008, .failed(function: "SCardTransmit", code: 0x8010_0008)),  // SCARD_E_INSUFFICIENT_BUFFER
        (0x8010_0002, .failed(function: "SCardTransmit", code: 0x8010_0002)),  // SCARD_E_CANCELLED
        (0x1234_5678, .failed(function: "SCardTransmit", code: 0x1234_5678)),  // not a pcsc-lite code
    ]

    @Test(arguments: mapping)
    func mapsToTransportError(code: Int64, expected: TransportError) {
        let error = PCSCReaderProvider.transportError(code: code, function: "SCardTransmit", reader: "R 00 00")
        #expect(error == expected)
    }

    static let names: [(Int64, String)] = [
        (0x0000_0000, "SCARD_S_SUCCESS"),
        (0x8010_0001, "SCARD_F_INTERNAL_ERROR"),
        (0x8010_0003, "SCARD_E_INVALID_HANDLE"),
        (0x8010_0008, "SCARD_E_INSUFFICIENT_BUFFER"),
        (0x8010_000F, "SCARD_E_PROTO_MISMATCH"),
        (0x8010_001D, "SCARD_E_NO_SERVICE"),
        (0x8010_001F, "SCARD_E_UNEXPECTED"),
        (0x8010_002E, "SCARD_E_NO_READERS_AVAILABLE"),
        (0x8010_0031, "SCARD_E_SERVER_TOO_BUSY"),
        (0x8010_0066, "SCARD_W_UNRESPONSIVE_CARD"),
        (0x8010_0069, "SCARD_W_REMOVED_CARD"),
        (0x8010_006F, "SCARD_W_CARD_NOT_AUTHENTICATED"),
        (0x8010_0022, "0x80100022"),  // commented out in pcsc-lite: no name
        (0x42, "0x00000042"),
    ]

    @Test(arguments: names)
    func describesByPCSCLiteName(code: Int64, name: String) {
        #expect(PCSCReaderProvider.describe(code) == name)
    }

    /// Every code pcsc-lite defines in 0x80100001...0x8010006F has a name, except the gaps
    /// pcsc-lite itself leaves (0x80100022, 0x80100032...0x80100064).
    @Test func everyDefinedCodeHasAName() {
        let defined =
            Array(0x8010_0001...0x8010_0031).filter { $0 != 0x8010_0022 } + Array(0x8010_0065...0x8010_006F)
        for code in defined {
            #expect(PCSCReaderProvider.describe(Int64(code)).hasPrefix("SCARD_"), "code \(code)")
        }
    }

    /// Only codes a person can act on get their own case; the rest keep function and code.
    @Test func unmappedCodesKeepFunctionAndCode() {
        let error = PCSCReaderProvider.transportError(code: 0x8010_0014, function: "SCardConnect", reader: nil)
        #expect(error == .failed(function: "SCardConnect", code: 0x8010_0014))
    }
}

/// ISO 7816-3 §12.2: how a short APDU becomes a T=0 command TPDU.
@Suite struct T0CommandTests {
    static let cases: [(apdu: [UInt8], tpdu: [UInt8], comment: String)] = [
        ([0x00, 0x70, 0x00, 0x00], [0x00, 0x70, 0x00, 0x00, 0x00], "case 1: P3 = 00 (§12.2.2)"),
        ([0x00, 0xB0, 0x00, 0x00, 0x10], [0x00, 0xB0, 0x00, 0x00, 0x10], "case 2S unchanged (§12.2.3)"),
        ([0x00, 0xD6, 0x00, 0x00, 0x02, 0xAA, 0xBB], [0x00, 0xD6, 0x00, 0x00, 0x02, 0xAA, 0xBB], "case 3S unchanged"),
        (
            [0x00, 0xA4, 0x04, 0x00, 0x02, 0x3F, 0x00, 0x00], [0x00, 0xA4, 0x04, 0x00, 0x02, 0x3F, 0x00],
            "case 4S: Le dropped, the card answers 61xx (§12.2.5)"
        ),
        (
            [0x00, 0xA4, 0x04, 0x00, 0x00, 0x00, 0x02, 0x3F, 0x00, 0x00, 0x00],
            [0x00, 0xA4, 0x04, 0x00, 0x00, 0x00, 0x02, 0x3F, 0x00, 0x00, 0x00], "extended form passes unchanged"
        ),
    ]

    @Test(arguments: cases)
    func mapsShortCommands(apdu: [UInt8], tpdu: [UInt8], comment: String) {
        #expect(PCSCCard.t0Command(apdu) == tpdu, Comment(rawValue: comment))
    }
}
