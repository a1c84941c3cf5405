internal import COpenSSL

/// The SHA-2 hashes used by the SCP11 key derivation (GP Amd F v1.4 §6.5.2.3).
public enum HashAlgorithm: Sendable, Hashable, CaseIterable {
    case sha256, sha384, sha512

    /// Output length in bytes.
    public var length: Int {
        switch self {
        case .sha256: return 32
        case .sha384: return 48
        case .sha512: return 64
        }
    }

    var evp: OpaquePointer? {
        switch self {
        case .sha256: return EVP_sha256()
        case .sha384: return EVP_sha384()
        case .sha512: return EVP_sha512()
        }
    }

    /// The digest of the concatenation of `parts` (FIPS 180-4).
    public func hash(_ parts: [UInt8]...) throws(CryptoError) -> [UInt8] {
        guard let ctx = EVP_MD_CTX_new() else { throw openSSLError("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(ctx) }
        try check(EVP_DigestInit_ex(ctx, evp, nil), "EVP_DigestInit_ex")
        for part in parts where !part.isEmpty {
            try check(EVP_DigestUpdate(ctx, part, part.count), "EVP_DigestUpdate")
        }
        var out = [UInt8](repeating: 0, count: length)
        var written: UInt32 = 0
        try check(EVP_DigestFinal_ex(ctx, &out, &written), "EVP_DigestFinal_ex")
        precondition(Int(written) == length, "digest of \(written) bytes")
        return out
    }
}

/// ANSI X9.63 key derivation (SEC 1 §3.6.1): Hash(Z || counter (4 bytes, from 1) || SharedInfo), concatenated.
public enum X963KDF {
    /// Derives `length` bytes from the shared secret `z`.
    public static func derive(
        _ hash: HashAlgorithm, sharedSecret z: [UInt8], sharedInfo: [UInt8], length: Int
    ) throws(CryptoError) -> [UInt8] {
        precondition(length >= 0, "negative KDF length")
        var out: [UInt8] = []
        out.reserveCapacity(length + hash.length)
        var counter: UInt32 = 1
        while out.count < length {
            let c = [
                UInt8(counter >> 24), UInt8((counter >> 16) & 0xFF), UInt8((counter >> 8) & 0xFF),
                UInt8(counter & 0xFF),
            ]
            out += try hash.hash(z, c, sharedInfo)
            counter += 1
        }
        return Array(out.prefix(length))
    }
}
