import Testing
@testable import CardshLanguage

@Suite struct ResponseReferenceTests {
    @Test(arguments: [
        ("expect sw $sw", ResponseReference.Kind.sw, 11, "$sw"),
        ("00C00000$sw2", .sw2, 9, "$sw2"),
        ("apdu 80CA $SW1", .sw1, 11, "$SW1"),
        ("apdu 80CA0000 $data", .data(nil), 15, "$data"),
        ("apdu 00B0 $data[2..5]", .data(2...5), 11, "$data[2..5]"),
        ("apdu 00B0 $data[3]; apdu 00", .data(3...3), 11, "$data[3]"),
        ("select $tlv(9F7F)", .tlv([[0x9F, 0x7F]]), 8, "$tlv(9F7F)"),
        ("select $tlv(6f/84)", .tlv([[0x6F], [0x84]]), 8, "$tlv(6f/84)"),
    ])
    func findsOneReference(line: String, kind: ResponseReference.Kind, column: Int, text: String) {
        let scanned = ResponseReference.scan(line)
        #expect(scanned.diagnostics.isEmpty)
        #expect(scanned.references == [ResponseReference(kind: kind, column: column, text: text)])
    }

    @Test(arguments: ["echo \"$sw\"", "run '$data'", "apdu 00A4040000 # $sw is 9000", "select isd"])
    func quotesAndCommentsKeepDollarSigns(line: String) {
        let scanned = ResponseReference.scan(line)
        #expect(scanned.references.isEmpty)
        #expect(scanned.diagnostics.isEmpty)
    }

    @Test(arguments: [
        ("apdu $foo", 6, "$foo: unknown reference"),
        ("apdu $data[5..2]", 6, "$data[5..2]: expected [A..B]"),
        ("apdu $data[x]", 6, "$data[x]: expected [A..B]"),
        ("select $tlv(9F7)", 8, "$tlv(9F7): expected a BER tag"),
        ("select $tlv(6F//84)", 8, "$tlv(6F//84): expected a BER tag"),
        ("select $tlv", 8, "$tlv: expected a tag in parentheses"),
        ("select $tlv(9F7F", 8, "$tlv(: missing closing )"),
        ("apdu 00 $", 9, "$: unknown reference"),
    ])
    func malformedReferencesNameTheirColumn(line: String, column: Int, prefix: String) throws {
        let diagnostic = try #require(ResponseReference.scan(line).diagnostics.first)
        #expect(diagnostic.column == column)
        #expect(diagnostic.message.hasPrefix(prefix))
    }

    @Test func substituteReplacesEachReferenceInPlace() {
        let line = "apdu 00B0$data[0..1]00; expect sw $sw # $sw"
        let scanned = ResponseReference.scan(line)
        #expect(scanned.references.count == 2)
        #expect(ResponseReference.substitute(line, scanned.references, values: ["0102", "9000"])
            == "apdu 00B0010200; expect sw 9000 # $sw")
    }
}
