import Testing

@testable import CardshLanguage

@Suite("gp put-key and gp delete-key parsing")
struct KeyManagementParsingTests {
    static let k16: [UInt8] = Array(0..<16)
    static let k32: [UInt8] = Array(0..<32)
    static let h16 = "000102030405060708090A0B0C0D0E0F"
    static let h32 = "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F"

    static let cases: [(String, Command)] = [
        ("gp put-key --new-kvn 0x40 --key \(h16)", .gpPutKey(PutKeyOptions(newKVN: 0x40, keys: .key(k16)))),
        (
            "gp put-key --key \(h32) --replace-kvn 48 --new-kvn 49",
            .gpPutKey(PutKeyOptions(newKVN: 0x31, replaceKVN: 0x30, keys: .key(k32)))
        ),
        (
            "gp put-key --new-kvn=0x40 --enc \(h16) --mac \(h16) --dek \(h16)",
            .gpPutKey(PutKeyOptions(newKVN: 0x40, keys: .keySet(enc: k16, mac: k16, dek: k16)))
        ),
        (
            "gp put-key --new-kvn 0x40 --key-file \"new keys.hex\"",
            .gpPutKey(PutKeyOptions(newKVN: 0x40, keys: .file("new keys.hex")))
        ),
        ("gp put-key --new-kvn 0x7F --key-env NEW", .gpPutKey(PutKeyOptions(newKVN: 0x7F, keys: .environment("NEW")))),
        ("gp delete-key --kvn 0x40", .gpDeleteKey(DeleteKeyOptions(kvn: 0x40))),
        ("GP DELETE-KEY --kid 3 --kvn 255", .gpDeleteKey(DeleteKeyOptions(kvn: 0xFF, kid: 3))),
    ]

    @Test("valid lines give the expected command", arguments: cases)
    func parses(line: String, expected: Command) {
        #expect(command(line) == expected, "\(line): \(parseLine(line).diagnostics)")
    }

    static let errors: [(line: String, expected: [(Int, String)])] = [
        (
            "gp put-key --key \(h16)",
            [
                (
                    50,
                    "gp put-key needs --new-kvn N (the key version of the new key set); usage: gp put-key --new-kvn N "
                        + "[--replace-kvn N] (--key HEX | --enc HEX --mac HEX --dek HEX | --key-file PATH | "
                        + "--key-env NAME)"
                )
            ]
        ),
        (
            "gp put-key --new-kvn 0x40",
            [(26, "gp put-key needs the new keys: --key HEX, --enc/--mac/--dek, --key-file PATH or --key-env NAME")]
        ),
        ("gp put-key --new-kvn 0 --key-env K", [(22, "--new-kvn must be 1 to 127, found 0")]),
        ("gp put-key --new-kvn 0x80 --key-env K", [(22, "--new-kvn must be 1 to 127, found 0x80")]),
        (
            "gp put-key --new-kvn 1 --key-env K --key-file f",
            [(36, "--key-file conflicts with --key-env; give one key source")]
        ),
        (
            "gp put-key --new-kvn 1 --enc \(h16) --mac \(h16)",
            [(24, "--enc, --mac and --dek come as a set of three; missing --dek")]
        ),
        (
            "gp put-key --new-kvn 1 --enc \(h16) --mac \(h16) --dek \(h32)",
            [(24, "--enc, --mac and --dek must have the same length; found 16, 16 and 32 bytes")]
        ),
        ("gp put-key --new-kvn 1 --key 0011", [(24, "--key must be 16, 24 or 32 bytes (AES-128/192/256), found 2")]),
        (
            "gp put-key --new-kvn 1 --keyset lab",
            [
                (
                    24,
                    "unknown option --keyset for gp put-key; options: --new-kvn, --replace-kvn, --key, --enc, --mac, "
                        + "--dek, --key-file, --key-env"
                ),
                (
                    33,
                    "unexpected argument \"lab\"; usage: gp put-key --new-kvn N [--replace-kvn N] (--key HEX | --enc HEX "
                        + "--mac HEX --dek HEX | --key-file PATH | --key-env NAME)"
                ),
                (36, "gp put-key needs the new keys: --key HEX, --enc/--mac/--dek, --key-file PATH or --key-env NAME"),
            ]
        ),
        (
            "gp delete-key",
            [(14, "gp delete-key needs --kvn N (the key version to delete); usage: gp delete-key --kvn N [--kid N]")]
        ),
        ("gp delete-key --kvn 1 --kid 0", [(29, "--kid must be 1 to 127, found 0")]),
        ("gp delete-key --kvn 256", [(21, "--kvn must be 1 to 255, found 256")]),
    ]

    @Test("errors name the column and what to type", arguments: errors)
    func diagnostics(line: String, expected: [(Int, String)]) {
        let parsed = parseLine(line)
        #expect(parsed.statements.isEmpty, "\(line)")
        #expect(parsed.diagnostics.map(\.column) == expected.map(\.0), "\(line): \(parsed.diagnostics)")
        #expect(parsed.diagnostics.map(\.message) == expected.map(\.1), "\(line)")
    }

    @Test("the gp entry lists the new subcommands after its own")
    func mergedIntoGP() throws {
        let gp = try #require(CommandTable.spec(named: "gp"))
        #expect(gp.subcommands.map(\.name).suffix(3) == ["put-key", "delete-key", "certs"])
        #expect(gp.usage.hasSuffix(" | gp put-key ... | gp delete-key ... | gp certs ..."))
        #expect(CommandTable.all.filter { $0.name == "gp" }.count == 1)
        #expect(CommandTable.spec(command: "gp", subcommand: "put-key")?.option(named: "key")?.secret == true)
    }

    @Test("literal keys are redacted; canonical text parses back")
    func redactionAndRoundTrip() throws {
        let line = "gp put-key --new-kvn 0x41 --replace-kvn 0x40 --enc \(Self.h16) --mac \(Self.h16) --dek \(Self.h32)"
        #expect(
            redactedLine(line)
                == "gp put-key --new-kvn 0x41 --replace-kvn 0x40 --enc <redacted> --mac <redacted> --dek <redacted>")
        for (_, command) in Self.cases {
            #expect(parseLine(command.canonicalText).commands == [command], "\(command.canonicalText)")
            if case .gpPutKey(let options) = command {
                switch options.keys {
                case .key, .keySet:
                    #expect(command.containsSecret)
                    #expect(!command.redactedCanonicalText.contains(Self.h16))
                default:
                    #expect(!command.containsSecret)
                }
            }
        }
    }
}
