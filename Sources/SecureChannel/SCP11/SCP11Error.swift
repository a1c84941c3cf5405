import CardCore
import CardCrypto

/// Why an SCP11 handshake failed (GP Amd F v1.4).
public enum SCP11Error: Error, Equatable, Sendable {
    /// SCP11a and SCP11c need the OCE static private key (SK.OCE.ECKA).
    case missingOCEKey(variant: SCP11Variant)
    /// SCP11a and SCP11c need at least one OCE certificate to upload.
    case missingOCECertificates(variant: SCP11Variant)
    /// Session keys are AES-128, -192 or -256: 16, 24 or 32 bytes.
    case unsupportedKeyLength(Int)
    /// A host ID of `length` bytes: it must be 1 to 255 bytes and come with the card's identity (SIN and SDIN).
    case hostIDWithoutCardIdentity(length: Int)
    case hostIDLength(Int)
    /// SCP11 offers C-MAC+R-MAC (key usage 34) or C-MAC+C-DEC+R-MAC+R-ENC (key usage 3C) only.
    case unsupportedLevel(SecurityLevel)
    /// A key (OCE static, fixed ephemeral, card ephemeral) lies on another curve than the SD key.
    case curveMismatch(expected: ECCurve, actual: ECCurve)
    /// PERFORM SECURITY OPERATION for certificate `index` (0 = first sent) was answered with `sw`.
    case performSecurityOperationFailed(index: Int, sw: StatusWord)
    /// INTERNAL AUTHENTICATE (SCP11b) or MUTUAL AUTHENTICATE (SCP11a/c) was answered with `sw`.
    case authenticateFailed(variant: SCP11Variant, sw: StatusWord)
    /// A data object is missing or malformed: `field` names it, `offset` is where decoding stopped when known.
    case malformed(field: SCP11Field, offset: Int?)
    /// The card's ephemeral public key is not a point on the curve.
    case invalidCardEphemeralKey(curve: ECCurve, length: Int)
    /// The receipt does not match the one computed from the key agreement (GP Amd F §3.1.2); wrong SD key or
    /// a tampered exchange.
    case receiptMismatch(expected: [UInt8], actual: [UInt8])
    /// A certificate of the SD chain could not be parsed or verified.
    case certificate(CertificateError)
    /// GET DATA BF21 was answered with `sw`.
    case certificateRetrievalFailed(sw: StatusWord)
    /// A cryptographic primitive failed.
    case crypto(CryptoError)
}

/// Data objects of the SCP11 authenticate exchange (GP Amd F §7.6).
public enum SCP11Field: String, Sendable, Hashable {
    case controlReferenceTemplate = "A6"
    case scpIdentifier = "90"
    case keyUsage = "95"
    case keyType = "80"
    case keyLength = "81"
    case hostID = "84"
    case ephemeralPublicKey = "5F49"
    case receipt = "86"
    case certificateStore = "BF21"
}
