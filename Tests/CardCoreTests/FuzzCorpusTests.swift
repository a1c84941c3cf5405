import Foundation
import Testing

@testable import CardCore

/// Replays the committed fuzzing corpus (Fuzz/corpus/) through the parsers, with the same checks as
/// the libFuzzer entry points, so a regression shows up without a fuzzer.
@Suite struct FuzzCorpusTests {
    static let corpusRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/corpus")

    static func inputs(_ target: String) throws -> [(name: String, bytes: [UInt8])] {
        let folder = corpusRoot.appendingPathComponent(target)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        return try names.map { name in
            (name, [UInt8](try Data(contentsOf: folder.appendingPathComponent(name))))
        }
    }

    @Test(arguments: ["tlv", "apdu", "atr", "hex"])
    func corpusFolderHasSeeds(target: String) throws {
        #expect(try Self.inputs(target).count >= 5)
    }

    @Test func tlvCorpus() throws {
        var decoded = 0
        for (name, bytes) in try Self.inputs("tlv") {
            guard let items = try? TLV.decodeAll(bytes) else { continue }
            decoded += 1
            #expect(try TLV.decodeAll(items.flatMap { $0.encoded() }) == items, "\(name)")
            #expect(TagDictionary.describe(items).count >= items.count, "\(name)")
        }
        #expect(decoded >= 5)
    }

    @Test func apduCorpus() throws {
        var decoded = 0
        for (name, bytes) in try Self.inputs("apdu") {
            if let response = try? ResponseAPDU(parsing: bytes) {
                #expect(response.encoded() == bytes, "\(name)")
            }
            guard let apdu = try? CommandAPDU(parsing: bytes) else { continue }
            decoded += 1
            #expect(try APDUExplanation.explain(bytes).isoCase == apdu.isoCase, "\(name)")
            #expect(try CommandAPDU(parsing: apdu.encoded()) == apdu, "\(name)")
            #expect(try CommandAPDU(parsing: apdu.encoded(forceExtended: true)) == apdu, "\(name)")
        }
        #expect(decoded >= 5)
    }

    @Test func atrCorpus() throws {
        var decoded = 0
        for (name, bytes) in try Self.inputs("atr") {
            guard let atr = try? ATR(parsing: bytes) else { continue }
            decoded += 1
            #expect(atr.encoded() == bytes, "\(name)")
            #expect(!atr.summary.protocols.isEmpty, "\(name)")
            if atr.isTCKValid == false {
                #expect(throws: ATRError.self, "\(name)") { try ATR(parsing: bytes, strict: true) }
            }
        }
        #expect(decoded >= 10)
    }

    @Test func hexCorpus() throws {
        var decoded = 0
        for (name, bytes) in try Self.inputs("hex") {
            let text = String(decoding: bytes, as: UTF8.self)
            switch Result(catching: { () throws(HexError) in try Hex.parse(text) }) {
            case .success(let parsed):
                decoded += 1
                #expect((try? Hex.parse(Hex.encode(parsed, separator: " "))) == parsed, "\(name)")
            case .failure(.invalidCharacter(_, let column)), .failure(.oddDigitCount(_, let column)),
                .failure(.splitByte(let column)):
                #expect(column >= 1 && column <= text.unicodeScalars.count, "\(name)")
            }
        }
        #expect(decoded >= 3)
    }
}
