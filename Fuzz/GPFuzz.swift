// libFuzzer entry point for the GlobalPlatform decoders; build and run with `Fuzz/run.sh gp SECONDS`.
// Compiled in one module with Sources/CardCore, so there is no import.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGP(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    // Any 42 bytes are a CPLC value, and its fields cover the value exactly (GP CS v2.3.1 §H.6).
    if let cplc = try? CPLC(parsing: bytes), bytes.count == CPLC.size, cplc.fields.flatMap(\.bytes) != bytes {
        fatalError("CPLC fields do not cover \(bytes.hex)")
    }
    for kind in GPEntryKind.allCases {
        for entry in (try? RegistryEntry.parseTemplates(bytes, kind: kind)) ?? [] {
            _ = entry.lifeCycle.name
            _ = entry.privileges.granted
            _ = entry.privileges.reservedBits
        }
        for entry in (try? RegistryEntry.parseLegacy(bytes, kind: kind, withModules: kind == .executableLoadFile)) ?? []
        {
            _ = entry.lifeCycle.name
            _ = entry.privileges.granted
        }
    }
    for key in (try? KeyInformation.parseTemplate(bytes)) ?? [] {
        _ = key.components.map(\.typeName)
        _ = KeyInformation.usageNames(key.usage ?? [])
    }
    if let card = try? CardRecognitionData(parsing: bytes) {
        _ = card.gpVersion
        _ = card.secureChannels
    }
    if let info = try? CardCapabilityInformation(parsing: bytes) {
        _ = info.secureChannels.map(\.keySizeNames)
    }
    _ = try? ExtendedCardResources(parsing: bytes)
    return 0
}
