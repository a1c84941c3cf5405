import CardCore
import Foundation
import Testing

@testable import CardCrypto

private func h(_ s: String) -> [UInt8] { try! Hex.parse(s) }

/// Published test certificate and keys: Samsung/OpenSCP-Java,
/// src/test/java/com/samsung/openscp/testdata/Scp11TestData.java (X509_CERT_OCE_ECKA_P256, SK_OCE_ECKA_P256,
/// GP_CERT_OCE_ECKA_P256).
enum OpenSCPTestCertificates {
    static let oceP256 = h(
        "30820211308201B6A00302010202146DBC19AFE3782C7C0053F19E86DF2F0F00B559EA300A06082A8648CE3D0403023051310B30"
            + "09060355040613024B52310B300906035504080C0253553110300E060355040A0C0753616D73756E673123302106035504030C1A"
            + "43412D4B4C4F4320436572746966696361746520285445535429301E170D3235303230363130323135365A170D32363035303931"
            + "30323135365A304D310B3009060355040613024B52310B300906035504080C0253553110300E060355040A0C0753616D73756E67"
            + "311F301D06035504030C164F4345204365727469666963617465202854455354293059301306072A8648CE3D020106082A8648CE"
            + "3D03010703420004B5C2598092609EFEFBA7A2FBED2F6E9142CA3882E7DE69D47D29476E7F0CE85077480CAC6AD5C156CE459F25"
            + "92DA0EECDCB0DE2E8F112C9E49C4655A11C59620A370306E301D0603551D0E04160414E225C62F5E33CA02D23D9D83D0685B4EB2"
            + "FEBC11301F0603551D23041830168014851A6F60A6B45534647260877A357F3676C35686300E0603551D0F0101FF040403020308"
            + "301C0603551D200101FF04123010300E060C2A864886FC6B64000A020100300A06082A8648CE3D0403020349003046022100A0D2"
            + "76B639EE863758B5568ADFA9D3B7F3D906A557C4C7675607FC82A9596EC6022100D7044BDE4CB536055CF93D5C7FCF5C7C5298EB"
            + "1D4646357CE6515BC0CD9E10FF")
    static let oceP256Point = h(
        "04B5C2598092609EFEFBA7A2FBED2F6E9142CA3882E7DE69D47D29476E7F0CE85077480CAC6AD5C156CE459F2592DA0EECDCB0DE2E"
            + "8F112C9E49C4655A11C59620")
    static let oceP256KeyPKCS8 = h(
        "308187020100301306072A8648CE3D020106082A8648CE3D030107046D306B0201010420A5116B848D41BD93737F187ABC03886B"
            + "F7A80422D150025109C6749F45BB9B6DA14403420004B5C2598092609EFEFBA7A2FBED2F6E9142CA3882E7DE69D47D29476E7F0C"
            + "E85077480CAC6AD5C156CE459F2592DA0EECDCB0DE2E8F112C9E49C4655A11C59620")
    static let gpOceP256 = h(
        "7F2181E193146DBC19AFE3782C7C0053F19E86DF2F0F00B559EA4214851A6F60A6B45534647260877A357F3676C356865F2014E2"
            + "25C62F5E33CA02D23D9D83D0685B4EB2FEBC11950200805F2404141C0C1F7F4946B04104B5C2598092609EFEFBA7A2FBED2F6E91"
            + "42CA3882E7DE69D47D29476E7F0CE85077480CAC6AD5C156CE459F2592DA0EECDCB0DE2E8F112C9E49C4655A11C59620F001005F"
            + "3747304502210085941BB4C425EC62AFAFEC6C47BDF5481744F76D76D1BB71FF9353DCA2ED381E0220572584095E48FFC54589A8"
            + "8923CC9FB24F6380388C9BC6BE004A7E7368244DCB")
}

/// 2025-06-01 00:00:00 UTC, inside the published certificates' validity.
private let june2025: Int64 = 1_748_736_000

@Suite struct X509CertificateTests {
    @Test func parsesPublishedOCECertificate() throws {
        let certificate = try X509Certificate(der: OpenSCPTestCertificates.oceP256)
        #expect(certificate.subject == "/C=KR/ST=SU/O=Samsung/CN=OCE Certificate (TEST)")
        #expect(certificate.issuer == "/C=KR/ST=SU/O=Samsung/CN=CA-KLOC Certificate (TEST)")
        #expect(certificate.serialNumber == h("6DBC19AFE3782C7C0053F19E86DF2F0F00B559EA"))
        #expect(certificate.notBefore == 1_738_837_316)  // 250206102156Z
        #expect(certificate.notAfter == 1_778_322_116)  // 260509102156Z
        #expect(certificate.keyUsage == .keyAgreement)
        #expect(certificate.isCA == false)
        let key = try certificate.publicKey()
        #expect(key.curve == .p256)
        #expect(key.uncompressedPoint == OpenSCPTestCertificates.oceP256Point)
        #expect(try X509Certificate(pem: certificate.pem).der == certificate.der)
    }

    @Test func rejectsCurvesSCP11DoesNotUse() throws {
        // Self-signed secp256k1 certificate made with
        // `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:secp256k1 -subj /CN=k1 -outform DER`.
        let der = h(
            "3082016f30820114a00302010202141c3fc2e4b37992e716ef5ae71bc7504208bbfd6e300a06082a8648ce3d040302300d310b"
                + "300906035504030c026b313020170d3236313132323034353334305a180f32313236313032393034353334305a300d310b30"
                + "0906035504030c026b313056301006072a8648ce3d020106052b8104000a03420004129a091dc49401a33a616196a77ccadaf4"
                + "06388ca641889932dd6e968f096d31703d08ae83176b76c2d3732c6a2495867c84aa9a01a8ce02efe0df2cc08614f4a3533051"
                + "301d0603551d0e0416041447b05ce5f8bbe8a265b742f2e73e3314b52dd9e1301f0603551d2304183016801447b05ce5f8bbe8"
                + "a265b742f2e73e3314b52dd9e1300f0603551d130101ff040530030101ff300a06082a8648ce3d040302034900304602210081"
                + "807cd78b5d06aaf57e5f75eecb9ec1953fd3cdcc66932250d921d8e5d45b600221009e63596f157e30978f117a1c79d7ca7987"
                + "210b825ac7980a5d2c66bafa331fde")
        let certificate = try X509Certificate(der: der)
        #expect(certificate.subject == "/CN=k1")
        #expect(certificate.isCA)
        #expect(throws: CryptoError.certificate(.unsupportedKey(name: "secp256k1"))) {
            try certificate.publicKey()
        }
    }

    @Test func rejectsTruncatedAndTrailingDER() {
        let der = OpenSCPTestCertificates.oceP256
        #expect(throws: CryptoError.certificate(.invalidDER(length: der.count - 1))) {
            try X509Certificate(der: Array(der.dropLast()))
        }
        #expect(throws: CryptoError.certificate(.invalidDER(length: der.count + 1))) {
            try X509Certificate(der: der + [0x00])
        }
        #expect(throws: CryptoError.certificate(.noPEMBlock(label: "CERTIFICATE"))) {
            try X509Certificate(pem: "no certificate here")
        }
    }

    @Test func readsPKCS8AndSEC1PrivateKeys() throws {
        let pkcs8 = try ECPrivateKey.fromDER(OpenSCPTestCertificates.oceP256KeyPKCS8)
        #expect(pkcs8.curve == .p256)
        #expect(pkcs8.publicKey.uncompressedPoint == OpenSCPTestCertificates.oceP256Point)
        // SEC 1 key made with `openssl ecparam -name prime256v1 -genkey -noout`; point from `openssl ec -pubout`.
        let sec1 = """
            -----BEGIN EC PRIVATE KEY-----
            MHcCAQEEIKwzu8RUvpl5pmMJ78gw2dFuboCv2KlsSYJJMmXvfuQIoAoGCCqGSM49
            AwEHoUQDQgAEVGlZ4JdZEZXeIzcbq5vhbmlNUZR/fp3iFWucoyNWnAIN7uynFGZi
            49ONdmVLQl4w2qVOGD9gff4FBjppWqScJQ==
            -----END EC PRIVATE KEY-----
            """
        let key = try ECPrivateKey.fromPEM(sec1)
        #expect(
            key.publicKey.uncompressedPoint
                == h(
                    "04546959e097591195de23371bab9be16e694d51947f7e9de2156b9ca323569c020deeeca7146662e3d38d76654b425e"
                        + "30daa54e183f607dfe05063a695aa49c25"))
        let again = try ECPrivateKey.fromPEM(try key.pkcs8PEM())
        #expect(again.publicKey.uncompressedPoint == key.publicKey.uncompressedPoint)
        #expect(throws: CryptoError.certificate(.noPEMBlock(label: "PRIVATE KEY"))) {
            try ECPrivateKey.fromPEM(X509Certificate(der: OpenSCPTestCertificates.oceP256).pem)
        }
    }

    @Test func readsSeveralCertificatesFromOnePEM() throws {
        let pki = try TestPKI.make(curve: .p256, now: june2025)
        let bundle = pki.oceCertificate.pem + "\n" + pki.oceCA.pem
        let certificates = try X509Certificate.all(pem: bundle)
        #expect(certificates.map(\.der) == [pki.oceCertificate.der, pki.oceCA.der])
    }

    @Test(arguments: [ECCurve.p256, .p521, .brainpoolP512r1])
    func seededTestPKIRepeatsItsKeys(curve: ECCurve) throws {
        let first = try TestPKI.make(curve: curve, now: june2025, seed: 42)
        let second = try TestPKI.make(curve: curve, now: june2025 + 999, seed: 42)
        let other = try TestPKI.make(curve: curve, now: june2025, seed: 43)
        #expect(first.cardCAKey.publicKey.uncompressedPoint == second.cardCAKey.publicKey.uncompressedPoint)
        #expect(first.oceKey.publicKey.uncompressedPoint == second.oceKey.publicKey.uncompressedPoint)
        #expect(first.sdKey.publicKey.uncompressedPoint != other.sdKey.publicKey.uncompressedPoint)
        // A certificate from one run verifies under the CA key rebuilt in another.
        try X509Chain.verify(leafFirst: [first.sdCertificate], trustAnchor: second.cardCA, at: june2025)
    }

    @Test func readsFilesInEitherEncoding() throws {
        let pki = try TestPKI.make(curve: .p384, now: june2025)
        let fromDER = try X509Certificate.all(pemOrDER: pki.oceCertificate.der)
        let fromPEM = try X509Certificate.all(pemOrDER: Array((pki.oceCertificate.pem + pki.oceCA.pem).utf8))
        #expect(fromDER.map(\.der) == [pki.oceCertificate.der])
        #expect(fromPEM.map(\.der) == [pki.oceCertificate.der, pki.oceCA.der])
        let keyDER = try ECPrivateKey.from(pemOrDER: try pki.oceKey.pkcs8DER())
        let keyPEM = try ECPrivateKey.from(pemOrDER: Array(try pki.oceKey.pkcs8PEM().utf8))
        #expect(keyDER.publicKey.uncompressedPoint == pki.oceKey.publicKey.uncompressedPoint)
        #expect(keyPEM.publicKey.uncompressedPoint == pki.oceKey.publicKey.uncompressedPoint)
        #expect(throws: CryptoError.certificate(.noPEMBlock(label: "CERTIFICATE"))) {
            try X509Certificate.all(pemOrDER: Array("hello".utf8))
        }
    }

    @Test(arguments: ECCurve.allCases)
    func testPKIChainsVerify(curve: ECCurve) throws {
        let pki = try TestPKI.make(curve: curve, now: june2025)
        let sdKey = try X509Chain.verify(leafFirst: [pki.sdCertificate], trustAnchor: pki.cardCA, at: june2025)
        #expect(sdKey.uncompressedPoint == pki.sdKey.publicKey.uncompressedPoint)
        try X509Chain.verify(leafFirst: [pki.oceCertificate], trustAnchor: pki.oceCA, at: june2025)
        try pki.sdCertificate.verify(signedBy: pki.cardCA)
        #expect(pki.cardCA.isCA)
        #expect(pki.sdCertificate.keyUsage == .keyAgreement)
        #expect(pki.cardCA.keyUsage == [.keyCertSign, .cRLSign])
    }

    @Test func chainErrorsNameTheProblem() throws {
        let pki = try TestPKI.make(curve: .p256, now: june2025, validity: 86_400)
        let late = june2025 + 2 * 86_400
        #expect(
            throws: CryptoError.certificate(
                .expired(
                    index: 0, subject: "/CN=cardsh test SD ECKA", notAfter: june2025 + 86_400, time: late))
        ) {
            try X509Chain.verify(leafFirst: [pki.sdCertificate], trustAnchor: pki.cardCA, at: late)
        }
        let early = june2025 - 3 * 86_400
        #expect(
            throws: CryptoError.certificate(
                .notYetValid(
                    index: 0, subject: "/CN=cardsh test SD ECKA", notBefore: june2025 - 86_400, time: early))
        ) {
            try X509Chain.verify(leafFirst: [pki.sdCertificate], trustAnchor: pki.cardCA, at: early)
        }
        #expect(
            throws: CryptoError.certificate(
                .issuerMismatch(
                    index: 0, issuer: "/CN=cardsh test CA-KLOC", nextSubject: "/CN=cardsh test OCE CA"))
        ) {
            try X509Chain.verify(leafFirst: [pki.sdCertificate], trustAnchor: pki.oceCA, at: june2025)
        }
        // Same issuer name, other key: the signature check catches it.
        let forger = try ECPrivateKey.generate(curve: .p256)
        let forged = try X509Certificate.issue(
            subjectCommonName: "cardsh test SD ECKA", subjectKey: forger.publicKey, issuer: pki.cardCA,
            issuerKey: forger, serialNumber: 9, notBefore: june2025 - 10, notAfter: june2025 + 10,
            keyUsage: .keyAgreement, isCA: false)
        #expect(
            throws: CryptoError.certificate(
                .badSignature(index: 0, subject: "/CN=cardsh test SD ECKA", issuer: "/CN=cardsh test CA-KLOC"))
        ) {
            try X509Chain.verify(leafFirst: [forged], trustAnchor: pki.cardCA, at: june2025)
        }
        let signer = try X509Certificate.issue(
            subjectCommonName: "signer", subjectKey: forger.publicKey, issuer: pki.cardCA, issuerKey: pki.cardCAKey,
            serialNumber: 10, notBefore: june2025 - 10, notAfter: june2025 + 10, keyUsage: .digitalSignature,
            isCA: false)
        #expect(
            throws: CryptoError.certificate(
                .wrongKeyUsage(index: 0, subject: "/CN=signer", required: 0x08, actual: 0x80))
        ) {
            try X509Chain.verify(leafFirst: [signer], trustAnchor: pki.cardCA, at: june2025)
        }
        #expect(throws: CryptoError.certificate(.emptyChain)) {
            try X509Chain.verify(leafFirst: [], trustAnchor: pki.cardCA, at: june2025)
        }
    }
}

@Suite struct GPCertificateTests {
    @Test func parsesPublishedGPCertificate() throws {
        let certificate = try GPCertificate(encoded: OpenSCPTestCertificates.gpOceP256)
        #expect(certificate.serialNumber == h("6DBC19AFE3782C7C0053F19E86DF2F0F00B559EA"))
        #expect(certificate.caIdentifier == h("851A6F60A6B45534647260877A357F3676C35686"))
        #expect(certificate.subjectIdentifier == h("E225C62F5E33CA02D23D9D83D0685B4EB2FEBC11"))
        #expect(certificate.keyUsage == [0x00, 0x80])
        #expect(certificate.expirationDate == h("141C0C1F"))
        #expect(certificate.effectiveDate == nil)
        #expect(certificate.curve == .p256)
        #expect(try certificate.publicKey().uncompressedPoint == OpenSCPTestCertificates.oceP256Point)
        #expect(certificate.signature.count == 0x47)
        // The signed part runs from 93 up to (not including) 5F37.
        #expect(certificate.signedData.first == 0x93)
        #expect(certificate.signedData.count == 0xE1 - 3 - 0x47)
    }

    @Test func reportsMissingFields() {
        // 7F21 holding only a serial number.
        #expect(throws: CryptoError.certificate(.gpCertificate(tag: "42", offset: nil))) {
            try GPCertificate(encoded: h("7F2103930101"))
        }
        #expect(throws: CryptoError.certificate(.gpCertificate(tag: "7F21", offset: 0))) {
            try GPCertificate(encoded: h("7F2203930101"))
        }
    }

    @Test func parsesOptionalFields() throws {
        // GP Amd F §6.2 layout with every optional field; the point is P-256's generator G (SEC 2 §2.4.2).
        let g =
            "046B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C2964FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE"
            + "33576B315ECECBB6406837BF51F5"
        let body =
            "930101" + "4201CA" + "5F20015D" + "95020080" + "5F250420250101" + "5F240420301231" + "5302AABB"
            + "BF200380010F" + "7F4946B041" + g + "F00100"
        let signed = h(body)
        let encoded = h("7F2181" + String(format: "%02X", signed.count + 5) + body + "5F3702CCDD")
        let certificate = try GPCertificate(encoded: encoded)
        #expect(certificate.effectiveDate == h("20250101"))
        #expect(certificate.expirationDate == h("20301231"))
        #expect(certificate.discretionaryData == TLV(tag: BERTag(0x53), bytes: [0xAA, 0xBB]))
        #expect(certificate.extensions?.tag == BERTag(0xBF, 0x20))
        #expect(certificate.signedData == signed)
        #expect(certificate.signature == [0xCC, 0xDD])
        #expect(try certificate.publicKey().uncompressedPoint == h(g))
        // A two-byte signature verifies under no key.
        #expect(try certificate.isSigned(by: certificate.publicKey()) == false)
    }

    @Test(arguments: ECCurve.allCases)
    func issuesAndVerifies(curve: ECCurve) throws {
        let ca = try ECPrivateKey.generate(curve: curve)
        let subject = try ECPrivateKey.generate(curve: curve)
        let certificate = try GPCertificate.issue(
            serialNumber: [0x01], caIdentifier: [0xCA], subjectIdentifier: [0x5D], effectiveDate: h("20250101"),
            expirationDate: h("20301231"), subjectKey: subject.publicKey, issuerKey: ca)
        try certificate.verify(signedBy: ca.publicKey)
        #expect(try certificate.publicKey().uncompressedPoint == subject.publicKey.uncompressedPoint)
        #expect(try GPCertificate(encoded: certificate.encoded) == certificate)
        #expect(throws: CryptoError.certificate(.badSignature(index: 0, subject: "5D", issuer: "CA"))) {
            try certificate.verify(signedBy: subject.publicKey)
        }
    }
}
