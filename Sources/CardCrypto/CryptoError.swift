/// Why a cryptographic operation could not be done.
public enum CryptoError: Error, Equatable, Sendable {
    /// An AES key must be 16, 24 or 32 bytes.
    case invalidKeyLength(Int)
    /// Input to a no-padding block operation must be a whole number of 16-byte blocks.
    case notBlockAligned(length: Int)
    /// An AES IV (or a single block) must be 16 bytes.
    case invalidBlockLength(Int)
    /// ISO/IEC 9797-1 method 2 padding: no 80 marker found after trailing zeros (offset of the last non-zero byte,
    /// or nil when the input is empty or all zero).
    case invalidPadding(offset: Int?)
    /// A private scalar outside 1...n-1, or of the wrong length for the curve.
    case invalidPrivateKey(curve: ECCurve)
    /// A public point that is not an uncompressed point on the curve (SEC 1 §2.3.4).
    case invalidPublicKey(curve: ECCurve, length: Int)
    /// An ECDSA signature that is not a DER SEQUENCE of two INTEGERs, or not 2 × the coordinate length raw
    /// (offset of the first byte that does not fit).
    case invalidSignatureEncoding(offset: Int)
    /// An OpenSSL call failed; `function` is the C function's name and `code` the first queued error code.
    case openSSL(function: String, code: UInt)
    /// A certificate, key file or chain could not be used (X.509, GP Amd F §6 certificates, PEM/DER keys).
    case certificate(CertificateError)
}
