import CardCore
import CardCrypto
import CardshLanguage
import SecureChannel
import TransportSim

#if canImport(Glibc)
    import Glibc
#endif

extension Engine {
    // MARK: gp certs

    func gpCertificates(_ options: GPCertsOptions, into outcome: inout CommandOutcome) throws(CommandError) {
        guard session.isConnected else { throw CommandError(ErrorText.notConnected) }
        let kid = UInt8(truncatingIfNeeded: options.kid ?? 0x13)
        let kvn: UInt8
        if let given = options.kvn {
            kvn = UInt8(truncatingIfNeeded: given)
        } else {
            kvn = try keyVersion(kid: kid, into: &outcome)
        }
        let chain = try readCertificateStore(
            kid: kid, kvn: kvn, cla: ClassByte.withChannel(0x00, channel: session.channel) ?? 0x00, into: &outcome)
        var fields: [Field] = []
        for (index, certificate) in chain.enumerated() {
            let role = index == chain.count - 1 ? "SD ECKA certificate" : "certificate \(index + 1)"
            fields += Self.describe(certificate, role: role)
        }
        outcome.result = .fields(fields)
        guard let directory = options.export else { return }
        try makeDirectory(directory)
        try writeFile(chain.map { Self.pem($0) }.joined(), to: directory + "/sd-chain.pem", mode: 0o644)
        var written = ["sd-chain.pem"]
        // The cardsh virtual card's test PKI is public (seeded): recognise it by the CA key and export it too.
        if let first = chain.first, let cardCAKey = try? first.publicKey(),
            let pki = try? SCP11TestPKI.make(curve: cardCAKey.curve, now: environment.wallClock()),
            let testCAKey = try? pki.cardCA.publicKey(), testCAKey.uncompressedPoint == cardCAKey.uncompressedPoint,
            let keyPEM = try? pki.oceKey.pkcs8PEM()
        {
            try writeFile(first.pemText, to: directory + "/ca.pem", mode: 0o644)
            try writeFile(pki.oceCA.pem + pki.oceCertificate.pem, to: directory + "/oce.pem", mode: 0o644)
            try writeFile(keyPEM, to: directory + "/oce.key", mode: 0o600)
            written += ["ca.pem", "oce.pem", "oce.key"]
            outcome.notes.append(
                Note(
                    .info,
                    "this is the cardsh test PKI (public test keys); try: scp11 open a --oce-cert \(directory)/oce.pem "
                        + "--oce-key \(directory)/oce.key --ca \(directory)/ca.pem"))
        }
        outcome.notes.append(Note(.info, "wrote " + written.map { directory + "/" + $0 }.joined(separator: ", ")))
    }

    private static func pem(_ certificate: SCP11Certificate) -> String { certificate.pemText }

    static func describe(_ certificate: SCP11Certificate, role: String) -> [Field] {
        switch certificate {
        case .x509(let x509):
            var fields = [
                Field(role, x509.subject), Field("  issuer", x509.issuer),
                Field("  valid", CalendarText.date(x509.notBefore) + " to " + CalendarText.date(x509.notAfter)),
            ]
            if let usage = x509.keyUsage { fields.append(Field("  key usage", Self.usageNames(usage))) }
            if let key = try? x509.publicKey() { fields.append(Field("  curve", key.curve.rawValue)) }
            if x509.isCA { fields.append(Field("  CA", "yes")) }
            return fields
        case .gp(let gp):
            var fields = [
                Field(role, "GP certificate, subject " + Hex.encode(gp.subjectIdentifier)),
                Field("  issuer", Hex.encode(gp.caIdentifier)),
                Field("  expires", Hex.encode(gp.expirationDate)),
            ]
            if let key = try? gp.publicKey() { fields.append(Field("  curve", key.curve.rawValue)) }
            return fields
        }
    }

    private static func usageNames(_ usage: X509KeyUsage) -> String {
        var names: [String] = []
        if usage.contains(.digitalSignature) { names.append("digitalSignature") }
        if usage.contains(.keyAgreement) { names.append("keyAgreement") }
        if usage.contains(.keyCertSign) { names.append("keyCertSign") }
        if usage.contains(.cRLSign) { names.append("cRLSign") }
        return names.isEmpty ? "0x" + String(usage.rawValue, radix: 16) : names.joined(separator: ", ")
    }

    private func makeDirectory(_ path: String) throws(CommandError) {
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw CommandError("--export \(path): cannot create the directory (\(String(cString: strerror(errno)))).")
        }
    }

    private func writeFile(_ text: String, to path: String, mode: mode_t) throws(CommandError) {
        do {
            try TextFile.write(text, to: path, mode: mode)
        } catch {
            throw CommandError(Engine.describe(error))
        }
    }
}

extension SCP11Certificate {
    /// PEM text: X.509 as "CERTIFICATE", a GP certificate as "GP CERTIFICATE".
    var pemText: String {
        switch self {
        case .x509(let x509): return x509.pem
        case .gp(let gp): return PEMText.encode(label: "GP CERTIFICATE", der: gp.encoded)
        }
    }
}

/// Dates for display, from seconds since 1970-01-01 UTC (proleptic Gregorian, H. Hinnant's civil_from_days).
enum CalendarText {
    static func date(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-" + two(month) + "-" + two(day)
    }
}

/// PEM for blocks CardCrypto has no type for (RFC 7468 §2: base64 in 64-column lines).
enum PEMText {
    static func encode(label: String, der: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var out: [Character] = []
        var i = 0
        while i < der.count {
            let b0 = Int(der[i])
            let b1 = i + 1 < der.count ? Int(der[i + 1]) : 0
            let b2 = i + 2 < der.count ? Int(der[i + 2]) : 0
            out.append(alphabet[b0 >> 2])
            out.append(alphabet[(b0 & 3) << 4 | b1 >> 4])
            out.append(i + 1 < der.count ? alphabet[(b1 & 15) << 2 | b2 >> 6] : "=")
            out.append(i + 2 < der.count ? alphabet[b2 & 63] : "=")
            i += 3
        }
        var lines: [String] = []
        var start = 0
        while start < out.count {
            lines.append(String(out[start..<min(start + 64, out.count)]))
            start += 64
        }
        return "-----BEGIN \(label)-----\n" + lines.joined(separator: "\n") + "\n-----END \(label)-----\n"
    }
}
