import Foundation
import Testing

@testable import CardCore

@Suite struct APDUExplanationTests {
    /// One vector of Fixtures/apdu-explanations.json; each names its source (a spec clause or a
    /// public card trace).
    struct Vector: Decodable, CustomTestStringConvertible {
        struct ExpectedField: Decodable {
            var label: String
            var bytes: String
            var meaning: String
            var detail: [String]
        }

        var source: String
        var apdu: String
        var `case`: String
        var summary: String
        var fields: [ExpectedField]

        var testDescription: String { "\(apdu) (\(source))" }
    }

    static let vectors: [Vector] = {
        let url = Bundle.module.url(forResource: "apdu-explanations", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode([Vector].self, from: Data(contentsOf: url))
    }()

    @Test(arguments: vectors)
    func explainsEveryField(vector: Vector) throws {
        let explanation = try APDUExplanation.explain(Hex.parse(vector.apdu))
        #expect(explanation.caseDescription == vector.case)
        #expect(explanation.summary == vector.summary)
        #expect(explanation.fields.map(\.label) == vector.fields.map(\.label))
        for (actual, expected) in zip(explanation.fields, vector.fields) {
            #expect(Hex.encode(actual.bytes) == expected.bytes, "\(expected.label)")
            #expect(actual.meaning == expected.meaning, "\(expected.label)")
            #expect(actual.detail == expected.detail, "\(expected.label)")
        }
        // The fields put back together are the command.
        #expect(explanation.fields.flatMap(\.bytes) == (try Hex.parse(vector.apdu)))
    }

    @Test func fixtureCoversTheRequiredShapes() {
        let cases = Set(Self.vectors.map(\.case))
        for shape in [
            "case 1", "case 2, short", "case 2, extended", "case 3, short", "case 3, extended", "case 4, short",
        ] {
            #expect(cases.contains(shape), "\(shape)")
        }
    }

    @Test(arguments: [
        (
            "00A4040007A000000004101000", 4, false,
            "SELECT by DF name A0000000041010, return FCI, expect up to 256 bytes"
        ),
        ("00708001", 1, false, "MANAGE CHANNEL close channel 1"),
        ("00B00000000000", 2, true, "READ BINARY current EF, offset 0, expect up to 65536 bytes"),
        ("00B0000000FFFF", 2, true, "READ BINARY current EF, offset 0, expect up to 65535 bytes"),
        ("00D60000000003010203", 3, true, "UPDATE BINARY current EF, offset 0"),
        ("00D600000000030102030100", 4, true, "UPDATE BINARY current EF, offset 0, expect up to 256 bytes"),
        ("41B0000000", 2, false, "READ BINARY current EF, offset 0, expect up to 256 bytes"),
        (
            "80F24000024F00", 3, false,
            "GET STATUS of applications and security domains, first or all occurrences, legacy format, search criteria: any AID"
        ),
        ("0070000001", 2, false, "MANAGE CHANNEL open, the card assigns the channel, expect up to 1 byte"),
        ("00B2010C00", 2, false, "READ RECORD(S) record 1 of SFI 1, expect up to 256 bytes"),
        ("00CA9F7F00", 2, false, "GET DATA 9F7F (Card production life cycle data (CPLC)), expect up to 256 bytes"),
        ("80CA006600", 2, false, "GET DATA 66 (Card data), expect up to 256 bytes"),
        (
            "80F21002024F0000", 4, false,
            "GET STATUS of executable load files and modules, first or all occurrences, TLV format, search criteria: any AID, expect up to 256 bytes"
        ),
        ("00FF0000", 1, false, "INS FF (unknown instruction)"),
    ])
    func summaries(hex: String, isoCase: Int, extended: Bool, summary: String) throws {
        let explanation = try APDUExplanation.explain(Hex.parse(hex))
        #expect(explanation.isoCase == isoCase)
        #expect(explanation.extended == extended)
        #expect(explanation.summary == summary)
    }

    @Test(arguments: [
        ("00A404", APDUError.tooShort(length: 3)),
        ("00A4040007A0000000041010FF00", .lengthMismatch(total: 14, lc: 7)),
        ("00A4040007A00000", .lengthMismatch(total: 8, lc: 7)),
        ("00D6000000000001", .zeroExtendedLc),
        ("00B000000000", .truncatedExtendedLength(total: 6)),
        ("00D6000000000301", .lengthMismatch(total: 8, lc: 3)),
    ])
    func rejectsMalformedCommands(hex: String, error: APDUError) throws {
        let bytes = try Hex.parse(hex)
        #expect(throws: error) { try APDUExplanation.explain(bytes) }
    }

    @Test func leFieldsShowTheirEncoding() throws {
        let short = try APDUExplanation.explain(Hex.parse("00C0000000"))
        #expect(short.fields.last?.meaning == "Ne = 256: 00 means up to 256 bytes")
        let extended = try APDUExplanation.explain(Hex.parse("00C00000000000"))
        #expect(extended.fields.last?.bytes == [0x00, 0x00, 0x00])
        #expect(extended.fields.last?.meaning == "Ne = 65536: 0000 means up to 65536 bytes")
        let case4E = try APDUExplanation.explain(Hex.parse("00D600000000030102030100"))
        #expect(case4E.fields.last?.bytes == [0x01, 0x00])
        #expect(case4E.fields.last?.meaning == "Ne = 256: up to 256 response bytes")
    }

    @Test func invalidInstructionsAreFlagged() throws {
        let explanation = try APDUExplanation.explain(Hex.parse("00600000"))
        #expect(explanation.fields[1].meaning == "unknown instruction")
        #expect(
            explanation.fields[1].detail == [
                "INS 6X and 9X are invalid: they are T=0 procedure bytes (ISO/IEC 7816-3 §10.3.3)"
            ])
    }

    @Test func dataIsDecodedAsTLVOnlyWhenTheCommandCarriesTLV() throws {
        // Raw signature input that happens to parse as a BOOLEAN: shown as bytes.
        let pso = try APDUExplanation.explain(Hex.parse("002A9E9A0401020304"))
        #expect(pso.fields.last?.meaning == "4 bytes")
        // GENERAL AUTHENTICATE carries a dynamic authentication template.
        let ga = try APDUExplanation.explain(Hex.parse("00860000057C0381010000"))
        #expect(ga.fields[5].meaning == "BER-TLV, 1 data object")
        #expect(ga.fields[5].detail == ["7C Dynamic authentication template", "  81 Challenge: 00"])
        // Odd GET DATA: tag list inside 5C.
        let getData = try APDUExplanation.explain(Hex.parse("00CB3FFF045C025F5000"))
        #expect(getData.fields[2].meaning == "current DF")
        #expect(getData.fields[4].detail == ["5C Tag list: 5F50 (5F50 Issuer URL)"])
    }
}
