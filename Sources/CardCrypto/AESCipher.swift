internal import COpenSSL
import CardCore

/// AES with one key: single-block ECB and CBC without padding (FIPS-197, SP 800-38A).
///
/// Keeps its OpenSSL contexts (key schedule included) for reuse; not thread-safe.
public final class AESCipher {
    /// The AES block size in bytes.
    public static let blockSize = 16

    private let ecbEncrypt: OpaquePointer
    private let ecbDecrypt: OpaquePointer
    private let cbcEncrypt: OpaquePointer
    private let cbcDecrypt: OpaquePointer

    /// Key length in bytes: 16, 24 or 32.
    public let keyLength: Int

    /// - Throws: `CryptoError.invalidKeyLength` unless the key is 16, 24 or 32 bytes.
    public convenience init(key: SecretBytes) throws(CryptoError) {
        try self.init(key: key.bytes)
    }

    /// - Throws: `CryptoError.invalidKeyLength` unless the key is 16, 24 or 32 bytes.
    public init(key: [UInt8]) throws(CryptoError) {
        let (ecb, cbc): (OpaquePointer?, OpaquePointer?)
        switch key.count {
        case 16: (ecb, cbc) = (EVP_aes_128_ecb(), EVP_aes_128_cbc())
        case 24: (ecb, cbc) = (EVP_aes_192_ecb(), EVP_aes_192_cbc())
        case 32: (ecb, cbc) = (EVP_aes_256_ecb(), EVP_aes_256_cbc())
        default: throw .invalidKeyLength(key.count)
        }
        keyLength = key.count
        var contexts: [OpaquePointer] = []
        for _ in 0..<4 {
            guard let ctx = EVP_CIPHER_CTX_new() else {
                for context in contexts { EVP_CIPHER_CTX_free(context) }
                throw openSSLError("EVP_CIPHER_CTX_new")
            }
            contexts.append(ctx)
        }
        (ecbEncrypt, ecbDecrypt, cbcEncrypt, cbcDecrypt) = (contexts[0], contexts[1], contexts[2], contexts[3])
        let zeroIV = [UInt8](repeating: 0, count: 16)
        let setups: [(OpaquePointer, OpaquePointer?, Int32)] = [
            (ecbEncrypt, ecb, 1), (ecbDecrypt, ecb, 0), (cbcEncrypt, cbc, 1), (cbcDecrypt, cbc, 0),
        ]
        for (ctx, cipher, encrypt) in setups {
            try check(EVP_CipherInit_ex(ctx, cipher, nil, key, zeroIV, encrypt), "EVP_CipherInit_ex")
            try check(EVP_CIPHER_CTX_set_padding(ctx, 0), "EVP_CIPHER_CTX_set_padding")
        }
    }

    deinit {
        EVP_CIPHER_CTX_free(ecbEncrypt)
        EVP_CIPHER_CTX_free(ecbDecrypt)
        EVP_CIPHER_CTX_free(cbcEncrypt)
        EVP_CIPHER_CTX_free(cbcDecrypt)
    }

    /// Encrypts exactly one 16-byte block (ECB).
    /// - Throws: `CryptoError.invalidBlockLength` when `block` is not 16 bytes.
    public func encryptBlock(_ block: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard block.count == 16 else { throw .invalidBlockLength(block.count) }
        return try run(ecbEncrypt, iv: nil, block)
    }

    /// Decrypts exactly one 16-byte block (ECB).
    /// - Throws: `CryptoError.invalidBlockLength` when `block` is not 16 bytes.
    public func decryptBlock(_ block: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard block.count == 16 else { throw .invalidBlockLength(block.count) }
        return try run(ecbDecrypt, iv: nil, block)
    }

    /// AES-CBC encryption without padding (SP 800-38A §6.2).
    /// - Throws: `.notBlockAligned` when the input is not whole blocks, `.invalidBlockLength` for a bad IV.
    public func encryptCBC(_ plaintext: [UInt8], iv: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard iv.count == 16 else { throw .invalidBlockLength(iv.count) }
        guard plaintext.count % 16 == 0 else { throw .notBlockAligned(length: plaintext.count) }
        return try run(cbcEncrypt, iv: iv, plaintext)
    }

    /// AES-CBC decryption without padding (SP 800-38A §6.2).
    /// - Throws: `.notBlockAligned` when the input is not whole blocks, `.invalidBlockLength` for a bad IV.
    public func decryptCBC(_ ciphertext: [UInt8], iv: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard iv.count == 16 else { throw .invalidBlockLength(iv.count) }
        guard ciphertext.count % 16 == 0 else { throw .notBlockAligned(length: ciphertext.count) }
        return try run(cbcDecrypt, iv: iv, ciphertext)
    }

    private func run(_ ctx: OpaquePointer, iv: [UInt8]?, _ input: [UInt8]) throws(CryptoError) -> [UInt8] {
        if input.isEmpty { return [] }
        if let iv {
            // Re-arms the context with a new IV; the key schedule stays.
            try check(EVP_CipherInit_ex(ctx, nil, nil, nil, iv, -1), "EVP_CipherInit_ex")
        }
        var output = [UInt8](repeating: 0, count: input.count)
        var written: Int32 = 0
        let ok = output.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBufferPointer { inp in
                EVP_CipherUpdate(ctx, out.baseAddress, &written, inp.baseAddress, Int32(inp.count))
            }
        }
        try check(ok, "EVP_CipherUpdate")
        precondition(Int(written) == input.count, "EVP_CipherUpdate wrote \(written) of \(input.count) bytes")
        return output
    }
}

@available(*, unavailable)
extension AESCipher: Sendable {}
