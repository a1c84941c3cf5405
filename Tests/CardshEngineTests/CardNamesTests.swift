import Testing

@testable import CardshEngine

/// Card names from a list in pcsc-tools' smartcard_list.txt format, matched in place.
@Suite("Card names by ATR")
struct CardNamesTests {
    // The format of pcsc-tools' smartcard_list.txt: comments, a pattern at column 0, descriptions after a tab.
    static let list = Array(
        """
        # comment 3B 02 14 50
        3B 02 14 50
        \tSchlumberger Multiflex 3k
        \thttp://example.invalid/multiflex

        3B 02 14 5.
        \tAny 3B 02 14 5x
        3B 8[0-9] 80 01 .*
        \tContactless, any historical bytes
        3B 02 14 51 \r
        \tTrailing blanks are not part of the pattern
        3F .. 25 [0,8]0
        \tDirect list with a comma
        3F 02 25 [A-C]0
        \tRange

        """.utf8)

    @Test("names for an ATR", arguments: [
        ([0x3B, 0x02, 0x14, 0x50], ["Schlumberger Multiflex 3k", "http://example.invalid/multiflex", "Any 3B 02 14 5x"]),
        ([0x3B, 0x02, 0x14, 0x51], ["Any 3B 02 14 5x", "Trailing blanks are not part of the pattern"]),
        ([0x3B, 0x88, 0x80, 0x01, 0x00, 0x11], ["Contactless, any historical bytes"]),
        ([0x3B, 0x8A, 0x80, 0x01], []),
        ([0x3F, 0x77, 0x25, 0x80], ["Direct list with a comma"]),
        ([0x3F, 0x02, 0x25, 0xB0], ["Range"]),
        ([0x3F, 0x02, 0x25, 0xD0], []),
        ([0x3B, 0x02, 0x14], []),
    ] as [([UInt8], [String])])
    func names(atr: [UInt8], expected: [String]) {
        #expect(CardNames.names(forATR: atr, list: Self.list) == expected)
    }

    @Test("patterns", arguments: [
        ("3B 0.", "3B 0F", true), ("3B 0.", "3B 0", false), ("3B .*", "3B", false), ("3B.*", "3B", true),
        ("3B.*", "3B 00 11", true), ("3B [0-2]0", "3B 20", true), ("3B [0-2]0", "3B 30", false),
        ("3B [2-0]0", "3B 10", true), ("3B 00   ", "3B 00", true), ("3B 00", "3B 00 00", false),
    ])
    func pattern(pattern: String, text: String, matches: Bool) {
        #expect(ATRPattern(pattern).matches(text) == matches)
    }

    @Test func theInstalledListNamesAWellKnownCard() {
        // A JavaCard ATR listed in pcsc-tools' smartcard_list.txt for years (installed with pcsc-tools).
        let names = CardNames.names(forATR: [0x3B, 0x8F, 0x80, 0x01, 0x80, 0x4F, 0x0C, 0xA0, 0x00, 0x00, 0x03, 0x06,
                                              0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x6A])
        #expect(names.contains { $0.contains("Mifare") || $0.contains("MIFARE") || $0.contains("Oyster") })
    }
}
