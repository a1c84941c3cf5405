internal import COpenSSL
import CardCore

/// An ECDSA signature (r, s), each left-padded to the curve's coordinate length.
public struct ECDSASignature: Sendable, Hashable {
    public let r: [UInt8]
    public let s: [UInt8]

    /// From r || s, each exactly `curve.coordinateLength` bytes (the form GP SCP11 and BSI TR-03111 use).
    /// - Throws: `.invalidSignatureEncoding` for another length.
    public init(raw: [UInt8], curve: ECCurve) throws(CryptoError) {
        let n = curve.coordinateLength
        guard raw.count == 2 * n else { throw .invalidSignatureEncoding(offset: min(raw.count, 2 * n)) }
        r = Array(raw[..<n])
        s = Array(raw[n...])
    }

    /// From the DER SEQUENCE { INTEGER r, INTEGER s } (SEC 1 §C.5, X.690).
    /// - Throws: `.invalidSignatureEncoding` with the offset of the first bad byte.
    public init(der: [UInt8], curve: ECCurve) throws(CryptoError) {
        var reader = DERReader(bytes: der)
        let sequenceLength = try reader.header(tag: 0x30)
        guard reader.offset + sequenceLength == der.count else {
            throw .invalidSignatureEncoding(offset: reader.offset)
        }
        let r = try reader.unsignedInteger(maxLength: curve.coordinateLength)
        let s = try reader.unsignedInteger(maxLength: curve.coordinateLength)
        guard reader.offset == der.count else { throw .invalidSignatureEncoding(offset: reader.offset) }
        let n = curve.coordinateLength
        self.r = [UInt8](repeating: 0, count: n - r.count) + r
        self.s = [UInt8](repeating: 0, count: n - s.count) + s
    }

    /// r || s.
    public var raw: [UInt8] { r + s }

    /// The DER SEQUENCE { INTEGER r, INTEGER s }, minimal encodings.
    public var der: [UInt8] {
        let body = DERWriter.integer(r) + DERWriter.integer(s)
        return [0x30] + DERWriter.length(body.count) + body
    }
}

extension ECPrivateKey {
    /// Signs `message` (hashed here with `hash`), with a random nonce from OpenSSL.
    public func sign(_ message: [UInt8], hash: HashAlgorithm) throws(CryptoError) -> ECDSASignature {
        guard let ctx = EVP_MD_CTX_new() else { throw openSSLError("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(ctx) }
        try check(EVP_DigestSignInit(ctx, nil, hash.evp, nil, evpKey), "EVP_DigestSignInit")
        var length = 0
        try check(EVP_DigestSign(ctx, nil, &length, message, message.count), "EVP_DigestSign")
        var out = [UInt8](repeating: 0, count: length)
        try check(EVP_DigestSign(ctx, &out, &length, message, message.count), "EVP_DigestSign")
        return try ECDSASignature(der: Array(out.prefix(length)), curve: curve)
    }
}

extension ECPublicKey {
    /// True when `signature` is valid for `message` hashed with `hash`; false for a wrong signature.
    public func verify(_ signature: ECDSASignature, for message: [UInt8], hash: HashAlgorithm) throws(CryptoError)
        -> Bool
    {
        guard let ctx = EVP_MD_CTX_new() else { throw openSSLError("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(ctx) }
        try check(EVP_DigestVerifyInit(ctx, nil, hash.evp, nil, pkey), "EVP_DigestVerifyInit")
        let der = signature.der
        let result = EVP_DigestVerify(ctx, der, der.count, message, message.count)
        ERR_clear_error()
        return result == 1
    }
}

/// Minimal DER reading for ECDSA signatures.
struct DERReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func byte() throws(CryptoError) -> UInt8 {
        guard offset < bytes.count else { throw .invalidSignatureEncoding(offset: offset) }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// Reads tag and definite length (X.690 §8.1.3); returns the content length.
    mutating func header(tag: UInt8) throws(CryptoError) -> Int {
        let start = offset
        guard try byte() == tag else { throw .invalidSignatureEncoding(offset: start) }
        let first = try byte()
        if first < 0x80 { return Int(first) }
        let count = Int(first & 0x7F)
        guard count >= 1, count <= 2 else { throw .invalidSignatureEncoding(offset: offset - 1) }
        var length = 0
        for _ in 0..<count { length = length << 8 | Int(try byte()) }
        guard length >= 0x80 else { throw .invalidSignatureEncoding(offset: start + 1) }  // DER: minimal length
        return length
    }

    /// A positive INTEGER's magnitude without leading zeros.
    mutating func unsignedInteger(maxLength: Int) throws(CryptoError) -> [UInt8] {
        let length = try header(tag: 0x02)
        let start = offset
        guard length > 0, offset + length <= bytes.count else { throw .invalidSignatureEncoding(offset: start) }
        var value = Array(bytes[offset..<(offset + length)])
        offset += length
        guard value[0] & 0x80 == 0 else { throw .invalidSignatureEncoding(offset: start) }  // negative
        if value.count > 1 && value[0] == 0 {
            guard value[1] & 0x80 != 0 else { throw .invalidSignatureEncoding(offset: start) }  // not minimal
            value.removeFirst()
        }
        guard value.count <= maxLength else { throw .invalidSignatureEncoding(offset: start) }
        return value
    }
}

enum DERWriter {
    static func length(_ n: Int) -> [UInt8] {
        if n < 0x80 { return [UInt8(n)] }
        if n <= 0xFF { return [0x81, UInt8(n)] }
        return [0x82, UInt8(n >> 8), UInt8(n & 0xFF)]
    }

    static func integer(_ magnitude: [UInt8]) -> [UInt8] {
        var value = Array(magnitude.drop(while: { $0 == 0 }))
        if value.isEmpty { value = [0] }
        if value[0] & 0x80 != 0 { value.insert(0, at: 0) }
        return [0x02] + length(value.count) + value
    }
}
