import CardCore
import CardCrypto
import Testing

@testable import SecureChannel

private func testKey(_ length: Int) -> SecretBytes { SecretBytes((0..<length).map { UInt8(0x40 + $0) }) }
private let kdd0to9 = h("00010203040506070809")

/// One published diversification result: master key 404142... of `keyLength` bytes, KDD 00 01 ... 09, and the
/// check values of the derived ENC, MAC and DEK keys.
struct DiversificationVector: Sendable, CustomTestStringConvertible {
    let source: String
    let scheme: Diversification.Scheme
    let keyLength: Int
    /// AES KCV (GP Amd D v1.2 §6.2.3) for kdf3, 3DES KCV (GP CS v2.3.1 §11.1.8) for emv and visa2.
    let kcvs: [String]
    var testDescription: String { "\(scheme) AES-\(keyLength * 8): \(source)" }
}

@Suite struct DiversificationTests {
    /// GlobalPlatformPro library/src/test/java/pro/javacard/gp/test/TestPlaintextKeys.java (martinpaljak/
    /// GlobalPlatformPro): testDiversification_EMV_SCP02, _VISA2_SCP02, _KDF3_SCP03_AES128/192/256.
    static let vectors: [DiversificationVector] = [
        .init(source: "GPPro EMV_SCP02", scheme: .emv, keyLength: 16, kcvs: ["C33013", "6F4CA6", "BB8179"]),
        .init(source: "GPPro VISA2_SCP02", scheme: .visa2, keyLength: 16, kcvs: ["2BE598", "58DA38", "3C328E"]),
        .init(source: "GPPro KDF3_SCP03_AES128", scheme: .kdf3, keyLength: 16, kcvs: ["E79C05", "D1BD77", "3FDE8C"]),
        .init(source: "GPPro KDF3_SCP03_AES192", scheme: .kdf3, keyLength: 24, kcvs: ["1DE8EA", "47C00C", "C04D76"]),
        .init(source: "GPPro KDF3_SCP03_AES256", scheme: .kdf3, keyLength: 32, kcvs: ["2972D2", "036F94", "5D57B8"]),
    ]

    @Test(arguments: vectors)
    func publishedCheckValues(_ vector: DiversificationVector) throws {
        let masters = try SCP03StaticKeys(all: testKey(vector.keyLength))
        let derived = try Diversification.diversify(masters, scheme: vector.scheme, kdd: kdd0to9)
        let expectedLength = vector.scheme == .kdf3 ? vector.keyLength : 16
        var kcvs: [String] = []
        for key in [derived.enc, derived.mac, derived.dek] {
            #expect(key.count == expectedLength)
            let kcv = vector.scheme == .kdf3
                ? try SCP03StaticKeys.keyCheckValue(key) : try TripleDES.keyCheckValue(key)
            kcvs.append(Hex.encode(kcv))
        }
        #expect(kcvs == vector.kcvs)
    }

    /// GlobalPlatformPro TestPlaintextKeys.testDiversification_KDF3_ExternalVector: the whole derived ENC key.
    @Test func kdf3ExternalVectorAES256() throws {
        let master = SecretBytes(h("8C72C72CF908411653018807950D82FBAD947562F0828A0B10B8B9606ABF3BCD"))
        let enc = try Diversification.diversify(master, scheme: .kdf3, kdd: h("D9B1DE5D0362DEDCE4FB"), purpose: .enc)
        #expect(enc.bytes == h("9AAC5D0B3601F89438A0D9D0B6B256CFB47E6462DFA5228D3420C4AC7C224781"))
    }

    /// The input layouts, written out byte by byte from the scheme definitions (EMV CPS v1.1; VISA2 and
    /// KDF3 as GlobalPlatformPro's PlaintextKeys templates give them).
    @Test(arguments: [
        (Diversification.Scheme.emv, Diversification.KeyPurpose.enc, "040506070809F001" + "040506070809" + "0F01"),
        (.emv, .dek, "040506070809F003" + "040506070809" + "0F03"),
        (.visa2, .mac, "000104050607F002" + "000104050607" + "0F02"),
        (.kdf3, .enc, "0000000100" + "00010203040506070809"),
        (.kdf3, .dek, "0000000300" + "00010203040506070809"),
    ])
    func derivationData(_ scheme: Diversification.Scheme, _ purpose: Diversification.KeyPurpose, _ expected: String)
        throws
    {
        #expect(try Diversification.derivationData(scheme, kdd: kdd0to9, purpose: purpose) == h(expected))
    }

    /// Only the KDD bytes a scheme names change its result: EMV ignores bytes 0-3, VISA2 bytes 2-3 and 8-9.
    @Test(arguments: [(Diversification.Scheme.emv, [0, 1, 2, 3]), (.visa2, [2, 3, 8, 9]), (.kdf3, [])])
    func ignoredBytes(_ scheme: Diversification.Scheme, _ ignored: [Int]) throws {
        let master = testKey(16)
        let base = try Diversification.diversify(master, scheme: scheme, kdd: kdd0to9, purpose: .mac).bytes
        for index in 0..<10 {
            var kdd = kdd0to9
            kdd[index] ^= 0xFF
            let changed = try Diversification.diversify(master, scheme: scheme, kdd: kdd, purpose: .mac).bytes
            #expect((changed == base) == ignored.contains(index), "byte \(index)")
        }
    }

    @Test(arguments: [0, 9, 11, 16])
    func kddMustBeTenBytes(_ length: Int) {
        #expect(throws: SecureChannelError.diversificationDataLength(length)) {
            let kdd = [UInt8](repeating: 0, count: length)
            return try Diversification.diversify(testKey(16), scheme: .kdf3, kdd: kdd, purpose: .enc)
        }
    }

    @Test(arguments: [(Diversification.Scheme.emv, 24), (.visa2, 32), (.emv, 8), (.kdf3, 20)])
    func masterKeyMustFitTheScheme(_ scheme: Diversification.Scheme, _ length: Int) {
        #expect(throws: SecureChannelError.masterKeyLength(scheme: scheme, length: length)) {
            try Diversification.diversify(testKey(length), scheme: scheme, kdd: kdd0to9, purpose: .enc)
        }
    }

    /// ENC, MAC and DEK differ (the purpose byte k enters every scheme).
    @Test(arguments: Diversification.Scheme.allCases)
    func purposesGiveDifferentKeys(_ scheme: Diversification.Scheme) throws {
        let keys = try Diversification.diversify(SCP03StaticKeys(all: testKey(16)), scheme: scheme, kdd: kdd0to9)
        #expect(Set([keys.enc.bytes, keys.mac.bytes, keys.dek.bytes]).count == 3)
    }
}
