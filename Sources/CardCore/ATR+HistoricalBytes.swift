/// The historical bytes of an ATR, decoded after their category indicator (ISO/IEC 7816-4:2005 §8.1.1).
public struct HistoricalBytes: Hashable, Sendable {
    /// The category indicator, the first historical byte (ISO 7816-4 §8.1.1.1).
    public enum Category: Hashable, Sendable {
        /// 00: COMPACT-TLV objects, then a status indicator in the last three bytes.
        case compactTLVWithStatus
        /// 10: one byte of DIR data reference follows.
        case dirDataReference
        /// 80: COMPACT-TLV objects, possibly with a status indicator object.
        case compactTLV
        /// 81...8F.
        case reserved(UInt8)
        /// Any other value: a proprietary format.
        case proprietary(UInt8)

        public init(_ byte: UInt8) {
            switch byte {
            case 0x00: self = .compactTLVWithStatus
            case 0x10: self = .dirDataReference
            case 0x80: self = .compactTLV
            case 0x81...0x8F: self = .reserved(byte)
            default: self = .proprietary(byte)
            }
        }
    }

    /// A COMPACT-TLV data object: tag and length in one byte (ISO 7816-4 §5.2.3).
    public struct CompactTLV: Hashable, Sendable {
        /// The high nibble of the first byte.
        public let tag: UInt8
        public let value: [UInt8]
        /// Offset of the tag-length byte within the historical bytes.
        public let offset: Int

        public init(tag: UInt8, value: [UInt8], offset: Int) {
            self.tag = tag
            self.value = value
            self.offset = offset
        }

        /// What the object holds, when the tag is one ISO 7816-4 §8.1.1.2 defines.
        public var kind: Kind? { Kind(rawValue: tag) }
    }

    /// Tags of the COMPACT-TLV objects in historical bytes (ISO 7816-4 §8.1.1.2).
    public enum Kind: UInt8, Hashable, Sendable {
        /// Country code (ISO 3166-1) and national data.
        case countryCode = 0x1
        /// Issuer identification number (ISO/IEC 7812-1) and issuer data.
        case issuerIdentificationNumber = 0x2
        case cardServiceData = 0x3
        case initialAccessData = 0x4
        case cardIssuerData = 0x5
        case preIssuingData = 0x6
        case cardCapabilities = 0x7
        case statusIndicator = 0x8
        case applicationIdentifier = 0xF
    }

    /// Where the historical bytes break their category's structure; offsets count from the first
    /// historical byte.
    public enum Problem: Hashable, Sendable {
        /// A COMPACT-TLV object declares more bytes than remain.
        case truncatedObject(offset: Int, tag: UInt8, declared: Int, available: Int)
        /// Category 00 with fewer than three bytes left for the status indicator.
        case missingStatusIndicator(offset: Int)
        /// Category 10 without the DIR data reference byte.
        case missingDIRReference(offset: Int)

        public var offset: Int {
            switch self {
            case .truncatedObject(let offset, _, _, _), .missingStatusIndicator(let offset),
                .missingDIRReference(let offset):
                return offset
            }
        }
    }

    public let bytes: [UInt8]
    /// nil when there are no historical bytes.
    public let category: Category?
    /// The COMPACT-TLV objects for categories 00 and 80, in order (up to the first malformed one).
    public let objects: [CompactTLV]
    /// Category 00: the last three bytes; category 80: the value of the status indicator object.
    public let statusIndicator: StatusIndicator?
    /// Category 10: the byte after the category indicator.
    public let dirDataReference: UInt8?
    public let problems: [Problem]

    /// Decodes historical bytes; malformed structure is reported in `problems`, never thrown.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        category = bytes.first.map(Category.init)
        var objects: [CompactTLV] = []
        var status: StatusIndicator? = nil
        var reference: UInt8? = nil
        var problems: [Problem] = []
        switch category {
        case .compactTLVWithStatus:
            if bytes.count >= 4 {
                objects = Self.decodeCompactTLV(bytes, from: 1, to: bytes.count - 3, problems: &problems)
                status = StatusIndicator(Array(bytes[(bytes.count - 3)...]))
            } else {
                problems.append(.missingStatusIndicator(offset: 1))
            }
        case .compactTLV where PCSCStorageCard(historicalBytes: bytes) != nil:
            break
        case .compactTLV:
            objects = Self.decodeCompactTLV(bytes, from: 1, to: bytes.count, problems: &problems)
            if let object = objects.first(where: { $0.kind == .statusIndicator }) {
                status = StatusIndicator(object.value)
            }
        case .dirDataReference:
            if bytes.count >= 2 {
                reference = bytes[1]
            } else {
                problems.append(.missingDIRReference(offset: 1))
            }
        case .reserved, .proprietary, nil:
            break
        }
        self.objects = objects
        self.statusIndicator = status
        self.dirDataReference = reference
        self.problems = problems
    }

    private static func decodeCompactTLV(_ bytes: [UInt8], from start: Int, to end: Int, problems: inout [Problem])
        -> [CompactTLV]
    {
        var objects: [CompactTLV] = []
        var index = start
        while index < end {
            let tag = bytes[index] >> 4
            let length = Int(bytes[index] & 0x0F)
            guard end - index - 1 >= length else {
                problems.append(.truncatedObject(offset: index, tag: tag, declared: length, available: end - index - 1))
                break
            }
            objects.append(CompactTLV(tag: tag, value: Array(bytes[(index + 1)..<(index + 1 + length)]), offset: index))
            index += 1 + length
        }
        return objects
    }

    /// The value of the first object of `kind`.
    public func value(of kind: Kind) -> [UInt8]? { objects.first { $0.kind == kind }?.value }

    public var cardServiceData: CardServiceData? { value(of: .cardServiceData)?.first.map(CardServiceData.init) }
    public var cardCapabilities: CardCapabilities? {
        guard let value = value(of: .cardCapabilities), !value.isEmpty else { return nil }
        return CardCapabilities(value)
    }
    public var applicationIdentifier: [UInt8]? { value(of: .applicationIdentifier) }

    /// The storage card description a PC/SC reader builds for a contactless memory card; its
    /// `80 4F` start is not COMPACT-TLV, so `objects` stays empty for it.
    public var pcscStorageCard: PCSCStorageCard? { PCSCStorageCard(historicalBytes: bytes) }
}

/// Historical bytes of a contactless storage card as built by the reader (PC/SC Part 3 §3.1.3.2.3):
/// 80, 4F (application identifier presence indicator), length, RID, standard, card name, RFU.
public struct PCSCStorageCard: Hashable, Sendable {
    /// The registered application provider identifier, A000000306 for the PC/SC workgroup.
    public let rid: [UInt8]
    /// SS: the contactless standard byte (for example 03 for ISO 14443 A part 3).
    public let standard: UInt8
    /// NN: the card name code (for example 0001 for MIFARE Classic 1K).
    public let cardName: UInt16
    /// The bytes after the card name (RFU, normally zero).
    public let rfu: [UInt8]

    /// nil unless `historicalBytes` is 80 4F L followed by exactly L bytes with room for RID, SS and NN.
    public init?(historicalBytes h: [UInt8]) {
        guard h.count >= 11, h[0] == 0x80, h[1] == 0x4F, Int(h[2]) == h.count - 3 else { return nil }
        rid = Array(h[3..<8])
        standard = h[8]
        cardName = UInt16(h[9]) << 8 | UInt16(h[10])
        rfu = Array(h[11...])
    }
}

/// Card service data byte (ISO 7816-4 §8.1.1.2.3, Table 85).
public struct CardServiceData: Hashable, Sendable {
    /// How EF.DIR and EF.ATR are read (b4-b2).
    public enum Access: Hashable, Sendable {
        case readBinary, readRecord, getData
        case reserved(UInt8)
    }

    public let byte: UInt8
    public init(_ byte: UInt8) { self.byte = byte }

    public var selectionByFullDFName: Bool { byte & 0x80 != 0 }
    public var selectionByPartialDFName: Bool { byte & 0x40 != 0 }
    public var dataObjectsInEFDIR: Bool { byte & 0x20 != 0 }
    public var dataObjectsInEFATR: Bool { byte & 0x10 != 0 }
    public var access: Access {
        switch byte >> 1 & 0x07 {
        case 0b100: return .readBinary
        case 0b000: return .readRecord
        case 0b010: return .getData
        case let other: return .reserved(other)
        }
    }
    /// b1 = 0: the card has a master file.
    public var hasMasterFile: Bool { byte & 0x01 == 0 }
}

/// Card capabilities: up to three software function tables (ISO 7816-4 §8.1.1.2.7, Tables 86-88).
public struct CardCapabilities: Hashable, Sendable {
    public let bytes: [UInt8]
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// First table: selection methods (Table 86).
    public var selectionMethods: UInt8 { bytes.first ?? 0 }
    public var dfSelectionByFullName: Bool { selectionMethods & 0x80 != 0 }
    public var dfSelectionByPartialName: Bool { selectionMethods & 0x40 != 0 }
    public var dfSelectionByPath: Bool { selectionMethods & 0x20 != 0 }
    public var dfSelectionByFileIdentifier: Bool { selectionMethods & 0x10 != 0 }
    public var implicitDFSelection: Bool { selectionMethods & 0x08 != 0 }
    public var shortEFIdentifier: Bool { selectionMethods & 0x04 != 0 }
    public var recordNumber: Bool { selectionMethods & 0x02 != 0 }
    public var recordIdentifier: Bool { selectionMethods & 0x01 != 0 }

    /// Second table: the data coding byte (Table 87).
    public var dataCoding: UInt8? { bytes.count > 1 ? bytes[1] : nil }

    /// How write functions combine old and new data (data coding byte b7-b6).
    public enum WriteBehaviour: UInt8, Hashable, Sendable {
        case oneTimeWrite = 0
        case proprietary, writeOR, writeAND
    }

    /// b8 of the data coding byte: EFs of BER-TLV structure supported.
    public var tlvStructuredEFs: Bool? { dataCoding.map { $0 & 0x80 != 0 } }
    public var writeBehaviour: WriteBehaviour? { dataCoding.map { WriteBehaviour(rawValue: $0 >> 5 & 0x03)! } }
    /// b5 of the data coding byte: FF is a valid first byte of a BER-TLV tag.
    public var ffTagByteValid: Bool? { dataCoding.map { $0 & 0x10 != 0 } }
    /// b4-b1 of the data coding byte: the data unit is 2^n quartets.
    public var dataUnitQuartets: Int? { dataCoding.map { 1 << Int($0 & 0x0F) } }

    /// Third table (Table 88), nil when absent.
    public var thirdTable: UInt8? { bytes.count > 2 ? bytes[2] : nil }
    /// b8: command chaining.
    public var commandChaining: Bool? { thirdTable.map { $0 & 0x80 != 0 } }
    /// b7: extended Lc and Le fields.
    public var extendedLength: Bool? { thirdTable.map { $0 & 0x40 != 0 } }
    /// b6: extended length information in EF.ATR/INFO.
    public var extendedLengthInfoInEFATR: Bool? { thirdTable.map { $0 & 0x20 != 0 } }
    /// b5: the card assigns logical channel numbers.
    public var logicalChannelsAssignedByCard: Bool? { thirdTable.map { $0 & 0x10 != 0 } }
    /// b4: the interface device assigns logical channel numbers.
    public var logicalChannelsAssignedByInterfaceDevice: Bool? { thirdTable.map { $0 & 0x08 != 0 } }
    /// b3-b1 = yzt: 4y + 2z + t + 1 channels; 111 means eight or more (reported as 8).
    public var maximumLogicalChannels: Int? {
        thirdTable.map { $0 & 0x07 == 0x07 ? 8 : Int($0 & 0x07) + 1 }
    }
}

/// A life cycle status byte, LCS (ISO 7816-4 §5.3.3.2, Table 13).
public enum LifeCycleStatus: Hashable, Sendable {
    case noInformation
    case creation
    case initialisation
    case operationalActivated
    case operationalDeactivated
    case termination
    /// b8-b5 not all zero.
    case proprietary(UInt8)
    /// 02 and 08...0B.
    case reserved(UInt8)

    public init(_ byte: UInt8) {
        switch byte {
        case 0x00: self = .noInformation
        case 0x01: self = .creation
        case 0x03: self = .initialisation
        case 0x05, 0x07: self = .operationalActivated
        case 0x04, 0x06: self = .operationalDeactivated
        case 0x0C...0x0F: self = .termination
        case 0x10...: self = .proprietary(byte)
        default: self = .reserved(byte)
        }
    }
}

/// Status indicator: life cycle status and/or a status word (ISO 7816-4 §8.1.1.3).
public struct StatusIndicator: Hashable, Sendable {
    /// Card life cycle status byte (one or three bytes given).
    public let lifeCycleStatus: UInt8?
    /// The status word (two or three bytes given).
    public let sw: StatusWord?

    /// The decoded life cycle status, when one is given.
    public var lifeCycle: LifeCycleStatus? { lifeCycleStatus.map(LifeCycleStatus.init) }

    public init(lifeCycleStatus: UInt8?, sw: StatusWord?) {
        self.lifeCycleStatus = lifeCycleStatus
        self.sw = sw
    }

    /// From an object value of 1 (LCS), 2 (SW) or 3 (LCS, SW) bytes; nil for other lengths.
    public init?(_ value: [UInt8]) {
        switch value.count {
        case 1: self.init(lifeCycleStatus: value[0], sw: nil)
        case 2: self.init(lifeCycleStatus: nil, sw: StatusWord(value[0], value[1]))
        case 3: self.init(lifeCycleStatus: value[0], sw: StatusWord(value[1], value[2]))
        default: return nil
        }
    }
}
