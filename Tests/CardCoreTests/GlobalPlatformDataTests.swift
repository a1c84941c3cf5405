import Foundation
import Testing

@testable import CardCore

/// Real-card GlobalPlatform data objects from Fixtures/gp-vectors.json; each names its public source.
struct GPVectors: Decodable, Sendable {
    struct CPLCVector: Decodable, Sendable, CustomTestStringConvertible {
        let name, source, hex, fabricator, fabricatorName, icType, serial, prePersonalizer: String
        let fabricationDate: [Int]
        let osReleaseDate: [Int]?
        var testDescription: String { name }
    }
    struct RegistryVector: Decodable, Sendable, CustomTestStringConvertible {
        let name, source, hex, format, kind: String
        let aids, states: [String]
        let kinds: [String]?
        let privileges: [[String]]?
        let loadFile, version, securityDomain, implicitSelection: String?
        let otherObjects: Int
        var testDescription: String { name }
    }
    struct SCP: Decodable, Sendable {
        let scp: Int
        let i: Int
    }
    struct CardDataVector: Decodable, Sendable, CustomTestStringConvertible {
        let name, source, hex, gpVersion: String
        let scps: [SCP]
        let entries: Int
        var testDescription: String { name }
    }
    struct CapabilitySCP: Decodable, Sendable {
        let scp: Int
        let i: String
        let keySizes: [String]
    }
    struct CapabilitiesVector: Decodable, Sendable, CustomTestStringConvertible {
        let name, source, hex: String
        let scps: [CapabilitySCP]
        let ssdPrivileges, appPrivileges, items: Int
        var testDescription: String { name }
    }
    struct Key: Decodable, Sendable {
        let id, version, length: Int
        let types: String
        let extended: Bool
    }
    struct KeyInfoVector: Decodable, Sendable, CustomTestStringConvertible {
        let name, source, hex: String
        let keys: [Key]
        var testDescription: String { name }
    }

    let cplc: [CPLCVector]
    let registry: [RegistryVector]
    let cardData: [CardDataVector]
    let capabilities: [CapabilitiesVector]
    let keyInfo: [KeyInfoVector]

    static let shared: GPVectors? = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/gp-vectors.json")
        return try? JSONDecoder().decode(GPVectors.self, from: Data(contentsOf: url))
    }()
}

private func bytes(_ hex: String) -> [UInt8] { (try? Hex.parse(hex)) ?? [] }

@Suite struct GlobalPlatformFixtureTests {
    @Test func fixtureLoadsAndEveryVectorNamesASource() throws {
        let v = try #require(GPVectors.shared)
        #expect(v.cplc.count >= 2 && v.registry.count >= 4 && v.cardData.count >= 3)
        let sources =
            v.cplc.map(\.source) + v.registry.map(\.source) + v.cardData.map(\.source)
            + v.capabilities.map(\.source) + v.keyInfo.map(\.source)
        #expect(sources.allSatisfy { $0.count > 20 })
    }
}

@Suite struct CPLCTests {
    @Test(arguments: GPVectors.shared?.cplc ?? [])
    func decodesRealCard(vector: GPVectors.CPLCVector) throws {
        let cplc = try CPLC(parsing: bytes(vector.hex))
        #expect(cplc.fields.count == 18)
        #expect(cplc.fields.reduce(0) { $0 + $1.bytes.count } == 42)
        #expect(cplc.icFabricator.hex == vector.fabricator)
        #expect(CPLC.fabricatorName(cplc.icFabricator) == vector.fabricatorName)
        #expect(cplc.icType.hex == vector.icType)
        #expect(cplc.icSerialNumber.hex == vector.serial)
        #expect(cplc.field("IC pre-personalizer")?.bytes.hex == vector.prePersonalizer)
        let fabricated = try #require(CPLC.Date(cplc.field("IC fabrication date")!.bytes))
        #expect([fabricated.yearDigit, fabricated.dayOfYear] == vector.fabricationDate)
        let release = CPLC.Date(cplc.field("Operating system release date")!.bytes)
        #expect(release.map { [$0.yearDigit, $0.dayOfYear] } == vector.osReleaseDate)
    }

    @Test func acceptsTheBareValueToo() throws {
        let full = bytes(GPVectors.shared?.cplc.first?.hex ?? "")
        #expect(try CPLC(parsing: Array(full.dropFirst(3))) == CPLC(parsing: full))
    }

    // GP CS v2.3.1 §H.6: YDDD, BCD; day 000 and values above 366 are not dates.
    @Test(arguments: [("1210", 1, 210), ("9366", 9, 366), ("0001", 0, 1)])
    func dates(hex: String, year: Int, day: Int) throws {
        let date = try #require(CPLC.Date(bytes(hex)))
        #expect(date.yearDigit == year && date.dayOfYear == day)
    }

    @Test(arguments: ["0000", "FFFF", "1367", "1A10", "12"])
    func notDates(hex: String) {
        #expect(CPLC.Date(bytes(hex)) == nil)
    }
}

@Suite struct RegistryEntryTests {
    @Test(arguments: GPVectors.shared?.registry ?? [])
    func decodesRealCard(vector: GPVectors.RegistryVector) throws {
        let kind = try #require(GPEntryKind(rawValue: vector.kind))
        let entries =
            vector.format == "e3"
            ? try RegistryEntry.parseTemplates(bytes(vector.hex), kind: kind)
            : try RegistryEntry.parseLegacy(bytes(vector.hex), kind: kind)
        #expect(entries.map { $0.aid.hex } == vector.aids)
        #expect(entries.map(\.lifeCycle.name) == vector.states)
        if let kinds = vector.kinds { #expect(entries.map(\.kind.rawValue) == kinds) }
        if let privileges = vector.privileges {
            #expect(entries.map { $0.privileges.granted.map(\.shortName) } == privileges)
        }
        let first = try #require(entries.first)
        if let loadFile = vector.loadFile { #expect(first.loadFileAID?.hex == loadFile) }
        if let version = vector.version { #expect(first.version?.hex == version) }
        if let sd = vector.securityDomain { #expect(first.associatedSecurityDomain?.hex == sd) }
        if let implicit = vector.implicitSelection { #expect(first.implicitSelection.hex == implicit) }
        #expect(entries.reduce(0) { $0 + $1.otherObjects.count } == vector.otherObjects)
    }

    @Test func legacyWithModules() throws {
        // Legacy P1 10 layout (GP CS v2.3.1 §11.4.3.1): LV AID, state, privileges, count, LV modules.
        let data = bytes("07A0000000035350" + "01" + "00" + "02" + "08A000000003535041" + "08A000000003535042")
        let entries = try RegistryEntry.parseLegacy(data, kind: .executableLoadFile, withModules: true)
        #expect(entries.count == 1)
        #expect(entries[0].modules.map(\.hex) == ["A000000003535041", "A000000003535042"])
        #expect(entries[0].lifeCycle.name == "LOADED")
    }

    @Test func applicationWithSecurityDomainPrivilegeIsASecurityDomain() throws {
        let data = bytes("E3134F08A0000001515350419F70010FC50380C000")
        let entry = try #require(try RegistryEntry.parseTemplates(data, kind: .application).first)
        #expect(entry.kind == .securityDomain)
        #expect(entry.lifeCycle.name == "PERSONALIZED")
    }
}

@Suite struct GPLifeCycleTests {
    // GP CS v2.3.1 §11.1.1 tables 11-4 to 11-6 and §5.1.
    @Test(arguments: [
        (GPEntryKind.issuerSecurityDomain, UInt8(0x01), "OP_READY"),
        (.issuerSecurityDomain, 0x07, "INITIALIZED"),
        (.issuerSecurityDomain, 0x0F, "SECURED"),
        (.issuerSecurityDomain, 0x7F, "CARD_LOCKED"),
        (.issuerSecurityDomain, 0xFF, "TERMINATED"),
        (.issuerSecurityDomain, 0x03, "unknown (03)"),
        (.application, 0x03, "INSTALLED"),
        (.application, 0x07, "SELECTABLE"),
        (.application, 0x0F, "SELECTABLE + application specific 08"),
        (.application, 0x83, "LOCKED (INSTALLED)"),
        (.application, 0x87, "LOCKED (SELECTABLE)"),
        (.application, 0x01, "unknown (01)"),
        (.securityDomain, 0x03, "INSTALLED"),
        (.securityDomain, 0x07, "SELECTABLE"),
        (.securityDomain, 0x0F, "PERSONALIZED"),
        (.securityDomain, 0x8F, "LOCKED (PERSONALIZED)"),
        (.executableLoadFile, 0x01, "LOADED"),
        (.executableLoadFile, 0x07, "unknown (07)"),
    ])
    func names(kind: GPEntryKind, value: UInt8, name: String) {
        #expect(GPLifeCycle(value, kind: kind).name == name)
    }
}

@Suite struct GPPrivilegesTests {
    @Test func everyDefinedBitHasOneName() {
        // GP CS v2.3.1 tables 11-7/11-8: 8 + 8 + 4 defined bits.
        #expect(GPPrivileges.bits.count == 20)
        #expect(Set(GPPrivileges.bits.map(\.shortName)).count == 20)
        #expect(GPPrivileges([0xFF, 0xFF, 0xF0]).granted.count == 20)
        #expect(GPPrivileges([0xFF, 0xFF, 0xF0]).reservedBits.isEmpty)
    }

    // Each bit alone names exactly one privilege (GP CS v2.3.1 table 11-7/11-8 bit positions).
    @Test(arguments: GPPrivileges.bits)
    func singleBit(bit: GPPrivileges.Bit) {
        var raw: [UInt8] = [0, 0, 0]
        raw[bit.byte - 1] = bit.mask
        #expect(GPPrivileges(raw).granted == [bit])
    }

    @Test func samplesFromGlobalPlatformPro() {
        // martinpaljak/GlobalPlatformPro TestParseTags.testPrivileges: 80C000 has 3, 9EFE80 has 13.
        #expect(
            GPPrivileges([0x80, 0xC0, 0x00]).granted.map(\.name)
                == ["Security Domain", "Trusted Path", "Authorized Management"])
        #expect(GPPrivileges([0x9E, 0xFE, 0x80]).granted.count == 13)
    }

    @Test func reservedBitsOfByteThreeAreReported() {
        let reserved = GPPrivileges([0x00, 0x00, 0x0F]).reservedBits
        #expect(reserved.count == 1 && reserved[0].byte == 3 && reserved[0].mask == 0x0F)
    }
}

@Suite struct CardRecognitionDataTests {
    @Test(arguments: GPVectors.shared?.cardData ?? [])
    func decodesRealCard(vector: GPVectors.CardDataVector) throws {
        let data = try CardRecognitionData(parsing: bytes(vector.hex))
        #expect(data.gpVersion == vector.gpVersion)
        #expect(
            data.secureChannels.map { [Int($0.scp), Int($0.implementation)] } == vector.scps.map { [$0.scp, $0.i] })
        #expect(data.entries.count == vector.entries)
        #expect(data.entries.first?.dotted == "1.2.840.114283.1")
    }
}

@Suite struct SecureChannelOptionTests {
    // SCP02: GP CS v2.3.1 §E.1.1; SCP03: GP Amd D v1.1.2 §5.1.
    @Test(arguments: [
        (UInt8(0x02), UInt8(0x15), ["3 secure channel keys", "explicit initiation", "ICV encryption"]),
        (
            0x02, 0x55,
            ["3 secure channel keys", "explicit initiation", "ICV encryption", "well-known pseudo-random algorithm"]
        ),
        (0x03, 0x70, ["pseudo-random card challenge", "R-MAC", "R-ENC"]),
        (0x03, 0x00, []),
        (0x11, 0xFF, []),
    ])
    func names(scp: UInt8, i: UInt8, expected: [String]) {
        #expect(CardRecognitionData.optionNames(scp: scp, implementation: i) == expected)
    }
}

@Suite struct CardCapabilityInformationTests {
    @Test(arguments: GPVectors.shared?.capabilities ?? [])
    func decodesRealCard(vector: GPVectors.CapabilitiesVector) throws {
        let info = try CardCapabilityInformation(parsing: bytes(vector.hex))
        #expect(info.secureChannels.map { Int($0.scp ?? 0) } == vector.scps.map(\.scp))
        #expect(info.secureChannels.map { $0.implementations.hex } == vector.scps.map(\.i))
        #expect(info.secureChannels.map(\.keySizeNames) == vector.scps.map(\.keySizes))
        #expect(info.securityDomainPrivileges?.granted.count == vector.ssdPrivileges)
        #expect(info.applicationPrivileges?.granted.count == vector.appPrivileges)
        #expect(info.items.count == vector.items)
    }
}

@Suite struct KeyInformationTests {
    @Test(arguments: GPVectors.shared?.keyInfo ?? [])
    func decodesRealCard(vector: GPVectors.KeyInfoVector) throws {
        let keys = try KeyInformation.parseTemplate(bytes(vector.hex))
        #expect(keys.map { Int($0.id) } == vector.keys.map(\.id))
        #expect(keys.map { Int($0.version) } == vector.keys.map(\.version))
        #expect(keys.map { $0.components.map(\.type).hex } == vector.keys.map(\.types))
        #expect(keys.map { $0.components.first?.length ?? -1 } == vector.keys.map(\.length))
        #expect(keys.map(\.isExtended) == vector.keys.map(\.extended))
    }

    @Test func extendedUsageAndAccess() throws {
        // GlobalPlatformPro TestGPKeyInfo.testExtendedRSAKeyTemplate, last entry: usage 84, access 00.
        let key = try KeyInformation(parsing: bytes("0173FFA10080A0000301840100"))
        #expect(key.usage == [0x84] && key.access == [0x00])
        #expect(KeyInformation.usageNames(key.usage!) == ["verification", "cryptographic checksum"])
        #expect(KeyInformation.accessName(key.access!) == "security domain and associated applications")
        #expect(key.components.map(\.typeName) == ["RSA public modulus N", "RSA public exponent e"])
        #expect(key.components.map(\.length) == [128, 3])
    }

    @Test func emptyEntriesAreSkipped() throws {
        // An empty C0 is what GlobalPlatformPro's GPKeyInfo.parseTemplate skips for a fresh SSD.
        let keys = try KeyInformation.parseTemplate(bytes("E008C000C00401308810"))
        #expect(keys.map(\.id) == [1])
        #expect(try KeyInformation.parseTemplate(bytes("E000")).isEmpty)
    }

    @Test(arguments: [
        (UInt8(0x88), "AES"), (0x80, "DES"), (0xB0, "ECC public key"), (0xB1, "ECC private key"),
        (0xF0, "ECC key parameter reference"), (0x85, "TLS PSK"),
    ])
    func typeNames(type: UInt8, name: String) {
        #expect(KeyInformation.typeName(type) == name)
    }
}

@Suite struct ExtendedCardResourcesTests {
    @Test func decodesCountsAndMemory() throws {
        // Layout of ETSI TS 102 226 §8.2.1.7.2 (tags 81, 82, 83); values chosen to cover 1-4 byte counts.
        let r = try ExtendedCardResources(parsing: bytes("FF210E810105820400012345830302A000"))
        #expect(r.installedApplications == 5)
        #expect(r.freeNonVolatileMemory == 0x12345)
        #expect(r.freeVolatileMemory == 0x02A000)
    }
}

/// Malformed variants of the real vectors: each gives one exact error, never a crash.
@Suite struct GlobalPlatformMalformedTests {
    @Test func cplcTruncated() {
        let cut = bytes("9F7F2A47906B644700E4D80300816500485399064800000000000000005758594E4E4E4E4E00000000000000")
        #expect(throws: GPDataError.tlv(.valueTruncated(offset: 0, declared: 42, available: 41))) {
            try CPLC(parsing: cut)
        }
    }

    @Test func cplcWrongLength() {
        #expect(throws: GPDataError.wrongLength(tag: BERTag(0x9F7F), offset: 3, expected: 42, actual: 2)) {
            try CPLC(parsing: bytes("9F7F024790"))
        }
    }

    @Test func cplcWrongTag() {
        #expect(throws: GPDataError.unexpectedTag(offset: 0, expected: BERTag(0x9F7F), actual: BERTag(0x5A))) {
            try CPLC(parsing: bytes("5A02AABB"))
        }
    }

    @Test func registryWithoutAID() {
        #expect(throws: GPDataError.missingTag(BERTag(0x4F), within: BERTag(0xE3))) {
            try RegistryEntry.parseTemplates(bytes("E3049F700101"), kind: .application)
        }
    }

    @Test func registryWithoutLifeCycle() {
        #expect(throws: GPDataError.missingTag(BERTag(0x9F70), within: BERTag(0xE3))) {
            try RegistryEntry.parseTemplates(bytes("E3044F02A000"), kind: .application)
        }
    }

    @Test func registryLifeCycleTooLong() {
        #expect(throws: GPDataError.wrongLength(tag: BERTag(0x9F70), offset: 0, expected: 1, actual: 2)) {
            try RegistryEntry.parseTemplates(bytes("E3094F02A0009F70020707"), kind: .application)
        }
    }

    @Test func registryPrivilegesTooLong() {
        #expect(throws: GPDataError.wrongLength(tag: BERTag(0xC5), offset: 10, expected: 3, actual: 4)) {
            try RegistryEntry.parseTemplates(
                bytes("E3084F02A0009F700107" + "E30E4F02A0009F700107C50480000000"),
                kind: .application)
        }
    }

    @Test func registryUnknownOuterTag() {
        #expect(throws: GPDataError.unexpectedTag(offset: 10, expected: BERTag(0xE3), actual: BERTag(0xE4))) {
            try RegistryEntry.parseTemplates(bytes("E3084F02A0009F700107E400"), kind: .application)
        }
    }

    @Test func registryTruncatedTemplate() {
        #expect(throws: GPDataError.tlv(.valueTruncated(offset: 0, declared: 0x26, available: 4))) {
            try RegistryEntry.parseTemplates(bytes("E3264F08A000"), kind: .issuerSecurityDomain)
        }
    }

    @Test(arguments: [
        ("07A00000000353", 1, 7, 6),  // AID shorter than its length byte
        ("07A000000003535001", 9, 1, 0),  // privileges byte missing
        ("", -1, 0, 0),  // empty: no entries, no error
    ])
    func legacyTruncated(hex: String, offset: Int, needed: Int, available: Int) throws {
        if offset < 0 {
            #expect(try RegistryEntry.parseLegacy(bytes(hex), kind: .application).isEmpty)
            return
        }
        #expect(throws: GPDataError.truncated(offset: offset, needed: needed, available: available)) {
            try RegistryEntry.parseLegacy(bytes(hex), kind: .application)
        }
    }

    @Test func legacyModuleCountPastTheEnd() {
        #expect(throws: GPDataError.truncated(offset: 13, needed: 1, available: 0)) {
            try RegistryEntry.parseLegacy(
                bytes("07A00000000353500100" + "02" + "01AA"), kind: .executableLoadFile,
                withModules: true)
        }
    }

    @Test func keyInformationTooShort() {
        #expect(throws: GPDataError.truncated(offset: 0, needed: 4, available: 3)) {
            try KeyInformation.parseTemplate(bytes("E005C003010188"))
        }
    }

    @Test func keyInformationOddBasicLength() {
        #expect(throws: GPDataError.truncated(offset: 5, needed: 1, available: 0)) {
            try KeyInformation.parseTemplate(bytes("E007C00501018810AA"))
        }
    }

    @Test func keyInformationExtendedComponentCut() {
        #expect(throws: GPDataError.truncated(offset: 2, needed: 4, available: 3)) {
            try KeyInformation.parseTemplate(bytes("E007C0050101FF8800"))
        }
    }

    @Test func keyInformationUnknownTag() {
        #expect(throws: GPDataError.unexpectedTag(offset: 0, expected: BERTag(0xC0), actual: BERTag(0xC1))) {
            try KeyInformation.parseTemplate(bytes("E006C10401018810"))
        }
    }

    @Test func cardDataWithout73() {
        #expect(throws: GPDataError.missingTag(BERTag(0x73), within: BERTag(0x66))) {
            try CardRecognitionData(parsing: bytes("66030601AA"))
        }
    }

    @Test func cardDataWrongTag() {
        #expect(throws: GPDataError.unexpectedTag(offset: 0, expected: BERTag(0x66), actual: BERTag(0x67))) {
            try CardRecognitionData(parsing: bytes("6700"))
        }
    }

    @Test func resourcesCountTooLong() {
        #expect(throws: GPDataError.wrongLength(tag: BERTag(0x82), offset: 0, expected: 4, actual: 5)) {
            try ExtendedCardResources(parsing: bytes("FF210782050102030405"))
        }
    }

    /// Every prefix of every real vector decodes or throws; none traps.
    @Test func everyPrefixOfEveryVectorIsHandled() throws {
        let v = try #require(GPVectors.shared)
        let inputs =
            v.cplc.map(\.hex) + v.registry.map(\.hex) + v.cardData.map(\.hex) + v.capabilities.map(\.hex)
            + v.keyInfo.map(\.hex)
        var thrown = 0
        for hex in inputs {
            let all = bytes(hex)
            for n in 0..<all.count {
                let prefix = Array(all.prefix(n))
                if (try? CPLC(parsing: prefix)) == nil { thrown += 1 }
                _ = try? RegistryEntry.parseTemplates(prefix, kind: .application)
                _ = try? RegistryEntry.parseLegacy(prefix, kind: .executableLoadFile, withModules: true)
                _ = try? KeyInformation.parseTemplate(prefix)
                _ = try? CardRecognitionData(parsing: prefix)
                _ = try? CardCapabilityInformation(parsing: prefix)
                _ = try? ExtendedCardResources(parsing: prefix)
            }
        }
        #expect(thrown > 100)
    }
}

/// Replays Fuzz/corpus/gp through every GP decoder with the checks of Fuzz/GPFuzz.swift.
@Suite struct GlobalPlatformFuzzCorpusTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/corpus/gp")

    @Test func corpusReplays() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).sorted()
        #expect(names.count >= 10)
        var decoded = 0
        for name in names {
            let data = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent(name)))
            if let cplc = try? CPLC(parsing: data) {
                decoded += 1
                #expect(cplc.fields.flatMap(\.bytes).count == CPLC.size, "\(name)")
            }
            for kind in GPEntryKind.allCases {
                if let entries = try? RegistryEntry.parseTemplates(data, kind: kind), !entries.isEmpty { decoded += 1 }
                _ = try? RegistryEntry.parseLegacy(data, kind: kind, withModules: true)
            }
            if let keys = try? KeyInformation.parseTemplate(data), !keys.isEmpty { decoded += 1 }
            if let card = try? CardRecognitionData(parsing: data), card.gpVersion != nil { decoded += 1 }
            if let info = try? CardCapabilityInformation(parsing: data), !info.secureChannels.isEmpty { decoded += 1 }
            if let r = try? ExtendedCardResources(parsing: data), r.installedApplications != nil { decoded += 1 }
        }
        #expect(decoded >= 10)
    }
}
