import CardCore
import Foundation
import Testing

@testable import SecureChannel

/// Replays the libFuzzer corpora of the SCP03 and SCP11 targets (Fuzz/corpus/scp03, Fuzz/corpus/scp11) through the
/// same checks as the fuzzers (`SCP03FuzzHarness`, `SCP11FuzzHarness`), so CI catches a regression without a fuzzer.
@Suite("Secure channel fuzz corpora")
struct SecureChannelFuzzCorpusTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/corpus")

    static func inputs(_ target: String) throws -> [(name: String, bytes: [UInt8])] {
        let folder = root.appendingPathComponent(target)
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map { name in
            (name, [UInt8](try Data(contentsOf: folder.appendingPathComponent(name))))
        }
    }

    @Test("every committed SCP03 input passes the fuzzer's checks")
    func scp03Corpus() throws {
        let inputs = try Self.inputs("scp03")
        #expect(inputs.count >= 10)
        for (name, bytes) in inputs {
            do {
                try SCP03FuzzHarness.check(bytes)
            } catch {
                Issue.record("\(name): \(error)")
            }
        }
    }

    @Test("every committed SCP11 input passes the fuzzer's checks")
    func scp11Corpus() throws {
        let inputs = try Self.inputs("scp11")
        #expect(inputs.count >= 10)
        for (name, bytes) in inputs {
            do {
                try SCP11FuzzHarness.check(bytes)
            } catch {
                Issue.record("\(name): \(error)")
            }
        }
    }
}
