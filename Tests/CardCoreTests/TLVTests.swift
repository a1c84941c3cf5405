import Testing
@testable import CardCore

@Suite struct TLVTests {
    @Test func decodesNestedFCIWithPadding() throws {
        let bytes = try Hex.parse("00 6F108408A000000151000000A5049F6501FF FF FF")
        let items = try TLV.decodeAll(bytes)
        #expect(items.count == 1)
        #expect(items[0].first(BERTag(0x9F65))?.valueBytes == [0xFF])
        #expect(items[0].encoded() == Array(bytes[1..<19]))
    }

    @Test func truncatedValueReportsOffset() {
        #expect(throws: TLVError.valueTruncated(offset: 2, declared: 5, available: 1)) {
            try TLV.decodeAll([0x6F, 0x03, 0x84, 0x05, 0x01])
        }
    }

    @Test func privateTagFF21Decodes() throws {
        let items = try TLV.decodeAll(Hex.parse("FF21 03 8101 05"))
        #expect(items.first?.tag == BERTag(0xFF21))
    }
}
