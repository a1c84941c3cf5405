// libFuzzer entry point for ATR parsing; `Fuzz/run.sh atr SECONDS`.
// Compiled in one module with Sources/CardCore, so there is no import.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzATR(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    guard let atr = try? ATR(parsing: bytes) else { return 0 }
    // Best-effort parsing keeps every byte.
    if atr.encoded() != bytes { fatalError("ATR round trip differs for \(bytes.hex)") }
    let summary = atr.summary
    if summary.protocols.isEmpty { fatalError("ATR without protocols for \(bytes.hex)") }
    if (try? ATR(parsing: bytes, strict: true)) != nil,
        atr.issues.contains(where: { if case .tckMismatch = $0 { return true } else { return false } })
    {
        fatalError("strict parsing accepted a wrong TCK for \(bytes.hex)")
    }
    return 0
}
