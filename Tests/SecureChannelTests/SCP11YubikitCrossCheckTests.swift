import CardCore
import CardCrypto
import Testing

@testable import SecureChannel

/// Bytes produced by an independent SCP11 implementation: yubikit (PyPI yubikey-manager, yubikit/core/smartcard/scp.py
/// `ScpState.scp11_init`, `encrypt`, `mac`, `unmac`, `decrypt`) for SCP11b on P-256, KVN 01, AES-128, with the SD key
/// scalar 11..11, the OCE ephemeral scalar 22..22 (its key generator replaced for the run) and the card ephemeral scalar
/// 33..33. The card's answers were computed with pyca/cryptography primitives (ECDH, X9.63 KDF, CMAC, AES) and
/// accepted by yubikit. Not a published vector: a peer cross-check covering SCP11b, which the OpenSCP-Java recordings
/// lack. yubikit sends the authenticate command without Le, so the header and data are compared.
@Suite struct SCP11YubikitCrossCheckTests {
    static let sdPublic =
        "040217e617f0b6443928278f96999e69a23a4f2c152bdf6d6cdf66e5b80282d4ed194a7debcb97712d2dda3ca85aa8765a56f45fc758"
        + "599652f2897c65306e5794"
    static let authenticate =
        "8088011353a60d9002110095013c8001888101105f494104d65a93977caa3d1b081852ff57a79e465f1660577304baead505dd3a4858"
        + "9cf350185e895372df6221ea3a137557e473fddb6755f05bd507c3c533fce9c91285"
    static let authenticateResponse =
        "5f49410451a7580833898ea1b183cbd7350a4099078c6ef1c1e18e970cd7683035f25e7d0110522712b0b5a7cff081685486984a94e6"
        + "831edac46e7360fa9d834a7a81a18610f1058372a94e212b706acd2069c25268"
    /// 80 CA 00 66 5C015A wrapped at level 33, S8.
    static let wrapped = "84ca006618dd4ef869ae8f1532b961f27cc696bf56b2af2fb23735ba6f"
    /// 5A0401020304 9000 protected with R-ENC and R-MAC.
    static let response = "db50e9e100769722c5c38f353dddeaa9cc8f057066e99aba"

    static func scalar(_ byte: UInt8) -> SecretBytes { SecretBytes([UInt8](repeating: byte, count: 32)) }

    @Test func hostMatchesYubikit() throws {
        let sdKey = try ECPublicKey(curve: .p256, uncompressedPoint: h(Self.sdPublic))
        let parameters = SCP11Parameters(
            variant: .b, kvn: 0x01, sdPublicKey: sdKey,
            ephemeralKey: try ECPrivateKey(curve: .p256, scalar: Self.scalar(0x22)))
        let opening = try SCP11Handshake.begin(parameters)
        let expected = h(Self.authenticate)
        #expect(opening.authenticateCommand.header == Array(expected.prefix(4)))
        #expect(opening.authenticateCommand.data == Array(expected.dropFirst(5)))
        let session = try opening.awaiting.receive(ResponseAPDU(data: h(Self.authenticateResponse), sw: .success))
        let plain = try CommandAPDU(cla: 0x80, ins: 0xCA, p1: 0x00, p2: 0x66, data: h("5C015A"))
        #expect(try session.wrap(plain).encoded() == h(Self.wrapped))
        let answer = try session.unwrap(ResponseAPDU(data: h(Self.response), sw: .success))
        #expect(answer == ResponseAPDU(data: h("5A0401020304"), sw: .success))
    }

    @Test func cardMatchesYubikit() throws {
        let key = SCP11CardKey(
            kid: 0x13, kvn: 0x01, privateKey: try ECPrivateKey(curve: .p256, scalar: Self.scalar(0x11)),
            certificates: [])
        let card = SCP11CardSession(
            keys: [key], oceTrustAnchor: nil, currentTime: 0, random: FixedRandom([0x33]))
        let response = try #require(card.handle(try CommandAPDU(parsing: h(Self.authenticate))))
        #expect(response == ResponseAPDU(data: h(Self.authenticateResponse), sw: .success))
        guard case .accepted(let command) = card.unwrapCommand(h(Self.wrapped)) else {
            Issue.record("card rejected yubikit's protected command")
            return
        }
        #expect(command == (try CommandAPDU(cla: 0x80, ins: 0xCA, p1: 0x00, p2: 0x66, data: h("5C015A"))))
        let protected = card.wrapResponse(ResponseAPDU(data: h("5A0401020304"), sw: .success))
        #expect(protected == ResponseAPDU(data: h(Self.response), sw: .success))
    }
}
