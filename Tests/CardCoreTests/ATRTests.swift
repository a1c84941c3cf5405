import Foundation
import Testing

@testable import CardCore

/// One real ATR from Fixtures/atr.json with the fields it must decode to.
struct ATRFixture: Decodable, CustomTestStringConvertible, Sendable {
    struct T1: Decodable, Sendable {
        let ifsc: Int
        let cwi: Int
        let bwi: Int
        let edc: String
    }
    struct T15: Decodable, Sendable {
        let clockStop: String
        let classes: [String]
    }
    struct Status: Decodable, Sendable {
        let lcs: String?
        let sw: String
    }
    struct ServiceData: Decodable, Sendable {
        let byte: String
        let access: String
        let hasMasterFile: Bool
    }
    struct Problem: Decodable, Sendable {
        let offset: Int
        let tag: UInt8
        let declared: Int
        let available: Int
    }

    let name: String
    let source: String
    let atr: String
    let convention: String
    let protocols: [UInt8]
    let groups: Int
    let fi: Int
    let di: Int
    let fMaxKHz: Int
    let extraGuardTime: Int
    let t1: T1?
    let t15: T15?
    let historical: String
    let category: String
    let compactTags: [UInt8]
    let statusIndicator: Status?
    let cardCapabilities: String?
    let supportsExtendedLength: Bool?
    let commandChaining: Bool?
    let maxLogicalChannels: Int?
    let cardServiceData: ServiceData?
    let tck: String?
    let tckValid: Bool?
    let issues: Int
    let historicalProblem: Problem?

    var testDescription: String { name }

    static func load() throws -> [ATRFixture] {
        struct File: Decodable { let valid: [ATRFixture] }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/atr.json")
        return try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).valid
    }
}

/// A byte string from Fixtures/atr.json that must not parse, with the error it must give.
struct MalformedATRFixture: Decodable, CustomTestStringConvertible, Sendable {
    struct Error: Decodable, Sendable {
        let `case`: String
        let offset: Int?
        let length: Int?
        let group: Int?
        let expected: ExpectedValue?
        let available: Int?
        let actual: String?
        let count: Int?
    }
    /// `expected` is a count for truncation errors and a hex byte for a TCK mismatch.
    enum ExpectedValue: Decodable, Sendable {
        case count(Int)
        case byte(String)
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let n = try? c.decode(Int.self) { self = .count(n) } else { self = .byte(try c.decode(String.self)) }
        }
    }

    let label: String
    let source: String
    let atr: String
    let strict: Bool
    let error: Error

    var testDescription: String { label }

    static func load() throws -> [MalformedATRFixture] {
        struct File: Decodable { let malformed: [MalformedATRFixture] }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/atr.json")
        return try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).malformed
    }

    struct BadFixture: Swift.Error {}

    func expectedError() throws -> ATRError {
        func byte(_ hex: String?) throws -> UInt8 {
            guard let hex, let b = try Hex.parse(hex).first else { throw BadFixture() }
            return b
        }
        var expectedCount: Int? {
            if case .count(let n) = error.expected { return n }
            return nil
        }
        var expectedByte: String? {
            if case .byte(let b) = error.expected { return b }
            return nil
        }
        let e = error
        switch e.case {
        case "tooShort": return .tooShort(length: e.length ?? -1)
        case "invalidTS": return .invalidTS(offset: e.offset ?? -1, actual: try byte(e.actual))
        case "truncatedInterfaceBytes":
            return .truncatedInterfaceBytes(
                offset: e.offset ?? -1, group: e.group ?? -1, expected: expectedCount ?? -1,
                available: e.available ?? -1)
        case "truncatedHistoricalBytes":
            return .truncatedHistoricalBytes(
                offset: e.offset ?? -1, expected: expectedCount ?? -1, available: e.available ?? -1)
        case "missingTCK": return .missingTCK(offset: e.offset ?? -1)
        case "tckMismatch":
            return .tckMismatch(offset: e.offset ?? -1, expected: try byte(expectedByte), actual: try byte(e.actual))
        case "extraBytes": return .extraBytes(offset: e.offset ?? -1, count: e.count ?? -1)
        default: throw BadFixture()
        }
    }
}

@Suite struct ATRTests {
    static let fixtures: [ATRFixture] = (try? ATRFixture.load()) ?? []

    @Test func fixtureFileHasAtLeastTwelveRealATRs() {
        #expect(Self.fixtures.count >= 12)
        #expect(Self.fixtures.allSatisfy { $0.source.contains("smartcard_list.txt") })
    }

    @Test(arguments: fixtures)
    func realATRDecodes(_ f: ATRFixture) throws {
        let bytes = try Hex.parse(f.atr)
        let atr = try ATR(parsing: bytes)
        #expect(atr.encoded() == bytes)
        #expect(atr.convention == (f.convention == "inverse" ? .inverse : .direct))
        #expect(atr.protocols == f.protocols)
        #expect(atr.interfaceGroups.count == f.groups)
        let factors = atr.transmissionFactors
        #expect(factors.fi == f.fi)
        #expect(factors.di == f.di)
        #expect(factors.fMaxKHz == f.fMaxKHz)
        #expect(atr.extraGuardTime == f.extraGuardTime)

        let t1 = atr.t1Parameters
        #expect(t1?.ifsc == f.t1?.ifsc)
        #expect(t1?.cwi == f.t1?.cwi)
        #expect(t1?.bwi == f.t1?.bwi)
        #expect(t1.map { $0.errorDetection == .lrc ? "lrc" : "crc" } == f.t1?.edc)

        let t15 = atr.t15Parameters
        #expect(t15.flatMap { $0.clockStop.map { "\($0)" } } == f.t15?.clockStop)
        #expect(t15.map { $0.classes.map { "\($0)" } } == f.t15?.classes)

        let historical = atr.historicalBytes
        #expect(historical.bytes == (try Hex.parse(f.historical)))
        #expect(atr.historicalByteCount == historical.bytes.count)
        #expect(historical.category.map(Self.categoryName) == f.category)
        #expect(historical.objects.map(\.tag) == f.compactTags)
        #expect(historical.statusIndicator?.sw?.description == f.statusIndicator?.sw)
        #expect(historical.statusIndicator?.lifeCycleStatus.map { [$0].hex } == f.statusIndicator?.lcs)
        #expect(historical.cardCapabilities?.bytes.hex == f.cardCapabilities)
        #expect(atr.supportsExtendedLength == f.supportsExtendedLength)
        if let chaining = f.commandChaining {
            #expect(historical.cardCapabilities?.commandChaining == chaining)
        }
        if let channels = f.maxLogicalChannels {
            #expect(historical.cardCapabilities?.maximumLogicalChannels == channels)
        }
        let service = historical.cardServiceData
        #expect(service.map { [$0.byte].hex } == f.cardServiceData?.byte)
        #expect(service.map { "\($0.access)" } == f.cardServiceData?.access)
        #expect(service?.hasMasterFile == f.cardServiceData?.hasMasterFile)

        #expect(atr.tck.map { [$0].hex } == f.tck)
        #expect(atr.isTCKValid == f.tckValid)
        #expect(atr.isTCKRequired == (f.tck != nil))
        #expect(atr.issues.count == f.issues)
        if let p = f.historicalProblem {
            let base = bytes.count - historical.bytes.count - (atr.tck == nil ? 0 : 1)
            #expect(
                atr.issues == [
                    .historicalBytes(
                        offset: base + p.offset,
                        problem: .truncatedObject(
                            offset: p.offset, tag: p.tag, declared: p.declared, available: p.available))
                ])
        }
        // The summary carries the same values as the individual properties.
        let summary = atr.summary
        #expect(summary.protocols == atr.protocols)
        #expect(summary.transmissionFactors == factors)
        #expect(summary.t1 == t1)
        #expect(summary.t15 == t15)
        #expect(summary.historicalBytes == historical)
        #expect(summary.supportsExtendedLength == atr.supportsExtendedLength)
        #expect(summary.issues == atr.issues)
        #expect(summary.waitingInteger == (f.protocols.contains(0) ? 10 : nil))
        // Strict parsing accepts every fixture whose only issues are outside the TCK and extra bytes.
        #expect(throws: Never.self) { try ATR(parsing: bytes, strict: true) }
    }

    static func categoryName(_ c: HistoricalBytes.Category) -> String {
        switch c {
        case .compactTLVWithStatus: return "compactTLVWithStatus"
        case .compactTLV: return "compactTLV"
        case .dirDataReference: return "dirDataReference"
        case .reserved: return "reserved"
        case .proprietary: return "proprietary"
        }
    }

    @Test func yubiKeyGroupsAndProtocolOfEachGroup() throws {
        // pcsc-tools smartcard_list.txt line 12745: TA1 TB1 TC1 TD1=81, TD2=31, TA3=FE TB3=15.
        let atr = try ATR(parsing: Hex.parse("3BFD1300008131FE158073C021C057597562694B657940"))
        #expect(atr.interfaceGroups.map(\.protocolType) == [nil, 1, 1])
        #expect(atr.interfaceGroups.map(\.offset) == [2, 6, 7])
        #expect(atr.interfaceGroups[2].offset(of: .tb) == 8)
        #expect(atr.interfaceGroups[2].offset(of: .tc) == nil)
        #expect(atr.interfaceByte(.td, group: 2) == 0x31)
        #expect(atr.interfaceByte(.ta, group: 9) == nil)
        #expect(atr.historicalBytes.value(of: .cardIssuerData) == Array("YubiKey".utf8))
        let summary = atr.summary
        #expect(summary.protocols == [1])
        #expect(summary.waitingInteger == nil)
        #expect(summary.isTCKValid == true)
        #expect(summary.historicalCategory == .compactTLV)
    }

    @Test func defaultsWithoutInterfaceBytes() throws {
        // Minimal T=0 ATR: TS, T0 = 00.
        let atr = try ATR(parsing: [0x3B, 0x00])
        #expect(atr.interfaceGroups.isEmpty)
        #expect(atr.transmissionFactors.isDefault)
        #expect(atr.transmissionFactors.fi == 372)
        #expect(atr.transmissionFactors.di == 1)
        #expect(atr.waitingInteger == 10)
        #expect(atr.protocols == [0])
        #expect(atr.tck == nil)
        #expect(atr.historicalBytes.category == nil)
        #expect(atr.issues.isEmpty)
        #expect(atr.summary.waitingInteger == 10)
    }

    @Test func specificModeWaitingIntegerAndCRC() throws {
        // T0=80: TD1=F1 (T=1) -> TA2=91 TB2=00 TC2=20 TD2=71 (T=1) -> TA3=80 TB3=45 TC3=01; TCK.
        var bytes: [UInt8] = [0x3B, 0x80, 0xF1, 0x91, 0x00, 0x20, 0x71, 0x80, 0x45, 0x01]
        bytes.append(bytes[1...].reduce(0, ^))
        let atr = try ATR(parsing: bytes)
        #expect(atr.issues.isEmpty)
        let mode = try #require(atr.specificMode)
        #expect(mode.canChangeMode == false)
        #expect(mode.implicitParameters == true)
        #expect(mode.protocolType == 1)
        #expect(atr.waitingInteger == 0x20)
        #expect(atr.t1Parameters == ATR.T1Parameters(ifsc: 0x80, cwi: 5, bwi: 4, errorDetection: .crc))
        #expect(atr.encoded() == bytes)
    }

    @Test func reservedValuesAreIssuesWithOffsets() throws {
        // TA1=70 (Fi RFU, Di RFU), TD1=E1 (T=1) -> TB2=00 TC2=00 (WI RFU) TD2=31 -> TA3=FF (IFSC RFU), TB3=A5.
        var bytes: [UInt8] = [0x3B, 0x90, 0x70, 0xE1, 0x00, 0x00, 0x31, 0xFF, 0xA5]
        bytes.append(bytes[1...].reduce(0, ^))
        let atr = try ATR(parsing: bytes)
        #expect(
            atr.issues == [
                .reservedValue(offset: 2, field: .fi, value: 0x7),
                .reservedValue(offset: 2, field: .di, value: 0x0),
                .reservedValue(offset: 5, field: .waitingInteger, value: 0x00),
                .reservedValue(offset: 7, field: .ifsc, value: 0xFF),
                .reservedValue(offset: 8, field: .blockWaitingInteger, value: 0xA),
            ])
        #expect(atr.transmissionFactors.fi == nil)
        #expect(atr.transmissionFactors.fMaxKHz == nil)
        #expect(atr.transmissionFactors.di == nil)
    }

    @Test func t15WithoutClassIsReservedAndSPUIsKept() throws {
        // TD1=80 (T=0) -> TD2=3F (T=15) -> TA3=40 (clock stop state L, no class) TB3=00.
        var bytes: [UInt8] = [0x3B, 0x80, 0x80, 0x3F, 0x40, 0x00]
        bytes.append(bytes[1...].reduce(0, ^))
        let atr = try ATR(parsing: bytes)
        let t15 = try #require(atr.t15Parameters)
        #expect(t15.clockStop == .stateL)
        #expect(t15.classes.isEmpty)
        #expect(t15.spu == 0x00)
        #expect(atr.protocols == [0])
        #expect(atr.indicatedTypes == [0, 15])
        #expect(atr.isTCKRequired)
        #expect(atr.issues == [.reservedValue(offset: 4, field: .classIndicator, value: 0)])
    }

    // MARK: - Best effort

    @Test func wrongTCKIsAWarningWithTheExpectedValue() throws {
        let bytes = try Hex.parse("3BFD1300008131FE158073C021C057597562694B657941")
        let atr = try ATR(parsing: bytes)
        #expect(atr.issues == [.tckMismatch(offset: 22, expected: 0x40, actual: 0x41)])
        #expect(atr.isTCKValid == false)
        #expect(atr.encoded() == bytes)
        #expect(atr.t1Parameters?.ifsc == 254)
        #expect(throws: ATRError.tckMismatch(offset: 22, expected: 0x40, actual: 0x41)) {
            try ATR(parsing: bytes, strict: true)
        }
    }

    @Test func missingTCKIsAWarning() throws {
        let bytes = try Hex.parse("3BFD1300008131FE158073C021C057597562694B6579")
        let atr = try ATR(parsing: bytes)
        #expect(atr.issues == [.missingTCK(offset: 22)])
        #expect(atr.tck == nil)
        #expect(atr.encoded() == bytes)
        #expect(throws: ATRError.missingTCK(offset: 22)) { try ATR(parsing: bytes, strict: true) }
    }

    @Test func extraBytesAreKeptAndReported() throws {
        // Gemalto IDPrime MD 3810 (T=0 only, no TCK) followed by two stray bytes.
        let bytes = try Hex.parse("3B7F96000080318065B0842327E5120FFE829000 AB CD")
        let atr = try ATR(parsing: bytes)
        #expect(atr.issues == [.extraBytes(offset: 20, count: 2)])
        #expect(atr.extraBytes == [0xAB, 0xCD])
        #expect(atr.encoded() == bytes)
        #expect(throws: ATRError.extraBytes(offset: 20, count: 2)) { try ATR(parsing: bytes, strict: true) }
    }

    @Test func overlongATRIsReported() throws {
        // T0=0F: 15 historical bytes, then 17 extra: 34 bytes in all.
        let bytes: [UInt8] = [0x3B, 0x0F] + Array(repeating: 0x41, count: 15) + Array(repeating: 0, count: 17)
        let atr = try ATR(parsing: bytes)
        #expect(atr.issues == [.extraBytes(offset: 17, count: 17), .exceedsMaximumLength(length: 34)])
    }

    @Test func dirDataReferenceCategory() throws {
        let atr = try ATR(parsing: [0x3B, 0x02, 0x10, 0x2A])
        #expect(atr.historicalBytes.category == .dirDataReference)
        #expect(atr.historicalBytes.dirDataReference == 0x2A)
        let short = try ATR(parsing: [0x3B, 0x01, 0x10])
        #expect(short.issues == [.historicalBytes(offset: 3, problem: .missingDIRReference(offset: 1))])
    }

    @Test func categoryZeroNeedsThreeStatusBytes() throws {
        let atr = try ATR(parsing: [0x3B, 0x03, 0x00, 0x90, 0x00])
        #expect(atr.historicalBytes.statusIndicator == nil)
        #expect(atr.issues == [.historicalBytes(offset: 3, problem: .missingStatusIndicator(offset: 1))])
    }

    @Test func reservedCategoryAndApplicationIdentifier() throws {
        let reserved = try ATR(parsing: [0x3B, 0x01, 0x85])
        #expect(reserved.historicalBytes.category == .reserved(0x85))
        // Category 80 with tag F (application identifier, 5 bytes) and tag 8 (LCS only).
        let atr = try ATR(parsing: [0x3B, 0x09, 0x80, 0xF5, 0xA0, 0x00, 0x00, 0x03, 0x08, 0x81, 0x07])
        #expect(atr.historicalBytes.applicationIdentifier == [0xA0, 0x00, 0x00, 0x03, 0x08])
        #expect(atr.historicalBytes.statusIndicator == StatusIndicator(lifeCycleStatus: 0x07, sw: nil))
        #expect(atr.historicalBytes.objects.map(\.kind) == [.applicationIdentifier, .statusIndicator])
        #expect(atr.historicalBytes.objects.map(\.offset) == [1, 7])
    }

    @Test func cardCapabilitiesBits() {
        // Third table 1B: channels assigned by card (b5) and interface device (b4), 011 -> 4 channels.
        let caps = CardCapabilities([0xFE, 0x21, 0x1B])
        #expect(caps.dfSelectionByFullName && caps.dfSelectionByPath && caps.recordNumber)
        #expect(!caps.recordIdentifier)
        #expect(caps.dataCoding == 0x21)
        #expect(caps.logicalChannelsAssignedByCard == true)
        #expect(caps.logicalChannelsAssignedByInterfaceDevice == true)
        #expect(caps.maximumLogicalChannels == 4)
        #expect(CardCapabilities([0x00, 0x00, 0x07]).maximumLogicalChannels == 8)
        #expect(CardCapabilities([0x80]).extendedLength == nil)
    }

    @Test func pcscStorageCardHistoricalBytes() throws {
        // NXP/Philips MIFARE Classic 1K as a PC/SC reader presents it: pcsc-tools smartcard_list.txt line 7713.
        let atr = try ATR(parsing: Hex.parse("3B8F8001804F0CA000000306030001000000006A"))
        #expect(atr.issues.isEmpty)
        #expect(atr.protocols == [0, 1])
        #expect(atr.isTCKValid == true)
        let card = try #require(atr.historicalBytes.pcscStorageCard)
        #expect(card.rid == [0xA0, 0x00, 0x00, 0x03, 0x06])
        #expect(card.standard == 0x03)
        #expect(card.cardName == 0x0001)
        #expect(card.rfu == [0, 0, 0, 0])
        #expect(atr.historicalBytes.objects.isEmpty)
        // A length that does not match the bytes present is read as COMPACT-TLV instead.
        let other = HistoricalBytes([0x80, 0x4F, 0x0B] + Array(repeating: 0, count: 12))
        #expect(other.pcscStorageCard == nil)
        #expect(!other.problems.isEmpty)
    }

    @Test func dataCodingByte() {
        // Values and meanings as ATR_analysis (pcsc-tools 1.6.2) prints them for the YubiKey (21) and the
        // German eID (01): write behaviour proprietary / one-time write, FF invalid, 2 quartets.
        let yubiKey = CardCapabilities([0xC0, 0x21, 0xC0])
        #expect(yubiKey.writeBehaviour == .proprietary)
        #expect(yubiKey.ffTagByteValid == false)
        #expect(yubiKey.dataUnitQuartets == 2)
        #expect(yubiKey.tlvStructuredEFs == false)
        let eID = CardCapabilities([0x84, 0x01, 0xE0])
        #expect(eID.writeBehaviour == .oneTimeWrite)
        #expect(eID.extendedLengthInfoInEFATR == true)
        let other = CardCapabilities([0x00, 0xFF])
        #expect(other.writeBehaviour == .writeAND)
        #expect(other.tlvStructuredEFs == true)
        #expect(other.ffTagByteValid == true)
        #expect(other.dataUnitQuartets == 32_768)
        #expect(other.commandChaining == nil)
        #expect(CardCapabilities([0x00, 0x40]).writeBehaviour == .writeOR)
    }

    @Test(arguments: [
        (UInt8(0x00), LifeCycleStatus.noInformation), (0x01, .creation), (0x02, .reserved(0x02)),
        (0x03, .initialisation), (0x04, .operationalDeactivated), (0x05, .operationalActivated),
        (0x06, .operationalDeactivated), (0x07, .operationalActivated), (0x08, .reserved(0x08)),
        (0x0B, .reserved(0x0B)), (0x0C, .termination), (0x0E, .termination), (0x0F, .termination),
        (0x10, .proprietary(0x10)), (0x68, .proprietary(0x68)), (0xFF, .proprietary(0xFF)),
    ])
    func lifeCycleStatus(byte: UInt8, expected: LifeCycleStatus) {
        // ISO 7816-4 §5.3.3.2, Table 13.
        #expect(LifeCycleStatus(byte) == expected)
    }

    @Test func statusIndicatorLengths() {
        #expect(StatusIndicator([0x05])?.lifeCycle == .operationalActivated)
        #expect(StatusIndicator([0x90, 0x00]) == StatusIndicator(lifeCycleStatus: nil, sw: .success))
        #expect(StatusIndicator([0x0E, 0x90, 0x00])?.lifeCycle == .termination)
        #expect(StatusIndicator([]) == nil)
        #expect(StatusIndicator([1, 2, 3, 4]) == nil)
    }

    // MARK: - Errors

    static let malformed: [MalformedATRFixture] = (try? MalformedATRFixture.load()) ?? []

    @Test func fixtureFileHasMalformedATRs() {
        #expect(Self.malformed.count >= 10)
    }

    @Test(arguments: malformed)
    func malformedATRThrows(_ m: MalformedATRFixture) throws {
        let bytes = try Hex.parse(m.atr)
        let error = try m.expectedError()
        #expect(throws: error) { try ATR(parsing: bytes, strict: m.strict) }
        if m.strict {
            // Lenient parsing reads the same bytes and reports the problem as an issue.
            let atr = try ATR(parsing: bytes)
            #expect(atr.encoded() == bytes)
            #expect(atr.issues.count == 1)
        }
    }
}
