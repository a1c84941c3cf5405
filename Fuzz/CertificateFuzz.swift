// libFuzzer entry point for certificate and key parsing (X.509 DER, GP 7F21, BF21 stores, PEM, PKCS#8, SEC 1,
// SubjectPublicKeyInfo); `Fuzz/run.sh cert SECONDS`.
// Compiled in one module with Sources/CardCrypto (OpenSSL through Sources/COpenSSL, -lcrypto) and
// Tests/CardCryptoTests/FuzzHarness, whose checks the corpus replay test shares; CardCore is a separate module.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCertificate(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        try CertificateFuzzHarness.check(bytes)
    } catch {
        fatalError(error.description)
    }
    return 0
}
