import CardCore
import CardCrypto
import CardshLanguage
import SecureChannel

extension Engine {
    /// `kdf SCHEME --kdd HEX [keys]`: the derived keys' check values and the scheme's inputs, never the keys.
    func performKDF(_ options: KDFOptions, into outcome: inout CommandOutcome) throws(CommandError) {
        let (masters, usedTestKeys) = try staticKeys(options.keys)
        let scheme = Engine.diversificationScheme(options.scheme)
        let derived = try Engine.diversify(masters, scheme: scheme, kdd: options.kdd)
        let masterCheckValues = try Engine.checkValues(masters, scheme: scheme)
        var fields = [
            Field("scheme", Engine.schemeDescription(scheme)),
            Field("key diversification data", Hex.encode(options.kdd)),
            Field("master keys", (usedTestKeys ? "GP test key 404142...4F; KCV " : "KCV ") + masterCheckValues),
        ]
        for purpose in Diversification.KeyPurpose.allCases {
            let input: [UInt8]
            do {
                input = try Diversification.derivationData(scheme, kdd: options.kdd, purpose: purpose)
            } catch {
                throw CommandError(ErrorText.secureChannel(error))
            }
            let name = Engine.purposeName(purpose)
            fields.append(Field(name + " input", scheme == .kdf3 ? "i || " + Hex.encode(input) : Hex.encode(input)))
            fields.append(Field(name + " KCV", try Engine.checkValue(derived.key(purpose), scheme: scheme)))
        }
        outcome.result = .fields(fields)
    }

    static func diversificationScheme(_ scheme: KeyDiversification) -> Diversification.Scheme {
        switch scheme {
        case .emv: return .emv
        case .visa2: return .visa2
        case .kdf3: return .kdf3
        }
    }

    /// The card's static keys from the master keys, as a command error on bad lengths.
    static func diversify(
        _ masters: SCP03StaticKeys, scheme: Diversification.Scheme, kdd: [UInt8]
    ) throws(CommandError) -> SCP03StaticKeys {
        do {
            return try Diversification.diversify(masters, scheme: scheme, kdd: kdd)
        } catch {
            throw CommandError(ErrorText.secureChannel(error))
        }
    }

    static func schemeDescription(_ scheme: Diversification.Scheme) -> String {
        switch scheme {
        case .emv: return "emv (EMV CPS v1.1: 3DES-ECB over KDD[4..9] F0|0F k)"
        case .visa2: return "visa2 (3DES-ECB over KDD[0..1] KDD[4..7] F0|0F k)"
        case .kdf3: return "kdf3 (AES-CMAC counter mode over i 000000 k 00 KDD)"
        }
    }

    static func purposeName(_ purpose: Diversification.KeyPurpose) -> String {
        switch purpose {
        case .enc: return "ENC"
        case .mac: return "MAC"
        case .dek: return "DEK"
        }
    }

    /// `ENC A1B2C3, MAC ..., DEK ...` with the check values `checkValue` gives; one value when the keys are equal.
    static func checkValues(_ keys: SCP03StaticKeys, scheme: Diversification.Scheme?) throws(CommandError) -> String {
        if keys.enc.bytes == keys.mac.bytes, keys.mac.bytes == keys.dek.bytes {
            return "ENC = MAC = DEK " + (try checkValue(keys.enc, scheme: scheme))
        }
        var parts: [String] = []
        for purpose in Diversification.KeyPurpose.allCases {
            parts.append(purposeName(purpose) + " " + (try checkValue(keys.key(purpose), scheme: scheme)))
        }
        return parts.joined(separator: ", ")
    }

    /// The AES check value (GP Amd D v1.2 §6.2.3); for the 3DES schemes also the 3DES one (GP CS v2.3.1 §11.1.8),
    /// which DES-era tools print for the same key.
    static func checkValue(_ key: SecretBytes, scheme: Diversification.Scheme?) throws(CommandError) -> String {
        do {
            let aes = try SCP03StaticKeys.keyCheckValue(key)
            guard scheme?.usesTripleDES == true, key.count == 16 else { return Hex.encode(aes) }
            let des = try TripleDES.keyCheckValue(key)
            return Hex.encode(aes) + " (AES), " + Hex.encode(des) + " (3DES)"
        } catch let error as SecureChannelError {
            throw CommandError(ErrorText.secureChannel(error))
        } catch {
            throw CommandError("cryptography failed: \(error)")
        }
    }
}

extension SCP03StaticKeys {
    func key(_ purpose: Diversification.KeyPurpose) -> SecretBytes {
        switch purpose {
        case .enc: return enc
        case .mac: return mac
        case .dek: return dek
        }
    }
}
