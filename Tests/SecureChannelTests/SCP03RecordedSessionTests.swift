import CardCore
import CardCrypto
import Testing

@testable import SecureChannel

func h(_ s: String) -> [UInt8] { try! Hex.parse(s) }

/// A recorded SCP03 session (S8, pseudo-random card challenge, i = 70) with every wire byte.
///
/// Source: osmocom/pysim, tests/unittests/test_globalplatform.py, classes SCP03_Test_AES{128,192,256}_{11,03,33}
/// (GET EID on an eUICC ISD-R plus four ISO cases of GET STATUS / GET DATA).
struct RecordedSCP03Session: Sendable, CustomTestStringConvertible {
    let name: String
    let keyLength: Int
    let initUpdateCommand: String
    let initUpdateResponse: String
    let externalAuthenticate: String
    let getEIDCommand: String
    let getEIDResponse: String
    let case1: String
    let case2: String
    let case3: String
    let case4: String
    var testDescription: String { name }

    /// KEYSET_AES128/192/256 of the same file: ENC 000102.., MAC 101112.., DEK 202122.., KVN 30/31/32.
    var keys: SCP03StaticKeys {
        func key(_ first: UInt8) -> SecretBytes {
            SecretBytes((0..<keyLength).map { first + UInt8($0 % 16) })
        }
        return try! SCP03StaticKeys(enc: key(0x00), mac: key(0x10), dek: key(0x20))
    }
}

let pySimSessions: [RecordedSCP03Session] = [
    RecordedSCP03Session(
        name: "AES-128 cmac+rmac", keyLength: 16,
        initUpdateCommand: "8050300008b13e5f938fc108c400",
        initUpdateResponse: "000000000000000000003003703eb51047495b249f66c484c1d2ef1948000002",
        externalAuthenticate: "84821100107d5f5826a993ebc89eea24957fa0b3ce",
        getEIDCommand: "84e291000ebf3e035c015a558d036518a2829700",
        getEIDResponse: "bf3e125a1089882119900000000000000000000005971be68992dbbdfa",
        case1: "84f220020863a63f8959827fb2", case2: "84ca006608a0c6a4a74166f7ce00",
        case3: "84f22002124f0212345c054f9f70c52249b50272656536", case4: "84f280020a4f00e91443f6dce6b8ed00"),
    RecordedSCP03Session(
        name: "AES-128 cmac+cdec", keyLength: 16,
        initUpdateCommand: "80503000088e1552d0513c60f300",
        initUpdateResponse: "0000000000000000000030037030760cd2c47c1dd395065fe5ead8a9d7000001",
        externalAuthenticate: "8482030010fd4721a14d9b07003c451d2f8ae6bb21",
        getEIDCommand: "84e2910018ca9c00f6713d79bc8baa642bdff51c3f6a4082d3bd9ad26c00",
        getEIDResponse: "bf3e125a1089882119900000000000000000000005",
        case1: "84f2200208c9811b11f1264cf1", case2: "84ca006608e10ab60b3054798800",
        case3: "84f22002184e2908bdb48b2315a55482e9e936ca122d6ecfae7d17416e",
        case4: "84f28002180dd10a6b6193e5340b9e77d32d5a179cd710ac2773aefb2800"),
    RecordedSCP03Session(
        name: "AES-128 cmac+cdec+rmac+renc", keyLength: 16,
        initUpdateCommand: "8050300008fdf38259a1e0de4400",
        initUpdateResponse: "000000000000000000003003703b1aca81e821f219081cdc01c26b372d000003",
        externalAuthenticate: "84823300108c36f96bcc00724a4e13ad591d7da3f0",
        getEIDCommand: "84e2910018267a85dfe4a98fca6fb0527e0dfecce4914e40401433c87f00",
        getEIDResponse: "f3ba2b1013aa6224f5e1c138d71805c569e5439b47576260b75fc021b25097cb2e68f8a0144975b9",
        case1: "84f2200208ac6a59024bed84cc", case2: "84ca006608409912ad8fb7aed000",
        case3: "84f22002185f3dafc3ac14c381536a488bf44e06d056df9d74dbd21e5a",
        case4: "84f280021865165105be3373347d0424d4400af2ac393f569ec779389e00"),
    RecordedSCP03Session(
        name: "AES-192 cmac+rmac", keyLength: 24,
        initUpdateCommand: "80503100087396430b768b085b00",
        initUpdateResponse: "000000000000000000003103708cfc23522ffdbf1e5df5542cac8fd866000003",
        externalAuthenticate: "84821100102145ed30b146f5db252fb7e624cec244",
        getEIDCommand: "84e291000ebf3e035c015aff42cf801d14394400",
        getEIDResponse: "bf3e125a1089882119900000000000000000000005162fbd33e04940a9",
        case1: "84f22002084584e4f6784811ee", case2: "84ca006608937776ebe190fa3000",
        case3: "84f22002124f0212345c054f9f70c59a52bddf3040368c", case4: "84f280020a4f009804b11411f7393d00"),
    RecordedSCP03Session(
        name: "AES-192 cmac+cdec", keyLength: 24,
        initUpdateCommand: "805031000869c65da8202bf19f00",
        initUpdateResponse: "00000000000000000000310370b570a67be38446717729d6dd3d2ec5b1000001",
        externalAuthenticate: "848203001065df4f1a356a887905466516d9e5b7c1",
        getEIDCommand: "84e2910018d2c6fb477c5d4afe4fd4d21f17eff10d3578ec1774a12a2d00",
        getEIDResponse: "bf3e125a1089882119900000000000000000000005",
        case1: "84f2200208964e188f0b1bb697", case2: "84ca006608f0820035a41d3e1800",
        case3: "84f220021806b076ed452cd1fa84f77f5c08a146aa77a9286757dea791",
        case4: "84f2800218d06527e39222dce091fabdb8e9b898417a67a6852d3577db00"),
    RecordedSCP03Session(
        name: "AES-192 cmac+cdec+rmac+renc", keyLength: 24,
        initUpdateCommand: "80503100089b3f2eef0e8c937400",
        initUpdateResponse: "00000000000000000000310370f6bb305a15bae1a68f79fb08212fbed7000002",
        externalAuthenticate: "84823300109100bc22d58b45b86a26365ce39ff3cf",
        getEIDCommand: "84e29100188f7f946c84f70d17994bc6e8791251bb1bb1bf02cf8de58900",
        getEIDResponse: "c05176c1b6f72aae50c32cbee63b0e95998928fd4dfb2be9f27ffde8c8476f5909b4805cc4039599",
        case1: "84f2200208d5d97754b6b3d2ba", case2: "84ca006608516c82b8e30adbeb00",
        case3: "84f2200218cc247f4761e6944277a4e0d6e32e44025b1e31537e2fc668",
        case4: "84f2800218ba22b63d509bef5d093b43e5eaed03ed23144ab2d9cb51de00"),
    RecordedSCP03Session(
        name: "AES-256 cmac+rmac", keyLength: 32,
        initUpdateCommand: "805032000811666d57866c6f5400",
        initUpdateResponse: "0000000000000000000032037053ea8847efa7674e41498a4d66cf0dee000003",
        externalAuthenticate: "84821100102f2ad190eff2fafc4908996d1cebd310",
        getEIDCommand: "84e291000ebf3e035c015af4b680372542b59d00",
        getEIDResponse: "bf3e125a10898821199000000000000000000000058012dd7f01f1c4c1",
        case1: "84f2200208d618b7da68d5fe52", case2: "84ca0066088f3e055db23ad5e500",
        case3: "84f22002124f0212345c054f9f70c5b6e15cc42404915e", case4: "84f280020a4f00aa124aa74afe7f7500"),
    RecordedSCP03Session(
        name: "AES-256 cmac+cdec", keyLength: 32,
        initUpdateCommand: "8050320008c6066990fc426e1d00",
        initUpdateResponse: "000000000000000000003203708682cd81bbd8919f2de3f2664581f118000001",
        externalAuthenticate: "848203001077c493b632edadaf865a1e64acc07ce9",
        getEIDCommand: "84e29100183ddaa60594963befaada3525b492ede23c2ab2c1ce3afe4400",
        getEIDResponse: "bf3e125a1089882119900000000000000000000005",
        case1: "84f2200208480ddc8e419da38d", case2: "84ca0066083e9d6a6c0b2d732000",
        case3: "84f22002183ebfef2da8b04af2a85f491f299b76973df76ff08a4031be",
        case4: "84f2800218783fff80990f5585b1055010ea95094a26e4a8f1ef4b18e100"),
    RecordedSCP03Session(
        name: "AES-256 cmac+cdec+rmac+renc", keyLength: 32,
        initUpdateCommand: "805032000897b2055fe58599fd00",
        initUpdateResponse: "00000000000000000000320370a8439a22cedf045fa9f1903b2834f26e000002",
        externalAuthenticate: "8482330010508a0fd959d2e547c6b33154a6be2057",
        getEIDCommand: "84e29100187a5ef717eaf1e135ae92fe54429d0e465decda65f5fe5aea00",
        getEIDResponse: "ea90dbfa648a67c5eb6abc57f8530b97d0cd5647c5e8732016b55203b078dd2ace7f8bc5d1c1cd99",
        case1: "84f2200208bcc5c17275545d93", case2: "84ca00660804806aba9d543bb600",
        case3: "84f2200218717222491556ec81a45f49ce48be33320024801a1c4cb0e0",
        case4: "84f2800218561f105bccd3a1642904b251ccc1228beb80a82370a8637000"),
]

@Suite struct SCP03RecordedSessionTests {
    /// Plain commands and response of the same source.
    static let getEIDPlain = "80E2910006BF3E035C015A00"
    static let getEIDResponsePlain = "bf3e125a1089882119900000000000000000000005"
    static let plainCases = ["80F22002", "80ca006600", "80F220020a4f0212345c054f9f70c5", "80f28002024f0000"]

    @Test(arguments: pySimSessions)
    func hostReproducesEveryWireByte(_ s: RecordedSCP03Session) throws {
        let initCommand = try CommandAPDU(parsing: h(s.initUpdateCommand))
        let level = try #require(SecurityLevel(rawValue: h(s.externalAuthenticate)[2]))
        let parameters = SCP03Parameters(
            keys: s.keys, kvn: initCommand.p1, level: level, mode: .s8, hostChallenge: initCommand.data)
        let (command, awaiting) = try SCP03Handshake.initializeUpdate(parameters)
        #expect(command.encoded() == h(s.initUpdateCommand))

        let (externalAuthenticate, awaitingAuth) = try awaiting.receive(
            ResponseAPDU(data: h(s.initUpdateResponse), sw: .success))
        #expect(externalAuthenticate.encoded() == h(s.externalAuthenticate))
        #expect(awaitingAuth.cardResponse.iParameter.rawValue == 0x70)

        let session = try awaitingAuth.receive(ResponseAPDU(sw: .success))
        #expect(session.level == level)
        #expect(session.isOpen)

        let eid = try session.wrap(CommandAPDU(parsing: h(Self.getEIDPlain)))
        #expect(eid.encoded() == h(s.getEIDCommand))
        let response = try session.unwrap(ResponseAPDU(data: h(s.getEIDResponse), sw: .success))
        #expect(response.data == h(Self.getEIDResponsePlain))
        #expect(response.sw == .success)

        let expected = [s.case1, s.case2, s.case3, s.case4]
        for (plain, wire) in zip(Self.plainCases, expected) {
            #expect(try session.wrap(CommandAPDU(parsing: h(plain))).encoded() == h(wire), "\(plain)")
        }
    }

    /// The card side replays the same recordings: with the eUICC's ISD-R AID (A0000005591010FFFFFFFF8900000100, the
    /// application pySim opens SCP03 to) and the recorded sequence counter, the pseudo-random card challenge, the
    /// INITIALIZE UPDATE answer and every protected answer come out as the real card sent them.
    @Test(arguments: pySimSessions)
    func cardReproducesEveryWireByte(_ s: RecordedSCP03Session) throws {
        let response = h(s.initUpdateResponse)
        let counter = response[29..<32].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let kvn = h(s.initUpdateCommand)[2]
        let card = SCP03CardSession(
            keySets: [SCP03CardKeySet(kvn: kvn, keys: s.keys, iParameter: SCP03IParameter(rawValue: 0x70))],
            random: FixedRandom([0]), securityDomainAID: h("A0000005591010FFFFFFFF8900000100"),
            sequenceCounter: counter - 1)
        let initUpdate = card.initializeUpdate(try CommandAPDU(parsing: h(s.initUpdateCommand)))
        #expect(initUpdate == ResponseAPDU(data: response, sw: .success))
        #expect(card.externalAuthenticate(bytes: h(s.externalAuthenticate)).sw == .success)

        guard case .accepted(let getEID) = card.unwrapCommand(h(s.getEIDCommand)) else {
            Issue.record("card refused GET EID")
            return
        }
        #expect(getEID.encoded() == h(Self.getEIDPlain))
        let answer = card.wrapResponse(ResponseAPDU(data: h(Self.getEIDResponsePlain), sw: .success))
        #expect(answer.data == h(s.getEIDResponse))

        for (plain, wire) in zip(Self.plainCases, [s.case1, s.case2, s.case3, s.case4]) {
            guard case .accepted(let command) = card.unwrapCommand(h(wire)) else {
                Issue.record("card refused \(wire)")
                return
            }
            #expect(command.encoded() == h(plain))
        }
    }

    /// The KDF alone against OpenJavaCard/openjavacard-tools,
    /// src/test/java/org/openjavacard/gp/scp/SCP03DerivationTest.java (GP test keys 40..4F; context is
    /// host challenge || card challenge).
    @Test func sessionKeysMatchOpenJavaCard() throws {
        let context = h("A7F76C713F0A713D") + h("31900058C1C451A2")
        let keys = try SCP03KDF.sessionKeys(from: .gpTestKeys, context: context)
        #expect(keys.enc.bytes == h("258a78866f41482bef482dc8ca976ccd"))
        #expect(keys.mac.bytes == h("053db6abc7fdf3b63a0d965ee16b0255"))
        #expect(keys.rmac.bytes == h("eda0b4f2ec0345bfc50f3bc59cfef936"))
    }
}
