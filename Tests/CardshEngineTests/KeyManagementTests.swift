import CardCore
import Foundation
import Testing
import TransportSim

@testable import CardshEngine

/// `gp put-key` and `gp delete-key` against the virtual card: SCP03 key rotation end to end.
@Suite struct KeyManagementTests {
    /// Keys 00 01 02 ... of each AES length, with their check values: the first 3 bytes of AES-ECB(key, 16 x 01)
    /// (GP Amd D v1.2 §6.2.2.3 / GP CS v2.3.1 §B.6), computed independently with
    /// `printf '\x01%.0s' {1..16} | openssl enc -aes-N-ecb -K KEY -nopad | xxd -p`.
    static let sequentialKeys: [(key: String, kcv: String)] = [
        ("000102030405060708090A0B0C0D0E0F", "C35280"),
        ("000102030405060708090A0B0C0D0E0F1011121314151617", "38FCB6"),
        ("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F", "75E208"),
    ]
    static let testKey128 = "404142434445464748494A4B4C4D4E4F"

    func fields(_ outcome: CommandOutcome?) -> [String: String] {
        guard case .fields(let fields)? = outcome?.result else { return [:] }
        return Dictionary(fields.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
    }

    func keyRows(_ engine: Engine) -> [GPKeyRow] {
        let outcome = engine.execute(line: "gp keys").outcomes.first
        guard case .gp(let output)? = outcome?.result, case .keys(let rows) = output.content else { return [] }
        return rows
    }

    @Test("add key set 0x40, open a channel with it, and see it in gp keys", arguments: 0..<3)
    func addThenOpenWithTheNewKeys(_ index: Int) throws {
        let (key, kcv) = Self.sequentialKeys[index]
        let length = key.count / 2
        let engine = makeEngine()
        #expect(engine.execute(line: "select isd; scp03 open; gp keys").ok)
        let put = engine.execute(line: "gp put-key --new-kvn 0x40 --key \(key)")
        #expect(put.ok, "\(put.outcomes.last?.error?.message ?? "")")
        let outcome = try #require(put.outcomes.first)
        // One PUT KEY: 80 D8 00 81 (add; key id 01, several keys), answered with KVN || 3 KCVs (GP CS v2.3.1 §11.8).
        let exchange = try #require(outcome.exchanges.first)
        #expect(outcome.exchanges.count == 1)
        #expect(Array(exchange.command.prefix(4)) == [0x80, 0xD8, 0x00, 0x81])
        #expect(exchange.response.data == (try Hex.parse("40" + kcv + kcv + kcv)))
        #expect(fields(outcome)["key set"] == "0x40 added (AES-\(length * 8), keys 01 ENC, 02 MAC, 03 DEK)")
        #expect(
            fields(outcome)["key check values"]
                == "ENC \(kcv), MAC \(kcv), DEK \(kcv) (as computed, confirmed by the card)")
        #expect(
            outcome.notes.map(\.text)
                == ["the channel still runs on key set 0x30; `scp03 open --kvn 0x40` with the new keys uses it."])

        let rows = keyRows(engine).filter { $0.key.version == 0x40 }
        #expect(rows.map(\.key.id) == [1, 2, 3])
        #expect(rows.allSatisfy { $0.change == .added && $0.key.components.first?.length == length })

        let open = engine.execute(line: "scp03 open --kvn 0x40 --key \(key)")
        #expect(open.ok, "\(open.outcomes.last?.error?.message ?? "")")
        #expect(fields(open.outcomes.first)["key version"] == "0x40")
        let cplc = engine.execute(line: "gp data cplc")
        #expect(cplc.ok)
        #expect(cplc.outcomes.first?.exchanges.first?.wrappedCommand != nil)
        // The new key set does not open with the old keys.
        let wrong = engine.execute(line: "scp03 open --kvn 0x40 --key \(Self.testKey128)")
        #expect(!wrong.ok)
    }

    /// The plain PUT KEY the shell sends under the GP test key channel, byte for byte. Cryptograms computed
    /// independently: `openssl enc -aes-128-cbc -K 404142434445464748494A4B4C4D4E4F -iv 00..00 -nopad` over the new
    /// key (the 24-byte key padded with 80 00.. to 32 bytes first); layout 88 Lk+1 Lk cryptogram 03 KCV per key
    /// (GP CS v2.3.1 §11.8.2.3, GP Amd D v1.2 §7.2).
    static let knownPutKeys: [(key: String, keyData: String)] = [
        (
            "000102030405060708090A0B0C0D0E0F",
            "881110" + "3D0FA4B855D2A5AA4954B8B5DF582A3A" + "03C35280"
        ),
        (
            "000102030405060708090A0B0C0D0E0F1011121314151617",
            "882118" + "3D0FA4B855D2A5AA4954B8B5DF582A3A091178493F68BAFFEC01366CE60189E2" + "0338FCB6"
        ),
    ]

    @Test("the PUT KEY command matches an independent computation", arguments: 0..<2)
    func putKeyCommandKnownAnswer(_ index: Int) throws {
        let (key, keyData) = Self.knownPutKeys[index]
        let engine = makeEngine()
        #expect(engine.execute(line: "select isd; scp03 open --kvn 0x30 --key \(Self.testKey128)").ok)
        let put = engine.execute(line: "gp put-key --new-kvn 0x40 --key \(key)")
        #expect(put.ok)
        let data = "40" + keyData + keyData + keyData
        let expected = try Hex.parse("80D80081" + Hex.encode([UInt8(data.count / 2)]) + data + "00")
        #expect(put.outcomes.first?.exchanges.first?.command == expected)
    }

    @Test func threeDifferentKeysOpenAsTheyWerePut() throws {
        let enc = "101112131415161718191A1B1C1D1E1F"
        let mac = "202122232425262728292A2B2C2D2E2F"
        let dek = "303132333435363738393A3B3C3D3E3F"
        let engine = makeEngine()
        #expect(engine.execute(line: "select isd; scp03 open").ok)
        let put = engine.execute(line: "gp put-key --new-kvn 0x40 --enc \(enc) --mac \(mac) --dek \(dek)")
        #expect(put.ok, "\(put.outcomes.last?.error?.message ?? "")")
        let open = engine.execute(line: "scp03 open --kvn 0x40 --enc \(enc) --mac \(mac) --dek \(dek)")
        #expect(open.ok, "\(open.outcomes.last?.error?.message ?? "")")
        // Under the new channel, its own DEK encrypts the next keys: the card accepts them only if it is right.
        let next = engine.execute(line: "gp put-key --new-kvn 0x41 --key \(Self.sequentialKeys[0].key)")
        #expect(next.ok, "\(next.outcomes.last?.error?.message ?? "")")
    }

    @Test func replaceWithAnotherVersionAndLength() throws {
        let (key128, _) = Self.sequentialKeys[0]
        let (key256, kcv256) = Self.sequentialKeys[2]
        let engine = makeEngine()
        #expect(engine.execute(line: "select isd; scp03 open; gp put-key --new-kvn 0x40 --key \(key128)").ok)
        #expect(engine.execute(line: "scp03 open --kvn 0x40 --key \(key128); gp keys").ok)
        let replace = engine.execute(line: "gp put-key --new-kvn 0x41 --replace-kvn 0x40 --key \(key256)")
        #expect(replace.ok, "\(replace.outcomes.last?.error?.message ?? "")")
        let outcome = try #require(replace.outcomes.first)
        #expect(outcome.exchanges.first?.command[2] == 0x40)
        #expect(fields(outcome)["key set"] == "0x40 replaced by 0x41 (AES-256, keys 01 ENC, 02 MAC, 03 DEK)")
        #expect(fields(outcome)["key check values"]?.hasPrefix("ENC \(kcv256), ") == true)
        #expect(
            outcome.notes.map(\.text) == [
                "the channel stays open on its session keys; key set 0x40 is gone, so `scp03 open --kvn 0x41` with "
                    + "the new keys uses it."
            ])
        // The channel opened with the old key set goes on.
        #expect(engine.execute(line: "gp data cplc").ok)
        let rows = keyRows(engine)
        #expect(rows.filter { $0.key.version == 0x41 }.map(\.change) == [.added, .added, .added])
        #expect(rows.filter { $0.key.version == 0x40 }.map(\.change) == [.removed, .removed, .removed])
        #expect(engine.execute(line: "scp03 open --kvn 0x41 --key \(key256)").ok)
        let old = engine.execute(line: "scp03 open --kvn 0x40 --key \(key128)")
        #expect(old.outcomes.last?.error?.message.hasPrefix("INITIALIZE UPDATE: 6A88") == true)
    }

    @Test func replaceInPlaceMarksTheRowsReplaced() throws {
        let (key128, _) = Self.sequentialKeys[0]
        let (key192, _) = Self.sequentialKeys[1]
        let engine = makeEngine()
        #expect(engine.execute(line: "select isd; scp03 open; gp put-key --new-kvn 0x40 --key \(key128); gp keys").ok)
        let replace = engine.execute(line: "gp put-key --new-kvn 0x40 --replace-kvn 0x40 --key \(key192)")
        #expect(replace.ok, "\(replace.outcomes.last?.error?.message ?? "")")
        #expect(
            fields(replace.outcomes.first)["key set"] == "0x40 replaced by 0x40 (AES-192, keys 01 ENC, 02 MAC, 03 DEK)")
        let rows = keyRows(engine).filter { $0.key.version == 0x40 }
        #expect(rows.map(\.change) == [.replaced, .replaced, .replaced])
        #expect(rows.allSatisfy { $0.key.components.first?.length == 24 })
    }

    @Test func replacingTheChannelsOwnKeySetInPlaceSaysSo() throws {
        let engine = makeEngine()
        #expect(engine.execute(line: "select isd; scp03 open --kvn 0x30").ok)
        let replace = engine.execute(
            line: "gp put-key --new-kvn 0x30 --replace-kvn 0x30 --key \(Self.sequentialKeys[0].key)")
        #expect(replace.ok)
        #expect(
            replace.outcomes.first?.notes.map(\.text) == [
                "the channel stays open on its session keys; key set 0x30 now holds the new keys, so the next "
                    + "`scp03 open --kvn 0x30` with the new keys uses it."
            ])
        #expect(engine.execute(line: "gp data cplc").ok)
        #expect(!engine.execute(line: "scp03 open --kvn 0x30").ok)
        #expect(engine.execute(line: "scp03 open --kvn 0x30 --key \(Self.sequentialKeys[0].key)").ok)
    }

    @Test func deleteAKeySet() throws {
        let (key, _) = Self.sequentialKeys[0]
        let engine = makeEngine()
        #expect(engine.execute(line: "select isd; scp03 open; gp put-key --new-kvn 0x40 --key \(key); gp keys").ok)
        let delete = engine.execute(line: "gp delete-key --kvn 0x40")
        #expect(delete.ok, "\(delete.outcomes.last?.error?.message ?? "")")
        let outcome = try #require(delete.outcomes.first)
        // DELETE 80 E4 00 00 with tag D2 (key version), GP CS v2.3.1 §11.2.2.3.
        #expect(outcome.exchanges.first?.command == (try Hex.parse("80E4000003D2014000")))
        #expect(fields(outcome)["deleted"] == "key set 0x40")
        let rows = keyRows(engine).filter { $0.key.version == 0x40 }
        #expect(rows.map(\.change) == [.removed, .removed, .removed])
        #expect(!engine.execute(line: "scp03 open --kvn 0x40 --key \(key)").ok)
    }

    @Test func deleteOneKeyOfASetSendsTagD0() throws {
        let engine = makeEngine()
        #expect(engine.execute(line: "select isd; scp03 open").ok)
        let delete = engine.execute(line: "gp delete-key --kvn 0x31 --kid 2")
        #expect(delete.ok, "\(delete.outcomes.last?.error?.message ?? "")")
        #expect(delete.outcomes.first?.exchanges.first?.command == (try Hex.parse("80E4000006D00102D2013100")))
        #expect(fields(delete.outcomes.first)["deleted"] == "key 0x02 of key set 0x31")
    }

    @Test func keysFromAFileAndFromTheEnvironment() throws {
        let (key, kcv) = Self.sequentialKeys[0]
        let dir = temporaryDirectory()
        let path = dir.appendingPathComponent("new-keys.hex").path
        try "# ENC MAC DEK\n\(key)\n\(key)\n\(key)\n".write(toFile: path, atomically: true, encoding: .utf8)
        let (key256, kcv256) = Self.sequentialKeys[2]
        let engine = Engine(
            environment: EngineEnvironment(
                readers: nil, clock: { 0 }, environmentVariable: { $0 == "NEW_CARD_KEYS" ? key256 : nil }))
        _ = engine.connect(.sim, quietly: true)
        #expect(engine.execute(line: "select isd; scp03 open").ok)
        let fromFile = engine.execute(line: "gp put-key --new-kvn 0x40 --key-file \(path)")
        #expect(fromFile.ok, "\(fromFile.outcomes.last?.error?.message ?? "")")
        #expect(fromFile.outcomes.first?.exchanges.first?.response.data == (try Hex.parse("40" + kcv + kcv + kcv)))
        let fromEnvironment = engine.execute(line: "gp put-key --new-kvn 0x41 --key-env NEW_CARD_KEYS")
        #expect(fromEnvironment.ok, "\(fromEnvironment.outcomes.last?.error?.message ?? "")")
        #expect(
            fromEnvironment.outcomes.first?.exchanges.first?.response.data
                == (try Hex.parse("41" + kcv256 + kcv256 + kcv256)))
        let missing = engine.execute(line: "gp put-key --new-kvn 0x42 --key-env NOT_SET")
        #expect(
            missing.outcomes.first?.error?.message
                == "environment variable NOT_SET is not set; it should hold one hex key or three (ENC MAC DEK).")
        #expect(missing.outcomes.first?.exchanges.isEmpty == true)
    }
}
