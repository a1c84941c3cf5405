import CardCore
import Testing

@testable import CardCrypto

private func h(_ s: String) -> [UInt8] { try! Hex.parse(s) }

@Suite struct ECDSATests {
    /// RFC 6979 §A.2.5 (P-256): key C9AF..21 and the deterministic signatures with SHA-256 of "sample" and "test".
    /// OpenSSL 3.0 signs with random nonces, so these check verification; signing is checked by round trip.
    static let rfc6979Public = h(
        "0460FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6"
            + "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299")

    @Test func rfc6979KeyAndSignaturesVerify() throws {
        let key = try ECPrivateKey(
            curve: .p256, scalar: SecretBytes(h("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721")))
        #expect(key.publicKey.uncompressedPoint == Self.rfc6979Public)
        let sample = try ECDSASignature(
            raw: h(
                "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716"
                    + "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8"), curve: .p256)
        let test = try ECDSASignature(
            raw: h(
                "F1ABB023518351CD71D881567B1EA663ED3EFCF6C5132B354F28D3B0B7D38367"
                    + "019F4113742A2B14BD25926B49C649155F267E60D3814B4C0CC84250E46F0083"), curve: .p256)
        #expect(try key.publicKey.verify(sample, for: Array("sample".utf8), hash: .sha256))
        #expect(try key.publicKey.verify(test, for: Array("test".utf8), hash: .sha256))
        #expect(try !key.publicKey.verify(sample, for: Array("test".utf8), hash: .sha256))
        #expect(try !key.publicKey.verify(test, for: Array("test".utf8), hash: .sha384))
    }

    /// RFC 4754 §8.1 (ECDSA-256, SHA-256 of "abc").
    @Test func rfc4754Verifies() throws {
        let key = try ECPrivateKey(
            curve: .p256, scalar: SecretBytes(h("DC51D3866A15BACDE33D96F992FCA99DA7E6EF0934E7097559C27F1614C88A7F")))
        #expect(
            key.publicKey.uncompressedPoint
                == h(
                    "042442A5CC0ECD015FA3CA31DC8E2BBC70BF42D60CBCA20085E0822CB04235E970"
                        + "6FC98BD7E50211A4A27102FA3549DF79EBCB4BF246B80945CDDFE7D509BBFD7D"))
        let signature = try ECDSASignature(
            raw: h(
                "CB28E0999B9C7715FD0A80D8E47A77079716CBBF917DD72E97566EA1C066957C"
                    + "86FA3BB4E26CAD5BF90B7F81899256CE7594BB1EA0C89212748BFF3B3D5B0315"), curve: .p256)
        #expect(try key.publicKey.verify(signature, for: Array("abc".utf8), hash: .sha256))
    }

    @Test(arguments: ECCurve.allCases)
    func signVerifyRoundTrip(curve: ECCurve) throws {
        let key = try ECPrivateKey.generate(curve: curve)
        let message = Array("GlobalPlatform SCP11".utf8)
        for hash in HashAlgorithm.allCases {
            let signature = try key.sign(message, hash: hash)
            #expect(signature.r.count == curve.coordinateLength)
            #expect(try key.publicKey.verify(signature, for: message, hash: hash))
            #expect(try !key.publicKey.verify(signature, for: message + [0], hash: hash))
            #expect(try ECDSASignature(der: signature.der, curve: curve) == signature)
            #expect(try ECDSASignature(raw: signature.raw, curve: curve) == signature)
        }
    }

    @Test func derEncodingRules() throws {
        // From the DER form given for RFC 6979 A.2.5 "sample": both INTEGERs need a leading 00.
        let der = h(
            "3046022100EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716"
                + "022100F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8")
        let signature = try ECDSASignature(der: der, curve: .p256)
        #expect(signature.der == der)
        #expect(signature.r == h("EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716"))
        // Short r: padded back to 32 bytes.
        let short = try ECDSASignature(der: h("3006020101020102"), curve: .p256)
        #expect(short.r == [UInt8](repeating: 0, count: 31) + [1])
        #expect(short.der == h("3006020101020102"))
        #expect(throws: CryptoError.invalidSignatureEncoding(offset: 4)) {
            try ECDSASignature(der: h("30060201FF020102"), curve: .p256)  // negative r
        }
        #expect(throws: CryptoError.invalidSignatureEncoding(offset: 4)) {
            try ECDSASignature(der: h("300702020001020102"), curve: .p256)  // non-minimal r
        }
        #expect(throws: CryptoError.invalidSignatureEncoding(offset: 2)) {
            try ECDSASignature(der: h("3007020101020102"), curve: .p256)  // sequence length
        }
        #expect(throws: CryptoError.invalidSignatureEncoding(offset: 64)) {
            try ECDSASignature(raw: [UInt8](repeating: 1, count: 65), curve: .p256)
        }
        // P-521 signatures need a long-form sequence length.
        let key = try ECPrivateKey.generate(curve: .p521)
        let long = try key.sign([1, 2, 3], hash: .sha512)
        #expect(long.der[1] == 0x81)
    }
}
