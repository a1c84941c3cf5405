// libFuzzer entry point for hex text parsing; `Fuzz/run.sh hex SECONDS`.
// Compiled in one module with Sources/CardCore, so there is no import.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHex(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let text = String(decoding: bytes, as: UTF8.self)
    switch Result(catching: { () throws(HexError) in try Hex.parse(text) }) {
    case .success(let parsed):
        for separator in ["", " ", ":"] {
            guard let again = try? Hex.parse(Hex.encode(parsed, separator: separator)), again == parsed else {
                fatalError("hex round trip differs for \(bytes.hex)")
            }
        }
    case .failure(.invalidCharacter(_, let column)), .failure(.oddDigitCount(_, let column)),
        .failure(.splitByte(let column)):
        if column < 1 || column > text.unicodeScalars.count { fatalError("column \(column) out of range") }
    }
    return 0
}
