internal import COpenSSL

extension X509Certificate {
    /// Issues a certificate: `subjectKey` signed by `issuerKey` (self-signed when `issuer` is nil), ECDSA with the
    /// hash that fits the issuer's curve. For test PKIs and the virtual card; validity times are given, never read.
    /// - Parameters:
    ///   - notBefore, notAfter: seconds since 1970-01-01 UTC.
    ///   - keyUsage: written as a critical key usage extension.
    ///   - isCA: adds a critical basicConstraints cA:TRUE.
    /// - Throws: `.openSSL` when OpenSSL refuses a step.
    public static func issue(
        subjectCommonName: String, subjectKey: ECPublicKey, issuer: X509Certificate?, issuerKey: ECPrivateKey,
        serialNumber: UInt64, notBefore: Int64, notAfter: Int64, keyUsage: X509KeyUsage, isCA: Bool
    ) throws(CryptoError) -> X509Certificate {
        guard let x509 = X509_new() else { throw openSSLError("X509_new") }
        defer { X509_free(x509) }
        try check(X509_set_version(x509, 2), "X509_set_version")
        guard let serial = ASN1_INTEGER_new() else { throw openSSLError("ASN1_INTEGER_new") }
        defer { ASN1_INTEGER_free(serial) }
        try check(ASN1_INTEGER_set_uint64(serial, serialNumber), "ASN1_INTEGER_set_uint64")
        try check(X509_set_serialNumber(x509, serial), "X509_set_serialNumber")
        guard ASN1_TIME_set(X509_getm_notBefore(x509), time_t(notBefore)) != nil,
            ASN1_TIME_set(X509_getm_notAfter(x509), time_t(notAfter)) != nil
        else { throw openSSLError("ASN1_TIME_set") }
        guard let name = X509_NAME_new() else { throw openSSLError("X509_NAME_new") }
        defer { X509_NAME_free(name) }
        let added = subjectCommonName.withCString { cn in
            cn.withMemoryRebound(to: UInt8.self, capacity: 1) { bytes in
                X509_NAME_add_entry_by_txt(name, "CN", Self.mbstringASC, bytes, -1, -1, 0)
            }
        }
        try check(added, "X509_NAME_add_entry_by_txt")
        try check(X509_set_subject_name(x509, name), "X509_set_subject_name")
        let issuerName = issuer.map { X509_get_subject_name($0.x509) } ?? name
        try check(X509_set_issuer_name(x509, issuerName), "X509_set_issuer_name")
        try check(X509_set_pubkey(x509, subjectKey.pkey), "X509_set_pubkey")
        try addExtension(x509, nid: NID_key_usage, value: "critical," + keyUsage.names.joined(separator: ","))
        if isCA { try addExtension(x509, nid: NID_basic_constraints, value: "critical,CA:TRUE") }
        guard X509_sign(x509, issuerKey.evpKey, issuerKey.curve.signatureHash.evp) > 0 else {
            throw openSSLError("X509_sign")
        }
        var out: UnsafeMutablePointer<UInt8>?
        let length = i2d_X509(x509, &out)
        guard length > 0, let out else { throw openSSLError("i2d_X509") }
        defer { CRYPTO_free(out, #file, #line) }
        return try X509Certificate(der: Array(UnsafeBufferPointer(start: out, count: Int(length))))
    }

    /// MBSTRING_ASC (MBSTRING_FLAG | 1), a macro expression Swift does not import.
    private static let mbstringASC: Int32 = 0x1001

    private static func addExtension(_ x509: OpaquePointer, nid: Int32, value: String) throws(CryptoError) {
        guard let ext = X509V3_EXT_conf_nid(nil, nil, nid, value) else { throw openSSLError("X509V3_EXT_conf_nid") }
        defer { X509_EXTENSION_free(ext) }
        try check(X509_add_ext(x509, ext, -1), "X509_add_ext")
    }
}

extension X509KeyUsage {
    /// OpenSSL configuration names of the bits (x509v3_config(5)).
    var names: [String] {
        var out: [String] = []
        if contains(.digitalSignature) { out.append("digitalSignature") }
        if contains(.keyAgreement) { out.append("keyAgreement") }
        if contains(.keyCertSign) { out.append("keyCertSign") }
        if contains(.cRLSign) { out.append("cRLSign") }
        return out
    }
}

extension ECCurve {
    /// The hash paired with the curve's size for ECDSA (BSI TR-03111 §4.2.1.1; GP Amd F §6.2).
    public var signatureHash: HashAlgorithm {
        switch self {
        case .p256, .brainpoolP256r1: return .sha256
        case .p384, .brainpoolP384r1: return .sha384
        case .p521, .brainpoolP512r1: return .sha512
        }
    }
}

/// A complete SCP11 test PKI made at run time, so nothing in the repository expires (GP Amd F §2.3 roles):
/// CA-KLOC (issues the card's SD certificate), SD ECKA certificate and key, OCE CA (CA-KLCC), OCE certificate
/// and key.
public struct TestPKI {
    public let curve: ECCurve
    public let cardCA: X509Certificate
    public let cardCAKey: ECPrivateKey
    public let sdCertificate: X509Certificate
    public let sdKey: ECPrivateKey
    public let oceCA: X509Certificate
    public let oceCAKey: ECPrivateKey
    public let oceCertificate: X509Certificate
    public let oceKey: ECPrivateKey

    /// Keys on `curve` (fresh from OpenSSL, or drawn from `SeededRandom(seed:)` when a seed is given, so a virtual
    /// card and a host can rebuild the same keys in separate processes); every certificate valid from
    /// `now - 1 day` for `validity` seconds. Seeded keys are public knowledge: for tests and demos only.
    /// - Throws: `.openSSL` on a key generation or signing failure.
    public static func make(
        curve: ECCurve, now: Int64, validity: Int64 = 365 * 86_400, seed: UInt64? = nil
    ) throws(CryptoError) -> TestPKI {
        var random = SeededRandom(seed: seed ?? 0)
        func key() throws(CryptoError) -> ECPrivateKey {
            seed == nil
                ? try ECPrivateKey.generate(curve: curve) : try ECPrivateKey.generate(curve: curve, random: &random)
        }
        let start = now - 86_400
        let end = now + validity
        let cardCAKey = try key()
        let cardCA = try X509Certificate.issue(
            subjectCommonName: "cardsh test CA-KLOC", subjectKey: cardCAKey.publicKey, issuer: nil,
            issuerKey: cardCAKey, serialNumber: 1, notBefore: start, notAfter: end,
            keyUsage: [.keyCertSign, .cRLSign], isCA: true)
        let sdKey = try key()
        let sdCertificate = try X509Certificate.issue(
            subjectCommonName: "cardsh test SD ECKA", subjectKey: sdKey.publicKey, issuer: cardCA,
            issuerKey: cardCAKey, serialNumber: 2, notBefore: start, notAfter: end, keyUsage: .keyAgreement,
            isCA: false)
        let oceCAKey = try key()
        let oceCA = try X509Certificate.issue(
            subjectCommonName: "cardsh test OCE CA", subjectKey: oceCAKey.publicKey, issuer: nil, issuerKey: oceCAKey,
            serialNumber: 3, notBefore: start, notAfter: end, keyUsage: [.keyCertSign, .cRLSign], isCA: true)
        let oceKey = try key()
        let oceCertificate = try X509Certificate.issue(
            subjectCommonName: "cardsh test OCE ECKA", subjectKey: oceKey.publicKey, issuer: oceCA,
            issuerKey: oceCAKey, serialNumber: 4, notBefore: start, notAfter: end, keyUsage: .keyAgreement,
            isCA: false)
        return TestPKI(
            curve: curve, cardCA: cardCA, cardCAKey: cardCAKey, sdCertificate: sdCertificate, sdKey: sdKey,
            oceCA: oceCA, oceCAKey: oceCAKey, oceCertificate: oceCertificate, oceKey: oceKey)
    }
}

@available(*, unavailable)
extension TestPKI: Sendable {}
