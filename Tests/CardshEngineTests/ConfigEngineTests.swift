import CardCore
import CardshLanguage
import Testing

@testable import CardshEngine

/// The config file seen through the engine: key sets for `scp03 open`, aliases for `select`, defaults.
@Suite struct ConfigEngineTests {
    static let config = """
        [keysets.lab]
        key = "404142434445464748494A4B4C4D4E4F"   # the GP test key, as the virtual card has it
        level = "cmac+cdec"
        kvn = 0x30

        [keysets.split]
        enc = "404142434445464748494A4B4C4D4E4F"
        mac = "404142434445464748494A4B4C4D4E4F"
        dek = "404142434445464748494A4B4C4D4E4F"
        mode = "s16"
        kvn = 48

        [keysets.wrong]
        key = "00112233445566778899AABBCCDDEEFF"
        kvn = 0x30

        [keysets.only11]
        oce-cert = "oce.pem"

        [aliases]
        mine = "A000000151000000"
        isd = "A0000000041010"
        """

    func engine() throws -> Engine {
        let engine = makeEngine()
        engine.apply(try CardshConfig(parsing: Self.config))
        return engine
    }

    /// The first exchange of `scp03 open`: INITIALIZE UPDATE (GP Amd D v1.1.2 §7.1.1: P1 is the key version,
    /// the data the host challenge, 8 bytes in S8 mode and 16 in S16 mode).
    func initializeUpdate(_ engine: Engine, _ line: String) -> [UInt8]? {
        let result = engine.execute(line: "select A000000151000000; " + line)
        return result.outcomes.last?.exchanges.first?.command
    }

    @Test func keysetKVNAndModeReachINITIALIZEUPDATE() throws {
        let command = try #require(initializeUpdate(try engine(), "scp03 open --keyset split"))
        #expect(Array(command.prefix(5)) == [0x80, 0x50, 0x30, 0x00, 16])
    }

    @Test func theCommandLineOverridesTheKeysetsDefaults() throws {
        let command = try #require(initializeUpdate(try engine(), "scp03 open --keyset split --kvn 0x31 --s8"))
        #expect(Array(command.prefix(5)) == [0x80, 0x50, 0x31, 0x00, 8])
        var options = SCP03OpenOptions(keys: .keyset("lab"))
        options = try engine().withKeysetDefaults(options)
        #expect(options.level == .cmacCdec)
        #expect(options.kvn == 0x30)
        #expect(options.mode == nil)
        options = try engine().withKeysetDefaults(SCP03OpenOptions(kvn: 1, keys: .keyset("lab"), level: SecurityLevelSpec.none))
        #expect(options.level == SecurityLevelSpec.none)
        #expect(options.kvn == 1)
    }

    @Test func keysetsResolveToTheirKeys() throws {
        let engine = try engine()
        let gpTestKey = Array<UInt8>(0x40...0x4F)
        #expect(try engine.keySource(keyset: "lab") == .key(gpTestKey))
        #expect(try engine.keySource(keyset: "split") == .keySet(enc: gpTestKey, mac: gpTestKey, dek: gpTestKey))
        #expect(try engine.keySource(keyset: "wrong") == .key([0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                                              0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF]))
        engine.apply(try CardshConfig(parsing: "[keysets.f]\nkey-file = \"/nonexistent/keys.hex\"\n"))
        #expect(try engine.keySource(keyset: "f") == .file("/nonexistent/keys.hex"))
        // The key file is read when the channel opens, with the usual message.
        let result = engine.execute(line: "scp03 open --keyset f")
        #expect(result.outcomes.last?.error?.message == "cannot read /nonexistent/keys.hex: No such file or directory.")
    }

    @Test(arguments: [
        ("scp03 open --keyset nosuch",
         "no key set \"nosuch\" in the config file; key sets: lab, only11, split, wrong."),
        ("scp03 open --keyset only11",
         "key set \"only11\" has no SCP03 keys; give it key, enc/mac/dek or key-file."),
    ])
    func keysetProblems(_ line: String, _ message: String) throws {
        let engine = try engine()
        let result = engine.execute(line: line)
        #expect(result.outcomes.last?.error?.message == message)
    }

    @Test func noConfigMeansNoKeysets() {
        let engine = makeEngine()
        let result = engine.execute(line: "scp03 open --keyset lab")
        #expect(result.outcomes.last?.error?.message
            == "no key set \"lab\": the config file defines none; add a [keysets.lab] table.")
    }

    @Test func aliasesComeBeforeBuiltInNames() throws {
        let engine = try engine()
        let mine = engine.execute(line: "select mine")
        #expect(mine.ok)
        #expect(mine.outcomes[0].exchanges.first?.command == Hex.decodeForTest("00A4040008A00000015100000000"))
        // `isd` is redefined by the config: the alias wins.
        let isd = engine.execute(line: "select ISD")
        #expect(isd.outcomes[0].exchanges.first?.command == Hex.decodeForTest("00A4040007A000000004101000"))
        // Built-in names still work.
        #expect(engine.execute(line: "select ppse").outcomes[0].exchanges.count >= 1)
    }

    @Test func aliasesAreCompleted() throws {
        let engine = try engine()
        let words = engine.completions(line: "select mi", cursor: 9).words.map(\.text)
        #expect(words.contains("mine"))
    }

    @Test func defaultsSetTheSettings() throws {
        let engine = makeEngine()
        engine.apply(try CardshConfig(parsing: "[defaults]\noutput = \"json\"\ncolor = \"on\"\ntrace = \"wire\"\n"))
        #expect(engine.settings.output == .json)
        #expect(engine.settings.color == .on)
        #expect(engine.settings.trace == .wire)
        #expect(engine.config.defaults.reader == nil)
    }

    @Test func keysetParsesPrintsAndIsNotRedacted() {
        let line = parseLine("scp03 open --keyset lab")
        #expect(line.diagnostics.isEmpty)
        guard case .scp03Open(let options)? = line.commands.first else {
            Issue.record("not scp03 open")
            return
        }
        #expect(options.keys == .keyset("lab"))
        #expect(line.commands[0].canonicalText == "scp03 open --keyset lab")
        #expect(line.statements[0].redactedText == "scp03 open --keyset lab")
        let conflict = parseLine("scp03 open --keyset lab --key-env K")
        #expect(conflict.diagnostics.map(\.message) == ["--key-env conflicts with --keyset; give one key source"])
    }
}

extension Hex {
    fileprivate static func decodeForTest(_ text: String) -> [UInt8] {
        (try? Hex.parse(text)) ?? []
    }
}
