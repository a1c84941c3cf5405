import CardCore
import CardCrypto
import Testing

@testable import SecureChannel

/// Recorded SCP03 sessions (S8, cmac+cdec) with real cards, from kaoh/globalplatform,
/// globalplatform/src/scp03Test.c (tests mutual_auth, delete_application, get_status, get_status_enc_mac,
/// get_status_aes_192).
struct KaohSession: Sendable, CustomTestStringConvertible {
    let name: String
    let enc: String
    let mac: String
    let dek: String
    let hostChallenge: String
    let initUpdateCommand: String
    let initUpdateResponse: String
    let externalAuthenticate: String
    /// Session keys S-ENC, S-MAC, S-RMAC when the source lists them.
    let sessionKeys: (String, String, String)?
    /// Plain command and expected wire bytes.
    let commands: [(String, String)]
    var testDescription: String { name }
}

private let kaohENC = "F995D0A069335C7DF42E590317FFEA6D"
private let kaohMAC = "58563362EC5A4541ABCD32B34B1EAE7D"
private let kaohDEK = "0A02A6D687406DCFA09DC70B3EDB7E38"
private let kaohAES192 = "DE2A3629CBC24E8D8869E82C8B4C0D874D88166B6F8A1C12"

let kaohSessions: [KaohSession] = [
    KaohSession(
        name: "mutual_auth", enc: kaohENC, mac: kaohMAC, dek: kaohDEK, hostChallenge: "9BD6BF878FB8E991",
        initUpdateCommand: "80500000089BD6BF878FB8E99100",
        initUpdateResponse: "00000000000000000000300370" + "3C80C2CC87EB3A35" + "E4EDBA35E629C336" + "00001E",
        externalAuthenticate: "848203001023EBFEDC579D22CDCDB6A25A5FF7891F",
        sessionKeys: (
            "D83EE38C9954C8078987A5E9EE6AB13C", "6FF37716E0413065E8DFD08BF1E9EC5E", "0254C786E57ACA8982670C1C1A05FF12"
        ),
        commands: []),
    KaohSession(
        name: "delete_application", enc: kaohENC, mac: kaohMAC, dek: kaohDEK, hostChallenge: "B2BDE1A2DC66BD56",
        initUpdateCommand: "8050000008B2BDE1A2DC66BD5600",
        initUpdateResponse: "00000000000000000000300370" + "C40932A6FEFEAEB2" + "E127185170F45FCA" + "000015",
        externalAuthenticate: "848203001059D54D932423D29F6313C970875F8C2F",
        sessionKeys: (
            "9B841BB63D1087484FF7F16802017243", "8117FE5ADED74AC0DAABE9FB81DBDB67", "4521D75E4D6F60DBFB8AB4EE254EF6F1"
        ),
        commands: [("80E400800A4F08A00100015141434C", "84E400801829F06AEC3180B3EFE91FF662310B945DE0D5FE66AD67A5B6")]),
    KaohSession(
        name: "get_status", enc: kaohENC, mac: kaohMAC, dek: kaohDEK, hostChallenge: "A6D40AEC55FE7986",
        initUpdateCommand: "8050000008A6D40AEC55FE798600",
        initUpdateResponse: "00000000000000000000300370" + "B6E362D0F90F8101" + "C34B7B21A7455320" + "000025",
        externalAuthenticate: "84820300103D958B36BB38AE5896A559345F81471A",
        sessionKeys: nil,
        commands: [("80f24002024f0000", "84f2400218d18c9a7bb2b1b1c7ed1b24e1b1307cb9d71a66abc55cbc3a00")]),
    KaohSession(
        name: "get_status_enc_mac", enc: kaohENC, mac: kaohMAC, dek: kaohDEK, hostChallenge: "DA2390D378D94B0A",
        initUpdateCommand: "8050000008DA2390D378D94B0A00",
        initUpdateResponse: "00000000000000000000300370" + "A7EFE2BFDB3A27A6" + "EAE3FF0EA0D17524" + "000085",
        externalAuthenticate: "8482030010953EEC5B4A81BF393ADC2ADFD638827A",
        sessionKeys: nil,
        commands: [
            ("80F22002024F0000", "84F2200218705C4D16C7BAC5496AEE0ED9963222455472F3CFAC97BCCA00"),
            ("80F24002024F0000", "84F240021834AF0FEDDAE7C07308600587E1B1E6EC87811520D9A6AAAD00"),
            ("80F28002024F0000", "84F28002188D6CFE9EB359EACB9594D8EC161E45C10ED0138E34A10BF300"),
            ("80F21002024F0000", "84F21002183D98B6DE9CBF3905EAE4FAF5E141C58DAB7013D1076745C700"),
        ]),
    KaohSession(
        name: "get_status_aes_192", enc: kaohAES192, mac: kaohAES192, dek: kaohAES192,
        hostChallenge: "4157115CAD7D2FE7",
        initUpdateCommand: "80500000084157115CAD7D2FE700",
        initUpdateResponse: "00008301A8186727A822020310" + "726B1E22EED4F4BB" + "AB21001BFD4B6F02" + "000012",
        externalAuthenticate: "84820300109B126D1B1557297F3C06766CA9ACBD27",
        sessionKeys: nil,
        commands: [("80F22002024F0000", "84F2200218110C222888859059700E5D42AD65F41299B0BFFC03BF79A800")]),
]

@Suite struct SCP03KaohRecordedTests {
    @Test(arguments: kaohSessions)
    func hostReproducesTheRecording(_ s: KaohSession) throws {
        let keys = try SCP03StaticKeys(
            enc: SecretBytes(h(s.enc)), mac: SecretBytes(h(s.mac)), dek: SecretBytes(h(s.dek)))
        let parameters = SCP03Parameters(keys: keys, level: .cmacCdec, hostChallenge: h(s.hostChallenge))
        let (initUpdate, awaiting) = try SCP03Handshake.initializeUpdate(parameters)
        #expect(initUpdate.encoded() == h(s.initUpdateCommand))
        let response = ResponseAPDU(data: h(s.initUpdateResponse), sw: .success)
        let (externalAuthenticate, awaitingAuth) = try awaiting.receive(response)
        #expect(externalAuthenticate.encoded() == h(s.externalAuthenticate))
        if let (enc, mac, rmac) = s.sessionKeys {
            let card = awaitingAuth.cardResponse
            let derived = try SCP03KDF.sessionKeys(from: keys, context: h(s.hostChallenge) + card.cardChallenge)
            #expect(derived.enc.bytes == h(enc))
            #expect(derived.mac.bytes == h(mac))
            #expect(derived.rmac.bytes == h(rmac))
        }
        let session = try awaitingAuth.receive(ResponseAPDU(sw: .success))
        for (plain, wire) in s.commands {
            #expect(try session.wrap(CommandAPDU(parsing: h(plain))).encoded() == h(wire), "\(plain)")
        }
    }

    /// get_status_enc_mac was recorded after selecting the ISD A000000151000000: its pseudo-random card challenge
    /// must match KDF(K-ENC, 02, counter || AID) (GP Amd D v1.2 §6.2.2.1).
    @Test func pseudoRandomChallengeOfARealCard() throws {
        let s = kaohSessions[3]
        let keys = try SCP03StaticKeys(
            enc: SecretBytes(h(s.enc)), mac: SecretBytes(h(s.mac)), dek: SecretBytes(h(s.dek)))
        let challenge = try SCP03KDF.pseudoRandomCardChallenge(
            staticENC: keys.enc, sequenceCounter: h("000085"), aid: h("A000000151000000"), mode: .s8)
        #expect(challenge == h("A7EFE2BFDB3A27A6"))
        let parameters = SCP03Parameters(
            keys: keys, level: .cmacCdec, hostChallenge: h(s.hostChallenge), securityDomainAID: h("A000000151000000"))
        let (_, awaiting) = try SCP03Handshake.initializeUpdate(parameters)
        let (_, awaitingAuth) = try awaiting.receive(ResponseAPDU(data: h(s.initUpdateResponse), sw: .success))
        #expect(try awaitingAuth.receive(ResponseAPDU(sw: .success)).warnings.isEmpty)
    }
}
