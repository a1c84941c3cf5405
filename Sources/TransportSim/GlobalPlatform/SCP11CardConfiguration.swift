import CardCore
import CardCrypto
import SecureChannel

/// The ISD's SCP11 keys: an SD key per variant (KID 11, 13, 15; GP Amd F §4.3), the certificate chain each one
/// returns with GET DATA BF21, and the OCE trust anchor that checks uploaded OCE certificates.
public struct SCP11CardConfiguration {
    public var keys: [SCP11CardKey]
    /// PK of the OCE CA (CA-KLCC) that PERFORM SECURITY OPERATION checks OCE chains against.
    public var oceTrustAnchor: ECPublicKey?
    /// Seconds since 1970-01-01 UTC at which OCE certificates are checked; set by the card's owner.
    public var currentTime: Int64
    /// MAC length of SCP11 sessions (the handshake does not carry it).
    public var mode: SCP03Mode
    /// Hash of the X9.63 KDF (the handshake does not carry it either).
    public var kdfHash: HashAlgorithm

    public init(
        keys: [SCP11CardKey], oceTrustAnchor: ECPublicKey?, currentTime: Int64, mode: SCP03Mode = .s8,
        kdfHash: HashAlgorithm = .sha256
    ) {
        self.kdfHash = kdfHash
        self.keys = keys
        self.oceTrustAnchor = oceTrustAnchor
        self.currentTime = currentTime
        self.mode = mode
    }

    /// SCP11a, b and c keys (KID 11, 13, 15, KVN `kvn`) sharing the test PKI's SD key; the chain is CA-KLOC's
    /// certificate then the SD ECKA certificate; the OCE CA is the trust anchor.
    public init(
        pki: TestPKI, currentTime: Int64, kvn: UInt8 = 0x01, mode: SCP03Mode = .s8, kdfHash: HashAlgorithm = .sha256
    ) {
        let chain = [pki.cardCA.der, pki.sdCertificate.der]
        let keys = SCP11Variant.allCases.map { variant in
            SCP11CardKey(
                kid: variant.defaultKID, kvn: kvn, privateKey: pki.sdKey, certificates: chain, variant: variant)
        }
        self.init(
            keys: keys, oceTrustAnchor: pki.oceCA.publicKeyOrNil, currentTime: currentTime, mode: mode,
            kdfHash: kdfHash)
    }
}

@available(*, unavailable)
extension SCP11CardConfiguration: Sendable {}

/// The virtual card's public SCP11 test PKI: keys drawn from a fixed seed, so `cardsh-sim --export-pki`, the
/// shell and the card rebuild the same keys in separate processes; certificates are issued at run time, valid
/// from a day before `now` for a year. The private keys are public knowledge: for tests and demos only.
public enum SCP11TestPKI {
    public static let seed: UInt64 = 0x5C11_CA4D_5EED_0001

    public static func make(curve: ECCurve = .p256, now: Int64) throws(CryptoError) -> TestPKI {
        try TestPKI.make(curve: curve, now: now, seed: seed)
    }
}

extension X509Certificate {
    fileprivate var publicKeyOrNil: ECPublicKey? { try? publicKey() }
}

extension SimulatedCard.Configuration {
    /// The default card plus SCP11a/b/c keys (KVN 01) from `SCP11TestPKI` on `curve`, issued at `now` (seconds
    /// since 1970-01-01 UTC), which is also the time OCE certificates are checked at.
    public static func withTestSCP11(
        curve: ECCurve = .p256, now: Int64, mode: SCP03Mode = .s8, kdfHash: HashAlgorithm = .sha256
    ) -> Self {
        var configuration = Self()
        configuration.makeSCP11 = {
            guard let pki = try? SCP11TestPKI.make(curve: curve, now: now) else { return nil }
            return SCP11CardConfiguration(pki: pki, currentTime: now, mode: mode, kdfHash: kdfHash)
        }
        return configuration
    }
}
