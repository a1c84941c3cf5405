import CardCore
import CardCrypto
import Testing

@testable import SecureChannel

/// Bytes produced by an independent SCP03 implementation: yubikit (PyPI yubikey-manager 5.9,
/// yubikit/core/smartcard/scp.py `ScpState` and `ScpProcessor`), driven with the GP test keys, KVN 30, host
/// challenge 0011223344556677 and card challenge 8899AABBCCDDEEFF, level 33. The card's responses were built with the
/// same library's primitives (`_init_cipher`, `_calculate_mac`). Not a published vector: a peer cross-check, S8 and
/// AES-128 only (yubikit supports nothing else).
@Suite struct SCP03YubikitCrossCheckTests {
    static let initUpdateResponse = "000000000000000000003003608899aabbccddeeffc9965d1c6f55200a"
    static let externalAuthenticate = "84823300105beb870c8d9db59f3c353d438304f5c0"
    /// 80 E2 91 00 BF3E035C015A, Le 00.
    static let getEID = "84e29100181e89af5fc8346c70141ddf4de6075f3be019e00565283b0500"
    static let getEIDResponse = "b7417fc18d73610d03f490d78bb0aed36c943068285cc78278f53c3b0b4cd5052a004d9f248ee423"
    static let getEIDPlain = "bf3e125a1089882119900000000000000000000005"
    /// 80 CA 00 66, no data, Le 00: yubikit encrypts a lone padding block (counter 2).
    static let getData = "84ca006618c24a675578d369a453f413d9e43422e6694d28b1961e607f00"
    static let getDataResponse = "d683b3aa633048e13885167b2198e0a532f55e3ac6ef4e5f"

    @Test func hostMatchesYubikit() throws {
        let parameters = SCP03Parameters(
            keys: .gpTestKeys, kvn: 0x30, level: .cmacCdecRmacRenc, hostChallenge: h("0011223344556677"))
        let (_, awaiting) = try SCP03Handshake.initializeUpdate(parameters)
        let (externalAuthenticate, awaitingAuth) = try awaiting.receive(
            ResponseAPDU(data: h(Self.initUpdateResponse), sw: .success))
        #expect(externalAuthenticate.encoded() == h(Self.externalAuthenticate))
        let session = try awaitingAuth.receive(ResponseAPDU(sw: .success))
        let command = try session.wrap(
            CommandAPDU(cla: 0x80, ins: 0xE2, p1: 0x91, p2: 0x00, data: h("BF3E035C015A"), ne: 256))
        #expect(command.encoded() == h(Self.getEID))
        let response = try session.unwrap(ResponseAPDU(data: h(Self.getEIDResponse), sw: .success))
        #expect(response.data == h(Self.getEIDPlain))
    }

    @Test func cardAcceptsYubikit() throws {
        let card = SCP03CardSession(
            keySets: [SCP03CardKeySet(kvn: 0x30, keys: .gpTestKeys, iParameter: SCP03IParameter(rawValue: 0x60))],
            random: FixedRandom(h("8899AABBCCDDEEFF")), securityDomainAID: h("A000000151000000"))
        let initUpdate = card.initializeUpdate(try CommandAPDU(parsing: h("8050300008001122334455667700")))
        #expect(initUpdate == ResponseAPDU(data: h(Self.initUpdateResponse), sw: .success))
        #expect(card.externalAuthenticate(bytes: h(Self.externalAuthenticate)).sw == .success)

        guard case .accepted(let getEID) = card.unwrapCommand(h(Self.getEID)) else {
            Issue.record("card refused yubikit's GET EID")
            return
        }
        #expect(getEID.encoded() == h("80E2910006BF3E035C015A00"))
        let wrapped = card.wrapResponse(ResponseAPDU(data: h(Self.getEIDPlain), sw: .success))
        #expect(wrapped.data == h(Self.getEIDResponse))

        // The encrypted empty data field decrypts to no data.
        guard case .accepted(let getData) = card.unwrapCommand(h(Self.getData)) else {
            Issue.record("card refused yubikit's GET DATA")
            return
        }
        #expect(getData.encoded() == h("80CA006600"))
        #expect(card.wrapResponse(ResponseAPDU(data: h("9f7f2a"), sw: .success)).data == h(Self.getDataResponse))
    }
}
