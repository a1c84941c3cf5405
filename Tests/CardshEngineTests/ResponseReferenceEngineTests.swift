import Testing
@testable import CardshEngine

/// `$sw`, `$data[A..B]`, `$tlv(...)` filled in from the last response on the virtual card.
@Suite struct ResponseReferenceEngineTests {
    @Test func selectByTheDFNameTheCardReported() throws {
        let engine = makeEngine()
        // A partial AID: the ISD answers with its full name in FCI tag 84 (GP Card Spec v2.3.1 §11.9.3).
        let first = engine.execute(line: "select A000000151")
        #expect(first.ok)
        let fci = try #require(first.outcomes.last?.exchanges.last?.response.data)
        let again = engine.execute(line: "select $tlv(6F/84)")
        #expect(again.ok)
        let sent = try #require(again.outcomes.last?.exchanges.first?.command)
        #expect(sent == [0x00, 0xA4, 0x04, 0x00, 0x08, 0xA0, 0x00, 0x00, 0x01, 0x51, 0x00, 0x00, 0x00, 0x00])
        #expect(again.outcomes.last?.exchanges.last?.response.data == fci)
        // History keeps the line as typed, so a saved script re-derives the value.
        #expect(engine.history.last == "select $tlv(6F/84)")
    }

    @Test func swDataAndSlicesBecomeHex() throws {
        let engine = makeEngine()
        #expect(engine.execute(line: "select isd; gp data cplc").ok)
        let cplc = try #require(engine.session.lastResponse?.data)
        #expect(engine.execute(line: "expect sw $sw").ok)
        #expect(engine.execute(line: "expect data $data").ok)
        // One response, two references on a line: both see the answer before the line.
        let sliced = engine.execute(line: "apdu 80CA9F7F $data[3..4] --raw; apdu 80CA$sw1$sw2 $data[0]")
        let commands = sliced.outcomes.flatMap(\.exchanges).map(\.command)
        #expect(commands.first == [0x80, 0xCA, 0x9F, 0x7F, 0x02] + cplc[3...4])
        #expect(commands.last == [0x80, 0xCA, 0x90, 0x00, 0x01, cplc[0]])
        // The CPLC value (tag 9F7F, 42 bytes: GP Card Spec v2.3.1 §H.4) found in the data.
        #expect(engine.execute(line: "gp data cplc").ok)
        #expect(engine.execute(line: "expect data 9F7F 2A $tlv(9F7F)").ok)
    }

    @Test(arguments: [
        ("gp data cplc", "select $tlv(6F/84)", 8, "$tlv(6F/84): no such tag in the last response"),
        ("gp data cplc", "apdu 80CA9F7F $data[40..60]", 15, "$data[40..60]: the last response has 45 data bytes (offsets 0..44)"),
        ("apdu 80CA9F7F00", "select $tlv(9F7E)", 8, "$tlv(9F7E): no such tag in the last response"),
        ("apdu 80CA9F7F00", "apdu $foo", 6, "$foo: unknown reference; use " + "$sw, $sw1, $sw2, $data, $data[A..B], $data[A], $tlv(TAG) or $tlv(TAG/TAG)"),
    ])
    func badReferencesStopTheLineAtTheirColumn(before: String, line: String, column: Int, message: String) throws {
        let engine = makeEngine()
        #expect(engine.execute(line: "select isd").ok)
        _ = engine.execute(line: before)
        let result = engine.execute(line: line)
        #expect(!result.ok)
        let error = try #require(result.outcomes.last?.error)
        #expect(error.message == message)
        #expect(error.column == column)
        let caret = try #require(error.caretDisplay?.split(separator: "\n").dropFirst().first)
        #expect(caret.firstIndex(of: "^").map { caret.distance(from: caret.startIndex, to: $0) + 1 } == column)
        #expect(result.outcomes.flatMap(\.exchanges).isEmpty)
    }

    @Test func noResponseYet() throws {
        let engine = makeEngine()
        let result = engine.execute(line: "expect sw $sw")
        #expect(result.outcomes.last?.error?.message == "$sw: no response yet")
        // After `;` the reference still sees the response before the line, and the message says so.
        let chained = engine.execute(line: "select isd; select $tlv(6F/84)")
        #expect(chained.outcomes.last?.error?.message
            == "$tlv(6F/84): no response yet (references see the response before the line; put this statement on a line of its own)")
        #expect(chained.outcomes.flatMap(\.exchanges).isEmpty)
        let quoted = engine.execute(line: "echo \";\" $sw")
        #expect(quoted.outcomes.last?.error?.message == "$sw: no response yet")
    }

    @Test func aScriptTestsACard() throws {
        let engine = makeEngine()
        var seen: [CommandOutcome] = []
        let ok = engine.runScript(
            lines: ["select A000000151", "select $tlv(6F/84)", "expect sw 9000", "gp data cplc", "expect data 9F7F2A$tlv(9F7F)"],
            source: "test.cardsh", keepGoing: false
        ) { outcome, _ in seen.append(outcome) }
        #expect(ok)
        #expect(seen.count == 5)
    }

    @Test func helpVariablesDocumentsEveryForm() throws {
        let engine = makeEngine()
        guard case .help(let help) = try #require(engine.execute(line: "help variables").outcomes.first).result else {
            Issue.record("no help")
            return
        }
        for form in ["$sw", "$sw1", "$data", "$data[2..5]", "$data[3]", "$tlv(9F7F)", "$tlv(6F/"] {
            #expect(help.lines.contains { $0.contains(form) })
        }
    }
}
