import CardCore
import CardCrypto

/// SCP03 key derivation: NIST SP 800-108 counter mode with AES-CMAC as PRF, in the layout of GP Amd D v1.2 §4.1.5.
public enum SCP03KDF {
    /// Derivation constants (GP Amd D v1.2 §4.1.5 Table 4-1).
    public enum Constant: UInt8, Sendable {
        case cardCryptogram = 0x00
        case hostCryptogram = 0x01
        case cardChallenge = 0x02
        case sessionENC = 0x04
        case sessionMAC = 0x06
        case sessionRMAC = 0x07
    }

    /// Derives `bits` bits (a multiple of 8) with a PRF already keyed.
    ///
    /// Input per block: 11 × 00 || constant || 00 || L (2 bytes, bits) || i (1 byte, from 1) || context.
    public static func derive(
        prf: AESCMAC, constant: UInt8, bits: Int, context: [UInt8]
    ) throws(SecureChannelError) -> [UInt8] {
        precondition(bits > 0 && bits % 8 == 0 && bits <= 255 * 128, "KDF output of \(bits) bits")
        var label = [UInt8](repeating: 0, count: 11)
        label += [constant, 0x00, UInt8(bits >> 8), UInt8(bits & 0xFF)]
        var out: [UInt8] = []
        var i: UInt8 = 1
        while out.count * 8 < bits {
            do {
                out += try prf.mac(label, [i], context)
            } catch {
                throw .crypto(error)
            }
            i += 1
        }
        return Array(out.prefix(bits / 8))
    }

    /// Derives with a fresh PRF keyed by `key`.
    public static func derive(
        key: SecretBytes, constant: Constant, bits: Int, context: [UInt8]
    ) throws(SecureChannelError) -> [UInt8] {
        try derive(prf: makeCMAC(key), constant: constant.rawValue, bits: bits, context: context)
    }

    /// S-ENC, S-MAC and S-RMAC of the static keys' length from the context host challenge || card challenge
    /// (GP Amd D v1.2 §6.2.1).
    public static func sessionKeys(
        from keys: SCP03StaticKeys, context: [UInt8]
    ) throws(SecureChannelError) -> SessionKeys {
        let bits = keys.keyLength * 8
        let encPRF = try makeCMAC(keys.enc)
        let macPRF = try makeCMAC(keys.mac)
        let senc = try derive(prf: encPRF, constant: Constant.sessionENC.rawValue, bits: bits, context: context)
        let smac = try derive(prf: macPRF, constant: Constant.sessionMAC.rawValue, bits: bits, context: context)
        let srmac = try derive(prf: macPRF, constant: Constant.sessionRMAC.rawValue, bits: bits, context: context)
        return SessionKeys(enc: SecretBytes(senc), mac: SecretBytes(smac), rmac: SecretBytes(srmac), dek: keys.dek)
    }

    /// A cryptogram (card: constant 00, host: 01) of the mode's length, keyed by S-MAC (GP Amd D v1.2 §6.2.2.2-3).
    public static func cryptogram(
        _ constant: Constant, sessionMAC: SecretBytes, mode: SCP03Mode, context: [UInt8]
    ) throws(SecureChannelError) -> [UInt8] {
        try derive(key: sessionMAC, constant: constant, bits: mode.length * 8, context: context)
    }

    /// The pseudo-random card challenge: KDF(K-ENC, 02, context = sequence counter (3 bytes) || SD AID)
    /// (GP Amd D v1.2 §6.2.2.1).
    public static func pseudoRandomCardChallenge(
        staticENC: SecretBytes, sequenceCounter: [UInt8], aid: [UInt8], mode: SCP03Mode
    ) throws(SecureChannelError) -> [UInt8] {
        try derive(key: staticENC, constant: .cardChallenge, bits: mode.length * 8, context: sequenceCounter + aid)
    }

    static func makeCMAC(_ key: SecretBytes) throws(SecureChannelError) -> AESCMAC {
        do {
            return try AESCMAC(key: key)
        } catch {
            throw .crypto(error)
        }
    }
}

/// Session keys of a secure channel (SCP03 or SCP11): S-ENC, S-MAC, S-RMAC and the key that encrypts keys
/// in PUT KEY (SCP03: the static K-DEK; SCP11: S-DEK).
public struct SessionKeys: Sendable {
    public let enc: SecretBytes
    public let mac: SecretBytes
    public let rmac: SecretBytes
    public let dek: SecretBytes?

    public init(enc: SecretBytes, mac: SecretBytes, rmac: SecretBytes, dek: SecretBytes?) {
        self.enc = enc
        self.mac = mac
        self.rmac = rmac
        self.dek = dek
    }
}
