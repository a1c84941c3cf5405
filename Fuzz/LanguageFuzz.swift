// libFuzzer entry point for the command language; `Fuzz/run.sh language SECONDS`.
// Compiled in one module with Sources/CardshLanguage and Tests/CardshLanguageTests/FuzzHarness, whose checks the
// corpus replay test shares.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLanguage(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        try LanguageFuzzHarness.check(bytes)
    } catch {
        fatalError(error.description)
    }
    return 0
}
