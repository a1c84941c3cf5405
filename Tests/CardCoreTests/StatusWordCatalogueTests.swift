import Testing

@testable import CardCore

/// Expected texts follow ISO/IEC 7816-4:2020 §5.6 (tables of SW1-SW2) and GPC v2.3.1 §11.
@Suite struct StatusWordCatalogueTests {
    @Test(arguments: [
        (0x9000, "9000: normal processing, no further qualification"),
        (0x6100, "6100: normal processing, 256 or more response bytes still available (GET RESPONSE)"),
        (0x6101, "6101: normal processing, 1 response byte still available (GET RESPONSE)"),
        (0x61FF, "61FF: normal processing, 255 response bytes still available (GET RESPONSE)"),
        (0x6C00, "6C00: wrong Le field; exact length 256 (resend with Le = 00)"),
        (0x6C10, "6C10: wrong Le field; exact length 16 (resend with Le = 10)"),
        (0x63C0, "63C0: verification failed, 0 retries left (counter 0)"),
        (0x63C1, "63C1: verification failed, 1 retry left (counter 1)"),
        (0x63C2, "63C2: verification failed, 2 retries left (counter 2)"),
        (0x63CF, "63CF: verification failed, 15 retries left (counter 15)"),
        (0x6202, "6202: warning, triggering by the card: 2 bytes of query data to fetch"),
        (0x6280, "6280: warning, triggering by the card: 128 bytes of query data to fetch"),
        (0x6402, "6402: execution error, triggering by the card: 2 bytes of query data to fetch"),
        (0x6A82, "6A82: checking error, file or application not found"),
        (0x6A88, "6A88: checking error, referenced data or reference data not found"),
        (0x6982, "6982: checking error, security status not satisfied"),
        (0x6310, "6310: warning, more data available (GlobalPlatform: repeat the command with P2 'next')"),
        (0x9484, "9484: algorithm not supported (GlobalPlatform PUT KEY)"),
        (0x9485, "9485: invalid key check value (GlobalPlatform PUT KEY)"),
        (0x6F00, "6F00: checking error, no precise diagnosis"),
        (0x6F12, "6F12: checking error, no precise diagnosis (SW2 not defined by ISO)"),
        (0x6A90, "6A90: checking error, wrong parameters P1-P2 (SW2 not defined by ISO)"),
        (0x6281, "6281: warning, part of returned data may be corrupted"),
        (0x6287, "6287: warning, at least one of the referenced records is deactivated"),
        (0x6288, "6288: warning, state of non-volatile memory unchanged (SW2 not defined by ISO)"),
        (0x9123, "9123: application-specific status, not defined by ISO 7816-4"),
        (0x6000, "6000: not a status word: SW1 60 is the T=0 NULL procedure byte"),
        (0x1234, "1234: not a status word: SW1 must be 61-6F or 90-9F"),
    ])
    func meaning(raw: Int, expected: String) {
        #expect(StatusWord(rawValue: UInt16(raw)).meaning == expected)
    }

    @Test(arguments: [
        (0x9000, StatusWord.Category.normal), (0x6100, .normal), (0x61FF, .normal),
        (0x6200, .warning), (0x63CF, .warning), (0x6400, .executionError), (0x6581, .executionError),
        (0x6600, .executionError), (0x6700, .checkingError), (0x6C00, .checkingError), (0x6FFF, .checkingError),
        (0x9001, .proprietary), (0x9484, .proprietary), (0x9FFF, .proprietary), (0x6000, .invalid),
        (0xA000, .invalid), (0x0000, .invalid),
    ])
    func category(raw: Int, expected: StatusWord.Category) {
        let sw = StatusWord(rawValue: UInt16(raw))
        #expect(sw.category == expected)
        #expect(sw.isNormal == (expected == .normal))
        #expect(sw.isWarning == (expected == .warning))
        #expect(sw.isError == !(expected == .normal || expected == .warning))
    }

    /// Every SW1-SW2 value of the ISO/IEC 7816-4:2020 §5.6 tables has its own text (no class fallback).
    @Test func everyISOValueHasItsOwnText() {
        let iso: [UInt16] = [
            0x9000, 0x6200, 0x6281, 0x6282, 0x6283, 0x6284, 0x6285, 0x6286, 0x6287, 0x6300, 0x6340, 0x6381,
            0x6400, 0x6401, 0x6500, 0x6581, 0x6600, 0x6700, 0x6800, 0x6881, 0x6882, 0x6883, 0x6884, 0x6900,
            0x6981, 0x6982, 0x6983, 0x6984, 0x6985, 0x6986, 0x6987, 0x6988, 0x6A00, 0x6A80, 0x6A81, 0x6A82,
            0x6A83, 0x6A84, 0x6A85, 0x6A86, 0x6A87, 0x6A88, 0x6A89, 0x6A8A, 0x6B00, 0x6D00, 0x6E00, 0x6F00,
        ]
        for raw in iso {
            let sw = StatusWord(rawValue: raw)
            #expect(StatusWord.fixedTexts[raw] != nil, "\(sw) missing")
            #expect(!sw.meaning.contains("not defined by ISO"), "\(sw.meaning)")
        }
        // Families: every SW2 of 61xx, 6Cxx, 63Cx and the triggering ranges carries its number.
        for sw2 in 0x02...0x80 {
            #expect(StatusWord(0x62, UInt8(sw2)).meaning.contains("\(sw2) bytes of query data"))
            #expect(StatusWord(0x64, UInt8(sw2)).meaning.contains("\(sw2) bytes of query data"))
        }
        for sw2 in 1...255 {
            #expect(StatusWord(0x61, UInt8(sw2)).meaning.contains(" \(sw2) response byte"))
            #expect(StatusWord(0x6C, UInt8(sw2)).meaning.contains("exact length \(sw2) "))
        }
    }

    @Test(arguments: [
        (0x6300, 0x82, 0x84, "6300: warning, authentication of host cryptogram failed"),
        (0x6985, 0x82, 0x84, "6985: checking error, conditions of use not satisfied (no INITIALIZE UPDATE before)"),
        (0x6A88, 0x50, 0x80, "6A88: checking error, referenced data not found (no key set with this key version)"),
        (0x6310, 0xF2, 0x80, "6310: warning, more data available (send GET STATUS again with P2 'next')"),
        (0x6283, 0xA4, 0x00, "6283: warning, card life cycle state is CARD_LOCKED (GlobalPlatform SELECT)"),
        // Interindustry class: the GlobalPlatform reading of EXTERNAL AUTHENTICATE does not apply.
        (0x6300, 0x82, 0x00, "6300: warning, no information given (non-volatile memory changed)"),
        // No command-specific text: falls back to the ISO meaning.
        (0x6982, 0xF2, 0x80, "6982: checking error, security status not satisfied"),
    ])
    func commandSpecificMeaning(raw: Int, ins: Int, cla: Int, expected: String) {
        let sw = StatusWord(rawValue: UInt16(raw))
        #expect(sw.meaning(forINS: UInt8(ins), cla: UInt8(cla)) == expected)
    }

    @Test func unknownINSFallsBackToISOMeaning() {
        #expect(StatusWord.fileNotFound.meaning(forINS: nil, cla: nil) == StatusWord.fileNotFound.meaning)
    }
}
