// libFuzzer entry point for SCP03: secure messaging both ways, the INITIALIZE UPDATE answer, PUT KEY;
// `Fuzz/run.sh scp03 SECONDS`. The input layout is described in SCP03FuzzHarness.
// Compiled in one module with Sources/SecureChannel and Tests/SecureChannelTests/FuzzHarness, whose checks the
// corpus replay test shares; CardCore and CardCrypto are separate modules, as in the package.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSCP03(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        try SCP03FuzzHarness.check(bytes)
    } catch {
        fatalError(error.description)
    }
    return 0
}
