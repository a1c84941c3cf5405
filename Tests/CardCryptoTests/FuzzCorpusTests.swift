import CardCore
import Foundation
import Testing

@testable import CardCrypto

/// Replays the libFuzzer corpus of the certificate target (Fuzz/corpus/cert) through the same checks as the
/// fuzzer (`CertificateFuzzHarness`), so CI catches a regression without a fuzzer.
@Suite("Certificate fuzz corpus")
struct CertificateFuzzCorpusTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/corpus/cert")

    static func inputs() throws -> [(name: String, bytes: [UInt8])] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map { name in
            (name, [UInt8](try Data(contentsOf: folder.appendingPathComponent(name))))
        }
    }

    @Test("every committed input passes the fuzzer's checks")
    func corpusFiles() throws {
        let inputs = try Self.inputs()
        #expect(inputs.count >= 10)
        for (name, bytes) in inputs {
            do {
                try CertificateFuzzHarness.check(bytes)
            } catch {
                Issue.record("\(name): \(error)")
            }
        }
    }

    /// The seeds are real objects, so the checks go deep: each kind of seed parses.
    @Test func seedsParse() throws {
        let inputs = try Self.inputs()
        let x509 = inputs.filter { (try? X509Certificate(der: $0.bytes)) != nil }
        let gp = inputs.filter { (try? GPCertificate(encoded: $0.bytes)) != nil }
        let stores = inputs.filter { (try? SCP11Certificate.parseBundle($0.bytes))?.isEmpty == false }
        let pem = inputs.filter {
            (try? X509Certificate.all(pem: String(decoding: $0.bytes, as: UTF8.self)))?.isEmpty == false
        }
        let keys = inputs.filter { (try? ECPrivateKey.from(pemOrDER: $0.bytes)) != nil }
        #expect(x509.count >= 3)
        #expect(gp.count >= 1)
        #expect(stores.count >= 3)
        #expect(pem.count >= 3)
        #expect(keys.count >= 3)
    }
}
