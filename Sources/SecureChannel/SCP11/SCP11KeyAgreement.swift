import CardCore
import CardCrypto

/// The control reference template of the authenticate command (GP Amd F §7.6.2.3):
/// A6 { 90 SCP id + i, 95 key usage, 80 key type, 81 key length, [84 host ID] }.
public struct SCP11ControlReference: Sendable, Hashable {
    /// 11 for SCP11.
    public var scpID: UInt8
    public var iParameter: UInt8
    /// Key usage qualifier: 3C (C-MAC, C-DEC, R-MAC, R-ENC) or 34 (C-MAC, R-MAC).
    public var keyUsage: UInt8
    /// 88: AES.
    public var keyType: UInt8
    /// Session key length in bytes.
    public var keyLength: Int
    public var hostID: [UInt8]?

    public init(
        scpID: UInt8 = 0x11, iParameter: UInt8, keyUsage: UInt8, keyType: UInt8 = 0x88, keyLength: Int,
        hostID: [UInt8]? = nil
    ) {
        self.scpID = scpID
        self.iParameter = iParameter
        self.keyUsage = keyUsage
        self.keyType = keyType
        self.keyLength = keyLength
        self.hostID = hostID
    }

    /// The A6 data object.
    public func encoded() -> [UInt8] {
        var children = [
            TLV(tag: BERTag(0x90), bytes: [scpID, iParameter]), TLV(tag: BERTag(0x95), bytes: [keyUsage]),
            TLV(tag: BERTag(0x80), bytes: [keyType]), TLV(tag: BERTag(0x81), bytes: [UInt8(keyLength)]),
        ]
        if let hostID { children.append(TLV(tag: BERTag(0x84), bytes: hostID)) }
        return TLV(tag: BERTag(0xA6), children: children).encoded()
    }

    /// Reads an A6 data object.
    /// - Throws: `.scp11(.malformed)` naming the first missing or wrong field.
    public init(parsing tlv: TLV) throws(SecureChannelError) {
        guard tlv.tag == BERTag(0xA6), case .constructed(let children) = tlv.value else {
            throw .scp11(.malformed(field: .controlReferenceTemplate, offset: nil))
        }
        func one(_ tag: UInt8, _ field: SCP11Field, count: Int?) throws(SecureChannelError) -> [UInt8] {
            guard let item = children.first(where: { $0.tag == BERTag(tag) }), case .primitive(let v) = item.value,
                count == nil || v.count == count
            else { throw .scp11(.malformed(field: field, offset: nil)) }
            return v
        }
        let scp = try one(0x90, .scpIdentifier, count: 2)
        scpID = scp[0]
        iParameter = scp[1]
        keyUsage = try one(0x95, .keyUsage, count: 1)[0]
        keyType = try one(0x80, .keyType, count: 1)[0]
        keyLength = Int(try one(0x81, .keyLength, count: 1)[0])
        hostID = children.contains(where: { $0.tag == BERTag(0x84) }) ? try one(0x84, .hostID, count: nil) : nil
        // GP Amd F §3.1.2: SharedInfo carries the host ID behind a one-byte length.
        if let hostID, hostID.count > 255 { throw .scp11(.malformed(field: .hostID, offset: nil)) }
    }

    /// Key usage qualifier for a level (GP CS v2.3.1 Table 11-17 bits: 20 R-SM, 10 C-SM, 08 ENC, 04 MAC).
    public static func keyUsage(for level: SecurityLevel) throws(SecureChannelError) -> UInt8 {
        switch level {
        case .cmacCdecRmacRenc: return 0x3C
        case .cmacRmac: return 0x34
        default: throw .scp11(.unsupportedLevel(level))
        }
    }

    /// The level a key usage qualifier grants, or nil for one SCP11 does not define.
    public static func level(forKeyUsage usage: UInt8) -> SecurityLevel? {
        switch usage {
        case 0x3C: return .cmacCdecRmacRenc
        case 0x34: return .cmacRmac
        default: return nil
        }
    }

    /// SharedInfo of the KDF: key usage, key type, key length; with a host ID (i-parameter b3), the host ID and
    /// then the card's identity, each as length + value (GP Amd F §3.1.2).
    public func sharedInfo(cardIdentity: SCP11CardIdentity?) -> [UInt8] {
        var info = [keyUsage, keyType, UInt8(keyLength)]
        if let hostID {
            info += [UInt8(hostID.count)] + hostID
            if let cardIdentity { info += cardIdentity.lengthValueEncoded }
        }
        return info
    }
}

/// The card's identity bound into the key derivation with the host ID: the Security Domain Provider
/// Identification Number (SIN, GET DATA tag 42) and the Security Domain Image Number (SDIN, tag 45) of the SD
/// (GP CS v2.3.1 §H.1; the IIN and CIN of an ISD).
public struct SCP11CardIdentity: Sendable, Hashable {
    public var sin: [UInt8]
    public var sdin: [UInt8]

    public init(sin: [UInt8], sdin: [UInt8]) {
        self.sin = sin
        self.sdin = sdin
    }

    /// SIN-LV || SDIN-LV.
    public var lengthValueEncoded: [UInt8] { [UInt8(sin.count)] + sin + [UInt8(sdin.count)] + sdin }
}

/// The keys an SCP11 key agreement yields: the receipt key and the four session keys.
public struct SCP11DerivedKeys: Sendable {
    public let receiptKey: SecretBytes
    public let session: SessionKeys
}

/// Key derivation and receipt, shared by host and card (GP Amd F §3.1.2).
public enum SCP11KDF {
    /// X9.63 KDF over Z = ShSee || ShSes with the template's shared info; 5 keys of `keyLength` bytes in the order
    /// receipt key, S-ENC, S-MAC, S-RMAC, S-DEK.
    public static func derive(
        shSee: SecretBytes, shSes: SecretBytes, template: SCP11ControlReference, hash: HashAlgorithm,
        cardIdentity: SCP11CardIdentity? = nil
    ) throws(SecureChannelError) -> SCP11DerivedKeys {
        let n = template.keyLength
        guard n == 16 || n == 24 || n == 32 else { throw .scp11(.unsupportedKeyLength(n)) }
        let material: [UInt8]
        do {
            material = try X963KDF.derive(
                hash, sharedSecret: shSee.bytes + shSes.bytes, sharedInfo: template.sharedInfo(cardIdentity: cardIdentity), length: 5 * n)
        } catch {
            throw .crypto(error)
        }
        func key(_ i: Int) -> SecretBytes { SecretBytes(Array(material[(i * n)..<((i + 1) * n)])) }
        return SCP11DerivedKeys(
            receiptKey: key(0), session: SessionKeys(enc: key(1), mac: key(2), rmac: key(3), dek: key(4)))
    }

    /// The receipt: AES-CMAC with the receipt key over the authenticate command data followed by the card's
    /// 5F49 data object as sent.
    public static func receipt(key: SecretBytes, keyAgreementData: [UInt8]) throws(SecureChannelError) -> [UInt8] {
        do {
            return try AESCMAC(key: key).mac(keyAgreementData)
        } catch {
            throw .crypto(error)
        }
    }

    static func agree(_ key: ECPrivateKey, _ peer: ECPublicKey) throws(SecureChannelError) -> SecretBytes {
        do {
            return try key.sharedSecret(with: peer)
        } catch {
            throw .crypto(error)
        }
    }
}
