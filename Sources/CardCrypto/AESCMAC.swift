internal import COpenSSL
import CardCore

/// AES-CMAC (SP 800-38B, RFC 4493) with one key, through OpenSSL 3's EVP_MAC "CMAC".
///
/// Keeps its OpenSSL context for reuse; not thread-safe.
public final class AESCMAC {
    /// The MAC length in bytes (one AES block).
    public static let macLength = 16

    private let mac: OpaquePointer
    private let ctx: OpaquePointer

    /// - Throws: `CryptoError.invalidKeyLength` unless the key is 16, 24 or 32 bytes.
    public convenience init(key: SecretBytes) throws(CryptoError) {
        try self.init(key: key.bytes)
    }

    /// - Throws: `CryptoError.invalidKeyLength` unless the key is 16, 24 or 32 bytes.
    public init(key: [UInt8]) throws(CryptoError) {
        let cipherName: String
        switch key.count {
        case 16: cipherName = "AES-128-CBC"
        case 24: cipherName = "AES-192-CBC"
        case 32: cipherName = "AES-256-CBC"
        default: throw .invalidKeyLength(key.count)
        }
        guard let mac = EVP_MAC_fetch(nil, "CMAC", nil) else { throw openSSLError("EVP_MAC_fetch") }
        guard let ctx = EVP_MAC_CTX_new(mac) else {
            EVP_MAC_free(mac)
            throw openSSLError("EVP_MAC_CTX_new")
        }
        self.mac = mac
        self.ctx = ctx
        var name = Array(cipherName.utf8CString)
        let ok = name.withUnsafeMutableBufferPointer { nameBuffer in
            var params = [
                OSSL_PARAM_construct_utf8_string(staticCString("cipher"), nameBuffer.baseAddress, 0),
                OSSL_PARAM_construct_end(),
            ]
            return EVP_MAC_init(ctx, key, key.count, &params)
        }
        try check(ok, "EVP_MAC_init")
    }

    deinit {
        EVP_MAC_CTX_free(ctx)
        EVP_MAC_free(mac)
    }

    /// The 16-byte CMAC of the concatenation of `parts` (no copy of the parts is made).
    public func mac(_ parts: [UInt8]...) throws(CryptoError) -> [UInt8] {
        try mac(parts: parts)
    }

    /// The 16-byte CMAC of the concatenation of `parts`.
    public func mac(parts: [[UInt8]]) throws(CryptoError) -> [UInt8] {
        // OpenSSL 3 CMAC: init without a key restarts with the key already set.
        try check(EVP_MAC_init(ctx, nil, 0, nil), "EVP_MAC_init")
        for part in parts where !part.isEmpty {
            try check(EVP_MAC_update(ctx, part, part.count), "EVP_MAC_update")
        }
        var out = [UInt8](repeating: 0, count: 16)
        var written = 0
        try check(EVP_MAC_final(ctx, &out, &written, 16), "EVP_MAC_final")
        precondition(written == 16, "CMAC returned \(written) bytes")
        return out
    }
}

@available(*, unavailable)
extension AESCMAC: Sendable {}
