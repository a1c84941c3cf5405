import Testing

@testable import CardshLanguage

/// Parses a line that must hold one valid statement.
func command(_ line: String) -> Command? {
    let parsed = parseLine(line)
    guard parsed.diagnostics.isEmpty, parsed.statements.count == 1 else { return nil }
    return parsed.statements[0].command
}

@Suite("Command parsing")
struct CommandParsingTests {
    static let cases: [(String, Command)] = [
        ("readers", .readers),
        ("connect", .connect(ConnectOptions())),
        ("connect 2", .connect(ConnectOptions(target: .index(2)))),
        ("connect SIM", .connect(ConnectOptions(target: .sim))),
        ("connect \"sim\"", .connect(ConnectOptions(target: .name("sim")))),
        ("connect Virtual PCD 00 00", .connect(ConnectOptions(target: .name("Virtual PCD 00 00")))),
        (
            "connect 'Yubico YubiKey' --protocol T1 --exclusive",
            .connect(ConnectOptions(target: .name("Yubico YubiKey"), protocolPreference: .t1, shareMode: .exclusive))
        ),
        ("disconnect", .disconnect),
        ("reset", .reset(.warm)),
        ("reset cold", .reset(.cold)),
        ("atr", .atr(nil)),
        ("atr 3B 02 14 50", .atr([0x3B, 0x02, 0x14, 0x50])),
        ("atr 3b:02:14:50", .atr([0x3B, 0x02, 0x14, 0x50])),
        ("select", .select(SelectOptions())),
        ("select isd", .select(SelectOptions(target: .name("isd")))),
        (
            "select A0 00 00 01 51 --next --fcp",
            .select(SelectOptions(target: .aid([0xA0, 0, 0, 0x01, 0x51]), next: true, response: .fcp))
        ),
        (
            "select a000000151000000 --p1 4 --p2 0x0C",
            .select(SelectOptions(target: .aid([0xA0, 0, 0, 0x01, 0x51, 0, 0, 0]), p1: 4, p2: 0x0C))
        ),
        ("select ppse --no-response", .select(SelectOptions(target: .name("ppse"), response: SelectResponse.none))),
        ("explain 00A40400", .explain([0x00, 0xA4, 0x04, 0x00])),
        ("sw 6A82", .sw(0x6A82)),
        ("sw 63 c2", .sw(0x63C2)),
        ("tlv 9F7F020102", .tlv([0x9F, 0x7F, 0x02, 0x01, 0x02])),
        ("history", .history(last: nil)),
        ("history 0x10", .history(last: 16)),
        ("!7", .rerun(7)),
        ("!!", .rerunLast),
        ("help", .help(command: nil, subcommand: nil)),
        ("help exit", .help(command: "quit", subcommand: nil)),
        ("help gp data", .help(command: "gp", subcommand: "data")),
        ("set", .set(nil)),
        ("set output json", .set(.output(.json))),
        ("set trace both", .set(.trace(.both))),
        ("set autoget off", .set(.autoget(false))),
        ("set color auto", .set(.color(.auto))),
        ("set mode raw", .set(.mode(.raw))),
        ("channel open", .channelOpen),
        ("channel close", .channelClose(nil)),
        ("channel close 3", .channelClose(3)),
        ("channel 19", .channelSwitch(19)),
        ("scp03 open", .scp03Open(SCP03OpenOptions())),
        (
            "scp03 open --kvn 48 --kid 1 --level cmac+cdec --s16",
            .scp03Open(SCP03OpenOptions(kvn: 0x30, kid: 1, level: .cmacCdec, mode: .s16))
        ),
        (
            "scp03 open --level 0x33 --key-file keys/card.hex",
            .scp03Open(SCP03OpenOptions(keys: .file("keys/card.hex"), level: .raw(0x33)))
        ),
        (
            "scp03 open --key-env=CARD_KEY --s8 --host-challenge 0001020304050607",
            .scp03Open(
                SCP03OpenOptions(
                    keys: .environment("CARD_KEY"), mode: .s8, hostChallenge: [0, 1, 2, 3, 4, 5, 6, 7]))
        ),
        (
            "scp03 open --enc 404142434445464748494A4B4C4D4E4F --mac 404142434445464748494A4B4C4D4E4F "
                + "--dek 404142434445464748494A4B4C4D4E4F",
            .scp03Open(
                SCP03OpenOptions(
                    keys: .keySet(enc: Array(0x40...0x4F), mac: Array(0x40...0x4F), dek: Array(0x40...0x4F))))
        ),
        ("scp close", .scpClose),
        ("scp status", .scpStatus),
        ("gp status", .gpStatus(GPStatusOptions())),
        ("gp status --files --raw", .gpStatus(GPStatusOptions(scope: .files, raw: true))),
        ("gp data cplc", .gpData(.named(.cplc))),
        ("gp data Card-Data", .gpData(.named(.cardData))),
        ("gp data 66", .gpData(.tag([0x66]))),
        ("gp data 9f7f", .gpData(.tag([0x9F, 0x7F]))),
        ("gp keys", .gpKeys),
        ("scp11 open b", .scp11Open(SCP11OpenOptions(variant: .b))),
        (
            "scp11 open c --kvn 1 --oce-cert a.pem --oce-cert \"b c.pem\" --oce-key k.pem --ca ca.pem --aes 256 --s16",
            .scp11Open(
                SCP11OpenOptions(
                    variant: .c, kvn: 1, oceCertificates: ["a.pem", "b c.pem"], oceKey: "k.pem", ca: "ca.pem",
                    aesBits: 256, mode: .s16))
        ),
        (
            "scp11 open a --kid 0x11 --oce-kvn 3 --oce-kid 0x10 --level cmac+rmac --ephemeral-key e.pem",
            .scp11Open(
                SCP11OpenOptions(
                    variant: .a, kid: 0x11, oceKVN: 3, oceKID: 0x10, level: .cmacRmac, ephemeralKey: "e.pem"))
        ),
        ("scp11 open b --host-id 484F5354", .scp11Open(SCP11OpenOptions(variant: .b, hostID: [0x48, 0x4F, 0x53, 0x54]))),
        ("gp certs", .gpCerts(GPCertsOptions())),
        ("gp certs --kid 0x15 --kvn 1 --export out", .gpCerts(GPCertsOptions(kid: 0x15, kvn: 1, export: "out"))),
        ("run setup.cardsh", .run(path: "setup.cardsh")),
        ("run \"dir with space/a \\\"b\\\".txt\"", .run(path: "dir with space/a \"b\".txt")),
        ("save 'out put'", .save(path: "out put")),
        ("record batch.trace", .record(path: "batch.trace")),
        ("record 'stop'", .record(path: "stop")),
        ("record stop", .recordStop),
        ("replay batch.trace -c", .replay(path: "batch.trace", check: true)),
        ("expect sw 9000", .expectSW([StatusWordPattern(value: 0x9000)])),
        (
            "expect sw 9000,63C? 6???",
            .expectSW([
                StatusWordPattern(value: 0x9000), StatusWordPattern(value: 0x63C0, mask: 0xFFF0),
                StatusWordPattern(value: 0x6000, mask: 0xF000),
            ])
        ),
        ("expect data 6F ?? 84", .expectData(HexPattern([0x6F, nil, 0x84]))),
        ("quit", .quit),
        ("exit", .quit),
        ("QUIT", .quit),
    ]

    @Test("lines parse to the expected command", arguments: cases)
    func parses(line: String, expected: Command) {
        let parsed = parseLine(line)
        #expect(parsed.diagnostics == [], "\(line)")
        #expect(parsed.commands == [expected], "\(line)")
    }

    @Test("status word patterns match with wildcards")
    func statusWordPatternMatching() throws {
        let pattern = try #require(StatusWordPattern("63C?"))
        #expect(pattern.matches(0x63C0))
        #expect(pattern.matches(0x63CF))
        #expect(!pattern.matches(0x63D0))
        #expect(pattern.description == "63C?")
        #expect(StatusWordPattern("9000")?.matches(0x9000) == true)
        #expect(StatusWordPattern("900") == nil)
        #expect(StatusWordPattern("90G0") == nil)
    }

    @Test("hex patterns match bytes with ?? wildcards")
    func hexPatternMatching() {
        let pattern = HexPattern([0x6F, nil, 0x84])
        #expect(pattern.matches([0x6F, 0x10, 0x84]))
        #expect(!pattern.matches([0x6F, 0x10, 0x85]))
        #expect(!pattern.matches([0x6F, 0x10]))
        #expect(pattern.description == "6F??84")
    }

    @Test("security level names map to the EXTERNAL AUTHENTICATE P1 byte (GP Amd D v1.1.2 §7.1.2.1)")
    func securityLevelBytes() {
        #expect(SecurityLevelSpec(name: "none")?.p1 == 0x00)
        #expect(SecurityLevelSpec(name: "cmac")?.p1 == 0x01)
        #expect(SecurityLevelSpec(name: "cmac+cdec")?.p1 == 0x03)
        #expect(SecurityLevelSpec(name: "cmac+rmac")?.p1 == 0x11)
        #expect(SecurityLevelSpec(name: "cmac+cdec+rmac")?.p1 == 0x13)
        #expect(SecurityLevelSpec(name: "cmac+cdec+rmac+renc")?.p1 == 0x33)
        #expect(SecurityLevelSpec(name: "cdec") == nil)
    }

    @Test(
        "numbers are decimal or 0x hex",
        arguments: [("48", 48), ("0x30", 48), ("0X30", 48), ("0", 0), ("65536", 65536)])
    func numbers(text: String, value: Int) {
        #expect(StatementParser.parseNumber(text) == value)
    }

    @Test("not numbers", arguments: ["", "0x", "x30", "-1", "1e3", "0x1G", "9999999999999"])
    func notNumbers(text: String) {
        #expect(StatementParser.parseNumber(text) == nil)
    }

    @Test("--kvn 48 and --kvn 0x30 are the same command")
    func decimalAndHexAgree() {
        #expect(command("scp03 open --kvn 48") == command("scp03 open --kvn 0x30"))
        #expect(command("scp03 open --kvn 48") != nil)
    }
}
