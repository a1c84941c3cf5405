import CardCore
import CardCrypto
import SecureChannel
import Testing

@testable import TransportSim

private let now: Int64 = 1_767_225_600

/// PK.SD.ECKA from GET DATA BF21.
private func sdKey(_ card: SimulatedCard, kvn: UInt8 = 1) throws -> ECPublicKey {
    let store = sendCollecting(card, "80CABF2106A604830213" + Hex.encode([kvn]) + "00")
    let chain = try SCP11CertificateStore.certificates(from: ResponseAPDU(data: store.data, sw: store.sw))
    return try chain.last!.publicKey()
}

/// Opens SCP11b with SecureChannel's host side against `card`; returns the open session.
private func openSCP11b(_ card: SimulatedCard, sdKey: ECPublicKey, kvn: UInt8 = 1) throws -> SecureMessagingSession {
    let opening = try SCP11Handshake.begin(SCP11Parameters(variant: .b, kvn: kvn, sdPublicKey: sdKey))
    let answer = sendCollecting(card, Hex.encode(opening.authenticateCommand.encoded()))
    return try opening.awaiting.receive(ResponseAPDU(data: answer.data, sw: answer.sw))
}

/// The ISD's SCP11 side (GP Amd F v1.4) as the virtual card wires it.
@Suite struct SCP11ResponderTests {
    @Test func keysAreMadeOnlyWhenAnSCP11CommandNeedsThem() throws {
        var made = 0
        var configuration = SimulatedCard.Configuration()
        configuration.makeSCP11 = {
            made += 1
            return SCP11CardConfiguration(pki: try! SCP11TestPKI.make(now: now), currentTime: now)
        }
        let card = SimulatedCard(configuration: configuration)
        #expect(send(card, "00A4040008" + isdAID + "00").sw == .success)
        #expect(made == 0)
        let key = try sdKey(card)
        _ = try openSCP11b(card, sdKey: key)
        _ = try openSCP11b(card, sdKey: key)
        #expect(made == 1)
    }

    @Test(arguments: [(ECCurve.p256, 0x41), (.p384, 0x61), (.p521, 0x85)] as [(ECCurve, Int)])
    func keyInformationListsTheSCP11Keys(curve: ECCurve, pointLength: Int) throws {
        let card = SimulatedCard(configuration: .withTestSCP11(curve: curve, now: now))
        let answer = sendCollecting(card, "80CA00E000")
        let entries = try #require(decodeOne(answer.data)?.children.compactMap(primitive))
        // GP CS v2.3.1 §11.3.3.1: KID, KVN, B0 (ECC public key) and its length, F0 (key parameter reference).
        for kid: UInt8 in [0x11, 0x13, 0x15] {
            #expect(entries.contains([kid, 0x01, 0xB0, UInt8(pointLength), 0xF0, 0x01]))
        }
    }

    @Test func certificateStoreFollowsTheGetDataTemplateQuirk() throws {
        var configuration = SimulatedCard.Configuration.withTestSCP11(now: now)
        let full = sendCollecting(SimulatedCard(configuration: configuration), "80CABF2106A6048302130100")
        #expect(full.sw == .success && Array(full.data.prefix(2)) == [0xBF, 0x21])
        configuration.getDataOmitsTemplateTag = true
        let bare = sendCollecting(SimulatedCard(configuration: configuration), "80CABF2106A6048302130100")
        // As a YubiKey answers: the certificates one after another, each a DER SEQUENCE.
        #expect(bare.sw == .success && bare.data.first == 0x30)
        #expect(try SCP11Certificate.parseBundle(bare.data).count == 2)
        let missing = sendCollecting(SimulatedCard(configuration: configuration), "80CABF2106A6048302130200")
        #expect(missing.sw == .referencedDataNotFound)
    }

    @Test func aPlainAuthenticateEndsTheOpenSessionAndOpensANewOne() throws {
        let card = SimulatedCard(configuration: .withTestSCP11(now: now))
        let key = try sdKey(card)
        let first = try openSCP11b(card, sdKey: key)
        // A protected GET DATA works under the first session.
        let wrapped = try first.wrap(CommandAPDU(cla: 0x80, ins: 0xCA, p1: 0x9F, p2: 0x7F, ne: 256))
        let answer = try ResponseAPDU(parsing: card.process(wrapped.encoded()))
        #expect(try first.unwrap(answer).sw == .success)
        // The next handshake's plain commands are not refused as unprotected (they end the session instead).
        let second = try openSCP11b(card, sdKey: key)
        let again = try second.wrap(CommandAPDU(cla: 0x80, ins: 0xCA, p1: 0x9F, p2: 0x7F, ne: 256))
        #expect(try second.unwrap(ResponseAPDU(parsing: card.process(again.encoded()))).sw == .success)
    }
}

@Suite struct SCP11ResponderRoutingTests {
    /// SCP03 EXTERNAL AUTHENTICATE whose host cryptogram starts with A6 (1 in 256 sessions) stays SCP03's.
    @Test func externalAuthenticateStartingWithA6GoesToSCP03() throws {
        let card = SimulatedCard(configuration: .withTestSCP11(now: now))
        #expect(send(card, "00A4040008" + isdAID + "00").sw == .success)
        // With no INITIALIZE UPDATE before it, SCP03 answers 6985; SCP11 would have answered 6A80 or 6A88.
        let answer = send(card, "8482330010A6000000000000000000000000000000")
        #expect(answer.sw == .conditionsNotSatisfied)
    }
}
