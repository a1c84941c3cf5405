// libFuzzer entry point for certificate and key parsing: X.509 DER (RFC 5280), GP 7F21 certificates and BF21
// certificate stores (GP Amd F v1.4 §6.2, §7.4), PEM text (RFC 7468), PKCS#8 / SEC 1 private keys and
// SubjectPublicKeyInfo; `Fuzz/run.sh cert SECONDS`.
// Compiled in one module with Sources/CardCrypto (OpenSSL through Sources/COpenSSL, -lcrypto); CardCore is a
// separate module, as in the package.

import CardCore

/// 2025-06-01 00:00:00 UTC, inside the validity of the seed certificates, so chain checks get past the dates.
private let verificationTime: Int64 = 1_748_736_000

/// A fixed P-256 trust anchor: chains from the corpus do not verify under it, but every link before the first
/// signature check is exercised. libFuzzer calls the entry point from one thread only.
nonisolated(unsafe) private let trustAnchor: ECPublicKey = {
    guard let key = try? ECPrivateKey(curve: .p256, scalar: SecretBytes([UInt8](repeating: 0x11, count: 32))) else {
        fatalError("fixed P-256 scalar refused")
    }
    return key.publicKey
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCertificate(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    checkX509(bytes)
    checkGP(bytes)
    checkBundle(bytes)
    checkText(bytes)
    checkKeys(bytes)
    return 0
}

/// A whole DER certificate keeps its bytes, survives PEM, and every accessor answers.
private func checkX509(_ bytes: [UInt8]) {
    guard let certificate = try? X509Certificate(der: bytes) else { return }
    if certificate.der != bytes { fatalError("X.509 DER not kept for \(bytes.hex)") }
    guard let again = try? X509Certificate(pem: certificate.pem), again.der == bytes else {
        fatalError("X.509 PEM round trip differs for \(bytes.hex)")
    }
    _ = (certificate.subject, certificate.issuer, certificate.serialNumber)
    _ = (certificate.notBefore, certificate.notAfter, certificate.keyUsage, certificate.isCA)
    if let key = try? certificate.publicKey() {
        _ = certificate.isSigned(by: key)
        _ = try? X509Chain.verify(leafFirst: [certificate], trustAnchor: certificate, at: verificationTime)
    }
}

/// A 7F21 certificate keeps its bytes; the signed part is the start of its value, without the signature.
private func checkGP(_ bytes: [UInt8]) {
    guard let certificate = try? GPCertificate(encoded: bytes) else { return }
    if certificate.encoded != bytes { fatalError("GP certificate bytes not kept for \(bytes.hex)") }
    guard certificate.signedData.count < bytes.count, bytes.firstRange(of: certificate.signedData) != nil else {
        fatalError("GP certificate signed data outside the certificate for \(bytes.hex)")
    }
    _ = GPDate.seconds(certificate.expirationDate)
    _ = certificate.effectiveDate.map(GPDate.seconds)
    if let key = try? certificate.publicKey() {
        _ = try? certificate.isSigned(by: key)
    }
    _ = try? certificate.isSigned(by: trustAnchor)
}

/// A certificate store splits into certificates that together are its value, byte for byte.
private func checkBundle(_ bytes: [UInt8]) {
    guard let bundle = try? SCP11Certificate.parseBundle(bytes) else { return }
    var content = bytes
    if let items = try? FlatTLV.items(bytes[...]), items.count == 1, items[0].tag == [0xBF, 0x21] {
        content = Array(bytes[items[0].value])
    }
    if bundle.flatMap(\.encoded) != content { fatalError("certificate store split loses bytes of \(bytes.hex)") }
    guard !bundle.isEmpty else { return }
    _ = try? SCP11Certificate.verifyChain(bundle, trustAnchor: trustAnchor, at: verificationTime)
    if let first = try? bundle[0].publicKey() {
        _ = try? SCP11Certificate.verifyChain(bundle, trustAnchor: first, at: verificationTime)
    }
}

/// PEM text: blocks decode, base64 round-trips, certificate files of either form are read.
private func checkText(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    for block in PEM.blocks(text) {
        guard PEM.base64Decode(PEM.base64Encode(block.der)) == block.der else {
            fatalError("base64 round trip differs for \(block.der.hex)")
        }
    }
    if PEM.base64Decode(PEM.base64Encode(bytes)) != bytes { fatalError("base64 round trip differs for \(bytes.hex)") }
    if let certificates = try? X509Certificate.all(pemOrDER: bytes), certificates.isEmpty {
        fatalError("a certificate file read as no certificate: \(bytes.hex)")
    }
}

/// Key files: a private key read from PEM or DER exports to PKCS#8 that reads back as the same key.
private func checkKeys(_ bytes: [UInt8]) {
    if let key = try? ECPrivateKey.from(pemOrDER: bytes) {
        guard let der = try? key.pkcs8DER(), let again = try? ECPrivateKey.fromDER(der),
            again.publicKey.uncompressedPoint == key.publicKey.uncompressedPoint, again.curve == key.curve
        else { fatalError("private key PKCS#8 round trip differs for \(bytes.hex)") }
    }
    if let key = try? ECPublicKey.fromSubjectPublicKeyInfo(bytes) {
        guard (try? ECPublicKey(curve: key.curve, uncompressedPoint: key.uncompressedPoint)) != nil else {
            fatalError("public key point refused after import for \(bytes.hex)")
        }
    }
}
