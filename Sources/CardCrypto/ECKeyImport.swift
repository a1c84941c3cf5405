internal import COpenSSL
import CardCore

/// Reading EC keys out of OpenSSL EVP_PKEY objects and key files.
enum ECKeyExport {
    static func curve(of pkey: OpaquePointer) throws(CryptoError) -> ECCurve {
        var name = [CChar](repeating: 0, count: 64)
        var length = 0
        guard EVP_PKEY_get_utf8_string_param(pkey, "group", &name, name.count, &length) == 1 else {
            ERR_clear_error()
            throw .certificate(.unsupportedKey(name: "non-EC"))
        }
        let group = String(decoding: name.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let curve = ECCurve.allCases.first(where: { $0.openSSLName == group || $0.rawValue == group }) else {
            throw .certificate(.unsupportedKey(name: group))
        }
        return curve
    }

    static func publicKey(of pkey: OpaquePointer) throws(CryptoError) -> ECPublicKey {
        let curve = try curve(of: pkey)
        var point = [UInt8](repeating: 0, count: curve.uncompressedPointLength + 8)
        var length = 0
        guard EVP_PKEY_get_octet_string_param(pkey, "pub", &point, point.count, &length) == 1 else {
            throw openSSLError("EVP_PKEY_get_octet_string_param")
        }
        return try ECPublicKey(curve: curve, uncompressedPoint: Array(point.prefix(length)))
    }

    static func privateKey(of pkey: OpaquePointer) throws(CryptoError) -> ECPrivateKey {
        let curve = try curve(of: pkey)
        var bn: OpaquePointer?
        guard EVP_PKEY_get_bn_param(pkey, "priv", &bn) == 1, let bn else {
            throw openSSLError("EVP_PKEY_get_bn_param")
        }
        defer { BN_clear_free(bn) }
        var scalar = [UInt8](repeating: 0, count: curve.coordinateLength)
        guard BN_bn2binpad(bn, &scalar, Int32(scalar.count)) == Int32(scalar.count) else {
            throw .invalidPrivateKey(curve: curve)
        }
        defer { for i in scalar.indices { scalar[i] = 0 } }
        return try ECPrivateKey(curve: curve, scalar: SecretBytes(scalar))
    }
}

extension ECPrivateKey {
    /// Imports a DER private key: PKCS#8 PrivateKeyInfo (RFC 5208) or SEC 1 ECPrivateKey (RFC 5915) with named
    /// curve parameters.
    /// - Throws: `.certificate(.invalidDER)`, `.certificate(.unsupportedKey)`.
    public static func fromDER(_ der: [UInt8]) throws(CryptoError) -> ECPrivateKey {
        var parsed: OpaquePointer?
        der.withUnsafeBufferPointer { buffer in
            var pointer: UnsafePointer<UInt8>? = buffer.baseAddress
            parsed = d2i_AutoPrivateKey(nil, &pointer, buffer.count)
        }
        guard let parsed else {
            ERR_clear_error()
            throw .certificate(.invalidDER(length: der.count))
        }
        defer { EVP_PKEY_free(parsed) }
        return try ECKeyExport.privateKey(of: parsed)
    }

    /// Imports the first "PRIVATE KEY" (PKCS#8) or "EC PRIVATE KEY" (SEC 1) block of PEM text.
    /// - Throws: `.certificate(.noPEMBlock)` and the errors of `fromDER`.
    public static func fromPEM(_ pem: String) throws(CryptoError) -> ECPrivateKey {
        guard let block = PEM.blocks(pem).first(where: { $0.label == "PRIVATE KEY" || $0.label == "EC PRIVATE KEY" })
        else { throw .certificate(.noPEMBlock(label: "PRIVATE KEY")) }
        return try fromDER(block.der)
    }

    /// The key as unencrypted PKCS#8 DER (RFC 5208).
    public func pkcs8DER() throws(CryptoError) -> [UInt8] {
        guard let info = EVP_PKEY2PKCS8(evpKey) else { throw openSSLError("EVP_PKEY2PKCS8") }
        defer { PKCS8_PRIV_KEY_INFO_free(info) }
        var p8: UnsafeMutablePointer<UInt8>?
        let p8Length = i2d_PKCS8_PRIV_KEY_INFO(info, &p8)
        guard p8Length > 0, let p8 else { throw openSSLError("i2d_PKCS8_PRIV_KEY_INFO") }
        defer { CRYPTO_free(p8, #file, #line) }
        return Array(UnsafeBufferPointer(start: p8, count: Int(p8Length)))
    }

    /// The key as a PEM "PRIVATE KEY" block.
    public func pkcs8PEM() throws(CryptoError) -> String {
        PEM.encode(label: "PRIVATE KEY", der: try pkcs8DER())
    }
}

extension ECPublicKey {
    /// Imports a DER SubjectPublicKeyInfo (RFC 5480).
    /// - Throws: `.certificate(.invalidDER)`, `.certificate(.unsupportedKey)`.
    public static func fromSubjectPublicKeyInfo(_ der: [UInt8]) throws(CryptoError) -> ECPublicKey {
        var parsed: OpaquePointer?
        der.withUnsafeBufferPointer { buffer in
            var pointer: UnsafePointer<UInt8>? = buffer.baseAddress
            parsed = d2i_PUBKEY(nil, &pointer, buffer.count)
        }
        guard let parsed else {
            ERR_clear_error()
            throw .certificate(.invalidDER(length: der.count))
        }
        defer { EVP_PKEY_free(parsed) }
        return try ECKeyExport.publicKey(of: parsed)
    }
}

extension X509Certificate {
    /// The certificate as a PEM "CERTIFICATE" block.
    public var pem: String { PEM.encode(label: "CERTIFICATE", der: der) }
}

extension ECPrivateKey {
    /// A key whose scalar is drawn from `random` (rejection sampling below the group order), so a seeded source
    /// gives the same key on every run. Use `generate(curve:)` for keys that must stay secret.
    public static func generate(curve: ECCurve, random: inout some RandomSource) throws(CryptoError) -> ECPrivateKey {
        while true {
            var scalar = random.fill(curve.coordinateLength)
            if curve == .p521 { scalar[0] &= 0x01 }
            defer { for i in scalar.indices { scalar[i] = 0 } }
            do {
                return try ECPrivateKey(curve: curve, scalar: SecretBytes(scalar))
            } catch .invalidPrivateKey {
                continue
            }
        }
    }

    /// Reads a private key file's bytes: PEM text ("PRIVATE KEY" or "EC PRIVATE KEY") or DER (PKCS#8 or SEC 1).
    /// - Throws: the errors of `fromPEM` / `fromDER`.
    public static func from(pemOrDER bytes: [UInt8]) throws(CryptoError) -> ECPrivateKey {
        if bytes.first == 0x30 { return try fromDER(bytes) }
        return try fromPEM(String(decoding: bytes, as: UTF8.self))
    }
}

extension X509Certificate {
    /// Reads a certificate file's bytes: one DER certificate, or PEM text with one or more certificates.
    /// - Throws: `.certificate(.invalidDER)`, `.certificate(.noPEMBlock)` when PEM text holds none.
    public static func all(pemOrDER bytes: [UInt8]) throws(CryptoError) -> [X509Certificate] {
        if bytes.first == 0x30 { return [try X509Certificate(der: bytes)] }
        let certificates = try all(pem: String(decoding: bytes, as: UTF8.self))
        guard !certificates.isEmpty else { throw .certificate(.noPEMBlock(label: "CERTIFICATE")) }
        return certificates
    }
}
