import CardCore
import CardshLanguage
import Testing
import TransportSim
@testable import CardshEngine

/// `kdf` and `scp03 open --diversify`, through the shell.
@Suite struct KDFTests {
    static let testKey16 = "404142434445464748494A4B4C4D4E4F"
    static let testKey24 = testKey16 + "5051525354555657"

    func fields(_ engine: Engine, _ line: String) throws -> [String: String] {
        let result = engine.execute(line: line)
        let outcome = try #require(result.outcomes.last)
        #expect(outcome.ok, "\(outcome.error?.message ?? "")")
        guard case .fields(let fields) = outcome.result else {
            Issue.record("no fields for \(line)")
            return [:]
        }
        return Dictionary(fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// KCVs from GlobalPlatformPro's TestPlaintextKeys (EMV_SCP02, VISA2_SCP02: 3DES KCVs; KDF3_SCP03_AES192: AES).
    @Test func showsPublishedCheckValuesAndInputs() throws {
        let engine = makeEngine(connected: false)
        let emv = try fields(engine, "kdf emv --kdd 00010203040506070809")
        #expect(emv["scheme"] == "emv (EMV CPS v1.1: 3DES-ECB over KDD[4..9] F0|0F k)")
        #expect(emv["master keys"] == "GP test key 404142...4F; KCV ENC = MAC = DEK 504A77 (AES), 8BAF47 (3DES)")
        #expect(emv["ENC input"] == "040506070809F0010405060708090F01")
        #expect(emv["ENC KCV"]?.hasSuffix("C33013 (3DES)") == true)
        #expect(emv["MAC KCV"]?.hasSuffix("6F4CA6 (3DES)") == true)
        #expect(emv["DEK KCV"]?.hasSuffix("BB8179 (3DES)") == true)

        let visa2 = try fields(engine, "kdf visa2 --kdd 00010203040506070809 --key \(Self.testKey16)")
        #expect(visa2["MAC input"] == "000104050607F0020001040506070F02")
        #expect([visa2["ENC KCV"], visa2["MAC KCV"], visa2["DEK KCV"]].map { $0?.suffix(13) }
            == ["2BE598 (3DES)", "58DA38 (3DES)", "3C328E (3DES)"])

        let kdf3 = try fields(engine, "kdf kdf3 --kdd 00010203040506070809 --key \(Self.testKey24)")
        #expect(kdf3["master keys"] == "KCV ENC = MAC = DEK FFCD73")
        #expect(kdf3["DEK input"] == "i || 000000030000010203040506070809")
        #expect([kdf3["ENC KCV"], kdf3["MAC KCV"], kdf3["DEK KCV"]] == ["1DE8EA", "47C00C", "C04D76"])
    }

    @Test func neverShowsKeyBytes() throws {
        let engine = makeEngine(connected: false)
        let result = engine.execute(line: "kdf kdf3 --kdd 00010203040506070809 --key \(Self.testKey16)")
        let (out, err) = TextRenderer(color: false, trace: .off).render(try #require(result.outcomes.first))
        // The derived AES-128 ENC key starts E7... only in its KCV; no 16-byte run of key hex appears.
        #expect(!(out + err).contains(Self.testKey16))
        #expect(!(out + err).contains("404142434445"))
        let parsed = parseLine("kdf kdf3 --kdd 00010203040506070809 --key \(Self.testKey16)")
        #expect(parsed.statements.map(\.redactedText) == ["kdf kdf3 --kdd 00010203040506070809 --key <redacted>"])
        let k = Self.testKey16
        let set = parseLine("kdf emv --kdd 00010203040506070809 --enc \(k) --mac \(k) --dek \(k)")
        #expect(set.statements.map(\.redactedText)
            == ["kdf emv --kdd 00010203040506070809 --enc <redacted> --mac <redacted> --dek <redacted>"])
    }

    @Test func keysFromTheEnvironment() throws {
        let engine = Engine(environment: EngineEnvironment(
            readers: nil, clock: { 0 }, environmentVariable: { $0 == "MASTER" ? Self.testKey24 : nil }))
        let kdf3 = try fields(engine, "kdf kdf3 --kdd 00010203040506070809 --key-env MASTER")
        #expect([kdf3["ENC KCV"], kdf3["MAC KCV"], kdf3["DEK KCV"]] == ["1DE8EA", "47C00C", "C04D76"])
    }

    /// Error texts, as a reviewer reads them: line, then the exact message.
    @Test(arguments: [
        ("kdf emv --kdd 00010203040506070809 --key \(testKey24)",
         "the emv scheme needs a 16-byte (two-key 3DES) master key; got 24 bytes"),
        ("kdf visa2 --kdd 00010203040506070809 --key-env NOPE",
         "environment variable NOPE is not set; it should hold one hex key or three (ENC MAC DEK)."),
    ])
    func errors(_ line: String, _ message: String) {
        let result = makeEngine(connected: false).execute(line: line)
        #expect(result.outcomes.last?.error?.message == message)
    }

    @Test(arguments: [
        ("kdf kdf3", "kdf needs --kdd HEX (the 10-byte key diversification data)"),
        ("kdf kdf3 --kdd 0001020304050607", "--kdd must be 10 bytes, found 8"),
        ("kdf aes --kdd 00010203040506070809", nil),
        ("kdf kdf3 --kdd 00010203040506070809 --key 0011", "--key must be 16, 24 or 32 bytes, found 2"),
        ("kdf kdf3 --kdd 00010203040506070809 --key \(testKey16) --key-env K",
         "--key-env conflicts with --key; give one key source"),
        ("kdf kdf3 --kdd 00010203040506070809 --enc \(testKey16)",
         "--enc, --mac and --dek come as a set of three; missing --mac, --dek"),
        ("scp03 open --diversify emv2", nil),
    ] as [(String, String?)])
    func parseErrors(_ line: String, _ message: String?) {
        let parsed = parseLine(line)
        #expect(parsed.commands.isEmpty)
        #expect(!parsed.diagnostics.isEmpty)
        if let message { #expect(parsed.diagnostics.map(\.message) == [message]) }
    }

    @Test func parsesIntoOptions() {
        #expect(parseLine("kdf visa2 --kdd 43534800000123456789 --keyset lab").commands
            == [.kdf(KDFOptions(scheme: .visa2, kdd: try! Hex.parse("43534800000123456789"), keys: .keyset("lab")))])
        #expect(parseLine("scp03 open --diversify kdf3 --kvn 0x32").commands
            == [.scp03Open(SCP03OpenOptions(kvn: 0x32, diversify: .kdf3))])
    }

    // The virtual card holds only the derived keys; the host derives them from the master key and the KDD the
    // card sends (4353485F000123456789). Expected KCVs were computed with the Python `cryptography` package
    // from the scheme definitions, an implementation independent of this one.
    static let cards: [(scheme: KeyDiversification, kvn: UInt8, length: Int, kcvs: String)] = [
        (.kdf3, 0x30, 16, "ENC 4E07EF, MAC EB465B, DEK 093F76"),
        (.kdf3, 0x32, 32, "ENC BC6AFB, MAC 854DB7, DEK 7F66D0"),
        (.emv, 0x30, 16,
         "ENC 4D9ADF (AES), ECF445 (3DES), MAC 64AA1F (AES), 331885 (3DES), DEK 666A67 (AES), 6C3610 (3DES)"),
        (.visa2, 0x30, 16,
         "ENC 4914E8 (AES), 0DFAEE (3DES), MAC D0CA61 (AES), 2CDE41 (3DES), DEK 279B0D (AES), 59F75A (3DES)"),
    ]

    static func engine(diversifiedWith scheme: KeyDiversification, kvn: UInt8, length: Int) -> Engine {
        let master = SecretBytes((0..<length).map { UInt8(0x40 + $0) })
        let keySet = SCP03KeySet.diversified(kvn: kvn, master: master, scheme: Engine.diversificationScheme(scheme))!
        let configuration = SimulatedCard.Configuration(scp03KeySets: [keySet])
        return Engine(environment: EngineEnvironment(
            readers: nil, clock: { 0 },
            makeSimulatedCard: { SimulatedCardTransport(card: SimulatedCard(configuration: configuration)) }))
    }

    @Test(arguments: 0..<cards.count)
    func opensWithDiversifiedKeys(_ index: Int) throws {
        let card = Self.cards[index]
        let engine = Self.engine(diversifiedWith: card.scheme, kvn: card.kvn, length: card.length)
        _ = engine.execute(line: "connect sim; select isd")
        let master = Hex.encode((0..<card.length).map { UInt8(0x40 + $0) })
        let result = engine.execute(line: "scp03 open --key \(master) --diversify \(card.scheme.rawValue)")
        let outcome = try #require(result.outcomes.last)
        #expect(outcome.ok, "\(outcome.error?.message ?? "")")
        // No extra APDU: INITIALIZE UPDATE, then EXTERNAL AUTHENTICATE.
        #expect(outcome.exchanges.map { $0.command[1] } == [0x50, 0x82])
        guard case .fields(let fields) = outcome.result else { throw CommandError("no fields") }
        #expect(fields.first { $0.name == "diversification" }?.value == card.scheme.rawValue)
        #expect(fields.first { $0.name == "card key check values" }?.value == card.kcvs)
        #expect(engine.execute(line: "gp data cplc").ok)
        #expect(engine.prompt().contains("[scp03 "))
    }

    /// With no keys, kdf3 tries the GP test key of 16, 24 and 32 bytes as the master key, offline.
    @Test func testMasterKeyLengthIsFoundWithoutAnotherAPDU() throws {
        let engine = Self.engine(diversifiedWith: .kdf3, kvn: 0x32, length: 32)
        _ = engine.execute(line: "connect sim; select isd")
        let result = engine.execute(line: "scp03 open --kvn 0x32 --diversify kdf3")
        let outcome = try #require(result.outcomes.last)
        #expect(outcome.ok, "\(outcome.error?.message ?? "")")
        #expect(outcome.exchanges.map { $0.command[1] } == [0x50, 0x82])
        #expect(outcome.notes.first?.text
            == "master key: the GlobalPlatform test key 404142...5F; "
                + "card keys derived with kdf3 from the key diversification data.")
        let other = Self.engine(diversifiedWith: .emv, kvn: 0x30, length: 16)
        _ = other.execute(line: "connect sim; select isd")
        #expect(other.execute(line: "scp03 open --diversify kdf3").outcomes.last?.error?.message
            == "card cryptogram mismatch (GP Amd D v1.2 §6.2.2.2); wrong key set for KVN 0x30? No channel was opened."
                + " (the GP test keys 404142... of 16, 24 and 32 bytes were tried as kdf3 master keys)")
    }

    @Test func withoutOrWithTheWrongSchemeTheCryptogramFails() throws {
        let engine = Self.engine(diversifiedWith: .kdf3, kvn: 0x30, length: 16)
        _ = engine.execute(line: "connect sim; select isd")
        let plain = engine.execute(line: "scp03 open --key \(Self.testKey16)")
        #expect(plain.outcomes.last?.error?.message
            == "card cryptogram mismatch (GP Amd D v1.2 §6.2.2.2); wrong key set for KVN 0x30? No channel was opened.")
        let wrong = engine.execute(line: "scp03 open --diversify emv")
        #expect(wrong.outcomes.last?.error?.message
            == "card cryptogram mismatch (GP Amd D v1.2 §6.2.2.2); wrong key set for KVN 0x30? No channel was opened."
                + " (keys derived with emv from master keys with KCV ENC = MAC = DEK 504A77 (AES), 8BAF47 (3DES))")
        #expect(wrong.outcomes.last?.exchanges.count == 1)
        let right = engine.execute(line: "scp03 open --diversify kdf3")
        #expect(right.ok)
        #expect(right.outcomes.last?.notes.first?.text
            == "master key: the GlobalPlatform test key 404142...4F; "
                + "card keys derived with kdf3 from the key diversification data.")
    }
}
