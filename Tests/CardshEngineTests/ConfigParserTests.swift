import Foundation
import CardshLanguage
import Testing

@testable import CardshEngine

/// The config file's parser and checker: input, then the exact message. Reviewers read this table.
@Suite struct ConfigParserTests {
    static let errors: [(input: String, message: String)] = [
        ("[keysets.lab]\nenc \"4041\"\n",
         "config.toml:2: expected '=' after key \"enc\" (column 5)"),
        ("[defaults]\n= \"text\"\n",
         "config.toml:2: expected a key, a [table] or a comment, found \"= \"text\"\" (column 1)"),
        ("[defaults]\noutput =\n",
         "config.toml:2: expected a value after \"output =\" (a \"string\", an integer, true or false) (column 9)"),
        ("[defaults]\noutput = text\n",
         "config.toml:2: unsupported value for \"output\": \"text\"; use a \"string\", an integer, true or false (column 10)"),
        ("[defaults]\noutput = [\"text\"]\n",
         "config.toml:2: unsupported value for \"output\": an array; use a \"string\", an integer, true or false (column 10)"),
        ("[defaults]\nreader = \"\"\"Virtual PCD\"\"\"\n",
         "config.toml:2: unsupported value for \"reader\": a multi-line string; use a \"string\", an integer, "
            + "true or false (column 10)"),
        ("[defaults]\nreader = \"Virtual PCD\n",
         "config.toml:2: unterminated string; close it with the quote it opened with on the same line (column 10)"),
        ("[defaults]\nreader = \"a\\qb\"\n",
         "config.toml:2: invalid escape \\q in string; use \\\\, \\\", \\n, \\t or \\uXXXX (column 12)"),
        ("[defaults]\noutput = \"text\" json\n",
         "config.toml:2: unexpected \"json\" after the value; one key = value per line, # starts a comment (column 17)"),
        ("[keysets.lab\n",
         "config.toml:1: expected ']' to close the table header (column 13)"),
        ("[defaults]\ncolor.mode = \"on\"\n",
         "config.toml:2: dotted key \"color\" is not supported; use a [table] header (column 1)"),
        ("[defaults]\noutput = \"text\"\n# again\noutput = \"json\"\n",
         "config.toml:4: key \"output\" is already set on line 2"),
        ("[aliases]\n\n[aliases]\n",
         "config.toml:3: table [aliases] is already defined on line 1"),
        ("[keyset.lab]\nkey = \"00\"\n",
         "config.toml:1: unknown table [keyset.lab]; allowed: keysets.NAME, aliases, defaults"),
        ("output = \"json\"\n",
         "config.toml:1: unknown key \"output\" at the top level; keys belong in [keysets.NAME], [aliases] or [defaults]"),
        ("[defaults]\npager = \"less\"\n",
         "config.toml:2: unknown key \"pager\" in [defaults]; allowed: reader, output, color, trace"),
        ("[keysets.lab]\nencryption = \"00\"\n",
         "config.toml:2: unknown key \"encryption\" in [keysets.lab]; allowed: enc, mac, dek, key, key-file, kvn, level, mode, oce-cert, oce-key, ca"),
        ("[keysets.lab]\nkvn = \"48\"\n",
         "config.toml:2: \"kvn\" must be an integer, found a string"),
        ("[keysets.lab]\nkvn = 256\n",
         "config.toml:2: \"kvn\" is 256; allowed 0 to 255"),
        ("[defaults]\noutput = \"yaml\"\n",
         "config.toml:2: \"output\" cannot be \"yaml\"; allowed: text, json"),
        ("[defaults]\ntrace = true\n",
         "config.toml:2: \"trace\" must be one of off, wire, plain, both, found a boolean"),
        ("[keysets.lab]\nlevel = \"mac\"\n",
         "config.toml:2: \"level\" cannot be \"mac\"; allowed: none, cmac, cmac+cdec, cmac+rmac, cmac+cdec+rmac, cmac+cdec+rmac+renc"),
        ("[keysets.lab]\nmode = \"s32\"\n",
         "config.toml:2: \"mode\" cannot be \"s32\"; allowed: s8, s16"),
        ("[keysets.lab]\nkey = \"40414G\"\n",
         "config.toml:2: \"key\" is not hex (pairs of 0-9 A-F, spaces allowed)"),
        ("[keysets.lab]\nkey = \"404142434445464748494A4B4C4D4E\"\n",
         "config.toml:2: \"key\" is 15 bytes; an AES key is 16, 24 or 32 bytes"),
        ("[aliases]\nshort = \"A000\"\n",
         "config.toml:2: alias \"short\" is 2 bytes; an AID is 5 to 16 bytes"),
        ("# lab card\n[keysets.lab]\nkey = \"404142434445464748494A4B4C4D4E4F\"\nkey-file = \"/etc/keys\"\n",
         "config.toml:2: key set \"lab\" has more than one key source (key, key-file); give key, enc/mac/dek or key-file"),
        ("[keysets.lab]\nenc = \"404142434445464748494A4B4C4D4E4F\"\nmac = \"404142434445464748494A4B4C4D4E4F\"\n",
         "config.toml:1: key set \"lab\": enc, mac and dek come as a set of three; missing dek"),
    ]

    @Test(arguments: 0..<errors.count)
    func error(_ index: Int) {
        let row = Self.errors[index]
        #expect(throws: ConfigError.self) { try CardshConfig(parsing: row.input) }
        do {
            _ = try CardshConfig(parsing: row.input)
        } catch {
            #expect(error.message(file: "config.toml") == row.message)
        }
    }

    static let full = """
        # cardsh config
        [keysets.lab]
        key = "40 41 42 43 44 45 46 47 48 49 4A 4B 4C 4D 4E 4F"   # the GP test key
        kvn = 0x30
        level = "cmac+cdec+rmac+renc"
        mode = 's16'

        [keysets.split]
        enc = "000102030405060708090A0B0C0D0E0F"
        mac = "101112131415161718191A1B1C1D1E1F"
        dek = "202122232425262728292A2B2C2D2E2F"
        level = 0x13

        [keysets."file based"]
        key-file = "/etc/cardsh/keys.hex"
        kvn = 1_0

        [keysets.scp11]
        oce-cert = "oce.pem"
        oce-key = "oce.key"
        ca = "ca.pem"

        [aliases]
        mytest = "A0:00:00:01:51:00:00:01"
        "quoted name" = 'D2760001240102000000000000010000'

        [defaults]
        reader = "Virtual PCD 00 00"
        output = "json"
        color = false
        trace = "both"
        """

    @Test func aFullFileParses() throws {
        let config = try CardshConfig(parsing: Self.full)
        #expect(config.keysets.keys.sorted() == ["file based", "lab", "scp11", "split"])
        let lab = try #require(config.keysets["lab"])
        #expect(lab.keys == .single(Array(0x40...0x4F)))
        #expect(lab.kvn == 0x30)
        #expect(lab.level == .cmacCdecRmacRenc)
        #expect(lab.mode == .s16)
        #expect(lab.line == 2)
        #expect(lab.holdsLiteralKeys)
        let split = try #require(config.keysets["split"])
        #expect(split.keys == .set(enc: Array(0x00...0x0F), mac: Array(0x10...0x1F), dek: Array(0x20...0x2F)))
        #expect(split.level == .raw(0x13))
        let file = try #require(config.keysets["file based"])
        #expect(file.keys == .file("/etc/cardsh/keys.hex"))
        #expect(file.kvn == 10)
        #expect(!file.holdsLiteralKeys)
        let scp11 = try #require(config.keysets["scp11"])
        #expect(scp11.keys == nil)
        #expect(scp11.oceCertificate == "oce.pem")
        #expect(scp11.oceKey == "oce.key")
        #expect(scp11.certificateAuthority == "ca.pem")
        #expect(config.aliases["mytest"] == [0xA0, 0x00, 0x00, 0x01, 0x51, 0x00, 0x00, 0x01])
        #expect(config.aid(forAlias: "MyTest") == [0xA0, 0x00, 0x00, 0x01, 0x51, 0x00, 0x00, 0x01])
        #expect(config.aid(forAlias: "quoted name")?.count == 16)
        #expect(config.aid(forAlias: "other") == nil)
        #expect(config.defaults == CardshConfig.Defaults(reader: "Virtual PCD 00 00", output: .json, color: .off, trace: .both))
    }

    @Test func emptyAndCommentOnlyFilesAreEmptyConfigs() throws {
        #expect(try CardshConfig(parsing: "") == CardshConfig())
        #expect(try CardshConfig(parsing: "# nothing yet\n\n   \t# still nothing\r\n") == CardshConfig())
    }

    // TOML v1.0.0 "Integer" and "String" sections.
    @Test(arguments: [
        ("n = 42", TOMLDocument.Value.integer(42)), ("n = -17", .integer(-17)), ("n = +3", .integer(3)),
        ("n = 1_000", .integer(1000)), ("n = 0xFF", .integer(255)), ("n = 0o17", .integer(15)),
        ("n = 0b101", .integer(5)), ("n = true", .boolean(true)), ("n = false", .boolean(false)),
        ("n = \"a\\tb\\u00E9\"", .string("a\tb\u{E9}")), ("n = 'C:\\keys'", .string("C:\\keys")),
        ("n = \"# not a comment\" # a comment", .string("# not a comment")), ("\"x y\" = 0", .integer(0)),
    ])
    func values(_ line: String, _ value: TOMLDocument.Value) throws {
        let document = try TOMLDocument(parsing: line)
        #expect(document.tables.count == 1)
        #expect(document.tables[0].entries.first?.value == value)
    }

    @Test(arguments: ["n = 012", "n = 1__0", "n = _1", "n = 0x", "n = 1.5", "n = 1979-05-27", "n = True"])
    func valuesOutsideTheSubsetAreErrors(_ line: String) {
        #expect(throws: ConfigError.self) { try TOMLDocument(parsing: line) }
    }
}

/// The example config shipped in docs/ stays valid.
@Suite struct ConfigExampleTests {
    @Test func theShippedExampleParses() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/config.example.toml")
        let config = try CardshConfig(parsing: String(contentsOf: url, encoding: .utf8))
        #expect(config.keysets.keys.sorted() == ["gp-test", "production", "scp11-lab"])
        #expect(config.keysets["gp-test"]?.keys == .single(Array(0x40...0x4F)))
        #expect(config.keysets["production"]?.keys == .file("/etc/cardsh/production.keys"))
        #expect(config.aid(forAlias: "test-sd") == [0xA0, 0x00, 0x00, 0x01, 0x51, 0x53, 0x50, 0x41])
        #expect(config.defaults == CardshConfig.Defaults(output: .text, color: .auto, trace: .off))
    }
}
