import ArgumentParser
import CardCrypto
import Foundation
import Glibc
import TransportSim

extension CardshSim {
    /// Writes the test PKI the card is built from (the keys are seeded, so they match a card started at another
    /// time): ca.pem (CA-KLOC, for `--ca`), oce.pem (OCE CA then OCE certificate), oce.key, sd-chain.pem.
    static func exportTestPKI(curve: ECCurve, now: Int64, to directory: String) throws {
        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            throw ValidationError("--export-pki \(directory): \(String(cString: strerror(errno)))")
        }
        let pki = try SCP11TestPKI.make(curve: curve, now: now)
        try write(pki.cardCA.pem, to: directory + "/ca.pem", mode: 0o644)
        try write(pki.oceCA.pem + pki.oceCertificate.pem, to: directory + "/oce.pem", mode: 0o644)
        try write(pki.oceKey.pkcs8PEM(), to: directory + "/oce.key", mode: 0o600)
        try write(pki.cardCA.pem + pki.sdCertificate.pem, to: directory + "/sd-chain.pem", mode: 0o644)
        print("wrote \(directory)/ca.pem, oce.pem, oce.key, sd-chain.pem (\(curve.rawValue), public test keys)")
    }

    /// Creates the file with `mode` (the key 0600) and writes it through FileHandle, which retries short writes.
    private static func write(_ text: String, to path: String, mode: mode_t) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw ValidationError("\(path): \(String(cString: strerror(errno)))") }
        let file = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            try file.write(contentsOf: Array(text.utf8))
        } catch {
            throw ValidationError("\(path): \(error.localizedDescription)")
        }
    }
}
