import CardCore

/// One SCP03 key set of the ISD: key version number and the ENC, MAC and DEK keys (key ids 1, 2, 3,
/// as GP Amd D numbers them). The card side of SCP03 reads them from `SimulatedCard.Configuration`.
public struct SCP03KeySet: Sendable {
    public var kvn: UInt8
    public var enc: SecretBytes
    public var mac: SecretBytes
    public var dek: SecretBytes
    /// The SCP03 i-parameter (GP Amd D v1.2 §5.1): 70 = S8, pseudo-random card challenge, R-MAC, R-ENC.
    public var iParameter: UInt8

    public init(kvn: UInt8, enc: SecretBytes, mac: SecretBytes, dek: SecretBytes, iParameter: UInt8 = 0x70) {
        self.kvn = kvn
        self.enc = enc
        self.mac = mac
        self.dek = dek
        self.iParameter = iParameter
    }

    /// Key length in bytes: 16, 24 or 32 (AES-128, AES-192, AES-256).
    public var keyLength: Int { enc.count }

    /// The GlobalPlatform test key 40 41 42 ... of `length` bytes, the same for ENC, MAC and DEK.
    public static func testKeys(kvn: UInt8, length: Int, iParameter: UInt8 = 0x70) -> SCP03KeySet {
        let key = (0..<length).map { UInt8(0x40 + $0) }
        return SCP03KeySet(
            kvn: kvn, enc: SecretBytes(key), mac: SecretBytes(key), dek: SecretBytes(key), iParameter: iParameter)
    }

    /// KVN 30 AES-128, 31 AES-192, 32 AES-256, all with the test key.
    public static var defaults: [SCP03KeySet] {
        [testKeys(kvn: 0x30, length: 16), testKeys(kvn: 0x31, length: 24), testKeys(kvn: 0x32, length: 32)]
    }
}
