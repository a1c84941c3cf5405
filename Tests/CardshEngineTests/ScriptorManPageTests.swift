import Foundation
import Testing
@testable import CardshEngine

/// The example script of pcsc-tools' scriptor(1) man page runs unchanged with `run FILE`.
@Suite struct ScriptorManPageTests {
    static let manPage = "/usr/share/man/man1/scriptor.1p.gz"

    /// The lines after "Example:" up to the next roff request, as the man page source has them.
    static func exampleScript() throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", manPage]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let source = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
        guard let start = source.firstIndex(where: { $0.hasPrefix("Example:") }) else { return [] }
        return Array(source[(start + 1)...].prefix { !$0.hasPrefix(".") })
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: manPage), "pcsc-tools is not installed"))
    func theManPageExampleRuns() throws {
        let lines = try Self.exampleScript()
        // pcsc-tools scriptor(1), section "Example:": a reset, then three SELECT / GET RESPONSE pairs of a SIM.
        let apduLines = lines.filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("A0") }
        #expect(apduLines.count == 6)
        #expect(lines.contains { $0.trimmingCharacters(in: .whitespaces) == "reset" })

        let path = temporaryDirectory().appendingPathComponent("scriptor-example.txt").path
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let engine = makeEngine()
        var seen: [(CommandOutcome, String?)] = []
        engine.emitter = { outcome, location in seen.append((outcome, location)) }
        let result = engine.execute(line: "run \(path)")
        #expect(result.ok, "\(result.outcomes.compactMap(\.error?.message))")
        #expect(seen.map(\.0.command) == ["reset"] + Array(repeating: "apdu", count: 6))
        #expect(seen.allSatisfy { $0.0.ok })
        // Each APDU line went to the card as written: CLA A0 (GSM 11.11 §9.2), INS A4 or C0.
        let sent = seen.dropFirst().compactMap { $0.0.exchanges.first?.command }
        let expected = apduLines.map { line in
            line.split(separator: " ").map { UInt8($0, radix: 16)! }
        }
        #expect(sent == expected)
        // The virtual card is no SIM: it refuses class A0, and the script runs on regardless.
        #expect(seen.dropFirst().allSatisfy { $0.0.exchanges.first?.response.sw.rawValue != 0x9000 })
        // Locations name the script's lines: the last APDU is the last non-blank line.
        let lastLine = try #require(lines.lastIndex { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) + 1
        #expect(seen.last?.1 == "\(path):\(lastLine)")
    }
}
