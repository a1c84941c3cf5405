import CardCore

/// A certificate as SCP11 carries it: X.509 DER or GlobalPlatform 7F21 (GP Amd F §6).
public enum SCP11Certificate {
    case x509(X509Certificate)
    case gp(GPCertificate)

    /// The encoding as received.
    public var encoded: [UInt8] {
        switch self {
        case .x509(let certificate): return certificate.der
        case .gp(let certificate): return certificate.encoded
        }
    }

    /// The subject's EC public key.
    public func publicKey() throws(CryptoError) -> ECPublicKey {
        switch self {
        case .x509(let certificate): return try certificate.publicKey()
        case .gp(let certificate): return try certificate.publicKey()
        }
    }

    /// Splits a certificate store (the value of BF21, or the whole BF21 object; GP Amd F §7.4) into certificates,
    /// in the card's order: the one signed by the trust anchor first, the SD ECKA certificate last.
    /// - Throws: `.certificate(.invalidDER)` / `.certificate(.gpCertificate)` for an item that does not parse.
    public static func parseBundle(_ bytes: [UInt8]) throws(CryptoError) -> [SCP11Certificate] {
        var items: [FlatTLV.Item]
        do {
            items = try FlatTLV.items(bytes[...])
        } catch {
            throw .certificate(.invalidDER(length: bytes.count))
        }
        var source = bytes
        if items.count == 1, items[0].tag == [0xBF, 0x21] {
            source = Array(bytes[items[0].value])
            do {
                items = try FlatTLV.items(source[...])
            } catch {
                throw .certificate(.invalidDER(length: source.count))
            }
        }
        var out: [SCP11Certificate] = []
        for item in items {
            let encoded = Array(source[item.whole])
            if item.tag == [0x7F, 0x21] {
                out.append(.gp(try GPCertificate(encoded: encoded)))
            } else {
                out.append(.x509(try X509Certificate(der: encoded)))
            }
        }
        return out
    }

    /// Verifies a chain in the card's order (anchor side first, leaf last) against the trust anchor's key and
    /// returns the leaf's key (PK.SD.ECKA or PK.OCE.ECKA). X.509 links are checked for signature, names,
    /// validity at `time` and key usage; GP links for signature and expiration date.
    /// - Throws: `.certificate(...)` with the index counted from the leaf (0).
    public static func verifyChain(
        _ chain: [SCP11Certificate], trustAnchor: ECPublicKey, at time: Int64
    ) throws(CryptoError) -> ECPublicKey {
        guard !chain.isEmpty else { throw .certificate(.emptyChain) }
        var issuerKey = trustAnchor
        for (position, certificate) in chain.enumerated() {
            let index = chain.count - 1 - position
            let isLeaf = index == 0
            switch certificate {
            case .x509(let x509):
                if time < x509.notBefore {
                    throw .certificate(
                        .notYetValid(index: index, subject: x509.subject, notBefore: x509.notBefore, time: time))
                }
                if time > x509.notAfter {
                    throw .certificate(
                        .expired(index: index, subject: x509.subject, notAfter: x509.notAfter, time: time))
                }
                let required: X509KeyUsage = isLeaf ? .keyAgreement : .keyCertSign
                if let usage = x509.keyUsage, !usage.contains(required) {
                    throw .certificate(
                        .wrongKeyUsage(
                            index: index, subject: x509.subject, required: required.rawValue, actual: usage.rawValue))
                }
                guard x509.isSigned(by: issuerKey) else {
                    throw .certificate(.badSignature(index: index, subject: x509.subject, issuer: x509.issuer))
                }
            case .gp(let gp):
                if let end = GPDate.seconds(gp.expirationDate), time > end + 86_399 {
                    throw .certificate(
                        .expired(index: index, subject: Hex.encode(gp.subjectIdentifier), notAfter: end, time: time))
                }
                if let effective = gp.effectiveDate, let start = GPDate.seconds(effective), time < start {
                    throw .certificate(
                        .notYetValid(
                            index: index, subject: Hex.encode(gp.subjectIdentifier), notBefore: start, time: time))
                }
                guard try gp.isSigned(by: issuerKey) else {
                    throw .certificate(
                        .badSignature(
                            index: index, subject: Hex.encode(gp.subjectIdentifier),
                            issuer: Hex.encode(gp.caIdentifier)))
                }
            }
            issuerKey = try certificate.publicKey()
        }
        return issuerKey
    }
}

@available(*, unavailable)
extension SCP11Certificate: Sendable {}

/// GP certificate dates: 4 bytes YYYYMMDD in BCD (GP Amd F §6.2).
enum GPDate {
    /// Midnight UTC of the date as seconds since 1970-01-01, or nil when the bytes are not a BCD date.
    static func seconds(_ bytes: [UInt8]) -> Int64? {
        guard bytes.count == 4, bytes.allSatisfy({ $0 >> 4 <= 9 && $0 & 0x0F <= 9 }) else { return nil }
        let digits = bytes.map { Int64($0 >> 4) * 10 + Int64($0 & 0x0F) }
        let (year, month, day) = (digits[0] * 100 + digits[1], digits[2], digits[3])
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        // Days from civil (proleptic Gregorian), H. Hinnant's algorithm.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return (era * 146_097 + doe - 719_468) * 86_400
    }
}
