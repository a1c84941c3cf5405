import CardCore
import Testing

@testable import CardCrypto

private func h(_ s: String) -> [UInt8] { try! Hex.parse(s) }

/// The message of RFC 4493 §4 / SP 800-38B Appendix D (64 bytes); examples use its first 0, 16, 40 and 64 bytes.
private let message = h(
    "6bc1bee22e409f96e93d7e117393172a" + "ae2d8a571e03ac9c9eb76fac45af8e51"
        + "30c81c46a35ce411e5fbc1191a0a52ef" + "f69f2445df4f9b17ad2b417be66c3710")

struct CMACVector: Sendable, CustomTestStringConvertible {
    let source: String
    let key: String
    let length: Int
    let tag: String
    var testDescription: String { source }
}

private let key128 = "2b7e151628aed2a6abf7158809cf4f3c"
private let key192 = "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b"
private let key256 = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"

@Suite struct AESCMACTests {
    static let vectors: [CMACVector] = [
        // RFC 4493 §4, Examples 1-4 (= SP 800-38B D.1).
        CMACVector(source: "RFC 4493 Example 1", key: key128, length: 0, tag: "bb1d6929e95937287fa37d129b756746"),
        CMACVector(source: "RFC 4493 Example 2", key: key128, length: 16, tag: "070a16b46b4d4144f79bdd9dd04a287c"),
        CMACVector(source: "RFC 4493 Example 3", key: key128, length: 40, tag: "dfa66747de9ae63030ca32611497c827"),
        CMACVector(source: "RFC 4493 Example 4", key: key128, length: 64, tag: "51f0bebf7e3b9d92fc49741779363cfe"),
        // SP 800-38B Appendix D.2 (AES-192), Examples 5-8.
        CMACVector(source: "SP 800-38B D.2 Example 5", key: key192, length: 0, tag: "d17ddf46adaacde531cac483de7a9367"),
        CMACVector(
            source: "SP 800-38B D.2 Example 6", key: key192, length: 16, tag: "9e99a7bf31e710900662f65e617c5184"),
        CMACVector(
            source: "SP 800-38B D.2 Example 7", key: key192, length: 40, tag: "8a1de5be2eb31aad089a82e6ee908b0e"),
        CMACVector(
            source: "SP 800-38B D.2 Example 8", key: key192, length: 64, tag: "a1d5df0eed790f794d77589659f39a11"),
        // SP 800-38B Appendix D.3 (AES-256), Examples 9-12.
        CMACVector(source: "SP 800-38B D.3 Example 9", key: key256, length: 0, tag: "028962f61b7bf89efc6b551f4667d983"),
        CMACVector(
            source: "SP 800-38B D.3 Example 10", key: key256, length: 16, tag: "28a7023f452e8f82bd4bf28d8c37c35c"),
        CMACVector(
            source: "SP 800-38B D.3 Example 11", key: key256, length: 40, tag: "aaf3d8f1de5640c232f5b169b9c911e6"),
        CMACVector(
            source: "SP 800-38B D.3 Example 12", key: key256, length: 64, tag: "e1992190549f6ed5696a2c056c315410"),
    ]

    @Test(arguments: vectors)
    func knownAnswer(_ v: CMACVector) throws {
        let cmac = try AESCMAC(key: h(v.key))
        let input = Array(message.prefix(v.length))
        #expect(try cmac.mac(input) == h(v.tag))
        // Reuse of the context restarts cleanly.
        #expect(try cmac.mac(input) == h(v.tag))
        // Split input gives the same tag as one piece.
        let cut = v.length / 3
        #expect(try cmac.mac(Array(input[..<cut]), [], Array(input[cut...])) == h(v.tag))
    }

    @Test func secretBytesKeyAndBadLength() throws {
        let cmac = try AESCMAC(key: SecretBytes(h(key128)))
        #expect(try cmac.mac(Array(message.prefix(16))) == h("070a16b46b4d4144f79bdd9dd04a287c"))
        #expect(throws: CryptoError.invalidKeyLength(20)) { try AESCMAC(key: [UInt8](repeating: 0, count: 20)) }
    }
}

@Suite struct PaddingAndCompareTests {
    @Test(arguments: [0, 1, 15, 16, 17, 31, 32])
    func padUnpadRoundTrip(length: Int) throws {
        let data = [UInt8](repeating: 0x00, count: length)
        let padded = ISO9797Padding.pad(data)
        #expect(padded.count % 16 == 0)
        #expect(padded.count > length && padded.count <= length + 16)
        #expect(padded[length] == 0x80)
        #expect(try ISO9797Padding.unpad(padded) == data)
    }

    @Test func unpadErrorsNameTheOffset() {
        #expect(throws: CryptoError.invalidPadding(offset: nil)) { try ISO9797Padding.unpad([]) }
        #expect(throws: CryptoError.invalidPadding(offset: nil)) { try ISO9797Padding.unpad([0, 0, 0]) }
        #expect(throws: CryptoError.invalidPadding(offset: 1)) { try ISO9797Padding.unpad([0x80, 0x01, 0x00]) }
    }

    @Test func constantTimeEqual() {
        #expect(Bytes.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!Bytes.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!Bytes.constantTimeEqual([1, 2, 3], [1, 2]))
        #expect(Bytes.constantTimeEqual([], []))
    }

    @Test func randomSources() {
        var fixed = FixedRandom([1, 2, 3])
        #expect(fixed.fill(5) == [1, 2, 3, 1, 2])
        var a = SeededRandom(seed: 42)
        var b = SeededRandom(seed: 42)
        #expect(a.fill(13) == b.fill(13))
        var system = SystemRandom()
        let x = system.fill(32)
        #expect(x.count == 32)
        #expect(x != system.fill(32))
    }
}
