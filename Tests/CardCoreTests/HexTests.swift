import Testing

@testable import CardCore

@Suite struct HexTests {
    static let selectHeader: [UInt8] = [0x00, 0xA4, 0x04, 0x00]

    @Test(arguments: [
        "00A40400", "00 A4 04 00", "00:A4:04:00", "00a40400", "00 a4:04\t00", "  00A40400  ", "00A4 0400",
        ":00:A4:04:00:",
    ])
    func acceptedForms(text: String) throws {
        #expect(try Hex.parse(text) == Self.selectHeader)
    }

    @Test func emptyAndSeparatorOnlyTextIsNoBytes() throws {
        #expect(try Hex.parse("") == [])
        #expect(try Hex.parse(" : \t") == [])
    }

    @Test func everyByteValueParsesInBothCases() throws {
        let all = (0...255).map { UInt8($0) }
        #expect(try Hex.parse(Hex.encode(all)) == all)
        #expect(try Hex.parse(Hex.encode(all).lowercased()) == all)
    }

    @Test func parsesSubstrings() throws {
        let line = "apdu 00A40400"
        let slice = line[line.index(line.startIndex, offsetBy: 5)...]
        #expect(try Hex.parse(slice) == Self.selectHeader)
    }

    struct Bad: CustomTestStringConvertible, Sendable {
        let text: String
        let error: HexError
        var testDescription: String { "\"\(text)\"" }
    }

    @Test(arguments: [
        Bad(text: "00A4 04G0", error: .invalidCharacter("G", column: 8)),
        Bad(text: "zz", error: .invalidCharacter("z", column: 1)),
        Bad(text: "0x00", error: .invalidCharacter("x", column: 2)),
        Bad(text: "00-A4", error: .invalidCharacter("-", column: 3)),
        Bad(text: "00,A4", error: .invalidCharacter(",", column: 3)),
        Bad(text: "00\nA4", error: .invalidCharacter("\n", column: 3)),
        Bad(text: "ABC", error: .oddDigitCount(digits: 3, column: 3)),
        Bad(text: "00 A4 0", error: .oddDigitCount(digits: 5, column: 7)),
        Bad(text: "0", error: .oddDigitCount(digits: 1, column: 1)),
        Bad(text: "0 0", error: .splitByte(column: 2)),
        Bad(text: "00A 4", error: .splitByte(column: 4)),
        Bad(text: "00:A:4", error: .splitByte(column: 5)),
        // A non-ASCII character counts as one column and is reported whole.
        Bad(text: "é0", error: .invalidCharacter("é", column: 1)),
        Bad(text: "00 µ4", error: .invalidCharacter("µ", column: 4)),
        Bad(text: "0€", error: .invalidCharacter("€", column: 2)),
    ])
    func errorsNameTheColumn(bad: Bad) {
        #expect(throws: bad.error) { try Hex.parse(bad.text) }
    }

    @Test func encodeReadsAnySequenceOfBytes() {
        let all = (0...255).map { UInt8($0) }
        // Contiguous storage (array, slice) and a lazy sequence without it give the same text.
        #expect(Hex.encode(all.lazy.map { $0 }) == Hex.encode(all))
        #expect(Hex.encode(all[250...]) == "FAFBFCFDFEFF")
        #expect(Hex.encode(all.lazy.map { $0 }, separator: " ") == Hex.encode(all, separator: " "))
    }

    @Test func encodeIsUppercaseWithOptionalSeparator() {
        #expect(Hex.encode([0x00, 0xAB, 0x0F]) == "00AB0F")
        #expect(Hex.encode([0x00, 0xAB, 0x0F], separator: " ") == "00 AB 0F")
        #expect(Hex.encode([0x9F], separator: ":") == "9F")
        #expect(Hex.encode([]) == "")
        #expect([UInt8]([0xDE, 0xAD]).hex == "DEAD")
        #expect([UInt8]([0x01, 0xDE, 0xAD])[1...].hex == "DEAD")
    }

    @Test func nibbleValues() {
        #expect(Hex.nibbleValue(UInt8(ascii: "0")) == 0)
        #expect(Hex.nibbleValue(UInt8(ascii: "9")) == 9)
        #expect(Hex.nibbleValue(UInt8(ascii: "a")) == 10)
        #expect(Hex.nibbleValue(UInt8(ascii: "F")) == 15)
        #expect(Hex.nibbleValue(UInt8(ascii: "g")) == nil)
        #expect(Hex.nibbleValue(UInt8(ascii: "/")) == nil)
        #expect(Hex.nibbleValue(UInt8(ascii: ":")) == nil)
        #expect(Hex.nibbleValue(UInt8(ascii: "@")) == nil)
        #expect(Hex.nibbleValue(UInt8(ascii: "`")) == nil)
        #expect(Hex.nibbleValue(0xC3) == nil)
    }

    @Test(arguments: ["", " ", ":"])
    func roundTripWithSeparators(separator: String) {
        var rng = SplitMix64(seed: 0x4845_5854)
        for _ in 0..<500 {
            let bytes = rng.bytes(count: Int(rng.next() % 40))
            #expect((try? Hex.parse(Hex.encode(bytes, separator: separator))) == bytes)
        }
    }
}
