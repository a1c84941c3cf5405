import Testing
@testable import CardCore

@Suite struct CommandAPDUTests {
    @Test(arguments: [0, 1, 255, 256, 65535])
    func dataLengthsRoundTrip(nc: Int) throws {
        let apdu = try CommandAPDU(cla: 0x80, ins: 0xE8, p1: 0, p2: 0, data: Array(repeating: 0xAB, count: nc), ne: nil)
        let parsed = try CommandAPDU(parsing: apdu.encoded())
        #expect(parsed == apdu)
        #expect(apdu.encoded().count == (nc == 0 ? 4 : nc <= 255 ? 5 + nc : 7 + nc))
    }

    @Test(arguments: [1, 255, 256, 257, 65535, 65536])
    func leRoundTrip(ne: Int) throws {
        for data in [[], [0x01, 0x02]] as [[UInt8]] {
            let apdu = try CommandAPDU(cla: 0, ins: 0xB0, p1: 0, p2: 0, data: data, ne: ne)
            #expect(try CommandAPDU(parsing: apdu.encoded()) == apdu)
        }
    }

    @Test func caseFourShort() throws {
        let apdu = try CommandAPDU(parsing: Hex.parse("00A4040007A000000004101000"))
        #expect(apdu.isoCase == 4)
        #expect(try apdu.data == Hex.parse("A0000000041010"))
        #expect(apdu.ne == 256)
    }

    @Test func lengthMismatchNamesNumbers() {
        #expect(throws: APDUError.lengthMismatch(total: 9, lc: 6)) {
            try CommandAPDU(parsing: [0, 0xA4, 4, 0, 6, 1, 2, 3, 4])
        }
    }
}
