import Foundation
import Testing

@testable import CardshLanguage

/// Replays the libFuzzer corpus of the language target (Fuzz/corpus/language, plus the minimised inputs of
/// `FuzzCorpus`) through the same checks as the fuzzer (`LanguageFuzzHarness`), so CI catches a regression
/// without a fuzzer.
@Suite("Language fuzz corpus files")
struct LanguageFuzzCorpusFileTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/corpus/language")

    static func inputs() throws -> [(name: String, bytes: [UInt8])] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map { name in
            (name, [UInt8](try Data(contentsOf: folder.appendingPathComponent(name))))
        }
    }

    @Test("every committed input passes the fuzzer's checks")
    func corpusFiles() throws {
        let inputs = try Self.inputs()
        #expect(inputs.count >= 20)
        for (name, bytes) in inputs {
            do {
                try LanguageFuzzHarness.check(bytes)
            } catch {
                Issue.record("\(name): \(error)")
            }
        }
    }

    @Test("the minimised corpus of FuzzCorpus passes the fuzzer's checks too")
    func minimisedCorpus() {
        for bytes in FuzzCorpus.entries {
            do {
                try LanguageFuzzHarness.check(bytes)
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    @Test("the seeds are real command lines that parse cleanly")
    func seedsParse() throws {
        let clean = try Self.inputs().filter {
            parseLine(String(decoding: $0.bytes, as: UTF8.self)).diagnostics.isEmpty
        }
        #expect(clean.count >= 20)
    }
}
