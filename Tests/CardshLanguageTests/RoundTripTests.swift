import CardCore
import Testing

@testable import CardshLanguage

/// Random valid commands, covering every case and option.
struct CommandGenerator {
    var random: SplitMix64

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    mutating func bool() -> Bool { Bool.random(using: &random) }
    mutating func maybe<T>(_ make: (inout CommandGenerator) -> T) -> T? { bool() ? make(&self) : nil }
    mutating func pick<T>(_ values: [T]) -> T { values[int(0...values.count - 1)] }
    mutating func bytes(_ count: ClosedRange<Int>) -> [UInt8] { (0..<int(count)).map { _ in UInt8(int(0...255)) } }

    /// Text with blanks, quotes, separators, backslashes and non-ASCII, never empty.
    mutating func text() -> String {
        let alphabet: [Character] = Array("abcXYZ019 -_./;#\"'\\\té😀!=?,")
        return String((0..<int(1...12)).map { _ in pick(alphabet) })
    }

    mutating func word() -> String {
        let alphabet: [Character] = Array("abcdefghijklmnopqrstuvwxyz-_")
        return String(pick(Array("pqrstuvwxyz"))) + String((0..<int(0...8)).map { _ in pick(alphabet) })
    }

    mutating func pattern() -> StatusWordPattern {
        var mask: UInt16 = 0
        for _ in 0..<4 { mask = mask << 4 | (bool() || bool() ? 0xF : 0) }
        return StatusWordPattern(value: UInt16(int(0...0xFFFF)), mask: mask)
    }

    mutating func patterns() -> [StatusWordPattern] { (0..<int(1...3)).map { _ in pattern() } }

    mutating func keyOfValidLength() -> [UInt8] {
        let n = pick([16, 24, 32])
        return bytes(n...n)
    }

    mutating func command() -> Command {
        switch int(0...36) {
        case 0: return .readers
        case 1:
            let target: ConnectTarget? = maybe { g in
                g.pick([
                    .index(g.int(0...999)), .sim, .name(g.bool() ? g.text() : g.pick(["sim", "SIM", "0", "12"])),
                    .transcript(g.bool() ? g.text() : g.pick(["s.txt", "a b.txt", "sim", "transcript"])),
                ])
            }
            return .connect(
                ConnectOptions(
                    target: target, protocolPreference: maybe { $0.pick(ProtocolPreference.allCases) },
                    shareMode: maybe { $0.pick(ShareMode.allCases) }))
        case 2: return .disconnect
        case 3: return .reset(pick(ResetKind.allCases))
        case 4: return .atr(maybe { $0.bytes(2...33) })
        case 5:
            var options = SelectOptions()
            options.target = pick([
                .default, .aid(bytes(5...16)),
                .name(bool() ? word() : pick(["isd", "cafe", "A0000001510", "-x", "a b"])),
            ])
            options.p1 = maybe { UInt8($0.int(0...255)) }
            if bool() {
                options.p2 = UInt8(int(0...255))
            } else {
                options.next = bool()
                options.response = maybe { $0.pick(SelectResponse.allCases) }
            }
            return .select(options)
        case 6:
            let body: APDUBody
            if bool() {
                body = .raw(bytes(4...40))
            } else {
                let data = bytes(0...20)
                let le: Int? = data.isEmpty ? int(0...65536) : maybe { $0.int(0...65536) }
                body = .parts(header: bytes(4...4), data: data, le: le)
            }
            return .apdu(body, strict: bool(), expectSW: bool() ? patterns() : [])
        case 7: return .explain(bytes(4...30))
        case 8: return .sw(UInt16(int(0...0xFFFF)))
        case 9: return .tlv(bytes(1...30))
        case 10: return .history(last: maybe { $0.int(1...1_000_000) })
        case 11: return .rerun(int(1...100_000))
        case 12: return .rerunLast
        case 13:
            let spec = pick(CommandTable.all)
            let sub = spec.subcommands.isEmpty ? nil : maybe { $0.pick(spec.subcommands).name }
            return bool() ? .help(command: spec.name, subcommand: sub) : .help(command: nil, subcommand: nil)
        case 14:
            let setting: Setting? = maybe { g in
                g.pick([
                    .output(g.pick(OutputFormat.allCases)), .trace(g.pick(TraceMode.allCases)), .autoget(g.bool()),
                    .color(g.pick(ColorMode.allCases)), .mode(g.pick(APDUMode.allCases)),
                ])
            }
            return .set(setting)
        case 15: return .channelOpen
        case 16: return .channelClose(maybe { $0.int(1...19) })
        case 17: return .channelSwitch(int(0...19))
        case 18:
            var options = SCP03OpenOptions()
            options.kvn = maybe { $0.int(0...255) }
            options.kid = maybe { $0.int(0...255) }
            options.keys = maybe { g in
                g.pick([
                    .key(g.keyOfValidLength()),
                    .keySet(enc: g.keyOfValidLength(), mac: g.keyOfValidLength(), dek: g.keyOfValidLength()),
                    .file(g.text()), .environment(g.word()), .keyset(g.word()),
                ])
            }
            options.level = maybe { g in
                g.pick([
                    .none, .cmac, .cmacCdec, .cmacRmac, .cmacCdecRmac, .cmacCdecRmacRenc, .raw(UInt8(g.int(0...255))),
                ])
            }
            options.mode = maybe { $0.pick(SCP03Mode.allCases) }
            options.diversify = maybe { $0.pick(KeyDiversification.allCases) }
            options.hostChallenge = maybe { g in
                let n = options.mode == .s8 ? 8 : options.mode == .s16 ? 16 : g.pick([8, 16])
                return g.bytes(n...n)
            }
            return .scp03Open(options)
        case 19: return .scpClose
        case 20: return .scpStatus
        case 21: return .gpStatus(GPStatusOptions(scope: maybe { $0.pick(GPStatusScope.allCases) }, raw: bool()))
        case 22: return .gpData(bool() ? .named(pick(GPDataName.allCases)) : .tag(bytes(1...2)))
        case 23: return .gpKeys
        case 24: return .run(path: text())
        case 25: return .save(path: text())
        case 26: return .record(path: bool() ? text() : "stop")
        case 27: return .recordStop
        case 28: return .replay(path: text(), check: bool())
        case 29: return .expectSW(patterns())
        case 30:
            return .expectData(HexPattern((0..<int(1...20)).map { _ in bool() ? UInt8(int(0...255)) : nil }))
        case 31: return .quit
        case 32:
            let keys: KeySource? = maybe { g in
                g.pick([
                    .key(g.keyOfValidLength()),
                    .keySet(enc: g.keyOfValidLength(), mac: g.keyOfValidLength(), dek: g.keyOfValidLength()),
                    .file(g.text()), .environment(g.word()), .keyset(g.word()),
                ])
            }
            return .kdf(KDFOptions(scheme: pick(KeyDiversification.allCases), kdd: bytes(10...10), keys: keys))
        case 33:
            let keys: KeySource = pick([
                .key(keyOfValidLength()), .file(text()), .environment(word()),
                {
                    let n = pick([16, 24, 32])
                    return .keySet(enc: bytes(n...n), mac: bytes(n...n), dek: bytes(n...n))
                }(),
            ])
            return .gpPutKey(PutKeyOptions(newKVN: int(1...127), replaceKVN: maybe { $0.int(1...127) }, keys: keys))
        case 34: return .gpDeleteKey(DeleteKeyOptions(kvn: int(1...255), kid: maybe { $0.int(1...127) }))
        case 35:
            var options = SCP11OpenOptions(variant: pick(SCP11VariantName.allCases))
            options.kvn = maybe { $0.int(0...255) }
            options.kid = maybe { $0.int(0...255) }
            options.oceKVN = maybe { $0.int(0...127) }
            options.oceKID = maybe { $0.int(0...127) }
            options.oceCertificates = (0..<int(0...3)).map { _ in text() }
            options.oceKey = maybe { $0.text() }
            options.ca = maybe { $0.text() }
            options.aesBits = maybe { $0.pick([128, 192, 256]) }
            options.mode = maybe { $0.pick(SCP03Mode.allCases) }
            options.level = maybe { $0.pick([.cmacRmac, .cmacCdecRmacRenc, .raw(0x11), .raw(0x33)]) }
            options.ephemeralKey = maybe { $0.text() }
            options.kdfHash = maybe { $0.pick(["sha256", "sha384", "sha512"]) }
            options.hostID = maybe { $0.bytes(1...255) }
            return .scp11Open(options)
        case 36:
            return .gpCerts(
                GPCertsOptions(kid: maybe { $0.int(0...255) }, kvn: maybe { $0.int(0...255) }, export: maybe { $0.text() }))
        default: return .select(SelectOptions())
        }
    }
}

@Suite("Printer round trip")
struct RoundTripTests {
    @Test(
        "parseLine(canonicalText) gives back the command, for 2,000 random commands",
        arguments: [0x5EED_CA4D_5A11_0001 as UInt64])
    func roundTrip(seed: UInt64) {
        var generator = CommandGenerator(random: SplitMix64(seed: seed))
        var failures = 0
        for iteration in 0..<2000 {
            let command = generator.command()
            let text = command.canonicalText
            let parsed = parseLine(text)
            if parsed.diagnostics != [] || parsed.commands != [command] {
                failures += 1
                if failures <= 5 {
                    Issue.record("#\(iteration) \(text) -> \(parsed.commands) \(parsed.diagnostics)")
                }
            }
        }
        #expect(failures == 0)
    }

    @Test("canonical text starts with the command's path and gives options in table order")
    func optionsInTableOrder() {
        var generator = CommandGenerator(random: SplitMix64(seed: 99))
        for _ in 0..<2000 {
            let command = generator.command()
            let text = command.canonicalText
            let spec = command.spec
            if case .rerun = command { continue }
            if case .rerunLast = command { continue }
            #expect(text.hasPrefix(command.path), "\(text)")
            let order = spec.options.map(\.spelled)
            let given = text.split(separator: " ").map(String.init).filter { order.contains($0) }
            let positions = given.map { order.firstIndex(of: $0)! }
            #expect(positions == positions.sorted(), "\(text)")
        }
    }

    @Test("several statements joined by ; round-trip together")
    func multipleStatements() {
        var generator = CommandGenerator(random: SplitMix64(seed: 42))
        for _ in 0..<200 {
            let commands = (0..<3).map { _ in generator.command() }
            let line = commands.map(\.canonicalText).joined(separator: "; ")
            #expect(parseLine(line).commands == commands, "\(line)")
        }
    }

    static let canonical: [(String, String)] = [
        ("apdu 80f24000 4f 00", "apdu 80F24000 4F00"),
        ("00 a4 04 00 00", "apdu 00A4040000"),
        ("scp03 open --s16 --level 0x33 --kvn 48", "scp03 open --kvn 0x30 --level 0x33 --s16"),
        ("select --fcp A0 00 00 01 51 --next", "select A000000151 --next --fcp"),
        ("connect --exclusive 'Virtual  PCD'", "connect \"Virtual  PCD\" --exclusive"),
        ("exit", "quit"),
        ("reset", "reset warm"),
        ("expect sw 9000,63c?", "expect sw 9000 63C?"),
    ]

    @Test("canonical text: upper-case hex, options in table order", arguments: canonical)
    func canonicalText(line: String, expected: String) {
        #expect(parseLine(line).commands.map(\.canonicalText) == [expected])
    }
}
