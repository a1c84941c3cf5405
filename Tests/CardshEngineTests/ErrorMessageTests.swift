import Testing
@testable import CardshEngine

/// What the shell says when something is wrong: input, then the exact message. Reviewers read this table.
@Suite struct ErrorMessageTests {
    static let table: [(setup: [String], line: String, message: String)] = [
        ([], "select nosuch",
         "unknown application name \"nosuch\"; known: isd, ppse, pse, piv, openpgp, fido, ndef, oath, yubikey-sd, usim, isim, emv-demo. Or give the AID in hex."),
        ([], "channel 3", "logical channel 3 is not open; open: 0. Use `channel open`."),
        ([], "channel close", "the basic channel 0 cannot be closed."),
        ([], "scp close", "no secure channel is open on channel 0."),
        ([], "expect sw 9000", "no response yet to check."),
        (["select isd"], "expect sw 6A82", "expected SW 6A82, got 9000 (normal processing, no further qualification)."),
        (["select isd"], "expect data 6F??", "expected data 6F??, got 6F718408A000000151000000A565735606072A864886FC6B01600C060A2A864886FC6B02020301630906072A864886FC6B03640B06092A864886FC6B040370640B06092A864886FC6B041100650A06082A864886FC6B0501660C060A2B060104012A026E01039F6E064790D32147009F6501FF (115 bytes, expected 2)."),
        ([], "apdu 00A4040007A0000000041010 --expect-sw 9000", "expected SW 9000, got 6A82 (checking error, file or application not found)."),
        ([], "connect 0", "PC/SC is not available; use `connect sim`."),
        ([], "tlv 6F03840501", "BER-TLV: object at byte 2 declares 5 value bytes, only 1 follow"),
        ([], "explain 00A4040006A000000003", "Lc says 6 data bytes, but the APDU's 10 bytes fit no ISO 7816-4 case with that Lc (expected 11 or 12 bytes in short form)"),
        ([], "atr 3C00", "TS must be 3B (direct) or 3F (inverse convention), found 3C"),
        ([], "run /nonexistent/script.cardsh", "cannot read /nonexistent/script.cardsh: No such file or directory."),
        ([], "help nosuch", "unknown command \"nosuch\"; type help for the list"),
        ([], "!99", "no such history entry; `history` lists them with their numbers."),
    ]

    @Test(arguments: 0..<table.count)
    func message(_ index: Int) {
        let row = Self.table[index]
        let engine = makeEngine()
        for line in row.setup { #expect(engine.execute(line: line).ok, "setup line \(line)") }
        let result = engine.execute(line: row.line)
        #expect(!result.ok)
        #expect(result.outcomes.last?.error?.message == row.message)
    }

    @Test func parseErrorPointsAtTheColumnAndRunsNothing() {
        let engine = makeEngine()
        let result = engine.execute(line: "select isd; apdu 00A4 04G0")
        #expect(result.outcomes.count == 1)
        let error = result.outcomes[0].error
        #expect(result.outcomes[0].command == "parse")
        #expect(error?.column == 25)
        #expect(error?.caretDisplay == "select isd; apdu 00A4 04G0\n                        ^\ncol 25: expected a hex byte, found \"G0\"")
        // Nothing ran: no selection in the prompt.
        #expect(engine.prompt() == "cardsh sim> ")
    }

    @Test func transportCodesAreNamed() {
        let text = ErrorText.transport(.failed(function: "SCardTransmit", code: 0x8010_000F)) { _ in "SCARD_E_PROTO_MISMATCH" }
        #expect(text == "SCardTransmit failed with SCARD_E_PROTO_MISMATCH (0x8010000F). Try `reset`, or `connect` again.")
        #expect(ErrorText.transport(.serviceUnavailable).hasPrefix("pcscd is not running (no PC/SC service)."))
        let lost = ErrorText.transport(.failed(function: "SCardTransmit", code: 0x8010_0016)) { _ in
            "SCARD_E_NOT_TRANSACTED"
        }
        #expect(lost == "SCardTransmit failed with SCARD_E_NOT_TRANSACTED (0x80100016): the reader lost the exchange "
            + "with the card. Try again, `reset`, or `connect` again.")
        let reset = ErrorText.transport(.failed(function: "SCardTransmit", code: 0x8010_006A)) { _ in
            "SCARD_W_SECURITY_VIOLATION"
        }
        #expect(reset.hasSuffix(": pcscd closed the connection (stopped, restarted, or refusing this client). "
            + "Check that pcscd runs, then `connect` again."))
    }

    @Test func notConnected() {
        let engine = makeEngine(connected: false)
        let result = engine.execute(line: "select isd")
        #expect(result.outcomes[0].error?.message == "not connected to a card. Use `connect sim` or `readers` then `connect N`.")
        #expect(engine.execute(line: "connect sim; select isd").ok)
    }
}
