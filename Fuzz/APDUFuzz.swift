// libFuzzer entry point for command and response APDU parsing; `Fuzz/run.sh apdu SECONDS`.
// Compiled in one module with Sources/CardCore, so there is no import.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAPDU(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let response = try? ResponseAPDU(parsing: bytes), response.encoded() != bytes {
        fatalError("response APDU round trip differs for \(bytes.hex)")
    }
    guard let apdu = try? CommandAPDU(parsing: bytes) else { return 0 }
    // `explain HEX` takes any command apart, field by field; it parses what CommandAPDU parses.
    guard let explanation = try? APDUExplanation.explain(bytes), explanation.isoCase == apdu.isoCase else {
        fatalError("explain refused or misread a command that parses: \(bytes.hex)")
    }
    _ = explanation.caseDescription
    // Parsing the canonical encoding, short or forced extended, must give the same command.
    for encoded in [apdu.encoded(), apdu.encoded(forceExtended: true)] {
        guard let again = try? CommandAPDU(parsing: encoded), again == apdu else {
            fatalError("command APDU round trip differs for \(bytes.hex)")
        }
    }
    return 0
}
