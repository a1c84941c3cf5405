// libFuzzer entry point for SCP11: the host reading the receipt and the certificate store, the card reading the
// authenticate command and uploaded certificates; `Fuzz/run.sh scp11 SECONDS`. The input layout is described in
// SCP11FuzzHarness.
// Compiled in one module with Sources/SecureChannel and Tests/SecureChannelTests/FuzzHarness, whose checks the
// corpus replay test shares; CardCore and CardCrypto are separate modules, as in the package.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSCP11(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        try SCP11FuzzHarness.check(bytes)
    } catch {
        fatalError(error.description)
    }
    return 0
}
