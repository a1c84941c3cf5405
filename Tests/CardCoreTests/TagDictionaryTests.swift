import Testing

@testable import CardCore

@Suite struct TagDictionaryTests {
    // MARK: Lookups

    @Test(arguments: [
        // Context-free meanings.
        (0x5A, [UInt32](), "Application Primary Account Number (PAN)", TagFormat.compactNumeric, "EMV Book 3"),
        (0x9F38, [], "Processing Options Data Object List (PDOL)", .dol, "EMV Book 3"),
        (0x5F24, [], "Application Expiration Date", .date, "EMV Book 3"),
        (0x9F7F, [], "Card production life cycle data (CPLC)", .binary, "GP CS"),
        (0x66, [], "Card data", .binary, "GP CS"),
        (0xE0, [], "Key information template", .binary, "GP CS"),
        (0x7F49, [], "Cardholder public key template", .binary, "ISO 7816-4"),
        (0x06, [], "Object identifier", .oid, "ISO/IEC 8825-1"),
        (0x5F2B, [], "Date of birth (YYYYMMDD)", .numericBCD, "ISO 7816-6"),
        // The same tag named by its directly enclosing template.
        (0x4F, [0x61], "Application Identifier (AID) - card", .aid, "EMV Book 3"),
        (0x4F, [0xE3], "AID of the registry entry", .aid, "GP CS"),
        (0x84, [0x6F], "DF name", .aid, "ISO 7816-4"),
        (0x84, [0xE3], "Executable module AID", .aid, "GP CS"),
        (0xC5, [0xE3], "Privileges", .bitmap, "GP CS"),
        (0x9F70, [0xE3], "Life cycle state", .binary, "GP CS"),
        (0xCC, [0xE3], "Associated security domain AID", .aid, "GP CS"),
        (0x82, [0x62], "File descriptor byte (data coding, record size, number of records)", .binary, "ISO 7816-4"),
        (0x82, [], "Application Interchange Profile (AIP)", .bitmap, "EMV Book 3"),
        (0x06, [0x66, 0x73], "GlobalPlatform card recognition data OID", .oid, "GP CS"),
        (0x06, [0x66, 0x73, 0x60], "GlobalPlatform version (OID)", .oid, "GP CS"),
        (0x64, [0x66, 0x73], "Secure channel protocol and implementation options", .binary, "GP CS"),
        (0x64, [], "File management data (FMD template)", .binary, "ISO 7816-4"),
        (0xC0, [0xE0], "Key information data (key identifier, key version, key type, length)", .binary, "GP CS"),
        (0x81, [0x7F49], "Modulus (RSA) or prime p (ECC)", .binary, "ISO 7816-8"),
        (0xB0, [0x7F21, 0x7F49], "Public key (ECC point)", .binary, "GP Amd F"),
        (0x82, [0xFF21], "Free non-volatile memory", .binary, "GP CS"),
        (0x81, [0x7C], "Challenge", .binary, "ISO 7816-4"),
        // An enclosing template with no specific meaning falls back to the context-free one.
        (0x9F12, [0x6F, 0xA5, 0xBF0C, 0x61], "Application Preferred Name", .ascii, "EMV Book 3"),
    ])
    func lookup(tag: UInt32, path: [UInt32], name: String, format: TagFormat, source: String) throws {
        let info = try #require(TagDictionary.info(for: BERTag(tag), in: path.map { BERTag($0) }))
        #expect(info == TagInfo(name: name, format: format, source: source))
    }

    @Test func unknownTagsHaveNoInfo() {
        #expect(TagDictionary.info(for: BERTag(0xDF7F), in: []) == nil)
        #expect(TagDictionary.info(for: BERTag(0x9F7E), in: [BERTag(0x70)]) == nil)
    }

    @Test func emvDictionaryIsLargeAndHasNoDuplicates() {
        let emv = TagDictionary.entries(source: "EMV Book 3")
        #expect(emv.count > 100)
        // Every data element of EMV 4.4 Book 3 Annex A listed in the brief is present.
        let required: [UInt32] = [
            0x4F, 0x50, 0x57, 0x5A, 0x5F20, 0x5F24, 0x5F25, 0x5F28, 0x5F2A, 0x5F2D, 0x5F30, 0x5F34, 0x61, 0x6F,
            0x70, 0x77, 0x80, 0x82, 0x84, 0x87, 0x88, 0x8C, 0x8D, 0x8E, 0x8F, 0x90, 0x92, 0x93, 0x94, 0x95, 0x9A,
            0x9C, 0x9F01, 0xBF0C,
        ]
        let tags = Set(emv.map(\.tag))
        for tag in required { #expect(tags.contains(BERTag(tag)), "\(BERTag(tag)) missing") }
    }

    @Test func noSourceDefinesATagTwiceInOneContext() {
        for (name, rows) in TagDictionary.sources {
            var seen = Set<TagDictionary.Key>()
            for row in rows {
                let key = TagDictionary.Key(tag: row.tag, context: row.context)
                #expect(
                    seen.insert(key).inserted,
                    "\(name): \(BERTag(row.tag)) in \(row.context.map { "\(BERTag($0))" } ?? "any") twice")
            }
        }
    }

    @Test func everyTagIsWellFormedBER() throws {
        for entry in TagDictionary.entries {
            var input = entry.tag.bytes[...]
            let decoded = try BERTag.decode(&input)
            #expect(decoded == entry.tag && input.isEmpty, "\(entry.tag)")
            // A context is a template, or the primitive pseudo-parent `responseContext` gives a command's answer.
            if let context = entry.context, context != TagDictionary.responseContext(command: [0x80, 0x88, 0x01, 0x13]) {
                #expect(context.isConstructed, "\(context) is not a template")
            }
        }
    }

    @Test func theAnswerToAnSCP11AuthenticateIsNamedAsGPAmdFDefinesIt() {
        let parent = TagDictionary.responseContext(command: [0x80, 0x88, 0x01, 0x13, 0x00])
        #expect(TagDictionary.info(for: BERTag(0x5F, 0x49), in: parent.map { [$0] } ?? [])?.name
            == "ePK.SD.ECKA (the card's ephemeral public key)")
        #expect(TagDictionary.info(for: BERTag(0x86), in: parent.map { [$0] } ?? [])?.name == "Receipt")
        // Elsewhere 86 keeps its EMV meaning, and an interindustry INTERNAL AUTHENTICATE gets no context.
        #expect(TagDictionary.info(for: BERTag(0x86), in: [])?.name == "Issuer Script Command")
        #expect(TagDictionary.responseContext(command: [0x00, 0x88, 0x00, 0x00]) == nil)
    }

    // MARK: Rendering

    @Test(arguments: [
        ("4D41535445524341524420", TagFormat.ascii, Optional("MASTERCARD ")),
        ("56495341", .ascii, "VISA"),
        ("00FF", .ascii, nil),
        ("0978", .numericBCD, "0978"),
        ("000000001000", .numericBCD, "000000001000"),
        ("1A", .numericBCD, nil),
        ("", .numericBCD, nil),
        ("4761739001010010FFFF", .compactNumeric, "4761739001010010"),
        ("541333FFFF", .compactNumeric, "541333"),
        ("12F3", .compactNumeric, nil),
        ("FFFF", .compactNumeric, nil),
        ("261122", .date, "2026-11-22"),
        ("991231", .date, "1999-12-31"),
        ("140316", .date, "2014-03-16"),
        ("261322", .date, nil),
        ("2611", .date, nil),
        ("2A864886FC6B01", .oid, "1.2.840.114283.1 (GlobalPlatform card recognition data)"),
        ("2A864886FC6B02020301", .oid, "1.2.840.114283.2.2.3.1 (GlobalPlatform 2.3.1)"),
        ("2A864886FC6B040370", .oid, "1.2.840.114283.4.3.112 (SCP03, i=70)"),
        ("2A864886F70D010101", .oid, "1.2.840.113549.1.1.1"),
        ("550403", .oid, "2.5.4.3"),
        ("2A8648", .oid, "1.2.840"),
        ("2A864886", .oid, nil),
        ("9F02069F0306", .dol, "9F02:6 Amount, Authorised (Numeric); 9F03:6 Amount, Other (Numeric)"),
        ("DF0102", .dol, "DF01:2"),
        ("9F02", .dol, nil),
        ("", .dol, ""),
        ("2000", .bitmap, "00100000 00000000"),
        ("9EFE80", .bitmap, "10011110 11111110 10000000"),
        ("A0000000041010", .aid, "RID A000000004 (Mastercard), PIX 1010"),
        ("A000000151000000", .aid, "RID A000000151 (GlobalPlatform), PIX 000000"),
        ("D27600012401", .aid, "national RID D276000124 (FSFE (OpenPGP card)), PIX 01"),
        ("F0414C46416101", .aid, "proprietary, unregistered F0414C4641, PIX 6101"),
        ("A000000003", .aid, "RID A000000003 (Visa)"),
        ("A0000000", .aid, nil),
        ("325041592E5359532E4444463031", .aid, "2PAY.SYS.DDF01"),
        ("000010000100", .aid, nil),
        ("0102", .binary, nil),
    ])
    func format(hex: String, format: TagFormat, expected: String?) throws {
        #expect(TagDictionary.format(try Hex.parse(hex), as: format) == expected)
    }

    @Test func everyFormatHasARenderingTest() {
        // The table above covers each case; this keeps it honest when a format is added.
        #expect(TagFormat.allCases.count == 9)
    }

    // MARK: Tag-specific rendering

    /// Privilege counts from martinpaljak/GlobalPlatformPro, TestParseTags.java, testPrivileges
    /// (80C000: 3 privileges, 9EFE80: 13); names from GPC v2.2 §6.6.1.
    @Test func privilegesAreNamed() throws {
        let e3 = [BERTag(0xE3)]
        #expect(
            TagDictionary.render([0x80, 0xC0, 0x00], tag: BERTag(0xC5), in: e3)
                == "Security Domain, Trusted Path, Authorized Management")
        let all = try #require(TagDictionary.render([0x9E, 0xFE, 0x80], tag: BERTag(0xC5), in: e3))
        #expect(all.split(separator: ",").count == 13)
        #expect(TagDictionary.render([0x00, 0x00, 0x00], tag: BERTag(0xC5), in: e3) == "no privileges")
        #expect(TagDictionary.render([0x00, 0x00, 0x01], tag: BERTag(0xC5), in: e3) == "RFU bit b1 of byte 3")
        #expect(TagDictionary.render([0x80, 0x00], tag: BERTag(0xC5), in: e3) == nil)
    }

    /// Key information data C0 in E0 (GPC v2.3.1 §11.3): KID 01, KVN 30, one AES-128 key.
    @Test func keyInformationIsDecoded() {
        let e0 = [BERTag(0xE0)]
        #expect(
            TagDictionary.render([0x01, 0x30, 0x88, 0x10], tag: BERTag(0xC0), in: e0)
                == "key 01 version 30: AES (16 bytes)")
        #expect(
            TagDictionary.render([0x01, 0x01, 0x80, 0x10, 0x80, 0x10], tag: BERTag(0xC0), in: e0)
                == "key 01 version 01: DES (16 bytes), DES (16 bytes)")
        #expect(TagDictionary.render([0x01, 0x30, 0x88], tag: BERTag(0xC0), in: e0) == nil)
    }

    @Test func tagListsNameTheirTags() {
        #expect(
            TagDictionary.render([0x4F, 0x9F, 0x70, 0xC5], tag: BERTag(0x5C), in: [])
                == "4F Application Identifier (AID) - card; 9F70; C5")
        #expect(TagDictionary.render([0x9F], tag: BERTag(0x5C), in: []) == nil)
    }

    @Test func renderFallsBackToTheFormat() {
        #expect(TagDictionary.render([0x26, 0x11, 0x22], tag: BERTag(0x5F24), in: []) == "2026-11-22")
        #expect(TagDictionary.render([0x01], tag: BERTag(0xDF01), in: []) == nil)
    }

    // MARK: Public traces

    /// SELECT PPSE and SELECT AID answers of a Visa card, from devnied/EMV-NFC-Paycard-Enrollment,
    /// library/src/test/resources/data/VisaCardPpse (status word removed).
    @Test func visaCardTraceNamesEveryObject() throws {
        let ppse = try TLV.decodeAll(
            Hex.parse(
                "6F3B840E325041592E5359532E4444463031A529BF0C2661104F07A0000000421010500243428701016112"
                    + "4F07A0000000031010500456495341870102"))
        let lines = APDUExplanation.describe(ppse, path: [])
        #expect(
            lines == [
                "6F File Control Information (FCI) Template",
                "  84 DF name: 325041592E5359532E4444463031 (2PAY.SYS.DDF01)",
                "  A5 File Control Information (FCI) Proprietary Template",
                "    BF0C File Control Information (FCI) Issuer Discretionary Data",
                "      61 Application Template",
                "        4F Application Identifier (AID) - card: A0000000421010 (RID A000000042 (Groupement des Cartes Bancaires), PIX 1010)",
                "        50 Application Label: 4342 \"CB\"",
                "        87 Application Priority Indicator: 01",
                "      61 Application Template",
                "        4F Application Identifier (AID) - card: A0000000031010 (RID A000000003 (Visa), PIX 1010)",
                "        50 Application Label: 56495341 \"VISA\"",
                "        87 Application Priority Indicator: 02",
            ])
        let fci = try TLV.decodeAll(
            Hex.parse(
                "6F378407A0000000421010A52C9F38189F66049F02069F03069F1A0295055F2A029A039C019F3704BF0C0E"
                    + "DF60020B1EDF6101039F4D020B1E"))
        let pdol = try #require(fci.first(BERTag(0x9F38)))
        let info = try #require(TagDictionary.info(for: pdol.tag, in: [BERTag(0x6F), BERTag(0xA5)]))
        #expect(
            TagDictionary.format(pdol.valueBytes, as: info.format)
                == "9F66:4 Terminal Transaction Qualifiers (TTQ); 9F02:6 Amount, Authorised (Numeric); "
                + "9F03:6 Amount, Other (Numeric); 9F1A:2 Terminal Country Code; 95:5 Terminal Verification "
                + "Results (TVR); 5F2A:2 Transaction Currency Code; 9A:3 Transaction Date; 9C:1 Transaction Type; "
                + "9F37:4 Unpredictable Number")
    }

    /// GET STATUS (ISD, TLV format) entry from martinpaljak/GlobalPlatformPro,
    /// library/src/test/java/pro/javacard/gp/TestParseTags.java, testParsePartialISD.
    @Test func globalPlatformRegistryEntry() throws {
        let entry = try TLV.decodeAll(
            Hex.parse(
                "E3464F08A0000000030000009F700101C5039EFE80CF0140CF0141CF0142CF0143CF0180CF0181CF0182CF0183"
                    + "C40BD276000005AAFFCAFE0001CE020001CC08A000000003000000"))
        let lines = APDUExplanation.describe(entry, path: [])
        #expect(lines.count == 15)
        #expect(lines[0] == "E3 GlobalPlatform registry related data")
        #expect(lines[1] == "  4F AID of the registry entry: A000000003000000 (RID A000000003 (Visa), PIX 000000)")
        #expect(lines[2] == "  9F70 Life cycle state: 01")
        #expect(
            lines[3]
                == "  C5 Privileges: 9EFE80 (Security Domain, Card Lock, Card Terminate, Card Reset, CVM Management, "
                + "Trusted Path, Authorized Management, Token Verification, Global Delete, Global Lock, Global Registry, "
                + "Final Application, Receipt Generation)")
        #expect(lines[4] == "  CF Implicit selection parameter: 40")
        #expect(
            lines[12]
                == "  C4 Application's executable load file AID: D276000005AAFFCAFE0001 (national RID D276000005, PIX AAFFCAFE0001)"
        )
        #expect(lines[13] == "  CE Executable load file version number: 0001")
        #expect(
            lines[14] == "  CC Associated security domain AID: A000000003000000 (RID A000000003 (Visa), PIX 000000)")
    }

    /// Card recognition data (GET DATA 66) from martinpaljak/GlobalPlatformPro,
    /// library/src/test/java/pro/javacard/gp/TestParseTags.java, testOther.
    @Test func globalPlatformCardRecognitionData() throws {
        let data = try TLV.decodeAll(
            Hex.parse(
                "664C734A06072A864886FC6B01600C060A2A864886FC6B02020101630906072A864886FC6B03640B06092A86"
                    + "4886FC6B040215650B06092B8510864864020103660C060A2B060104012A026E0102"))
        #expect(
            APDUExplanation.describe(data, path: []) == [
                "66 Card data",
                "  73 Card recognition data",
                "    06 GlobalPlatform card recognition data OID: 2A864886FC6B01 (1.2.840.114283.1 (GlobalPlatform card recognition data))",
                "    60 Card management type and version",
                "      06 GlobalPlatform version (OID): 2A864886FC6B02020101 (1.2.840.114283.2.2.1.1 (GlobalPlatform 2.1.1))",
                "    63 Card identification scheme",
                "      06 Card identification scheme (OID): 2A864886FC6B03 (1.2.840.114283.3 (GlobalPlatform card identification scheme))",
                "    64 Secure channel protocol and implementation options",
                "      06 Secure channel protocol and options (OID): 2A864886FC6B040215 (1.2.840.114283.4.2.21 (SCP02, i=15))",
                "    65 Card configuration details",
                "      06 Card configuration details (OID): 2B8510864864020103 (1.3.656.840.100.2.1.3)",
                "    66 Card and chip details",
                "      06 Card and chip details (OID): 2B060104012A026E0102 (1.3.6.1.4.1.42.2.110.1.2)",
            ])
    }
}
