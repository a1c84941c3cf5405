import CardCore
import Testing

@testable import CardCrypto

private func h(_ s: String) -> [UInt8] { try! Hex.parse(s) }

@Suite struct TripleDESTests {
    /// NIST SP 800-67 Rev. 2 Appendix B: the three-key TDEA ECB example ("The qufck brown fox jump").
    @Test func sp80067ThreeKeyExample() throws {
        let des = try TripleDES(key: h("0123456789ABCDEF" + "23456789ABCDEF01" + "456789ABCDEF0123"))
        let plaintext = h("5468652071756663" + "6B2062726F776E20" + "666F78206A756D70")
        #expect(try des.encryptECB(plaintext) == h("A826FD8CE53B855F" + "CCE21C8112256FE6" + "68D5C05DD9B6B900"))
    }

    /// A two-key key is K1 K2 K1: the same result as the 24-byte key with K3 = K1.
    @Test func twoKeyIsKeyingOption2() throws {
        let k1k2 = h("404142434445464748494A4B4C4D4E4F")
        let block = h("0011223344556677")
        #expect(try TripleDES(key: k1k2).encryptECB(block) == TripleDES(key: k1k2 + k1k2.prefix(8)).encryptECB(block))
    }

    /// GlobalPlatformPro TestPlaintextKeys.testSessionKeys_SCP01: 3DES KCV of 404142...4F is 8BAF47.
    @Test func keyCheckValueOfTheTestKey() throws {
        #expect(try TripleDES.keyCheckValue(SecretBytes(h("404142434445464748494A4B4C4D4E4F"))) == h("8BAF47"))
    }

    @Test(arguments: [0, 8, 15, 32])
    func rejectsKeyLengths(_ length: Int) {
        #expect(throws: CryptoError.invalidKeyLength(length)) {
            try TripleDES(key: [UInt8](repeating: 1, count: length))
        }
    }

    @Test(arguments: [0, 7, 9, 15])
    func rejectsPartialBlocks(_ length: Int) throws {
        let des = try TripleDES(key: [UInt8](repeating: 1, count: 16))
        #expect(throws: CryptoError.notBlockAligned(length: length)) {
            try des.encryptECB([UInt8](repeating: 0, count: length))
        }
    }
}
