import CardCore
import CardCrypto

/// Card key diversification: per-card static keys derived from master keys and the 10-byte key diversification
/// data of the INITIALIZE UPDATE response (GP Amd D v1.2 §7.1.1.3).
///
/// GlobalPlatform leaves the scheme to the issuer; these are the three in common use, with the byte layouts of
/// GlobalPlatformPro's `PlaintextKeys`. With SCP03, EMV and VISA2 give a 16-byte 3DES result that is used as the
/// AES-128 key, as GlobalPlatformPro's `Diversification` enum did (its later templates allow only KDF3 with SCP03).
public enum Diversification {
    /// Length of the key diversification data (GP Amd D v1.2 §7.1.1.3).
    public static let dataLength = 10

    public enum Scheme: String, CaseIterable, Hashable, Sendable {
        /// EMV CPS v1.1 (card keys from the KMC): 3DES-ECB over KDD bytes 4-9 || F0 k || bytes 4-9 || 0F k.
        case emv
        /// VISA2: 3DES-ECB over KDD bytes 0-1, 4-7 || F0 k || the same six bytes || 0F k.
        case visa2
        /// KDF3: SP 800-108 counter mode with AES-CMAC over i || 00 00 00 k 00 || KDD.
        case kdf3

        /// Whether the derivation is 3DES (a 16-byte master key, 16-byte results) rather than AES-CMAC.
        public var usesTripleDES: Bool { self != .kdf3 }
    }

    /// Which static key is derived: the value `k` in each scheme's input.
    public enum KeyPurpose: UInt8, CaseIterable, Hashable, Sendable {
        case enc = 0x01
        case mac = 0x02
        case dek = 0x03
    }

    /// The bytes a scheme feeds to its cipher for one key: the 16-byte block for EMV and VISA2, the fixed
    /// input after the one-byte counter for KDF3.
    /// - Throws: `.diversificationDataLength` unless `kdd` is 10 bytes.
    public static func derivationData(
        _ scheme: Scheme, kdd: [UInt8], purpose: KeyPurpose
    ) throws(SecureChannelError) -> [UInt8] {
        guard kdd.count == dataLength else { throw .diversificationDataLength(kdd.count) }
        let k = purpose.rawValue
        switch scheme {
        case .emv:
            // EMV CPS v1.1: the six rightmost KDD bytes, twice.
            let half = Array(kdd[4...9])
            return half + [0xF0, k] + half + [0x0F, k]
        case .visa2:
            // The VISA2 layout: KDD bytes 0-1 and 4-7.
            let half = Array(kdd[0...1]) + Array(kdd[4...7])
            return half + [0xF0, k] + half + [0x0F, k]
        case .kdf3:
            return [0x00, 0x00, 0x00, k, 0x00] + kdd
        }
    }

    /// Derives one card key from a master key.
    ///
    /// EMV and VISA2 take a 16-byte (two-key 3DES) master key and give 16 bytes, which SCP03 uses as an
    /// AES-128 key; KDF3 takes an AES key of 16, 24 or 32 bytes and gives a key of the same length.
    /// - Throws: `.diversificationDataLength`, `.masterKeyLength`.
    public static func diversify(
        _ master: SecretBytes, scheme: Scheme, kdd: [UInt8], purpose: KeyPurpose
    ) throws(SecureChannelError) -> SecretBytes {
        let input = try derivationData(scheme, kdd: kdd, purpose: purpose)
        switch scheme {
        case .emv, .visa2:
            guard master.count == 16 else { throw .masterKeyLength(scheme: scheme, length: master.count) }
            return try crypto { () throws(CryptoError) in SecretBytes(try TripleDES(key: master).encryptECB(input)) }
        case .kdf3:
            guard [16, 24, 32].contains(master.count) else {
                throw .masterKeyLength(scheme: scheme, length: master.count)
            }
            // SP 800-108 §5.1 with an 8-bit counter first and no separate label or length field.
            return try crypto { () throws(CryptoError) in
                let prf = try AESCMAC(key: master)
                var out: [UInt8] = []
                var i: UInt8 = 1
                while out.count < master.count {
                    out += try prf.mac([i], input)
                    i += 1
                }
                return SecretBytes(Array(out.prefix(master.count)))
            }
        }
    }

    private static func crypto<T>(_ body: () throws(CryptoError) -> T) throws(SecureChannelError) -> T {
        do {
            return try body()
        } catch {
            throw .crypto(error)
        }
    }

    /// Derives the card's ENC, MAC and DEK keys from the master ENC, MAC and DEK keys.
    /// - Throws: `.diversificationDataLength`, `.masterKeyLength`.
    public static func diversify(
        _ masters: SCP03StaticKeys, scheme: Scheme, kdd: [UInt8]
    ) throws(SecureChannelError) -> SCP03StaticKeys {
        try SCP03StaticKeys(
            enc: diversify(masters.enc, scheme: scheme, kdd: kdd, purpose: .enc),
            mac: diversify(masters.mac, scheme: scheme, kdd: kdd, purpose: .mac),
            dek: diversify(masters.dek, scheme: scheme, kdd: kdd, purpose: .dek))
    }
}
