import CardCore
import CardCrypto
import Testing

@testable import SecureChannel

/// 2025-06-01 00:00:00 UTC; the test PKI is made around it at run time.
private let now: Int64 = 1_748_736_000

/// A card holding one SCP11 key of `variant` from `pki`, trusting the PKI's OCE CA.
private func makeCard(_ pki: TestPKI, variant: SCP11Variant, mode: SCP03Mode = .s8, seed: UInt64 = 7) throws
    -> SCP11CardSession
{
    let key = SCP11CardKey(
        kid: variant.defaultKID, kvn: 0x01, privateKey: pki.sdKey, certificates: [pki.sdCertificate.der])
    return SCP11CardSession(
        keys: [key], oceTrustAnchor: try pki.oceCA.publicKey(), currentTime: now, random: SeededRandom(seed: seed),
        mode: mode)
}

/// Runs the host handshake against `card`, retrieving and verifying the SD chain first.
private func open(
    _ card: SCP11CardSession, pki: TestPKI, variant: SCP11Variant, keyLength: Int = 16, mode: SCP03Mode = .s8,
    transfer: SCP11CertificateTransfer = .extendedLength, oceCertificates: [[UInt8]]? = nil,
    level: SecurityLevel = .cmacCdecRmacRenc
) throws -> SecureMessagingSession {
    let getData = SCP11CertificateStore.getDataCommand(kid: variant.defaultKID, kvn: 0x01)
    let chain = try SCP11CertificateStore.certificates(from: try #require(card.handle(getData)))
    let sdKey = try SCP11CertificateStore.verify(chain, trustAnchor: try pki.cardCA.publicKey(), at: now)
    let parameters = SCP11Parameters(
        variant: variant, kvn: 0x01, sdPublicKey: sdKey, oceKey: variant == .b ? nil : pki.oceKey,
        oceCertificates: variant == .b ? [] : (oceCertificates ?? [pki.oceCertificate.der]), keyLength: keyLength,
        mode: mode, level: level, certificateTransfer: transfer)
    var random = SeededRandom(seed: 11)
    let opening = try SCP11Handshake.begin(parameters, random: &random)
    for (index, command) in opening.certificateCommands.enumerated() {
        try SCP11Handshake.checkCertificateResponse(try #require(card.handle(command)), index: index)
    }
    return try opening.awaiting.receive(try #require(card.handle(opening.authenticateCommand)))
}

/// One protected command and response through both sides.
private func exchange(host: SecureMessagingSession, card: SCP11CardSession) throws {
    let plain = try CommandAPDU(cla: 0x80, ins: 0xCA, p1: 0x00, p2: 0x66, data: [0x01, 0x02, 0x03], ne: 256)
    let wrapped = try host.wrap(plain)
    guard case .accepted(let received) = card.unwrapCommand(wrapped.encoded()) else {
        Issue.record("card rejected the protected command")
        return
    }
    #expect(received == plain)
    let answer = ResponseAPDU(data: [0xDE, 0xAD, 0xBE, 0xEF], sw: .success)
    #expect(try host.unwrap(card.wrapResponse(answer)) == answer)
}

struct SCP11InteropCase: Sendable, CustomTestStringConvertible {
    let variant: SCP11Variant
    let curve: ECCurve
    let keyLength: Int
    var testDescription: String { "SCP11\(variant.rawValue) \(curve.rawValue) AES-\(keyLength * 8)" }
}

private let interopCases: [SCP11InteropCase] = SCP11Variant.allCases.flatMap { variant in
    ECCurve.allCases.flatMap { curve in
        [16, 24, 32].map { SCP11InteropCase(variant: variant, curve: curve, keyLength: $0) }
    }
}

@Suite struct SCP11CardInteropTests {
    @Test(arguments: interopCases)
    func hostOpensCard(_ c: SCP11InteropCase) throws {
        let pki = try TestPKI.make(curve: c.curve, now: now)
        let card = try makeCard(pki, variant: c.variant)
        let host = try open(card, pki: pki, variant: c.variant, keyLength: c.keyLength)
        #expect(card.isAuthenticated)
        #expect(host.macChainingValue.count == 16)
        try exchange(host: host, card: card)
        try exchange(host: host, card: card)
    }

    @Test(arguments: [SCP03Mode.s8, .s16])
    func chainedUploadAndModes(mode: SCP03Mode) throws {
        let pki = try TestPKI.make(curve: .p521, now: now)
        let card = try makeCard(pki, variant: .c, mode: mode)
        // OCE CA certificate first, then the OCE certificate; each over 255 bytes goes in chained blocks.
        let host = try open(
            card, pki: pki, variant: .c, mode: mode, transfer: .commandChaining(blockSize: 200),
            oceCertificates: [pki.oceCA.der, pki.oceCertificate.der])
        #expect(host.macLength == mode.length)
        try exchange(host: host, card: card)
    }

    @Test func macOnlyLevel() throws {
        let pki = try TestPKI.make(curve: .p256, now: now)
        let card = try makeCard(pki, variant: .b)
        let host = try open(card, pki: pki, variant: .b, level: .cmacRmac)
        #expect(host.level == .cmacRmac)
        try exchange(host: host, card: card)
        #expect(throws: SecureChannelError.scp11(.unsupportedLevel(.cmac))) {
            try open(card, pki: pki, variant: .b, level: .cmac)
        }
    }

    @Test func hostIDAndCardIdentityAreBound() throws {
        let pki = try TestPKI.make(curve: .p256, now: now)
        let identity = SCP11CardIdentity(sin: h("999990"), sdin: h("43534800000000012345"))
        let card = try makeCard(pki, variant: .b)
        card.cardIdentity = identity
        var parameters = SCP11Parameters(
            variant: .b, kvn: 1, sdPublicKey: pki.sdKey.publicKey, hostID: [0x48, 0x4F, 0x53, 0x54],
            cardIdentity: identity)
        let opening = try SCP11Handshake.begin(parameters)
        // A6 { 90 11 04 (b3: host ID), 95 3C, 80 88, 81 10, 84 "HOST" } before 5F49.
        #expect(Array(opening.authenticateCommand.data.prefix(21)) == h("A6139002110495013C8001888101108404484F5354"))
        // keyUsage keyType keyLength, HostID-LV, SIN-LV, SDIN-LV.
        #expect(
            opening.awaiting.template.sharedInfo(cardIdentity: identity)
                == h("3C8810" + "04484F5354" + "03999990" + "0A43534800000000012345"))
        let host = try opening.awaiting.receive(try #require(card.handle(opening.authenticateCommand)))
        try exchange(host: host, card: card)

        // Another card identity derives other keys: the receipt does not verify.
        parameters.cardIdentity = SCP11CardIdentity(sin: h("999990"), sdin: h("43534800000000012346"))
        let other = try SCP11Handshake.begin(parameters)
        let answer = try #require(card.handle(other.authenticateCommand))
        #expect(throws: (any Error).self) { try other.awaiting.receive(answer) }
        // A host ID needs the card identity; a card without one refuses a host ID.
        parameters.cardIdentity = nil
        #expect(throws: SecureChannelError.scp11(.hostIDWithoutCardIdentity(length: 4))) {
            try SCP11Handshake.begin(parameters)
        }
        parameters.cardIdentity = identity
        card.cardIdentity = nil
        #expect(card.handle(try SCP11Handshake.begin(parameters).authenticateCommand)?.sw == .incorrectData)
    }

    @Test func randomSourceMakesEphemeralKeysReproducible() throws {
        let pki = try TestPKI.make(curve: .p384, now: now)
        let parameters = SCP11Parameters(variant: .b, kvn: 1, sdPublicKey: pki.sdKey.publicKey)
        var first = SeededRandom(seed: 5)
        var second = SeededRandom(seed: 5)
        let a = try SCP11Handshake.begin(parameters, random: &first)
        let b = try SCP11Handshake.begin(parameters, random: &second)
        #expect(a.authenticateCommand == b.authenticateCommand)
        #expect(a.authenticateCommand.ins == 0x88)
        #expect(a.certificateCommands.isEmpty)
    }
}

@Suite struct SCP11NegativeTests {
    @Test func forgedSDCertificateIsRejected() throws {
        let pki = try TestPKI.make(curve: .p256, now: now)
        let forger = try ECPrivateKey.generate(curve: .p256)
        let forged = try X509Certificate.issue(
            subjectCommonName: "cardsh test SD ECKA", subjectKey: forger.publicKey, issuer: pki.cardCA,
            issuerKey: forger, serialNumber: 99, notBefore: now - 10, notAfter: now + 10, keyUsage: .keyAgreement,
            isCA: false)
        let chain = try SCP11CertificateStore.certificates(
            from: ResponseAPDU(data: [0xBF, 0x21] + TLV.encodeLength(forged.der.count) + forged.der, sw: .success))
        #expect(
            throws: SecureChannelError.scp11(
                .certificate(
                    .badSignature(index: 0, subject: "/CN=cardsh test SD ECKA", issuer: "/CN=cardsh test CA-KLOC")))
        ) {
            try SCP11CertificateStore.verify(chain, trustAnchor: try pki.cardCA.publicKey(), at: now)
        }
    }

    @Test func expiredSDCertificateIsRejected() throws {
        let pki = try TestPKI.make(curve: .brainpoolP384r1, now: now, validity: 3600)
        let card = try makeCard(pki, variant: .b)
        let chain = try SCP11CertificateStore.certificates(
            from: try #require(card.handle(SCP11CertificateStore.getDataCommand(kid: 0x13, kvn: 0x01))))
        let later = now + 7200
        #expect(
            throws: SecureChannelError.scp11(
                .certificate(.expired(index: 0, subject: "/CN=cardsh test SD ECKA", notAfter: now + 3600, time: later)))
        ) {
            try SCP11CertificateStore.verify(chain, trustAnchor: try pki.cardCA.publicKey(), at: later)
        }
    }

    @Test func wrongSDKeyGivesReceiptMismatch() throws {
        let pki = try TestPKI.make(curve: .p256, now: now)
        let card = try makeCard(pki, variant: .b)
        let other = try ECPrivateKey.generate(curve: .p256)
        let parameters = SCP11Parameters(variant: .b, kvn: 1, sdPublicKey: other.publicKey)
        let opening = try SCP11Handshake.begin(parameters)
        let response = try #require(card.handle(opening.authenticateCommand))
        #expect(response.sw == .success)
        do {
            _ = try opening.awaiting.receive(response)
            Issue.record("a receipt from another SD key was accepted")
        } catch {
            guard case .scp11(.receiptMismatch(let expected, let actual)) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(expected != actual)
            #expect(actual == Array(response.data.suffix(16)))
        }
    }

    @Test func cardRejectsOCEChainFromAnotherCA() throws {
        let pki = try TestPKI.make(curve: .p384, now: now)
        let stranger = try TestPKI.make(curve: .p384, now: now)
        let card = try makeCard(pki, variant: .a)
        #expect(
            throws: SecureChannelError.scp11(.performSecurityOperationFailed(index: 0, sw: .incorrectData))
        ) {
            try open(card, pki: pki, variant: .a, oceCertificates: [stranger.oceCertificate.der])
        }
        #expect(
            card.lastRejection
                == .oceCertificate(
                    .badSignature(index: 0, subject: "/CN=cardsh test OCE ECKA", issuer: "/CN=cardsh test OCE CA")))
        #expect(!card.isAuthenticated)
    }

    @Test func cardRejectsExpiredOCECertificate() throws {
        let pki = try TestPKI.make(curve: .p256, now: now, validity: 60)
        let card = try makeCard(pki, variant: .c)
        card.currentTime = now + 120
        #expect(throws: SecureChannelError.scp11(.performSecurityOperationFailed(index: 0, sw: .incorrectData))) {
            try open(card, pki: pki, variant: .c)
        }
        #expect(
            card.lastRejection
                == .oceCertificate(
                    .expired(index: 0, subject: "/CN=cardsh test OCE ECKA", notAfter: now + 60, time: now + 120)))
    }

    @Test func mutualAuthenticateWithoutUploadIsRefused() throws {
        let pki = try TestPKI.make(curve: .p256, now: now)
        let card = try makeCard(pki, variant: .a)
        let parameters = SCP11Parameters(
            variant: .a, kvn: 1, sdPublicKey: pki.sdKey.publicKey, oceKey: pki.oceKey,
            oceCertificates: [pki.oceCertificate.der])
        let opening = try SCP11Handshake.begin(parameters)
        #expect(throws: SecureChannelError.scp11(.authenticateFailed(variant: .a, sw: .conditionsNotSatisfied))) {
            try opening.awaiting.receive(try #require(card.handle(opening.authenticateCommand)))
        }
        #expect(card.lastRejection == .noOCECertificate)
    }

    @Test func hostParameterErrors() throws {
        let pki = try TestPKI.make(curve: .p256, now: now)
        let other = try ECPrivateKey.generate(curve: .p384)
        #expect(throws: SecureChannelError.scp11(.missingOCEKey(variant: .a))) {
            try SCP11Handshake.begin(SCP11Parameters(variant: .a, kvn: 1, sdPublicKey: pki.sdKey.publicKey))
        }
        #expect(throws: SecureChannelError.scp11(.missingOCECertificates(variant: .c))) {
            try SCP11Handshake.begin(
                SCP11Parameters(variant: .c, kvn: 1, sdPublicKey: pki.sdKey.publicKey, oceKey: pki.oceKey))
        }
        #expect(throws: SecureChannelError.scp11(.curveMismatch(expected: .p256, actual: .p384))) {
            try SCP11Handshake.begin(
                SCP11Parameters(variant: .b, kvn: 1, sdPublicKey: pki.sdKey.publicKey, ephemeralKey: other))
        }
        #expect(throws: SecureChannelError.scp11(.unsupportedKeyLength(20))) {
            try SCP11Handshake.begin(
                SCP11Parameters(variant: .b, kvn: 1, sdPublicKey: pki.sdKey.publicKey, keyLength: 20))
        }
    }

    @Test func cardAnswersUnknownKeyAndWrongINS() throws {
        let pki = try TestPKI.make(curve: .p256, now: now)
        let card = try makeCard(pki, variant: .b)
        #expect(card.handle(SCP11CertificateStore.getDataCommand(kid: 0x11, kvn: 0x01))?.sw == .referencedDataNotFound)
        let parameters = SCP11Parameters(variant: .b, kvn: 1, sdPublicKey: pki.sdKey.publicKey)
        var command = try SCP11Handshake.begin(parameters).authenticateCommand
        command.ins = 0x82
        #expect(card.handle(command)?.sw == .incorrectP1P2)
        #expect(card.lastRejection == .variantMismatch(key: .b, ins: 0x82, iParameter: 0xFF))
        #expect(card.unwrapCommand([0x84, 0xCA, 0x00, 0x66, 0x00]) == .rejected(.securityStatusNotSatisfied))
        // SCP03's EXTERNAL AUTHENTICATE shares INS 82 but carries no A6 template: not taken.
        #expect(
            card.handle(
                try CommandAPDU(cla: 0x84, ins: 0x82, p1: 0x33, p2: 0x00, data: [UInt8](repeating: 1, count: 16)))
                == nil)
        // Chained PSO blocks beyond the limit are refused.
        let block = try CommandAPDU(
            cla: 0x90, ins: 0x2A, p1: 0x81, p2: 0x10, data: [UInt8](repeating: 0x30, count: 255))
        var last = ResponseAPDU(sw: .success)
        for _ in 0..<20 where last.sw == .success { last = try #require(card.handle(block)) }
        #expect(last.sw == .wrongLength)
    }
}
