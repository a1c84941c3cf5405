internal import COpenSSL
import CardCore

/// Triple DES (TDEA, EDE) in ECB mode without padding (NIST SP 800-67 §3.1), for the DES-era GP key schemes.
///
/// A 16-byte key is keying option 2 (K1 K2 K1); a 24-byte key is option 1. Not thread-safe.
public final class TripleDES {
    /// The DES block size in bytes.
    public static let blockSize = 8

    private let ecbEncrypt: OpaquePointer

    /// - Throws: `CryptoError.invalidKeyLength` unless the key is 16 or 24 bytes.
    public convenience init(key: SecretBytes) throws(CryptoError) {
        try self.init(key: key.bytes)
    }

    /// - Throws: `CryptoError.invalidKeyLength` unless the key is 16 or 24 bytes.
    public init(key: [UInt8]) throws(CryptoError) {
        var full: [UInt8]
        switch key.count {
        case 16: full = key + key.prefix(8)
        case 24: full = key
        default: throw .invalidKeyLength(key.count)
        }
        defer { for i in full.indices { full[i] = 0 } }
        guard let ctx = EVP_CIPHER_CTX_new() else { throw openSSLError("EVP_CIPHER_CTX_new") }
        ecbEncrypt = ctx
        try check(EVP_CipherInit_ex(ctx, EVP_des_ede3_ecb(), nil, full, nil, 1), "EVP_CipherInit_ex")
        try check(EVP_CIPHER_CTX_set_padding(ctx, 0), "EVP_CIPHER_CTX_set_padding")
    }

    deinit {
        EVP_CIPHER_CTX_free(ecbEncrypt)
    }

    /// Encrypts whole 8-byte blocks, each on its own (ECB).
    /// - Throws: `CryptoError.notBlockAligned` when the input is empty or not whole 8-byte blocks.
    public func encryptECB(_ plaintext: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard !plaintext.isEmpty, plaintext.count % Self.blockSize == 0 else {
            throw .notBlockAligned(length: plaintext.count)
        }
        var output = [UInt8](repeating: 0, count: plaintext.count)
        var written: Int32 = 0
        let ok = output.withUnsafeMutableBufferPointer { out in
            plaintext.withUnsafeBufferPointer { inp in
                EVP_CipherUpdate(ecbEncrypt, out.baseAddress, &written, inp.baseAddress, Int32(inp.count))
            }
        }
        try check(ok, "EVP_CipherUpdate")
        precondition(Int(written) == plaintext.count, "EVP_CipherUpdate wrote \(written) of \(plaintext.count) bytes")
        return output
    }

    /// Key check value of a DES key: the first 3 bytes of 3DES-ECB(key, 8 × 00) (GP CS v2.3.1 §11.1.8).
    public static func keyCheckValue(_ key: SecretBytes) throws(CryptoError) -> [UInt8] {
        Array(try TripleDES(key: key).encryptECB([UInt8](repeating: 0, count: 8)).prefix(3))
    }
}

@available(*, unavailable)
extension TripleDES: Sendable {}
