import Foundation
import Testing
@testable import CardshEngine

@Suite struct TranscriptTests {
    @Test func recordThenReplayCheckPassesAndATamperedByteFails() throws {
        let dir = temporaryDirectory()
        let path = dir.appendingPathComponent("session.cardsh").path
        let engine = makeEngine()
        #expect(engine.startRecording(to: path) == nil)
        for line in ["select isd", "gp data cplc", "select piv", "apdu 00CB3FFF 5C035FC105"] {
            #expect(engine.execute(line: line).ok)
        }
        engine.stopRecording()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("select isd\n# => 00A4040008A00000015100000000\n# <= 6F71"))

        let replaying = makeEngine()
        let result = replaying.execute(line: "replay \(path) --check")
        #expect(result.ok)
        guard case .lines(let report) = try #require(result.outcomes.last).result else {
            Issue.record("no report")
            return
        }
        #expect(report.last == "4 of 4 steps answer as recorded.")

        // One byte of the CPLC answer changed: that step differs, with a diff, and the replay fails.
        var lines = text.components(separatedBy: "\n")
        let index = try #require(lines.firstIndex { $0.hasPrefix("# <= 9F7F") })
        var answer = Array(lines[index])
        answer[12] = answer[12] == "0" ? "1" : "0"
        lines[index] = String(answer)
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let failing = makeEngine().execute(line: "replay \(path) --check")
        #expect(!failing.ok)
        let last = try #require(failing.outcomes.last)
        #expect(last.error?.message == "1 of 4 steps differ from \(path).")
        guard case .lines(let failingReport) = last.result else {
            Issue.record("no report")
            return
        }
        #expect(failingReport.contains { $0.hasPrefix("step 2 ") && $0.hasSuffix(": differs") })
        #expect(failingReport.contains { $0.contains("first difference at data byte 3: recorded 40, now 47") })
    }

    @Test func transcriptsNeverHoldLiteralKeys() throws {
        let dir = temporaryDirectory()
        let path = dir.appendingPathComponent("keys.cardsh").path
        let engine = makeEngine()
        #expect(engine.startRecording(to: path) == nil)
        _ = engine.execute(line: "select isd; scp03 open --key 404142434445464748494A4B4C4D4E4F")
        engine.stopRecording()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("404142434445464748494A4B4C4D4E4F"))
        #expect(text.contains("<redacted>"))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func scriptorScriptRunsUnchanged() throws {
        let dir = temporaryDirectory()
        let path = dir.appendingPathComponent("script.scriptor").path
        // pcsc-tools scriptor syntax: hex APDUs, `#` comments, `reset`, a trailing backslash continues.
        try "# select the ISD\nreset\n00 A4 04 00 08 \\\nA0 00 00 01 51 00 00 00\n80CA9F7F00\nexit\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let engine = makeEngine()
        var seen: [CommandOutcome] = []
        engine.emitter = { outcome, _ in seen.append(outcome) }
        let result = engine.execute(line: "run \(path)")
        #expect(result.ok)
        #expect(seen.map(\.command) == ["reset", "apdu", "apdu", "quit"])
        #expect(seen[2].exchanges.first?.response.data.count == 45)
    }
}
