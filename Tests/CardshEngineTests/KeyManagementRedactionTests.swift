import CardCore
import Foundation
import Testing

@testable import CardshEngine

/// New keys typed for `gp put-key` never reach the history, a saved script or a transcript in clear.
@Suite struct KeyManagementRedactionTests {
    static let enc = "101112131415161718191A1B1C1D1E1F"
    static let mac = "202122232425262728292A2B2C2D2E2F"
    static let dek = "303132333435363738393A3B3C3D3E3F"
    static let lines = [
        "gp put-key --new-kvn 0x40 --key \(enc)",
        "gp put-key --new-kvn 0x41 --replace-kvn 0x40 --enc \(enc) --mac \(mac) --dek \(dek)",
        "gp put-key --new-kvn=0x42 --key=\(dek)",
    ]

    @Test("history keeps the line with each literal key replaced", arguments: lines)
    func historyIsRedacted(_ line: String) {
        let engine = makeEngine()
        let text = engine.historyText(for: line) ?? ""
        for key in [Self.enc, Self.mac, Self.dek] { #expect(!text.contains(key), "\(text)") }
        #expect(text.hasPrefix("gp put-key --new-kvn"))
        #expect(text.contains("<redacted>"))
    }

    @Test func historyAndSavedScriptAfterRunning() throws {
        let engine = makeEngine()
        #expect(engine.execute(line: "select isd; scp03 open").ok)
        for line in Self.lines { #expect(engine.execute(line: line).ok) }
        #expect(engine.history.count == 4)
        #expect(
            engine.history[2]
                == "gp put-key --new-kvn 0x41 --replace-kvn 0x40 --enc <redacted> --mac <redacted> --dek <redacted>")
        let path = temporaryDirectory().appendingPathComponent("saved.cardsh").path
        #expect(engine.execute(line: "save \(path)").ok)
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        for key in [Self.enc, Self.mac, Self.dek] { #expect(!saved.contains(key)) }
    }

    /// The outcome's line is what JSON output prints.
    @Test func outcomeLineIsRedacted() throws {
        let engine = makeEngine()
        let result = engine.execute(
            line: "select isd; scp03 open --key 404142434445464748494A4B4C4D4E4F; " + Self.lines[0])
        #expect(result.ok)
        #expect(
            result.outcomes.map(\.line)
                == ["select isd", "scp03 open --key <redacted>", "gp put-key --new-kvn 0x40 --key <redacted>"])
    }

    @Test func aMistypedKeyOptionIsStillRedacted() {
        let engine = makeEngine()
        let text = engine.historyText(for: "gp put-key --new-kvn 0x40 --kye \(Self.enc)") ?? ""
        #expect(!text.contains(Self.enc))
    }

    /// The transcript keeps the command line redacted and the PUT KEY bytes with the encrypted keys masked; the
    /// key check values and the card's answer stay, so a replay still checks them.
    @Test func transcriptHoldsNoKeyMaterial() throws {
        let path = temporaryDirectory().appendingPathComponent("rotation.cardsh").path
        let engine = makeEngine()
        #expect(engine.startRecording(to: path) == nil)
        #expect(engine.execute(line: "select isd; scp03 open").ok)
        let put = engine.execute(line: Self.lines[1].replacingOccurrences(of: "--replace-kvn 0x40 ", with: ""))
        #expect(put.ok)
        engine.stopRecording()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for key in [Self.enc, Self.mac, Self.dek] { #expect(!text.contains(key)) }
        let sent = try #require(put.outcomes.first?.exchanges.first?.command)
        // 88 11 10 then 16 encrypted bytes, per key: none of the cryptograms may appear.
        for start in [9, 32, 55] {
            #expect(sent[start - 3] == 0x88)
            #expect(!text.contains(Hex.encode(Array(sent[start..<(start + 16)]))))
        }
        let lines = text.components(separatedBy: "\n")
        let index = try #require(lines.firstIndex { $0.hasPrefix("gp put-key") })
        #expect(lines[index] == "gp put-key --new-kvn 0x41 --enc <redacted> --mac <redacted> --dek <redacted>")
        let masked = String(repeating: "??", count: 16)
        #expect(lines[index + 1].hasPrefix("# => 80D800814641881110" + masked + "03"))
        #expect(lines[index + 2].hasPrefix("# <= 41"))
        #expect(lines[index + 2].hasSuffix(" 9000"))
    }

    /// With the keys in a file, a recorded rotation replays and checks: the card's KCVs are the same each time.
    @Test func aRecordedRotationReplaysAndChecks() throws {
        let dir = temporaryDirectory()
        let keys = dir.appendingPathComponent("new.hex").path
        try "\(Self.enc) \(Self.mac) \(Self.dek)\n".write(toFile: keys, atomically: true, encoding: .utf8)
        let path = dir.appendingPathComponent("rotation.cardsh").path
        let engine = makeEngine()
        #expect(engine.startRecording(to: path) == nil)
        for line in [
            "select isd", "scp03 open", "gp put-key --new-kvn 0x40 --key-file \(keys)", "gp delete-key --kvn 0x31",
        ] {
            #expect(engine.execute(line: line).ok, "\(line)")
        }
        engine.stopRecording()
        let result = makeEngine().execute(line: "replay \(path) --check")
        #expect(result.ok, "\(result.outcomes.last?.error?.message ?? "")")
        guard case .lines(let report)? = result.outcomes.last?.result else {
            Issue.record("no report")
            return
        }
        #expect(report.last == "4 of 4 steps answer as recorded.")
    }

    @Test func maskingLeavesEverythingButTheCryptograms() throws {
        // KVN 40, one AES key: 88 11 10 || 16 bytes || 03 || KCV; Le 00.
        let command = try Hex.parse(
            "80D8008116" + "40" + "881110" + String(repeating: "AB", count: 16) + "03C35280" + "00")
        let masked = Engine.maskedPutKey(command.map { $0 })
        #expect(masked.prefix(9).map { $0 } == command.prefix(9).map { $0 })
        #expect(masked[9..<25].allSatisfy { $0 == nil })
        #expect(Array(masked[25...]) == command[25...].map { $0 })
        // Too short or without data: unchanged.
        #expect(Engine.maskedPutKey([0x80, 0xD8, 0x00, 0x81]) == [0x80, 0xD8, 0x00, 0x81])
        // A length running past the end masks to the end and stops.
        let truncated = try Hex.parse("80D800810A40881110ABABABABABAB").map { $0 }
        #expect(Engine.maskedPutKey(truncated).suffix(6).allSatisfy { $0 == nil })
    }
}
