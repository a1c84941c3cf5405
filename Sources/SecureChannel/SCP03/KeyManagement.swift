import CardCore
import CardCrypto

/// PUT KEY and DELETE KEY for SCP03 AES key sets (GP CS v2.3.1 §11.8, §11.2; GP Amd D v1.2 §7.2).
public enum SCP03KeyManagement {
    /// Key type of an AES key in a key data field (GP CS v2.3.1 §11.1.8 Table 11-16).
    public static let aesKeyType: UInt8 = 0x88

    /// PUT KEY with ENC, MAC and DEK (key identifiers `firstKeyID`, +1, +2), each encrypted with the session DEK
    /// (AES-CBC, zero ICV) and followed by its 3-byte KCV.
    ///
    /// - Parameters:
    ///   - replacingKVN: the key set to replace, or 0 to add a new one (P1).
    ///   - dek: the key that encrypts keys (SCP03: the static K-DEK of the open session).
    /// Layout per key: 88 || Lk+1 || Lk (clear length) || encrypted key || 03 || KCV. A 24-byte key is padded with
    /// 80 00.. to 32 bytes before encryption; the clear length byte says 24.
    public static func putKey(
        _ keys: SCP03StaticKeys, newKVN: UInt8, replacingKVN: UInt8 = 0, firstKeyID: UInt8 = 1, dek: SecretBytes
    ) throws(SecureChannelError) -> CommandAPDU {
        let cipher: AESCipher
        do { cipher = try AESCipher(key: dek) } catch { throw .crypto(error) }
        var data: [UInt8] = [newKVN]
        for key in [keys.enc, keys.mac, keys.dek] {
            let clear = key.bytes
            let padded = clear.count % 16 == 0 ? clear : ISO9797Padding.pad(clear)
            let encrypted: [UInt8]
            do {
                encrypted = try cipher.encryptCBC(padded, iv: [UInt8](repeating: 0, count: 16))
            } catch {
                throw .crypto(error)
            }
            data += [aesKeyType, UInt8(encrypted.count + 1), UInt8(clear.count)] + encrypted
            data += [0x03] + (try SCP03StaticKeys.keyCheckValue(key))
        }
        do {
            return try CommandAPDU(cla: 0x80, ins: 0xD8, p1: replacingKVN, p2: 0x80 | firstKeyID, data: data, ne: 256)
        } catch {
            throw .apdu(error)
        }
    }

    /// The KCVs a card must return for `keys` (ENC, MAC, DEK order).
    public static func expectedKeyCheckValues(_ keys: SCP03StaticKeys) throws(SecureChannelError) -> [[UInt8]] {
        [
            try SCP03StaticKeys.keyCheckValue(keys.enc), try SCP03StaticKeys.keyCheckValue(keys.mac),
            try SCP03StaticKeys.keyCheckValue(keys.dek),
        ]
    }

    /// Checks the PUT KEY response: 9000 with KVN || KCV1 || KCV2 || KCV3 (GP CS v2.3.1 §11.8.3).
    /// - Throws: `.keyCommandFailed` (SW), `.putKeyMalformed`, `.putKeyVersionMismatch`, `.keyCheckValueMismatch`.
    public static func verifyPutKeyResponse(
        _ response: ResponseAPDU, newKVN: UInt8, keys: SCP03StaticKeys
    ) throws(SecureChannelError) {
        guard response.sw == .success else { throw .keyCommandFailed(response.sw) }
        let expected = try expectedKeyCheckValues(keys)
        guard response.data.count == 1 + 3 * expected.count else {
            throw .putKeyMalformed(offset: min(response.data.count, 1 + 3 * expected.count))
        }
        guard response.data[0] == newKVN else {
            throw .putKeyVersionMismatch(expected: newKVN, actual: response.data[0])
        }
        for (index, kcv) in expected.enumerated() {
            let actual = Array(response.data[(1 + 3 * index)..<(4 + 3 * index)])
            guard Bytes.constantTimeEqual(actual, kcv) else {
                throw .keyCheckValueMismatch(keyIndex: index, expected: kcv, actual: actual)
            }
        }
    }

    /// DELETE KEY by version and, optionally, identifier: 80 E4 00 00, D0 01 id, D2 01 kvn (GP CS v2.3.1 §11.2.2.3).
    public static func deleteKey(kvn: UInt8, keyID: UInt8? = nil) -> CommandAPDU {
        var data: [UInt8] = []
        if let keyID { data += [0xD0, 0x01, keyID] }
        data += [0xD2, 0x01, kvn]
        return try! CommandAPDU(cla: 0x80, ins: 0xE4, p1: 0x00, p2: 0x00, data: data, ne: 256)
    }
}

/// A PUT KEY command as the card decodes it.
public struct PutKeyRequest: Sendable {
    /// P1: the KVN to replace, 0 to add.
    public var replacingKVN: UInt8
    public var newKVN: UInt8
    public var firstKeyID: UInt8
    public var keys: SCP03StaticKeys
    public var keyCheckValues: [[UInt8]]

    /// Decodes and decrypts a PUT KEY command carrying three AES keys, checking each KCV. Accepts the key data field
    /// with or without the clear key length byte.
    /// - Throws: `.putKeyMalformed(offset:)`, `.keyCheckValueMismatch`, key length errors.
    public init(decoding command: CommandAPDU, dek: SecretBytes) throws(SecureChannelError) {
        let data = command.data
        guard command.ins == 0xD8, !data.isEmpty else { throw .putKeyMalformed(offset: 0) }
        replacingKVN = command.p1
        firstKeyID = command.p2 & 0x7F
        newKVN = data[0]
        let cipher: AESCipher
        do { cipher = try AESCipher(key: dek) } catch { throw .crypto(error) }
        var offset = 1
        var clearKeys: [SecretBytes] = []
        var kcvs: [[UInt8]] = []
        func byte(_ at: Int) throws(SecureChannelError) -> UInt8 {
            guard at < data.count else { throw .putKeyMalformed(offset: at) }
            return data[at]
        }
        for index in 0..<3 {
            guard try byte(offset) == SCP03KeyManagement.aesKeyType else { throw .putKeyMalformed(offset: offset) }
            let fieldLength = Int(try byte(offset + 1))
            // Two layouts are in use: GP Amd D §7.2 puts the clear key length before the cryptogram (length 1 + 16n,
            // as GlobalPlatformPro sends); yubikit sends the cryptogram alone (length 16n).
            let hasClearLength = fieldLength % 16 == 1
            let clearLength = hasClearLength ? Int(try byte(offset + 2)) : fieldLength
            let encryptedLength = hasClearLength ? fieldLength - 1 : fieldLength
            let start = offset + (hasClearLength ? 3 : 2)
            guard encryptedLength > 0, encryptedLength % 16 == 0, [16, 24, 32].contains(clearLength),
                clearLength <= encryptedLength, start + encryptedLength <= data.count
            else { throw .putKeyMalformed(offset: offset + 1) }
            let decrypted: [UInt8]
            do {
                decrypted = try cipher.decryptCBC(
                    Array(data[start..<(start + encryptedLength)]), iv: [UInt8](repeating: 0, count: 16))
            } catch {
                throw .crypto(error)
            }
            let key = SecretBytes(Array(decrypted.prefix(clearLength)))
            offset = start + encryptedLength
            let kcvLength = Int(try byte(offset))
            guard kcvLength == 3, offset + 1 + kcvLength <= data.count else { throw .putKeyMalformed(offset: offset) }
            let kcv = Array(data[(offset + 1)..<(offset + 4)])
            offset += 4
            let computed = try SCP03StaticKeys.keyCheckValue(key)
            guard Bytes.constantTimeEqual(kcv, computed) else {
                throw .keyCheckValueMismatch(keyIndex: index, expected: computed, actual: kcv)
            }
            clearKeys.append(key)
            kcvs.append(kcv)
        }
        guard offset == data.count else { throw .putKeyMalformed(offset: offset) }
        keys = try SCP03StaticKeys(enc: clearKeys[0], mac: clearKeys[1], dek: clearKeys[2])
        keyCheckValues = kcvs
    }

    /// The card's answer: 9000 with new KVN || KCVs.
    public func response() -> ResponseAPDU {
        ResponseAPDU(data: [newKVN] + keyCheckValues.flatMap { $0 }, sw: .success)
    }
}

extension SCP03CardSession {
    /// Applies a decoded PUT KEY to the key sets: replaces `replacingKVN` (keeping its i-parameter) or adds a key
    /// set with `iParameter`. Returns the response to send (6A88 when the key set to replace does not exist).
    public func apply(_ request: PutKeyRequest, iParameter: SCP03IParameter) -> ResponseAPDU {
        let keySet = SCP03CardKeySet(kvn: request.newKVN, keys: request.keys, iParameter: iParameter)
        if request.replacingKVN == 0 {
            keySets.removeAll { $0.kvn == request.newKVN }
            keySets.append(keySet)
        } else {
            guard let index = keySets.firstIndex(where: { $0.kvn == request.replacingKVN }) else {
                return ResponseAPDU(sw: .referencedDataNotFound)
            }
            keySets[index] = SCP03CardKeySet(
                kvn: request.newKVN, keys: request.keys, iParameter: keySets[index].iParameter)
        }
        return request.response()
    }
}

extension SCP03CardSession {
    /// Handles a plain (already unwrapped) PUT KEY in an open session (GP CS v2.3.1 §11.8): decodes it with the
    /// session's static DEK and stores the key set. A new key set takes the current one's i-parameter.
    ///
    /// 6982 without a session, 6A80 for a malformed command or a wrong KCV, 6A88 for an unknown KVN to replace.
    public func putKey(_ command: CommandAPDU) -> ResponseAPDU {
        guard isAuthenticated, let current = currentKeySet else { return ResponseAPDU(sw: .securityStatusNotSatisfied) }
        guard let request = try? PutKeyRequest(decoding: command, dek: current.keys.dek) else {
            return ResponseAPDU(sw: .incorrectData)
        }
        return apply(request, iParameter: current.iParameter)
    }

    /// Handles a plain DELETE KEY (GP CS v2.3.1 §11.2): removes the key set named by tag D2 (a D0 key identifier
    /// must be 1, 2 or 3 when present). 6982 without a session, 6A80 malformed, 6A88 unknown KVN, 6985 when it is
    /// the key set of the open session.
    public func deleteKey(_ command: CommandAPDU) -> ResponseAPDU {
        guard isAuthenticated else { return ResponseAPDU(sw: .securityStatusNotSatisfied) }
        var kvn: UInt8?
        var index = 0
        let data = command.data
        while index < data.count {
            guard index + 2 < data.count, data[index + 1] == 1 else {
                return ResponseAPDU(sw: .incorrectData)
            }
            switch data[index] {
            case 0xD2: kvn = data[index + 2]
            case 0xD0: guard (1...3).contains(data[index + 2]) else { return ResponseAPDU(sw: .referencedDataNotFound) }
            default: return ResponseAPDU(sw: .incorrectData)
            }
            index += 3
        }
        guard let kvn else { return ResponseAPDU(sw: .incorrectData) }
        guard keySets.contains(where: { $0.kvn == kvn }) else { return ResponseAPDU(sw: .referencedDataNotFound) }
        guard currentKeySet?.kvn != kvn else { return ResponseAPDU(sw: .conditionsNotSatisfied) }
        keySets.removeAll { $0.kvn == kvn }
        return ResponseAPDU(data: [0x00], sw: .success)
    }
}
