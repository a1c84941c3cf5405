import Testing

@testable import CardshLanguage

/// The error-message table: input line, then every diagnostic as (column, message). Reviewers read this.
@Suite("Diagnostics")
struct DiagnosticTests {
    static let table: [(line: String, expected: [(Int, String)])] = [
        // Unknown command, with and without a suggestion.
        ("slect isd", [(1, "unknown command \"slect\"; did you mean \"select\"?")]),
        ("sel isd", [(1, "unknown command \"sel\"; did you mean \"select\"?")]),
        ("frobnicate", [(1, "unknown command \"frobnicate\"; type help for the list")]),
        ("help slect", [(6, "unknown command \"slect\"; did you mean \"select\"?")]),
        // Unknown subcommand, missing subcommand.
        ("scp03 opn", [(7, "unknown subcommand \"opn\" for scp03; did you mean \"open\"? expected one of: open")]),
        (
            "set tarce both",
            [
                (
                    5,
                    "unknown subcommand \"tarce\" for set; did you mean \"trace\"? expected one of: output, trace, autoget, color, mode"
                )
            ]
        ),
        ("gp", [(3, "missing subcommand for gp; expected one of: status, data, keys, put-key, delete-key, certs")]),
        ("channel", [(8, "missing subcommand for channel; expected one of: open, close, N")]),
        (
            "help gp stat",
            [(9, "unknown subcommand \"stat\" for gp; did you mean \"status\"? expected one of: status, data, keys, put-key, delete-key, certs")]
        ),
        ("help sw x", [(9, "sw has no subcommands, found \"x\"")]),
        // Bad hex character: the caret under the character.
        ("apdu 00A4 04G0", [(13, "expected a hex byte, found \"G0\"")]),
        ("apdu 0xA4 0400", [(6, "hex bytes are written without 0x, found \"0xA4\"")]),
        (
            "tlv 9Z 0X1",
            [(6, "expected a hex byte, found \"9Z\""), (8, "hex bytes are written without 0x, found \"0X1\"")]
        ),
        ("00A4 zz00", [(6, "expected a hex byte, found \"zz\"")]),
        ("atr 3B:0:2", [(9, "a ':' may only separate bytes; this one splits a byte")]),
        // Odd number of digits: at the last token.
        ("select A0000", [(8, "odd number of hex digits in \"A0000\"")]),
        ("apdu 00A4 04000", [(11, "odd number of hex digits in \"00A4 04000\"")]),
        // Lengths.
        ("select A00000", [(8, "an AID must be 5 to 16 bytes, found 3")]),
        ("sw 6A", [(4, "a status word must be 2 bytes (4 hex digits), found 1")]),
        ("apdu 00A4", [(6, "an APDU needs at least 4 bytes (CLA INS P1 P2), found 2")]),
        ("gp data 9F7F01", [(9, "a data object tag must be 1 or 2 bytes, found 3")]),
        ("atr 3B", [(5, "ATR must be 2 to 33 bytes, found 1")]),
        // Unknown option, with the list.
        ("apdu 00A40400 --lee 5", [(15, "unknown option --lee for apdu; options: --le, --raw, --expect-sw")]),
        ("readers --all", [(9, "unknown option --all for readers; it takes no options; usage: readers")]),
        (
            "scp03 open --kvm 1",
            [
                (
                    12,
                    "unknown option --kvm for scp03 open; options: --kvn, --kid, --key, --enc, --mac, --dek, --key-file, --key-env, --keyset, --level, --s8, --s16, --host-challenge, --diversify"
                )
            ]
        ),
        // Missing option value.
        ("apdu 80CA9F7F --le", [(15, "--le needs a number (decimal or 0x hex), found nothing")]),
        ("scp03 open --kvn --s16", [(12, "--kvn needs a number (decimal or 0x hex), found \"--s16\"")]),
        // Bad number, out of range.
        ("apdu 80CA9F7F --le zz", [(20, "--le needs a number (decimal or 0x hex), found \"zz\"")]),
        ("apdu 80CA9F7F --le 70000", [(20, "--le must be 0 to 65536, found 70000")]),
        ("scp03 open --kvn 0x100", [(18, "--kvn must be 0 to 255, found 0x100")]),
        ("channel 20", [(9, "channel N must be 0 to 19, found 20")]),
        ("history 0", [(9, "history N must be 1 to 1000000, found 0")]),
        ("!", [(2, "expected a history number after !, found nothing")]),
        (
            "select A000000151000000 extra",
            [
                (
                    25,
                    "unexpected argument \"extra\"; usage: select [AID|NAME] [--next] [--fcp|--fci|--fmd|--no-response] [--p1 N] [--p2 N]"
                )
            ]
        ),
        ("select A0 00 00 01 5G", [(21, "expected a hex byte, found \"5G\"")]),
        ("!x", [(2, "expected a history number after !, found \"x\"")]),
        // Wrong choice.
        (
            "set trace wir",
            [(11, "set trace needs one of off, wire, plain, both, found \"wir\"; did you mean \"wire\"?")]
        ),
        ("reset hot", [(7, "reset KIND needs one of warm, cold, found \"hot\"")]),
        ("connect --protocol t2", [(20, "--protocol needs one of t0, t1, any, found \"t2\"")]),
        (
            "scp03 open --level cmac+cde",
            [
                (
                    20,
                    "--level needs a security level (none, cmac, cmac+cdec, cmac+rmac, cmac+cdec+rmac, cmac+cdec+rmac+renc) or a number, found \"cmac+cde\"; did you mean \"cmac+cdec\"?"
                )
            ]
        ),
        (
            "gp data cplx",
            [
                (
                    9,
                    "gp data needs one of cplc, card-data, key-info, iin, cin, seq-counter, confirm-counter, capabilities, resources or a 1-2 byte hex tag, found \"cplx\"; did you mean \"cplc\"?"
                )
            ]
        ),
        // Conflicting options.
        ("scp03 open --s8 --s16", [(17, "--s16 conflicts with --s8; give only one")]),
        (
            "scp03 open --key 404142434445464748494A4B4C4D4E4F --key-file k.hex",
            [(51, "--key-file conflicts with --key; give one key source")]
        ),
        ("select isd --fci --fmd", [(18, "--fmd conflicts with --fci; give only one")]),
        ("connect --shared --exclusive", [(18, "--exclusive conflicts with --shared; give only one")]),
        ("apdu 00A40400 --le 1 --le 2", [(22, "--le given more than once")]),
        ("gp status --raw=yes", [(17, "--raw takes no value, found \"yes\"")]),
        // Key material and challenge lengths.
        ("scp03 open --key 4041", [(12, "--key must be 16, 24 or 32 bytes (AES-128/192/256), found 2")]),
        (
            "scp03 open --enc 404142434445464748494A4B4C4D4E4F",
            [(12, "--enc, --mac and --dek come as a set of three; missing --mac, --dek")]
        ),
        (
            "scp03 open --s16 --host-challenge 0001020304050607",
            [(18, "--host-challenge must be 16 bytes with --s16, found 8")]
        ),
        (
            "scp03 open --host-challenge 00010203",
            [(12, "--host-challenge must be 8 bytes (S8) or 16 bytes (S16), found 4")]
        ),
        // Missing positional, too many positionals.
        ("run", [(4, "missing PATH for run; usage: run PATH")]),
        ("apdu --raw", [(11, "missing HEX for apdu; usage: apdu HEX... [--le N] [--raw] [--expect-sw PATTERN]")]),
        ("sw", [(3, "missing SW for sw; usage: sw HEX")]),
        ("history 5 6", [(11, "unexpected argument \"6\"; usage: history [N] | !N | !!")]),
        ("readers now", [(9, "unexpected argument \"now\"; usage: readers")]),
        (
            "select isd ppse",
            [
                (
                    12,
                    "unexpected argument \"ppse\"; usage: select [AID|NAME] [--next] [--fcp|--fci|--fmd|--no-response] [--p1 N] [--p2 N]"
                )
            ]
        ),
        ("!3 4", [(4, "unexpected argument \"4\"; usage: !N or !!")]),
        // Quotes.
        ("run \"my script", [(5, "unterminated \" quote: missing closing \"")]),
        ("save 'a;b", [(6, "unterminated ' quote: missing closing '")]),
        // --le with a raw APDU.
        (
            "apdu 00A4040007A000000004101000 --le 0",
            [
                (
                    33,
                    "--le needs the HEADER DATA form (first token exactly 4 bytes, then the data); this APDU is raw (13 bytes), so its Le is already in its bytes"
                )
            ]
        ),
        // Empty statements.
        ("readers;; disconnect", [(9, "empty statement between ';' separators")]),
        ("; readers", [(1, "empty statement before ';'")]),
        // Status word and hex patterns.
        ("expect sw 90", [(11, "expected a status word pattern (4 hex digits, ? for any nibble), found \"90\"")]),
        (
            "apdu 00A40400 --expect-sw 9000,6X00",
            [(32, "expected a status word pattern (4 hex digits, ? for any nibble), found \"6X00\"")]
        ),
        ("expect data 6F ?1", [(16, "a wildcard covers a whole byte (??), found \"?1\"")]),
        // SCP11: the variant and the levels GP Amd F §7.6.2.3 allows.
        ("scp11 open b --level cmac", [(14, "SCP11 offers cmac+rmac or cmac+cdec+rmac+renc only")]),
        ("scp11 open b --host-id " + String(repeating: "00", count: 256), [(14, "--host-id must be 1 to 255 bytes, found 256")]),
    ]

    @Test("each bad line gives exactly these diagnostics", arguments: table.indices)
    func diagnostics(index: Int) {
        let (line, expected) = Self.table[index]
        let parsed = parseLine(line)
        let actual = parsed.diagnostics.map { "\($0.column): \($0.message)" }
        let wanted = expected.map { "\($0.0): \($0.1)" }
        #expect(actual == wanted, "\(line)")
        #expect(parsed.statements.allSatisfy { $0.command != .quit } || !line.contains("quit"))
    }

    @Test("a line with an error runs nothing: the good statements are there but diagnostics are not empty")
    func wholeLineParsesFirst() {
        let parsed = parseLine("select isd; apdu 00A4 04G0; readers")
        #expect(parsed.diagnostics.count == 1)
        #expect(parsed.diagnostics[0].column == 25)
    }

    @Test("every error on the line is reported, in column order")
    func collectsEveryError() {
        let parsed = parseLine("slect isd; apdu 00A4 04G0 --lee 1; set trace wir")
        #expect(parsed.diagnostics.map(\.column) == [1, 24, 27, 46])
    }

    @Test("rendered diagnostics: line, caret under the span, col N: message")
    func rendering() {
        let line = "apdu 00A4 04G0"
        let parsed = parseLine(line)
        #expect(
            parsed.diagnostics[0].rendered(line: line)
                == "apdu 00A4 04G0\n            ^\ncol 13: expected a hex byte, found \"G0\"")
        let unknown = parseLine("slect isd")
        #expect(
            unknown.diagnostics[0].rendered(line: "slect isd")
                == "slect isd\n^~~~~\ncol 1: unknown command \"slect\"; did you mean \"select\"?")
    }

    @Test("script lines carry their line number; several diagnostics render one after the other")
    func renderingInScripts() {
        let line = "sw 6A; tlv 9"
        let parsed = parseLine(line)
        #expect(
            parsed.renderedDiagnostics(line: line, lineNumber: 3)
                == "sw 6A; tlv 9\n   ^~\nline 3, col 4: a status word must be 2 bytes (4 hex digits), found 1\n"
                + "sw 6A; tlv 9\n           ^\nline 3, col 12: odd number of hex digits in \"9\"")
    }

    @Test("carets stay aligned after tabs, and can point past the end of the line")
    func renderingEdges() {
        let tabbed = "\tapdu\t00A4 04G0"
        let parsed = parseLine(tabbed)
        #expect(parsed.diagnostics.map(\.column) == [14])
        #expect(parsed.diagnostics[0].rendered(line: tabbed).split(separator: "\n")[1] == "\t    \t       ^")
        let missing = Diagnostic(message: "missing PATH for run", column: 4)
        #expect(missing.rendered(line: "run") == "run\n   ^\ncol 4: missing PATH for run")
    }

    @Test("columns count Characters, not bytes")
    func columnsAreCharacters() {
        let parsed = parseLine("save \"é😀\"; apdu 00A4 04G0")
        #expect(parsed.diagnostics.map(\.column) == [24])
    }
}

@Suite("Suggestions")
struct SuggestionTests {
    static let distances: [(String, String, Int)] = [
        ("", "abc", 3), ("select", "select", 0), ("slect", "select", 1), ("tarce", "trace", 1), ("kye", "key", 1),
        ("kitten", "sitting", 3), ("ca", "abc", 3),
    ]

    @Test("edit distance with adjacent swaps (optimal string alignment)", arguments: distances)
    func distance(a: String, b: String, expected: Int) {
        #expect(Suggest.distance(a, b) == expected)
        #expect(Suggest.distance(b, a) == expected)
    }

    @Test("a unique prefix wins over a near miss; far words get no suggestion")
    func closest() {
        #expect(Suggest.closest("sel", among: CommandTable.allNames) == "select")
        #expect(Suggest.closest("redaers", among: CommandTable.allNames) == "readers")
        #expect(Suggest.closest("xyzzy", among: CommandTable.allNames) == nil)
        #expect(Suggest.closest("s", among: CommandTable.allNames) == nil)
    }
}
