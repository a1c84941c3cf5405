import Testing

@testable import CardshLanguage

@Suite("Statements, separators, comments and quotes")
struct LineStructureTests {
    @Test("several statements keep their own trimmed text and column")
    func statementSlices() {
        let parsed = parseLine("  select isd ;apdu 80CA9F7F --le 0;  readers  ")
        #expect(parsed.diagnostics == [])
        #expect(parsed.statements.map(\.text) == ["select isd", "apdu 80CA9F7F --le 0", "readers"])
        #expect(parsed.statements.map(\.column) == [3, 15, 38])
        #expect(parsed.commands.count == 3)
    }

    @Test("a trailing ; is allowed; an empty line or a comment line has no statements")
    func emptyAndTrailing() {
        #expect(parseLine("readers;").commands == [.readers])
        #expect(parseLine("readers ; ").commands == [.readers])
        #expect(parseLine("") == ParsedLine(statements: [], diagnostics: []))
        #expect(parseLine("   \t ") == ParsedLine(statements: [], diagnostics: []))
        #expect(parseLine("# a scriptor comment; readers") == ParsedLine(statements: [], diagnostics: []))
    }

    @Test("# starts a comment outside quotes, also right after a word")
    func comments() {
        #expect(parseLine("readers # list them; then quit").commands == [.readers])
        #expect(parseLine("readers# list").commands == [.readers])
        #expect(parseLine("reset cold#why").commands == [.reset(.cold)])
    }

    @Test("# and ; inside quotes are text")
    func separatorsInQuotes() {
        #expect(parseLine("run \"a#b;c.cardsh\"").commands == [.run(path: "a#b;c.cardsh")])
        #expect(parseLine("run 'a#b;c' ; save x").commands == [.run(path: "a#b;c"), .save(path: "x")])
        let parsed = parseLine("save \"x;y\" # note; quit")
        #expect(parsed.commands == [.save(path: "x;y")])
        #expect(parsed.statements[0].text == "save \"x;y\"")
    }

    @Test("double quotes take backslash escapes; single quotes are literal")
    func escapes() {
        #expect(parseLine(#"run "a\"b\\c\td""#).commands == [.run(path: "a\"b\\c\td")])
        #expect(parseLine(#"run 'a\"b'"#).commands == [.run(path: #"a\"b"#)])
        #expect(parseLine(#"run pre"fix "mid'dle'"#).commands == [.run(path: "prefix middle")])
    }

    @Test("a quoted word is never an option or a subcommand")
    func quotedWords() {
        #expect(parseLine("run \"--check\"").commands == [.run(path: "--check")])
        #expect(parseLine("record \"stop\"").commands == [.record(path: "stop")])
        #expect(parseLine("select \"A000000151\"").commands == [.select(SelectOptions(target: .name("A000000151")))])
    }

    @Test("a scriptor script is valid: hex lines, reset, exit, comments")
    func scriptorScript() {
        let script = [
            "# select the ISD", "reset", "00 A4 04 00 08 A0 00 00 01 51 00 00 00", "80CA9F7F00", "exit",
        ]
        let commands = script.flatMap { parseLine($0).commands }
        #expect(
            commands == [
                .reset(.warm), .apdu(.raw([0x00, 0xA4, 0x04, 0x00, 0x08, 0xA0, 0, 0, 0x01, 0x51, 0, 0, 0])),
                .apdu(.raw([0x80, 0xCA, 0x9F, 0x7F, 0x00])), .quit,
            ])
    }

    @Test("!N and !! re-run history entries")
    func rerun() {
        #expect(parseLine("!12").commands == [.rerun(12)])
        #expect(parseLine("!0x10").commands == [.rerun(16)])
        #expect(parseLine("!!").commands == [.rerunLast])
        #expect(parseLine("!0").diagnostics.map(\.message) == ["history entries start at 1, found 0"])
    }

    @Test("command names are case-insensitive; an unknown word that is hex is an APDU")
    func caseAndHexWords() {
        #expect(parseLine("READERS").commands == [.readers])
        #expect(parseLine("Select ISD").commands == [.select(SelectOptions(target: .name("ISD")))])
        #expect(parseLine("cafe0000").commands == [.apdu(.raw([0xCA, 0xFE, 0x00, 0x00]))])
    }
}

@Suite("The apdu rule")
struct APDURuleTests {
    static let cases: [(String, Command)] = [
        // First token exactly 4 bytes and more tokens: header + data, Lc computed.
        ("apdu 80F24000 4F00", .apdu(.parts(header: [0x80, 0xF2, 0x40, 0x00], data: [0x4F, 0x00], le: nil))),
        ("apdu 80F24000 4F 00", .apdu(.parts(header: [0x80, 0xF2, 0x40, 0x00], data: [0x4F, 0x00], le: nil))),
        (
            "apdu 00A40400 A0000001 51 --le 256",
            .apdu(.parts(header: [0x00, 0xA4, 0x04, 0x00], data: [0xA0, 0, 0, 0x01, 0x51], le: 256))
        ),
        // A lone 4-byte header with --le: case 2.
        ("apdu 80CA9F7F --le 0", .apdu(.parts(header: [0x80, 0xCA, 0x9F, 0x7F], data: [], le: 0))),
        ("apdu 80CA9F7F --le=65536", .apdu(.parts(header: [0x80, 0xCA, 0x9F, 0x7F], data: [], le: 65536))),
        // Otherwise raw and unchanged.
        ("apdu 80CA9F7F", .apdu(.raw([0x80, 0xCA, 0x9F, 0x7F]))),
        (
            "apdu 00A4040007A000000004101000",
            .apdu(.raw([0x00, 0xA4, 0x04, 0x00, 0x07, 0xA0, 0, 0, 0, 0x04, 0x10, 0x10, 0x00]))
        ),
        ("apdu 00 A4 04 00 00", .apdu(.raw([0x00, 0xA4, 0x04, 0x00, 0x00]))),
        ("apdu 00A404 0000", .apdu(.raw([0x00, 0xA4, 0x04, 0x00, 0x00]))),
        ("apdu \"00 A4 04 00\" 00", .apdu(.parts(header: [0x00, 0xA4, 0x04, 0x00], data: [0x00], le: nil))),
        ("apdu \"00 A4 04\" 00 00", .apdu(.raw([0x00, 0xA4, 0x04, 0x00, 0x00]))),
        // `:` between bytes, as opensc-tool prints them.
        ("apdu 80:F2:40:00 4F:00", .apdu(.parts(header: [0x80, 0xF2, 0x40, 0x00], data: [0x4F, 0x00], le: nil))),
        ("apdu 00:a4:04:00:00", .apdu(.raw([0x00, 0xA4, 0x04, 0x00, 0x00]))),
        // A bare hex line is an apdu statement, with the same rule.
        ("00A4040000", .apdu(.raw([0x00, 0xA4, 0x04, 0x00, 0x00]))),
        ("80F24000 4F00", .apdu(.parts(header: [0x80, 0xF2, 0x40, 0x00], data: [0x4F, 0x00], le: nil))),
        // Options.
        ("apdu 00B0000000 --raw", .apdu(.raw([0x00, 0xB0, 0x00, 0x00, 0x00]), strict: true)),
        (
            "apdu 00B0000000 --expect-sw 9000 --expect-sw 62??,6C??",
            .apdu(
                .raw([0x00, 0xB0, 0x00, 0x00, 0x00]),
                expectSW: [
                    StatusWordPattern(value: 0x9000), StatusWordPattern(value: 0x6200, mask: 0xFF00),
                    StatusWordPattern(value: 0x6C00, mask: 0xFF00),
                ])
        ),
    ]

    @Test("apdu forms", arguments: cases)
    func apduForms(line: String, expected: Command) {
        let parsed = parseLine(line)
        #expect(parsed.diagnostics == [], "\(line)")
        #expect(parsed.commands == [expected], "\(line)")
    }

    @Test("--le with a raw APDU is an error that points at --le")
    func leWithRaw() {
        let parsed = parseLine("apdu 00 A4 04 00 00 --le 5")
        #expect(parsed.statements.isEmpty)
        #expect(parsed.diagnostics.count == 1)
        #expect(parsed.diagnostics[0].column == 21)
        #expect(parsed.diagnostics[0].message.contains("raw (5 bytes)"))
    }
}
