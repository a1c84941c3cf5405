import Testing

@testable import CardshLanguage

@Suite("Redaction")
struct RedactionTests {
    static let key = "404142434445464748494A4B4C4D4E4F"

    static let cases: [(String, String)] = [
        ("scp03 open --key \(key) --s16", "scp03 open --key <redacted> --s16"),
        ("scp03 open --key=\(key)", "scp03 open --key=<redacted>"),
        (
            "scp03 open --enc \(key) --mac \(key) --dek \(key) --kvn 1",
            "scp03 open --enc <redacted> --mac <redacted> --dek <redacted> --kvn 1"
        ),
        ("scp03 open --key-file keys.hex", "scp03 open --key-file keys.hex"),
        ("scp03 open --key-env CARD_KEY", "scp03 open --key-env CARD_KEY"),
        ("apdu 00A40400", "apdu 00A40400"),
    ]

    @Test("Statement.redactedText hides literal keys and keeps everything else", arguments: cases)
    func statementRedaction(line: String, expected: String) throws {
        let parsed = parseLine(line)
        #expect(parsed.diagnostics == [])
        let statement = try #require(parsed.statements.first)
        #expect(statement.redactedText == expected)
        #expect(!statement.redactedText.contains(Self.key))
    }

    @Test("each statement of a line is redacted on its own")
    func perStatement() {
        let parsed = parseLine("select isd; scp03 open --key \(Self.key) ; gp keys")
        #expect(parsed.statements.map(\.redactedText) == ["select isd", "scp03 open --key <redacted>", "gp keys"])
    }

    @Test("a line that does not parse is still redacted for the history file")
    func badLine() {
        let line = "scp03 opne --key \(Self.key) --mac \"\(Self.key)\"; slect isd"
        #expect(!parseLine(line).diagnostics.isEmpty)
        #expect(redactedLine(line) == "scp03 opne --key <redacted> --mac <redacted>; slect isd")
        #expect(redactedLine("readers # --key 00") == "readers # --key 00")
        #expect(redactedLine("scp03 open --kye \(Self.key) --kvn 1") == "scp03 open --kye <redacted> --kvn 1")
        #expect(redactedLine("scp03 open --keys=\(Self.key)") == "scp03 open --keys=<redacted>")
        #expect(redactedLine("scp03 open --kid 1 --key-env K") == "scp03 open --kid 1 --key-env K")
    }

    @Test("containsSecret is true only for literal keys")
    func containsSecret() {
        #expect(command("scp03 open --key \(Self.key)")?.containsSecret == true)
        #expect(command("scp03 open --enc \(Self.key) --mac \(Self.key) --dek \(Self.key)")?.containsSecret == true)
        #expect(command("scp03 open --key-env K")?.containsSecret == false)
        #expect(command("scp03 open")?.containsSecret == false)
        #expect(command("apdu 00A40400")?.containsSecret == false)
    }

    @Test("redactedCanonicalText hides keys")
    func redactedCanonical() {
        let parsed = command("scp03 open --key \(Self.key) --kvn 1")
        #expect(parsed?.redactedCanonicalText == "scp03 open --kvn 0x01 --key <redacted>")
        #expect(parsed?.canonicalText == "scp03 open --kvn 0x01 --key \(Self.key)")
    }
}
