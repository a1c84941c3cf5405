/// Why a certificate, a certificate chain or a key file was refused.
public enum CertificateError: Error, Equatable, Sendable {
    /// The bytes are not a DER X.509 certificate (RFC 5280 §4.1).
    case invalidDER(length: Int)
    /// The text holds no PEM block of the expected kind ("CERTIFICATE", "PRIVATE KEY", "EC PRIVATE KEY").
    case noPEMBlock(label: String)
    /// The key is not an EC key, or lies on a curve SCP11 does not use; `name` is OpenSSL's name of the key
    /// type or group.
    case unsupportedKey(name: String)
    /// The signature of `subject` does not verify with the key of `issuer` (index in the chain, leaf = 0).
    case badSignature(index: Int, subject: String, issuer: String)
    /// `time` (seconds since 1970-01-01 UTC) is before notBefore.
    case notYetValid(index: Int, subject: String, notBefore: Int64, time: Int64)
    /// `time` is after notAfter.
    case expired(index: Int, subject: String, notAfter: Int64, time: Int64)
    /// The key usage extension lacks a bit the role needs (RFC 5280 §4.2.1.3 bit values).
    case wrongKeyUsage(index: Int, subject: String, required: UInt32, actual: UInt32)
    /// The issuer name of a certificate is not the subject of the next one.
    case issuerMismatch(index: Int, issuer: String, nextSubject: String)
    /// An empty chain.
    case emptyChain
    /// A GP certificate (tag 7F21, GP Amd F §6.2) is malformed: `tag` is the missing or bad field
    /// (hex, e.g. "7F49"), `offset` where decoding stopped when known.
    case gpCertificate(tag: String, offset: Int?)
}
