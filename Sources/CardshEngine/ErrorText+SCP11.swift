import CardCore
import CardCrypto
import SecureChannel

extension ErrorText {
    /// One sentence per SCP11 failure (GP Amd F v1.4), naming what failed and the next step.
    static func scp11(_ error: SCP11Error, certificateCount: Int? = nil) -> String {
        switch error {
        case .missingOCEKey(let variant):
            return "SCP11\(variant.rawValue) needs the OCE private key (--oce-key FILE)."
        case .missingOCECertificates(let variant):
            return "SCP11\(variant.rawValue) needs the OCE certificate chain (--oce-cert FILE)."
        case .unsupportedKeyLength(let n):
            return "session keys are AES-128, -192 or -256 (--aes 128|192|256); got \(n * 8) bits."
        case .hostIDLength(let n):
            return "a host ID is 1 to 255 bytes (GP Amd F §7.6.2.3, tag 84); got \(n)."
        case .hostIDWithoutCardIdentity:
            return "a host ID is bound together with the card's SIN and SDIN (GP Amd F §3.1.2); none were given."
        case .unsupportedLevel:
            return "SCP11 offers the levels cmac+rmac and cmac+cdec+rmac+renc only (GP Amd F §7.6.2.3)."
        case .curveMismatch(let expected, let actual):
            return "the OCE key is on \(actual.rawValue) but the card's SD key is on \(expected.rawValue); "
                + "use an OCE key and certificate on \(expected.rawValue)."
        case .performSecurityOperationFailed(let index, let sw):
            let of = certificateCount.map { " of \($0)" } ?? ""
            let hint =
                sw.rawValue == 0x6A80
                ? " The card does not accept it: is the chain signed by the OCE CA the card trusts, "
                    + "in order (CA side first), and still valid?"
                : sw.rawValue == 0x6985 ? " The card has no OCE trust anchor for this key version (--oce-kvn)." : ""
            return "the card refused OCE certificate \(index + 1)\(of) (PERFORM SECURITY OPERATION: "
                + "\(sw) \(swText(sw))).\(hint)"
        case .authenticateFailed(let variant, let sw):
            let command = variant == .b ? "INTERNAL AUTHENTICATE" : "MUTUAL AUTHENTICATE"
            let hint: String
            switch sw.rawValue {
            case 0x6A88: hint = " No SD key with this KID and KVN: `gp keys` lists them."
            case 0x6985: hint = " The card has no verified OCE certificate for this session."
            case 0x6A80: hint = " The card refused the key agreement data (curve, level or key size)."
            default: hint = ""
            }
            return "\(command): \(sw) (\(swText(sw))).\(hint)"
        case .malformed(let field, let offset):
            let at = offset.map { " at byte \($0)" } ?? ""
            return "the card's answer has a missing or malformed \(field.rawValue) data object\(at) "
                + "(GP Amd F §7.6.2.4)."
        case .invalidCardEphemeralKey(let curve, let length):
            return "the card's ephemeral key (\(length) bytes) is not a point on \(curve.rawValue)."
        case .receiptMismatch:
            return "receipt mismatch (GP Amd F §3.1.2): the card does not hold the private key of the SD "
                + "certificate, derives its keys otherwise (--kdf-hash, --host-id), or the exchange was altered. "
                + "No channel was opened."
        case .certificate(let reason):
            return "SD certificate chain: " + certificate(reason)
        case .certificateRetrievalFailed(let sw):
            return "GET DATA BF21 (certificates): \(sw) (\(swText(sw)))."
        case .crypto(let e):
            return "" + crypto(e)
        }
    }

    /// The SD chain did not verify against `--ca`.
    static func scp11SDChain(_ error: SecureChannelError, caSubject: String) -> String {
        guard case .scp11(.certificate(let reason)) = error else { return secureChannel(error) }
        return "the card's SD certificate chain does not verify against --ca (\(caSubject)): "
            + certificate(reason) + " No channel was opened."
    }

    static func scp11CertificateRetrieval(sw: StatusWord, kid: UInt8, kvn: UInt8) -> String {
        let hint =
            sw.rawValue == 0x6A88
            ? " No SCP11 key with KID 0x" + Hex.encode([kid]) + " KVN 0x" + Hex.encode([kvn])
                + ": `gp keys` lists the keys." : ""
        return "GET DATA BF21 (SD certificates): \(sw) (\(swText(sw))).\(hint)"
    }

    static func certificate(_ reason: CertificateError) -> String {
        func which(_ index: Int) -> String { index == 0 ? "the SD certificate" : "certificate \(index) above the SD's" }
        switch reason {
        case .invalidDER(let length):
            return "\(length) bytes that are not a DER X.509 certificate."
        case .noPEMBlock(let label):
            return "no PEM \"\(label)\" block."
        case .unsupportedKey(let name):
            return "key type \(name) is not an EC key on a curve SCP11 uses."
        case .badSignature(let index, let subject, let issuer):
            return "the signature of \(which(index)) (\(subject)) does not verify with the key of \(issuer)."
        case .notYetValid(let index, let subject, let notBefore, let time):
            return "\(which(index)) (\(subject)) is not valid before \(CalendarText.date(notBefore)) "
                + "(now \(CalendarText.date(time)))."
        case .expired(let index, let subject, let notAfter, let time):
            return "\(which(index)) (\(subject)) expired on \(CalendarText.date(notAfter)) "
                + "(now \(CalendarText.date(time)))."
        case .wrongKeyUsage(let index, let subject, let required, let actual):
            return "\(which(index)) (\(subject)) has key usage 0x" + String(actual, radix: 16)
                + ", lacking 0x" + String(required, radix: 16) + "."
        case .issuerMismatch(let index, let issuer, let nextSubject):
            return "\(which(index)) names issuer \(issuer), but the next certificate is \(nextSubject)."
        case .emptyChain:
            return "the card returned no certificate."
        case .gpCertificate(let tag, let offset):
            return "GP certificate field \(tag) is missing or malformed" + (offset.map { " at byte \($0)" } ?? "") + "."
        }
    }

    static func crypto(_ error: CryptoError) -> String {
        switch error {
        case .certificate(let reason): return certificate(reason)
        case .invalidPrivateKey(let curve): return "not a valid private key on \(curve.rawValue)."
        case .invalidPublicKey(let curve, let length):
            return "\(length) bytes that are not a public key on \(curve.rawValue)."
        case .openSSL(let function, let code): return "OpenSSL \(function) failed (error 0x\(String(code, radix: 16)))."
        default: return "\(error)"
        }
    }
}
