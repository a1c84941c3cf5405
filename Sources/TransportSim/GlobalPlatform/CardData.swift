/// The ISD's fixed data objects, as GET DATA returns them: tag, length and value.
enum CardData {
    /// The GlobalPlatform OID prefix {iso(1) member-body(2) us(840) globalPlatform(114283)}.
    static let gpOID: [UInt8] = [0x2A, 0x86, 0x48, 0x86, 0xFC, 0x6B]

    /// The recognition content shared by card data (66) and the FCI's SD management data (73):
    /// GP CS v2.3.1 Annex H.
    static let recognitionData: [UInt8] = BER.tlv(
        0x73,
        children: [
            BER.tlv(0x06, gpOID + [0x01]),  // {globalPlatform 1}: card recognition data
            BER.tlv(0x60, children: [BER.tlv(0x06, gpOID + [0x02, 0x02, 0x03, 0x01])]),  // GP CS 2.3.1
            BER.tlv(0x63, children: [BER.tlv(0x06, gpOID + [0x03])]),  // identified by IIN and CIN
            BER.tlv(0x64, children: [BER.tlv(0x06, gpOID + [0x04, 0x03, 0x70])]),  // SCP03, i = 70
            BER.tlv(0x64, children: [BER.tlv(0x06, gpOID + [0x04, 0x11, 0x00])]),  // SCP11 (GP Amd F), i = 00: SCP11b
            BER.tlv(0x65, children: [BER.tlv(0x06, gpOID + [0x05, 0x01])]),  // card configuration details
            // Card / chip details: the Java Card platform OID 1.3.6.1.4.1.42.2.110.1.3.
            BER.tlv(0x66, children: [BER.tlv(0x06, [0x2B, 0x06, 0x01, 0x04, 0x01, 0x2A, 0x02, 0x6E, 0x01, 0x03])]),
        ])

    /// 66: card data (GP CS v2.3.1 Annex H).
    static let cardData: [UInt8] = BER.tlv(0x66, recognitionData)

    /// 9F7F: card production life cycle data, 42 bytes (GP CS v2.3.1 Annex H).
    static let cplcFields: [(name: String, bytes: [UInt8])] = [
        ("IC fabricator", [0x47, 0x90]),
        ("IC type", [0xD3, 0x21]),
        ("operating system identifier", [0x47, 0x00]),
        ("operating system release date", [0x21, 0x02]),
        ("operating system release level", [0x03, 0x00]),
        ("IC fabrication date", [0x21, 0x41]),
        ("IC serial number", [0x0C, 0x5A, 0x1E, 0x97]),
        ("IC batch identifier", [0x00, 0x42]),
        ("IC module fabricator", [0x48, 0x12]),
        ("IC module packaging date", [0x21, 0x50]),
        ("ICC manufacturer", [0x20, 0x80]),
        ("IC embedding date", [0x21, 0x55]),
        ("IC pre-personalizer", [0x19, 0x39]),
        ("IC pre-personalization equipment date", [0x21, 0x60]),
        ("IC pre-personalization equipment identifier", [0x00, 0x00, 0x00, 0x01]),
        ("IC personalizer", [0x20, 0x80]),
        ("IC personalization date", [0x21, 0x75]),
        ("IC personalization equipment identifier", [0x00, 0x00, 0x00, 0x07]),
    ]
    static let cplc: [UInt8] = BER.tlv(0x9F7F, cplcFields.flatMap { $0.bytes })

    /// E0: key information template (GP CS v2.3.1 §11.3.3.1): C0 = key id, KVN, (type, length)...
    /// Each SCP03 key set gives ENC / MAC / DEK (ids 1-3) of type 88 (AES); then the SCP11b key
    /// (id 13, KVN 01): ECC public key (B0) of 65 bytes, key parameter reference (F0) of 1 byte; or the
    /// configured SCP11 keys' entries.
    static func keyInformation(_ keySets: [(kvn: UInt8, keyLength: Int)], scp11: [[UInt8]]? = nil) -> [UInt8] {
        var entries: [[UInt8]] = []
        for set in keySets {
            for id: UInt8 in 1...3 {
                entries.append(BER.tlv(0xC0, [id, set.kvn, 0x88, UInt8(truncatingIfNeeded: set.keyLength)]))
            }
        }
        for entry in scp11 ?? [[0x13, 0x01, 0xB0, 0x41, 0xF0, 0x01]] { entries.append(BER.tlv(0xC0, entry)) }
        return BER.tlv(0xE0, children: entries)
    }

    /// 42: issuer identification number (GP CS v2.3.1 Annex H).
    static let iin: [UInt8] = BER.tlv(0x42, iinValue)
    static let iinValue: [UInt8] = [0x99, 0x99, 0x90]
    /// 45: card image number (GP CS v2.3.1 Annex H).
    static let cin: [UInt8] = BER.tlv(0x45, cinValue)
    static let cinValue: [UInt8] = [0x43, 0x53, 0x48, 0x00, 0x00, 0x00, 0x00, 0x01, 0x23, 0x45]
    /// C1: sequence counter of the default key version (3 bytes, as SCP03 counters).
    static func sequenceCounter(_ value: UInt32) -> [UInt8] { BER.tlv(0xC1, BER.bigEndian(Int(value), width: 3)) }
    /// C2: confirmation counter.
    static let confirmationCounter: [UInt8] = BER.tlv(0xC2, [0x00, 0x00])
    /// CF: key derivation data (10 bytes).
    static let keyDerivationData: [UInt8] = BER.tlv(0xCF, SCP03Responder.defaultKeyDiversificationData)

    /// 67: card capability information (GP CS v2.3.1 Annex H): per SCP an A0 with 80 SCP, 81 supported
    /// i-parameters and for SCP03 82 key lengths (b1 AES-128, b2 AES-192, b3 AES-256); then 81 SSD and
    /// 82 application privileges that may be assigned, 83 LFDB hash algorithms (01 SHA-1, 02 SHA-256).
    static let capabilityInformation: [UInt8] = BER.tlv(
        0x67,
        children: [
            BER.tlv(
                0xA0,
                children: [
                    BER.tlv(0x80, [0x03]), BER.tlv(0x81, [0x00, 0x10, 0x20, 0x30, 0x60, 0x70]),
                    BER.tlv(0x82, [0x07]),
                ]),
            BER.tlv(0xA0, children: [BER.tlv(0x80, [0x11]), BER.tlv(0x81, [0x00])]),
            BER.tlv(0x81, [0xFF, 0xFE, 0x80]),
            BER.tlv(0x82, [0x7F, 0xFE, 0x80]),
            BER.tlv(0x83, [0x01, 0x02]),
        ])

    /// FF21: extended card resources (GP CS v2.3.1 Annex H): 81 installed applications, 82 free
    /// non-volatile memory, 83 free volatile memory (bytes).
    static func extendedCardResources(installedApplications: Int) -> [UInt8] {
        BER.tlv(
            0xFF21,
            children: [
                BER.tlv(0x81, BER.bigEndian(installedApplications, width: 2)),
                BER.tlv(0x82, BER.bigEndian(123_456, width: 4)),
                BER.tlv(0x83, BER.bigEndian(3_200, width: 2)),
            ])
    }

    /// 9F6E: application production life cycle data (IC fabricator, IC type, OS identifier).
    static let productionLifeCycle: [UInt8] = BER.tlv(0x9F6E, [0x47, 0x90, 0xD3, 0x21, 0x47, 0x00])
    /// 9F65: maximum length of the command data field the ISD accepts.
    static let maximumCommandDataLength: [UInt8] = BER.tlv(0x9F65, [0xFF])
}
