import Foundation
import Testing
@testable import CardshEngine

/// `Golden/*.cardsh` scripts run on the virtual card, compared with `*.expected` (reviewed output).
/// Regenerate with `CARDSH_UPDATE_GOLDEN=1 swift test --filter GoldenTests`, then review the diff.
@Suite struct GoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static var scripts: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".cardsh") }.sorted()
    }

    @Test(arguments: scripts)
    func script(_ name: String) throws {
        let script = Self.folder.appendingPathComponent(name)
        let expectedURL = script.deletingPathExtension().appendingPathExtension("expected")
        let lines = try String(contentsOf: script, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init).filter { !$0.isEmpty }
        let actual = transcriptText(makeEngine(), lines)
        if ProcessInfo.processInfo.environment["CARDSH_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        #expect(actual == expected, "output of \(name) changed; review and regenerate with CARDSH_UPDATE_GOLDEN=1")
    }
}
