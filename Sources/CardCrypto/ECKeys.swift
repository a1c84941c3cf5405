internal import COpenSSL
import CardCore

/// An EC public key as an uncompressed point (SEC 1 §2.3.3), checked to lie on its curve.
public final class ECPublicKey {
    public let curve: ECCurve
    /// 04 || X || Y.
    public let uncompressedPoint: [UInt8]
    let pkey: OpaquePointer

    /// - Throws: `.invalidPublicKey` when the bytes are not an uncompressed point on `curve`.
    public init(curve: ECCurve, uncompressedPoint: [UInt8]) throws(CryptoError) {
        guard uncompressedPoint.count == curve.uncompressedPointLength, uncompressedPoint.first == 0x04 else {
            throw .invalidPublicKey(curve: curve, length: uncompressedPoint.count)
        }
        self.curve = curve
        self.uncompressedPoint = uncompressedPoint
        pkey = try ECKeyBuilder.makeKey(curve: curve, privateScalar: nil, publicPoint: uncompressedPoint)
    }

    init(curve: ECCurve, uncompressedPoint: [UInt8], pkey: OpaquePointer) {
        self.curve = curve
        self.uncompressedPoint = uncompressedPoint
        self.pkey = pkey
    }

    deinit { EVP_PKEY_free(pkey) }
}

@available(*, unavailable)
extension ECPublicKey: Sendable {}

/// An EC private key for ECDH (and later ECDSA).
public final class ECPrivateKey {
    public let curve: ECCurve
    public let publicKey: ECPublicKey
    private let pkey: OpaquePointer

    var evpKey: OpaquePointer { pkey }

    /// Imports a private scalar (big-endian, exactly the curve's coordinate length) and computes its public point.
    /// - Throws: `.invalidPrivateKey` for a wrong length or a scalar outside 1...n-1.
    public init(curve: ECCurve, scalar: SecretBytes) throws(CryptoError) {
        guard scalar.count == curve.coordinateLength else { throw .invalidPrivateKey(curve: curve) }
        self.curve = curve
        let point = try ECKeyBuilder.publicPoint(curve: curve, scalar: scalar.bytes)
        pkey = try ECKeyBuilder.makeKey(curve: curve, privateScalar: scalar.bytes, publicPoint: point)
        publicKey = try ECPublicKey(curve: curve, uncompressedPoint: point)
    }

    /// A fresh key pair from OpenSSL's generator.
    public static func generate(curve: ECCurve) throws(CryptoError) -> ECPrivateKey {
        let scalar = try ECKeyBuilder.generateScalar(curve: curve)
        return try ECPrivateKey(curve: curve, scalar: SecretBytes(scalar))
    }

    deinit { EVP_PKEY_free(pkey) }

    /// ECDH (SEC 1 §3.3.1): the X coordinate of d·Q, left-padded to the coordinate length.
    /// - Throws: `.invalidPublicKey` when the peer is on another curve.
    public func sharedSecret(with peer: ECPublicKey) throws(CryptoError) -> SecretBytes {
        guard peer.curve == curve else {
            throw .invalidPublicKey(curve: curve, length: peer.uncompressedPoint.count)
        }
        guard let ctx = EVP_PKEY_CTX_new(pkey, nil) else { throw openSSLError("EVP_PKEY_CTX_new") }
        defer { EVP_PKEY_CTX_free(ctx) }
        try check(EVP_PKEY_derive_init(ctx), "EVP_PKEY_derive_init")
        try check(EVP_PKEY_derive_set_peer(ctx, peer.pkey), "EVP_PKEY_derive_set_peer")
        var length = 0
        try check(EVP_PKEY_derive(ctx, nil, &length), "EVP_PKEY_derive")
        var out = [UInt8](repeating: 0, count: length)
        try check(EVP_PKEY_derive(ctx, &out, &length), "EVP_PKEY_derive")
        let secret = Array(out.prefix(length))
        let padded = [UInt8](repeating: 0, count: max(0, curve.coordinateLength - secret.count)) + secret
        for i in out.indices { out[i] = 0 }
        return SecretBytes(padded)
    }
}

@available(*, unavailable)
extension ECPrivateKey: Sendable {}

/// OpenSSL 3 key construction from raw values (EVP_PKEY_fromdata).
enum ECKeyBuilder {
    static func group(_ curve: ECCurve) throws(CryptoError) -> OpaquePointer {
        let nid = OBJ_sn2nid(curve.openSSLName)
        guard nid != 0, let group = EC_GROUP_new_by_curve_name(nid) else {
            throw openSSLError("EC_GROUP_new_by_curve_name")
        }
        return group
    }

    /// d·G as an uncompressed point, after checking 1 ≤ d < n.
    static func publicPoint(curve: ECCurve, scalar: [UInt8]) throws(CryptoError) -> [UInt8] {
        let group = try group(curve)
        defer { EC_GROUP_free(group) }
        guard let d = BN_bin2bn(scalar, Int32(scalar.count), nil) else { throw openSSLError("BN_bin2bn") }
        defer { BN_clear_free(d) }
        guard let order = EC_GROUP_get0_order(group), BN_is_zero(d) == 0, BN_cmp(d, order) < 0 else {
            throw .invalidPrivateKey(curve: curve)
        }
        guard let point = EC_POINT_new(group) else { throw openSSLError("EC_POINT_new") }
        defer { EC_POINT_free(point) }
        try check(EC_POINT_mul(group, point, d, nil, nil, nil), "EC_POINT_mul")
        var out = [UInt8](repeating: 0, count: curve.uncompressedPointLength)
        let written = EC_POINT_point2oct(group, point, POINT_CONVERSION_UNCOMPRESSED, &out, out.count, nil)
        guard written == out.count else { throw openSSLError("EC_POINT_point2oct") }
        return out
    }

    static func generateScalar(curve: ECCurve) throws(CryptoError) -> [UInt8] {
        let group = try group(curve)
        defer { EC_GROUP_free(group) }
        guard let order = EC_GROUP_get0_order(group), let d = BN_new() else { throw openSSLError("BN_new") }
        defer { BN_clear_free(d) }
        // Uniform in 1...n-1 (BN_priv_rand_range gives 0...n-1).
        repeat {
            try check(BN_priv_rand_range(d, order), "BN_priv_rand_range")
        } while BN_is_zero(d) != 0
        var out = [UInt8](repeating: 0, count: curve.coordinateLength)
        guard BN_bn2binpad(d, &out, Int32(out.count)) == Int32(out.count) else { throw openSSLError("BN_bn2binpad") }
        return out
    }

    /// An EVP_PKEY holding the public point and, when given, the private scalar; the public point is checked to be
    /// on the curve.
    static func makeKey(
        curve: ECCurve, privateScalar: [UInt8]?, publicPoint: [UInt8]
    ) throws(CryptoError) -> OpaquePointer {
        let params = try buildParameters(curve: curve, privateScalar: privateScalar, publicPoint: publicPoint)
        defer { OSSL_PARAM_free(params) }
        guard let ctx = EVP_PKEY_CTX_new_from_name(nil, "EC", nil) else {
            throw openSSLError("EVP_PKEY_CTX_new_from_name")
        }
        defer { EVP_PKEY_CTX_free(ctx) }
        try check(EVP_PKEY_fromdata_init(ctx), "EVP_PKEY_fromdata_init")
        var pkey: OpaquePointer?
        let selection = privateScalar == nil ? cardsh_evp_pkey_public_key() : cardsh_evp_pkey_keypair()
        guard EVP_PKEY_fromdata(ctx, &pkey, selection, params) == 1, let pkey else {
            ERR_clear_error()
            throw .invalidPublicKey(curve: curve, length: publicPoint.count)
        }
        // The point must lie on the curve (SEC 1 §3.2.2.1).
        guard let checkContext = EVP_PKEY_CTX_new(pkey, nil) else {
            EVP_PKEY_free(pkey)
            throw openSSLError("EVP_PKEY_CTX_new")
        }
        defer { EVP_PKEY_CTX_free(checkContext) }
        guard EVP_PKEY_public_check(checkContext) == 1 else {
            ERR_clear_error()
            EVP_PKEY_free(pkey)
            throw .invalidPublicKey(curve: curve, length: publicPoint.count)
        }
        return pkey
    }

    /// OSSL_PARAM_BLD keeps strings and octet strings by reference until `OSSL_PARAM_BLD_to_param`, so the buffers
    /// stay pinned for the whole build.
    private static func buildParameters(
        curve: ECCurve, privateScalar: [UInt8]?, publicPoint: [UInt8]
    ) throws(CryptoError) -> UnsafeMutablePointer<OSSL_PARAM> {
        guard let builder = OSSL_PARAM_BLD_new() else { throw openSSLError("OSSL_PARAM_BLD_new") }
        defer { OSSL_PARAM_BLD_free(builder) }
        var d: OpaquePointer?
        defer { if let d { BN_clear_free(d) } }
        if let privateScalar {
            guard let bn = BN_bin2bn(privateScalar, Int32(privateScalar.count), nil) else {
                throw openSSLError("BN_bin2bn")
            }
            d = bn
        }
        let result: Result<UnsafeMutablePointer<OSSL_PARAM>, CryptoError> = curve.openSSLName.withCString { name in
            publicPoint.withUnsafeBufferPointer { point in
                guard OSSL_PARAM_BLD_push_utf8_string(builder, staticCString("group"), name, 0) == 1,
                    OSSL_PARAM_BLD_push_octet_string(builder, staticCString("pub"), point.baseAddress, point.count) == 1
                else { return .failure(openSSLError("OSSL_PARAM_BLD_push")) }
                if let d, OSSL_PARAM_BLD_push_BN(builder, staticCString("priv"), d) != 1 {
                    return .failure(openSSLError("OSSL_PARAM_BLD_push_BN"))
                }
                guard let params = OSSL_PARAM_BLD_to_param(builder) else {
                    return .failure(openSSLError("OSSL_PARAM_BLD_to_param"))
                }
                return .success(params)
            }
        }
        return try result.get()
    }
}
