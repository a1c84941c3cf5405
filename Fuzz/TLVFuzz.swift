// libFuzzer entry point for BER-TLV decoding; build and run with `Fuzz/run.sh tlv SECONDS`.
// Compiled in one module with Sources/CardCore, so there is no import.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTLV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    guard let items = try? TLV.decodeAll(bytes) else { return 0 }
    // What the shell prints under every response: names and renderings by tag (GP, EMV, ISO dictionaries).
    if TagDictionary.describe(items).count < items.count { fatalError("a data object without a line: \(bytes.hex)") }
    // Re-encoding uses minimal lengths and drops padding; decoding it must give the same tree.
    let encoded = items.flatMap { $0.encoded() }
    guard let again = try? TLV.decodeAll(encoded), again == items else {
        fatalError("TLV round trip differs for \(bytes.hex)")
    }
    return 0
}
