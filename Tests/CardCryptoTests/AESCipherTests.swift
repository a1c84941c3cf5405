import CardCore
import Testing

@testable import CardCrypto

private func h(_ s: String) -> [UInt8] { try! Hex.parse(s) }

/// SP 800-38A Appendix F plaintext (four blocks), shared by the ECB and CBC examples.
private let sp80038aPlaintext = h(
    "6bc1bee22e409f96e93d7e117393172a" + "ae2d8a571e03ac9c9eb76fac45af8e51"
        + "30c81c46a35ce411e5fbc1191a0a52ef" + "f69f2445df4f9b17ad2b417be66c3710")
private let sp80038aIV = h("000102030405060708090a0b0c0d0e0f")

struct AESVector: Sendable, CustomTestStringConvertible {
    let source: String
    let key: String
    let expected: String
    var testDescription: String { source }
}

@Suite struct AESCipherTests {
    /// FIPS-197 Appendix C.1–C.3: plaintext 00112233445566778899aabbccddeeff.
    static let fips197: [AESVector] = [
        AESVector(
            source: "FIPS-197 App. C.1 AES-128", key: "000102030405060708090a0b0c0d0e0f",
            expected: "69c4e0d86a7b0430d8cdb78070b4c55a"),
        AESVector(
            source: "FIPS-197 App. C.2 AES-192", key: "000102030405060708090a0b0c0d0e0f1011121314151617",
            expected: "dda97ca4864cdfe06eaf70a0ec0d7191"),
        AESVector(
            source: "FIPS-197 App. C.3 AES-256",
            key: "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
            expected: "8ea2b7ca516745bfeafc49904b496089"),
    ]

    @Test(arguments: fips197)
    func singleBlock(_ v: AESVector) throws {
        let aes = try AESCipher(key: h(v.key))
        let plain = h("00112233445566778899aabbccddeeff")
        #expect(try aes.encryptBlock(plain) == h(v.expected))
        #expect(try aes.decryptBlock(h(v.expected)) == plain)
    }

    /// SP 800-38A §F.1.1, F.1.3, F.1.5 (ECB, encrypt each block).
    static let ecb: [AESVector] = [
        AESVector(
            source: "SP 800-38A F.1.1 ECB-AES128", key: "2b7e151628aed2a6abf7158809cf4f3c",
            expected: "3ad77bb40d7a3660a89ecaf32466ef97f5d3d58503b9699de785895a96fdbaaf"
                + "43b1cd7f598ece23881b00e3ed0306887b0c785e27e8ad3f8223207104725dd4"),
        AESVector(
            source: "SP 800-38A F.1.3 ECB-AES192", key: "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
            expected: "bd334f1d6e45f25ff712a214571fa5cc974104846d0ad3ad7734ecb3ecee4eef"
                + "ef7afd2270e2e60adce0ba2face6444e9a4b41ba738d6c72fb16691603c18e0e"),
        AESVector(
            source: "SP 800-38A F.1.5 ECB-AES256",
            key: "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
            expected: "f3eed1bdb5d2a03c064b5a7e3db181f8591ccb10d410ed26dc5ba74a31362870"
                + "b6ed21b99ca6f4f9f153e7b1beafed1d23304b7a39f9f3ff067d8d8f9e24ecc7"),
    ]

    @Test(arguments: ecb)
    func ecbBlocks(_ v: AESVector) throws {
        let aes = try AESCipher(key: h(v.key))
        let expected = h(v.expected)
        for i in 0..<4 {
            let block = Array(sp80038aPlaintext[(i * 16)..<(i * 16 + 16)])
            let cipherBlock = Array(expected[(i * 16)..<(i * 16 + 16)])
            #expect(try aes.encryptBlock(block) == cipherBlock)
            #expect(try aes.decryptBlock(cipherBlock) == block)
        }
    }

    /// SP 800-38A §F.2.1, F.2.3, F.2.5 (CBC, IV 000102..0f).
    static let cbc: [AESVector] = [
        AESVector(
            source: "SP 800-38A F.2.1 CBC-AES128", key: "2b7e151628aed2a6abf7158809cf4f3c",
            expected: "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
                + "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7"),
        AESVector(
            source: "SP 800-38A F.2.3 CBC-AES192", key: "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
            expected: "4f021db243bc633d7178183a9fa071e8b4d9ada9ad7dedf4e5e738763f69145a"
                + "571b242012fb7ae07fa9baac3df102e008b0e27988598881d920a9e64f5615cd"),
        AESVector(
            source: "SP 800-38A F.2.5 CBC-AES256",
            key: "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
            expected: "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
                + "39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b"),
    ]

    @Test(arguments: cbc)
    func cbcRoundTrip(_ v: AESVector) throws {
        let aes = try AESCipher(key: h(v.key))
        #expect(try aes.encryptCBC(sp80038aPlaintext, iv: sp80038aIV) == h(v.expected))
        #expect(try aes.decryptCBC(h(v.expected), iv: sp80038aIV) == sp80038aPlaintext)
        // The context is reused: a second call with the same IV gives the same answer.
        #expect(try aes.encryptCBC(sp80038aPlaintext, iv: sp80038aIV) == h(v.expected))
        // CBC chaining: the second half encrypts with the first half's last ciphertext block as IV.
        let expected = h(v.expected)
        #expect(
            try aes.encryptCBC(Array(sp80038aPlaintext[32...]), iv: Array(expected[16..<32]))
                == Array(expected[32...]))
    }

    @Test(arguments: [0, 1, 8, 15, 17, 31, 33, 64])
    func keyLengthsOtherThanAESAreRejected(length: Int) {
        #expect(throws: CryptoError.invalidKeyLength(length)) {
            try AESCipher(key: [UInt8](repeating: 1, count: length))
        }
    }

    @Test func unalignedInputAndBadIVAreRejected() throws {
        let aes = try AESCipher(key: [UInt8](repeating: 0, count: 16))
        #expect(throws: CryptoError.notBlockAligned(length: 15)) {
            try aes.encryptCBC([UInt8](repeating: 0, count: 15), iv: sp80038aIV)
        }
        #expect(throws: CryptoError.notBlockAligned(length: 17)) {
            try aes.decryptCBC([UInt8](repeating: 0, count: 17), iv: sp80038aIV)
        }
        #expect(throws: CryptoError.invalidBlockLength(8)) {
            try aes.encryptCBC([UInt8](repeating: 0, count: 16), iv: [0, 0, 0, 0, 0, 0, 0, 0])
        }
        #expect(throws: CryptoError.invalidBlockLength(15)) { try aes.encryptBlock([UInt8](repeating: 0, count: 15)) }
        #expect(try aes.encryptCBC([], iv: sp80038aIV) == [])
    }

    @Test func secretBytesKeyMatchesArrayKey() throws {
        let key = h("2b7e151628aed2a6abf7158809cf4f3c")
        let a = try AESCipher(key: SecretBytes(key))
        let b = try AESCipher(key: key)
        #expect(try a.encryptBlock(sp80038aIV) == b.encryptBlock(sp80038aIV))
    }
}
