import CardCore
import CardCrypto
import Testing

@testable import SecureChannel

/// Regression: an INTERNAL AUTHENTICATE whose A6 template carried a host ID (tag 84) longer than 255 bytes made the
/// card trap while building SharedInfo, where the host ID sits behind a one-byte length (GP Amd F v1.4 §3.1.2).
/// Found while writing the scp11 fuzz target and reproduced through it: Fuzz/corpus/scp11/crash-host-id-over-255-bytes.
@Suite struct SCP11HostIDLengthTests {
    static let time: Int64 = 1_748_736_000
    static let identity = SCP11CardIdentity(sin: [0x99, 0x99, 0x90], sdin: [0x01, 0x02, 0x03])

    static func keys() throws -> (sd: ECPrivateKey, ephemeral: ECPrivateKey) {
        var random = SeededRandom(seed: 0x5C11)
        return (
            try ECPrivateKey.generate(curve: .p256, random: &random),
            try ECPrivateKey.generate(curve: .p256, random: &random)
        )
    }

    static func card(_ sd: ECPrivateKey) -> SCP11CardSession {
        SCP11CardSession(
            keys: [SCP11CardKey(kid: 0x13, kvn: 0x01, privateKey: sd, certificates: [])], oceTrustAnchor: nil,
            currentTime: time, random: SeededRandom(seed: 3), cardIdentity: identity)
    }

    static func parameters(hostID: [UInt8]) throws -> SCP11Parameters {
        let (sd, ephemeral) = try keys()
        return SCP11Parameters(
            variant: .b, kvn: 0x01, sdPublicKey: sd.publicKey, hostID: hostID, cardIdentity: identity,
            ephemeralKey: ephemeral)
    }

    @Test("a 255-byte host ID opens a session both sides agree on")
    func longestHostID() throws {
        let (sd, _) = try Self.keys()
        let card = Self.card(sd)
        let opening = try SCP11Handshake.begin(try Self.parameters(hostID: [UInt8](repeating: 0x48, count: 255)))
        let answer = card.authenticate(opening.authenticateCommand)
        #expect(answer.sw == .success)
        let session = try opening.awaiting.receive(answer)
        let command = try CommandAPDU(cla: 0x80, ins: 0xCA, p1: 0x00, p2: 0x66, ne: 256)
        guard case .accepted(let plain) = card.unwrapCommand(try session.wrap(command).encoded()) else {
            Issue.record("card refused the first protected command")
            return
        }
        #expect(plain == command)
    }

    @Test("the card refuses a 256-byte host ID with 6A80 instead of trapping")
    func cardRefusesOverlongHostID() throws {
        let (sd, ephemeral) = try Self.keys()
        let template = SCP11ControlReference(
            iParameter: 0x04, keyUsage: 0x3C, keyLength: 16, hostID: [UInt8](repeating: 0x48, count: 256))
        let point = TLV(tag: BERTag(0x5F, 0x49), bytes: ephemeral.publicKey.uncompressedPoint).encoded()
        let command = try CommandAPDU(
            cla: 0x80, ins: 0x88, p1: 0x01, p2: 0x13, data: template.encoded() + point, ne: 256)
        let card = Self.card(sd)
        #expect(card.authenticate(command) == ResponseAPDU(sw: .incorrectData))
        #expect(card.lastRejection == .malformed(.controlReferenceTemplate))
        #expect(!card.isAuthenticated)
    }

    @Test("parsing an A6 template: 255 bytes of host ID pass, 256 are malformed")
    func templateParsing() throws {
        for (count, accepted) in [(255, true), (256, false)] {
            let encoded = SCP11ControlReference(
                iParameter: 0x04, keyUsage: 0x3C, keyLength: 16, hostID: [UInt8](repeating: 0x01, count: count)
            ).encoded()
            var input = encoded[...]
            let tlv = try TLV.decode(&input)
            if accepted {
                #expect(try SCP11ControlReference(parsing: tlv).sharedInfo(cardIdentity: nil).prefix(4) == [0x3C, 0x88, 0x10, 0xFF])
            } else {
                #expect(throws: SecureChannelError.scp11(.malformed(field: .hostID, offset: nil))) {
                    try SCP11ControlReference(parsing: tlv)
                }
            }
        }
    }

    @Test("the host refuses to begin with a 256-byte host ID")
    func hostRefusesOverlongHostID() throws {
        let parameters = try Self.parameters(hostID: [UInt8](repeating: 0x48, count: 256))
        #expect(throws: SecureChannelError.scp11(.hostIDLength(256))) {
            try SCP11Handshake.begin(parameters)
        }
    }
}
