import Foundation
import Testing
@testable import CardshEngine

/// `connect transcript FILE`: a recorded transcript answers in place of a card.
@Suite struct TranscriptCardTests {
    /// Records a session on the virtual card and returns the transcript's path.
    func recordSession(_ lines: [String]) throws -> String {
        let path = temporaryDirectory().appendingPathComponent("s.cardsh").path
        let engine = makeEngine()
        #expect(engine.startRecording(to: path) == nil)
        for line in lines { #expect(engine.execute(line: line).ok) }
        engine.stopRecording()
        return path
    }

    @Test func answersTheRecordedSessionAgainAndShowsItInThePrompt() throws {
        let path = try recordSession(["select isd", "gp data cplc", "apdu 00CB3FFF 5C035FC105"])
        let live = makeEngine()
        let liveAnswers = ["select isd", "gp data cplc"].map { live.execute(line: $0).outcomes.flatMap(\.exchanges) }

        let engine = makeEngine(connected: false)
        let connected = engine.execute(line: "connect transcript \(path)")
        #expect(connected.ok)
        #expect(engine.prompt() == "cardsh transcript:s.cardsh> ")
        // The header records the card's ATR, so `connect` and `atr` show it offline.
        guard case .connected(_, _, let atr) = try #require(connected.outcomes.first).result else {
            Issue.record("not connected")
            return
        }
        #expect(atr == live.session.transport?.atr)
        #expect(atr.isEmpty == false)
        for (line, expected) in zip(["select isd", "gp data cplc"], liveAnswers) {
            let result = engine.execute(line: line)
            #expect(result.ok)
            #expect(result.outcomes.flatMap(\.exchanges).map(\.response) == expected.map(\.response))
        }
        #expect(engine.prompt().contains(":isd"))
        // The ISD does not implement GET DATA (INS CB): the recording holds 6D00 and so does the answer.
        #expect(engine.execute(line: "apdu 00CB3FFF 5C035FC105").ok)
        #expect(engine.execute(line: "expect sw 6D00").ok)
    }

    @Test func aDifferentCommandFailsNamingTheLineWithCarets() throws {
        let path = try recordSession(["select isd", "apdu 80CA9F7F00"])
        let engine = makeEngine(connected: false)
        #expect(engine.execute(line: "connect transcript \(path)").ok)
        #expect(engine.execute(line: "select isd").ok)
        let result = engine.execute(line: "apdu 80CA006600")
        #expect(!result.ok)
        let message = try #require(result.outcomes.last?.error?.message)
        let lines = message.components(separatedBy: "\n")
        #expect(lines.count == 5)
        // Three header lines, `select isd` with its two answer lines, then the GET DATA on line 7.
        #expect(lines[0].hasSuffix("\(path):7 (`apdu 80CA9F7F00`) recorded another command:"))
        #expect(lines[1] == "  recorded 80CA9F7F00")
        #expect(lines[2] == "  sent     80CA006600")
        #expect(lines[3] == "               ^^^^")
        #expect(lines[4].hasPrefix("  send the recorded command"))
        // The position stays: the recorded command still answers, then the transcript is exhausted.
        #expect(engine.execute(line: "apdu 80CA9F7F00").ok)
        let after = engine.execute(line: "apdu 80CA9F7F00")
        #expect(after.outcomes.last?.error?.message.contains("no more recorded exchanges") == true)
    }

    @Test func maskedBytesMatchAnyCommandByteAndGetResponseRoundsComeBackAssembled() throws {
        let path = temporaryDirectory().appendingPathComponent("masked.cardsh").path
        // A hand-written transcript: one masked command byte; a long answer the card gave in two
        // GET RESPONSE rounds is recorded assembled, with 9000.
        let long = String(repeating: "AB", count: 300)
        try """
            # cardsh transcript v1
            apdu 8050000008 1122334455667788
            # => 8050000008????????????????
            # <= 0102 9000
            apdu 80CA00FE00
            # => 80CA00FE00
            # <= \(long) 9000
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let engine = makeEngine(connected: false)
        #expect(engine.execute(line: "connect transcript \(path)").ok)
        let first = engine.execute(line: "apdu 8050000008 0000000000000000")
        #expect(first.ok)
        #expect(first.outcomes.last?.exchanges.first?.response.data == [0x01, 0x02])
        let second = engine.execute(line: "apdu 80CA00FE00")
        #expect(second.ok)
        let exchange = try #require(second.outcomes.last?.exchanges.first)
        #expect(exchange.response.data == Array(repeating: 0xAB, count: 300))
        #expect(exchange.response.sw.rawValue == 0x9000)
    }

    @Test(arguments: [
        ("connect transcript /nonexistent/t.cardsh", "cannot read /nonexistent/t.cardsh"),
        ("connect transcript EMPTY", "records no exchanges"),
    ])
    func unusableTranscriptsAreRefused(line: String, fragment: String) throws {
        let empty = temporaryDirectory().appendingPathComponent("empty.cardsh").path
        try "# nothing recorded\nselect isd\n".write(toFile: empty, atomically: true, encoding: .utf8)
        let engine = makeEngine(connected: false)
        let result = engine.execute(line: line.replacingOccurrences(of: "EMPTY", with: empty))
        #expect(!result.ok)
        #expect(result.outcomes.last?.error?.message.contains(fragment) == true)
        #expect(engine.prompt() == "cardsh> ")
    }
}
