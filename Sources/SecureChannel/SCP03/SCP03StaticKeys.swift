import CardCore
import CardCrypto

/// One SCP03 static key set: K-ENC, K-MAC and K-DEK, all AES keys of the same length.
public struct SCP03StaticKeys: Sendable {
    public let enc: SecretBytes
    public let mac: SecretBytes
    public let dek: SecretBytes

    /// - Throws: `.invalidKeyLength` unless 16, 24 or 32 bytes; `.keyLengthsDiffer` when the three differ.
    public init(enc: SecretBytes, mac: SecretBytes, dek: SecretBytes) throws(SecureChannelError) {
        guard enc.count == mac.count, mac.count == dek.count else {
            throw .keyLengthsDiffer(enc: enc.count, mac: mac.count, dek: dek.count)
        }
        guard [16, 24, 32].contains(enc.count) else { throw .invalidKeyLength(enc.count) }
        self.enc = enc
        self.mac = mac
        self.dek = dek
    }

    /// The same key for ENC, MAC and DEK.
    public init(all key: SecretBytes) throws(SecureChannelError) {
        try self.init(enc: key, mac: key, dek: key)
    }

    /// Key length in bytes (16, 24 or 32).
    public var keyLength: Int { enc.count }

    /// The GlobalPlatform test key 404142434445464748494A4B4C4D4E4F for ENC, MAC and DEK.
    public static var gpTestKeys: SCP03StaticKeys {
        let key = SecretBytes(Array(0x40...0x4F))
        return try! SCP03StaticKeys(all: key)
    }

    /// Key check value of an AES key: the first 3 bytes of AES(key, 16 × 01) (GP Amd D v1.2 §6.2.3 / GP CS §11.1.8).
    public static func keyCheckValue(_ key: SecretBytes) throws(SecureChannelError) -> [UInt8] {
        do {
            let aes = try AESCipher(key: key)
            return Array(try aes.encryptBlock([UInt8](repeating: 0x01, count: 16)).prefix(3))
        } catch {
            throw .crypto(error)
        }
    }
}
