internal import COpenSSL

/// Key usage bits of an X.509 certificate as OpenSSL reports them (RFC 5280 §4.2.1.3; X509v3 KU_* values).
public struct X509KeyUsage: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let digitalSignature = X509KeyUsage(rawValue: 0x0080)
    public static let keyAgreement = X509KeyUsage(rawValue: 0x0008)
    public static let keyCertSign = X509KeyUsage(rawValue: 0x0004)
    public static let cRLSign = X509KeyUsage(rawValue: 0x0002)
}

/// A parsed X.509 certificate with an EC subject key (RFC 5280).
///
/// Times are seconds since 1970-01-01 UTC. Holds an OpenSSL object; not thread-safe.
public final class X509Certificate {
    let x509: OpaquePointer
    /// The DER encoding as given.
    public let der: [UInt8]

    /// - Throws: `.certificate(.invalidDER)` when the bytes are not one whole certificate.
    public init(der: [UInt8]) throws(CryptoError) {
        var parsed: OpaquePointer?
        der.withUnsafeBufferPointer { buffer in
            var pointer: UnsafePointer<UInt8>? = buffer.baseAddress
            parsed = d2i_X509(nil, &pointer, buffer.count)
            if let start = buffer.baseAddress, let pointer, pointer - start != buffer.count {
                X509_free(parsed)
                parsed = nil
            }
        }
        guard let parsed else {
            ERR_clear_error()
            throw .certificate(.invalidDER(length: der.count))
        }
        x509 = parsed
        self.der = der
    }

    /// The first "CERTIFICATE" block of PEM text.
    /// - Throws: `.certificate(.noPEMBlock)`, `.certificate(.invalidDER)`.
    public convenience init(pem: String) throws(CryptoError) {
        guard let first = try X509Certificate.all(pem: pem).first else {
            throw .certificate(.noPEMBlock(label: "CERTIFICATE"))
        }
        try self.init(der: first.der)
    }

    /// Every "CERTIFICATE" block of PEM text, in file order (a bundle or chain file).
    /// - Throws: `.certificate(.invalidDER)` for a block that does not decode.
    public static func all(pem: String) throws(CryptoError) -> [X509Certificate] {
        var out: [X509Certificate] = []
        for block in PEM.blocks(pem) where block.label == "CERTIFICATE" || block.label == "X509 CERTIFICATE" {
            out.append(try X509Certificate(der: block.der))
        }
        return out
    }

    deinit { X509_free(x509) }

    /// The subject as OpenSSL's one-line form ("/C=KR/O=Samsung/CN=...").
    public var subject: String { Self.oneLine(X509_get_subject_name(x509)) }
    /// The issuer in the same form.
    public var issuer: String { Self.oneLine(X509_get_issuer_name(x509)) }

    /// The serial number's magnitude, big-endian, without leading zeros.
    public var serialNumber: [UInt8] {
        guard let bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x509), nil) else { return [] }
        defer { BN_free(bn) }
        var out = [UInt8](repeating: 0, count: Int((BN_num_bits(bn) + 7) / 8))
        _ = BN_bn2bin(bn, &out)
        return out
    }

    /// Start of validity, seconds since 1970-01-01 UTC.
    public var notBefore: Int64 { Self.seconds(X509_get0_notBefore(x509)) }
    /// End of validity, seconds since 1970-01-01 UTC.
    public var notAfter: Int64 { Self.seconds(X509_get0_notAfter(x509)) }

    /// The key usage extension, or nil when the certificate has none.
    public var keyUsage: X509KeyUsage? {
        let bits = X509_get_key_usage(x509)
        return bits == UInt32.max ? nil : X509KeyUsage(rawValue: bits)
    }

    /// True when basicConstraints says cA.
    public var isCA: Bool { X509_check_ca(x509) != 0 }

    /// The subject's EC public key.
    /// - Throws: `.certificate(.unsupportedKey)` for a non-EC key or a curve outside `ECCurve`.
    public func publicKey() throws(CryptoError) -> ECPublicKey {
        guard let pkey = X509_get0_pubkey(x509) else { throw .certificate(.unsupportedKey(name: "none")) }
        return try ECKeyExport.publicKey(of: pkey)
    }

    /// True when this certificate's signature verifies with `issuerKey`.
    public func isSigned(by issuerKey: ECPublicKey) -> Bool {
        let result = X509_verify(x509, issuerKey.pkey)
        ERR_clear_error()
        return result == 1
    }

    /// Checks the signature with the issuer certificate's key.
    /// - Throws: `.certificate(.badSignature)` (index 0), `.certificate(.unsupportedKey)`.
    public func verify(signedBy issuer: X509Certificate) throws(CryptoError) {
        guard isSigned(by: try issuer.publicKey()) else {
            throw .certificate(.badSignature(index: 0, subject: subject, issuer: issuer.subject))
        }
    }

    static func oneLine(_ name: OpaquePointer?) -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        guard X509_NAME_oneline(name, &buffer, Int32(buffer.count)) != nil else { return "" }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func seconds(_ time: UnsafePointer<ASN1_TIME>?) -> Int64 {
        guard let time, let epoch = ASN1_TIME_set(nil, 0) else { return 0 }
        defer { ASN1_STRING_free(epoch) }
        var days: Int32 = 0
        var seconds: Int32 = 0
        guard ASN1_TIME_diff(&days, &seconds, epoch, time) == 1 else { return 0 }
        return Int64(days) * 86_400 + Int64(seconds)
    }
}

@available(*, unavailable)
extension X509Certificate: Sendable {}

/// Verification of a certificate path ending at a trust anchor (RFC 5280 §6.1, reduced to what SCP11 needs:
/// signatures, validity at a given time, names, key usage).
public enum X509Chain {
    /// Checks `leafFirst[i]` is signed by `leafFirst[i+1]` and the last one by `trustAnchor`, each valid at `time`
    /// (seconds since 1970-01-01 UTC), issuer names matching, CA certificates allowed to sign certificates, and
    /// the leaf carrying `leafKeyUsage` when its key usage extension is present.
    /// - Returns: the leaf's public key.
    /// - Throws: `.certificate(...)`: `.emptyChain`, `.expired`, `.notYetValid`, `.issuerMismatch`,
    ///   `.badSignature`, `.wrongKeyUsage`, `.unsupportedKey`.
    @discardableResult
    public static func verify(
        leafFirst chain: [X509Certificate], trustAnchor: X509Certificate, at time: Int64,
        leafKeyUsage: X509KeyUsage = .keyAgreement
    ) throws(CryptoError) -> ECPublicKey {
        guard !chain.isEmpty else { throw .certificate(.emptyChain) }
        let path = chain + [trustAnchor]
        for index in path.indices {
            let certificate = path[index]
            if time < certificate.notBefore {
                throw .certificate(
                    .notYetValid(
                        index: index, subject: certificate.subject, notBefore: certificate.notBefore, time: time))
            }
            if time > certificate.notAfter {
                throw .certificate(
                    .expired(index: index, subject: certificate.subject, notAfter: certificate.notAfter, time: time))
            }
            let usage = certificate.keyUsage
            let required: X509KeyUsage = index == 0 ? leafKeyUsage : .keyCertSign
            if let usage, !usage.contains(required) {
                throw .certificate(
                    .wrongKeyUsage(
                        index: index, subject: certificate.subject, required: required.rawValue, actual: usage.rawValue)
                )
            }
            let issuer = index + 1 < path.count ? path[index + 1] : trustAnchor
            if certificate.issuer != issuer.subject {
                throw .certificate(
                    .issuerMismatch(index: index, issuer: certificate.issuer, nextSubject: issuer.subject))
            }
            guard certificate.isSigned(by: try issuer.publicKey()) else {
                throw .certificate(.badSignature(index: index, subject: certificate.subject, issuer: issuer.subject))
            }
        }
        return try chain[0].publicKey()
    }
}

/// RFC 7468 text encoding: "-----BEGIN LABEL-----", base64, "-----END LABEL-----".
enum PEM {
    struct Block {
        var label: String
        var der: [UInt8]
    }

    static func blocks(_ text: String) -> [Block] {
        var out: [Block] = []
        var label: String?
        var body = ""
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = rawLine.trimmingSpaces()
            if line.hasPrefix("-----BEGIN "), line.hasSuffix("-----") {
                label = String(line.dropFirst(11).dropLast(5))
                body = ""
            } else if line.hasPrefix("-----END "), let current = label {
                if let der = base64Decode(body) { out.append(Block(label: current, der: der)) }
                label = nil
            } else if label != nil, !line.contains(":") {
                body += line
            }
        }
        return out
    }

    static func base64Decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for scalar in text.unicodeScalars {
            let value: UInt32
            switch scalar {
            case "A"..."Z": value = scalar.value - 65
            case "a"..."z": value = scalar.value - 97 + 26
            case "0"..."9": value = scalar.value - 48 + 52
            case "+": value = 62
            case "/": value = 63
            case "=", " ", "\t": continue
            default: return nil
            }
            buffer = buffer << 6 | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((buffer >> UInt32(bits)) & 0xFF))
            }
        }
        return out
    }

    static func base64Encode(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var out = ""
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
            let b = chunk + [UInt8](repeating: 0, count: 3 - chunk.count)
            let n = UInt32(b[0]) << 16 | UInt32(b[1]) << 8 | UInt32(b[2])
            for j in 0..<4 {
                out.append(j <= chunk.count ? alphabet[Int((n >> UInt32(18 - 6 * j)) & 0x3F)] : "=")
            }
            index += 3
        }
        return out
    }

    static func encode(label: String, der: [UInt8]) -> String {
        let body = base64Encode(der)
        var lines: [String] = ["-----BEGIN \(label)-----"]
        var start = body.startIndex
        while start < body.endIndex {
            let end = body.index(start, offsetBy: 64, limitedBy: body.endIndex) ?? body.endIndex
            lines.append(String(body[start..<end]))
            start = end
        }
        lines.append("-----END \(label)-----")
        return lines.joined(separator: "\n") + "\n"
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var s = self
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return s
    }
}
