internal import COpenSSL

/// The elliptic curves GlobalPlatform SCP11 uses (GP Amd F v1.4 §2.4; NIST FIPS 186-4, RFC 5639).
public enum ECCurve: String, CaseIterable, Sendable, Hashable {
    case p256 = "P-256"
    case p384 = "P-384"
    case p521 = "P-521"
    case brainpoolP256r1
    case brainpoolP384r1
    case brainpoolP512r1

    /// Bytes of one coordinate (and of a private scalar, and of the ECDH shared secret).
    public var coordinateLength: Int {
        switch self {
        case .p256, .brainpoolP256r1: return 32
        case .p384, .brainpoolP384r1: return 48
        case .p521: return 66
        case .brainpoolP512r1: return 64
        }
    }

    /// Length of an uncompressed point 04 || X || Y.
    public var uncompressedPointLength: Int { 1 + 2 * coordinateLength }

    /// OpenSSL's short name of the curve.
    var openSSLName: String {
        switch self {
        case .p256: return "prime256v1"
        case .p384: return "secp384r1"
        case .p521: return "secp521r1"
        case .brainpoolP256r1: return "brainpoolP256r1"
        case .brainpoolP384r1: return "brainpoolP384r1"
        case .brainpoolP512r1: return "brainpoolP512r1"
        }
    }
}
