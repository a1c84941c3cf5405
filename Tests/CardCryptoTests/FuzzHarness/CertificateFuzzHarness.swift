import CardCore

#if !FUZZING
    @testable import CardCrypto
#endif

/// The checks of the certificate fuzz target (Fuzz/CertificateFuzz.swift): X.509 DER (RFC 5280), GP 7F21
/// certificates and BF21 stores (GP Amd F v1.4 §6.2, §7.4), PEM text (RFC 7468), private keys (PKCS#8, SEC 1) and
/// SubjectPublicKeyInfo. Whatever the bytes, nothing traps; what parses keeps its bytes and round-trips.
enum CertificateFuzzHarness {
    /// 2025-06-01 00:00:00 UTC, inside the validity of the seed certificates, so chain checks get past the dates.
    static let verificationTime: Int64 = 1_748_736_000

    /// A fixed P-256 trust anchor: chains from the corpus do not verify under it, but every link before the first
    /// signature check is exercised. Made once; only read afterwards.
    nonisolated(unsafe) static let trustAnchor: ECPublicKey = {
        guard let key = try? ECPrivateKey(curve: .p256, scalar: SecretBytes([UInt8](repeating: 0x11, count: 32)))
        else { preconditionFailure("fixed P-256 scalar refused") }
        return key.publicKey
    }()

    static func check(_ bytes: [UInt8]) throws(FuzzFailure) {
        try checkX509(bytes)
        try checkGP(bytes)
        try checkBundle(bytes)
        try checkText(bytes)
        try checkKeys(bytes)
    }

    /// A whole DER certificate keeps its bytes, survives PEM, and every accessor answers.
    static func checkX509(_ bytes: [UInt8]) throws(FuzzFailure) {
        guard let certificate = try? X509Certificate(der: bytes) else { return }
        guard certificate.der == bytes else { throw FuzzFailure("X.509 DER not kept for \(bytes.hex)") }
        guard let again = try? X509Certificate(pem: certificate.pem), again.der == bytes else {
            throw FuzzFailure("X.509 PEM round trip differs for \(bytes.hex)")
        }
        _ = (certificate.subject, certificate.issuer, certificate.serialNumber)
        _ = (certificate.notBefore, certificate.notAfter, certificate.keyUsage, certificate.isCA)
        if let key = try? certificate.publicKey() {
            _ = certificate.isSigned(by: key)
            _ = try? X509Chain.verify(leafFirst: [certificate], trustAnchor: certificate, at: verificationTime)
        }
    }

    /// A 7F21 certificate keeps its bytes; the signed part lies inside it, shorter than it.
    static func checkGP(_ bytes: [UInt8]) throws(FuzzFailure) {
        guard let certificate = try? GPCertificate(encoded: bytes) else { return }
        guard certificate.encoded == bytes else { throw FuzzFailure("GP certificate bytes not kept: \(bytes.hex)") }
        guard certificate.signedData.count < bytes.count, bytes.firstRange(of: certificate.signedData) != nil else {
            throw FuzzFailure("GP certificate signed data outside the certificate: \(bytes.hex)")
        }
        _ = GPDate.seconds(certificate.expirationDate)
        _ = certificate.effectiveDate.map(GPDate.seconds)
        if let key = try? certificate.publicKey() {
            _ = try? certificate.isSigned(by: key)
        }
        _ = try? certificate.isSigned(by: trustAnchor)
    }

    /// A certificate store splits into certificates that together are its content, byte for byte.
    static func checkBundle(_ bytes: [UInt8]) throws(FuzzFailure) {
        guard let bundle = try? SCP11Certificate.parseBundle(bytes) else { return }
        var content = bytes
        if let items = try? FlatTLV.items(bytes[...]), items.count == 1, items[0].tag == [0xBF, 0x21] {
            content = Array(bytes[items[0].value])
        }
        guard bundle.flatMap(\.encoded) == content else {
            throw FuzzFailure("certificate store split loses bytes of \(bytes.hex)")
        }
        guard !bundle.isEmpty else { return }
        _ = try? SCP11Certificate.verifyChain(bundle, trustAnchor: trustAnchor, at: verificationTime)
        if let first = try? bundle[0].publicKey() {
            _ = try? SCP11Certificate.verifyChain(bundle, trustAnchor: first, at: verificationTime)
        }
    }

    /// PEM text: blocks decode and base64 round-trips; a certificate file that reads gives certificates.
    static func checkText(_ bytes: [UInt8]) throws(FuzzFailure) {
        let text = String(decoding: bytes, as: UTF8.self)
        for block in PEM.blocks(text) where PEM.base64Decode(PEM.base64Encode(block.der)) != block.der {
            throw FuzzFailure("base64 round trip differs for \(block.der.hex)")
        }
        guard PEM.base64Decode(PEM.base64Encode(bytes)) == bytes else {
            throw FuzzFailure("base64 round trip differs for \(bytes.hex)")
        }
        if let certificates = try? X509Certificate.all(pemOrDER: bytes), certificates.isEmpty {
            throw FuzzFailure("a certificate file read as no certificate: \(bytes.hex)")
        }
    }

    /// Key files: a private key read from PEM or DER exports to PKCS#8 that reads back as the same key; an
    /// imported public key's point is accepted again.
    static func checkKeys(_ bytes: [UInt8]) throws(FuzzFailure) {
        if let key = try? ECPrivateKey.from(pemOrDER: bytes) {
            guard let der = try? key.pkcs8DER(), let again = try? ECPrivateKey.fromDER(der),
                again.publicKey.uncompressedPoint == key.publicKey.uncompressedPoint, again.curve == key.curve
            else { throw FuzzFailure("private key PKCS#8 round trip differs for \(bytes.hex)") }
        }
        if let key = try? ECPublicKey.fromSubjectPublicKeyInfo(bytes),
            (try? ECPublicKey(curve: key.curve, uncompressedPoint: key.uncompressedPoint)) == nil
        {
            throw FuzzFailure("public key point refused after import for \(bytes.hex)")
        }
    }
}
