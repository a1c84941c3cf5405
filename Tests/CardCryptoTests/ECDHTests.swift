import CardCore
import Testing

@testable import CardCrypto

private func h(_ s: String) -> [UInt8] { try! Hex.parse(s) }

struct ECDHVector: Sendable, CustomTestStringConvertible {
    let source: String
    let curve: ECCurve
    let dA: String
    let qA: String  // X || Y
    let dB: String
    let qB: String
    let z: String
    var testDescription: String { source }
}

@Suite struct ECDHTests {
    static let vectors: [ECDHVector] = [
        ECDHVector(
            source: "RFC 5903 §8.1 (P-256)", curve: .p256,
            dA: "C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433",
            qA: "DAD0B65394221CF9B051E1FECA5787D098DFE637FC90B9EF945D0C3772581180"
                + "5271A0461CDB8252D61F1C456FA3E59AB1F45B33ACCF5F58389E0577B8990BB3",
            dB: "C6EF9C5D78AE012A011164ACB397CE2088685D8F06BF9BE0B283AB46476BEE53",
            qB: "D12DFB5289C8D4F81208B70270398C342296970A0BCCB74C736FC7554494BF63"
                + "56FBF3CA366CC23E8157854C13C58D6AAC23F046ADA30F8353E74F33039872AB",
            z: "D6840F6B42F6EDAFD13116E0E12565202FEF8E9ECE7DCE03812464D04B9442DE"),
        ECDHVector(
            source: "RFC 5903 §8.2 (P-384)", curve: .p384,
            dA: "099F3C7034D4A2C699884D73A375A67F7624EF7C6B3C0F160647B67414DCE655E35B538041E649EE3FAEF896783AB194",
            qA: "667842D7D180AC2CDE6F74F37551F55755C7645C20EF73E31634FE72B4C55EE6DE3AC808ACB4BDB4C88732AEE95F41AA"
                + "9482ED1FC0EEB9CAFC4984625CCFC23F65032149E0E144ADA024181535A0F38EEB9FCFF3C2C947DAE69B4C634573A81C",
            dB: "41CB0779B4BDB85D47846725FBEC3C9430FAB46CC8DC5060855CC9BDA0AA2942E0308312916B8ED2960E4BD55A7448FC",
            qB: "E558DBEF53EECDE3D3FCCFC1AEA08A89A987475D12FD950D83CFA41732BC509D0D1AC43A0336DEF96FDA41D0774A3571"
                + "DCFBEC7AACF3196472169E838430367F66EEBE3C6E70C416DD5F0C68759DD1FFF83FA40142209DFF5EAAD96DB9E6386C",
            z: "11187331C279962D93D604243FD592CB9D0A926F422E47187521287E7156C5C4D603135569B9E9D09CF5D4A270F59746"),
        ECDHVector(
            source: "RFC 5903 §8.3 (P-521)", curve: .p521,
            dA: "0037ADE9319A89F4DABDB3EF411AACCCA5123C61ACAB57B5393DCE47608172A095AA85A30FE1C2952C6771D937BA9777"
                + "F5957B2639BAB072462F68C27A57382D4A52",
            qA: "0015417E84DBF28C0AD3C278713349DC7DF153C897A1891BD98BAB4357C9ECBEE1E3BF42E00B8E380AEAE57C2D107564"
                + "941885942AF5A7F4601723C4195D176CED3E"
                + "017CAE20B6641D2EEB695786D8C946146239D099E18E1D5A514C739D7CB4A10AD8A788015AC405D7799DC75E7B7D5B6C"
                + "F2261A6A7F1507438BF01BEB6CA3926F9582",
            dB: "0145BA99A847AF43793FDD0E872E7CDFA16BE30FDC780F97BCCC3F078380201E9C677D600B343757A3BDBF2A3163E4C2"
                + "F869CCA7458AA4A4EFFC311F5CB151685EB9",
            qB: "00D0B3975AC4B799F5BEA16D5E13E9AF971D5E9B984C9F39728B5E5739735A219B97C356436ADC6E95BB0352F6BE64A6"
                + "C2912D4EF2D0433CED2B6171640012D9460F"
                + "015C68226383956E3BD066E797B623C27CE0EAC2F551A10C2C724D9852077B87220B6536C5C408A1D2AEBB8E86D678AE"
                + "49CB57091F4732296579AB44FCD17F0FC56A",
            z: "01144C7D79AE6956BC8EDB8E7C787C4521CB086FA64407F97894E5E6B2D79B04D1427E73CA4BAA240A34786859810C06"
                + "B3C715A3A8CC3151F2BEE417996D19F3DDEA"),
        ECDHVector(
            source: "RFC 7027 App. A.1 / RFC 8734 A.1 (brainpoolP256r1)", curve: .brainpoolP256r1,
            dA: "81DB1EE100150FF2EA338D708271BE38300CB54241D79950F77B063039804F1D",
            qA: "44106E913F92BC02A1705D9953A8414DB95E1AAA49E81D9E85F929A8E3100BE5"
                + "8AB4846F11CACCB73CE49CBDD120F5A900A69FD32C272223F789EF10EB089BDC",
            dB: "55E40BC41E37E3E2AD25C3C6654511FFA8474A91A0032087593852D3E7D76BD3",
            qB: "8D2D688C6CF93E1160AD04CC4429117DC2C41825E1E9FCA0ADDD34E6F1B39F7B"
                + "990C57520812BE512641E47034832106BC7D3E8DD0E4C7F1136D7006547CEC6A",
            z: "89AFC39D41D3B327814B80940B042590F96556EC91E6AE7939BCE31F3A18BF2B"),
        ECDHVector(
            source: "RFC 7027 App. A.2 / RFC 8734 A.2 (brainpoolP384r1)", curve: .brainpoolP384r1,
            dA: "1E20F5E048A5886F1F157C74E91BDE2B98C8B52D58E5003D57053FC4B0BD65D6F15EB5D1EE1610DF870795143627D042",
            qA: "68B665DD91C195800650CDD363C625F4E742E8134667B767B1B476793588F885AB698C852D4A6E77A252D6380FCAF068"
                + "55BC91A39C9EC01DEE36017B7D673A931236D2F1F5C83942D049E3FA20607493E0D038FF2FD30C2AB67D15C85F7FAA59",
            dB: "032640BC6003C59260F7250C3DB58CE647F98E1260ACCE4ACDA3DD869F74E01F8BA5E0324309DB6A9831497ABAC96670",
            qB: "4D44326F269A597A5B58BBA565DA5556ED7FD9A8A9EB76C25F46DB69D19DC8CE6AD18E404B15738B2086DF37E71D1EB4"
                + "62D692136DE56CBE93BF5FA3188EF58BC8A3A0EC6C1E151A21038A42E9185329B5B275903D192F8D4E1F32FE9CC78C48",
            z: "0BD9D3A7EA0B3D519D09D8E48D0785FB744A6B355E6304BC51C229FBBCE239BBADF6403715C35D4FB2A5444F575D4F42"),
        ECDHVector(
            source: "RFC 7027 App. A.3 / RFC 8734 A.3 (brainpoolP512r1)", curve: .brainpoolP512r1,
            dA: "16302FF0DBBB5A8D733DAB7141C1B45ACBC8715939677F6A56850A38BD87BD59"
                + "B09E80279609FF333EB9D4C061231FB26F92EEB04982A5F1D1764CAD57665422",
            qA: "0A420517E406AAC0ACDCE90FCD71487718D3B953EFD7FBEC5F7F27E28C6149999397E91E029E06457DB2D3E640668B39"
                + "2C2A7E737A7F0BF04436D11640FD09FD"
                + "72E6882E8DB28AAD36237CD25D580DB23783961C8DC52DFA2EC138AD472A0FCEF3887CF62B623B2A87DE5C588301EA3E"
                + "5FC269B373B60724F5E82A6AD147FDE7",
            dB: "230E18E1BCC88A362FA54E4EA3902009292F7F8033624FD471B5D8ACE49D12CF"
                + "ABBC19963DAB8E2F1EBA00BFFB29E4D72D13F2224562F405CB80503666B25429",
            qB: "9D45F66DE5D67E2E6DB6E93A59CE0BB48106097FF78A081DE781CDB31FCE8CCBAAEA8DD4320C4119F1E9CD437A2EAB37"
                + "31FA9668AB268D871DEDA55A5473199F"
                + "2FDC313095BCDD5FB3A91636F07A959C8E86B5636A1E930E8396049CB481961D365CC11453A06C719835475B12CB52FC"
                + "3C383BCE35E27EF194512B71876285FA",
            z: "A7927098655F1F9976FA50A9D566865DC530331846381C87256BAF3226244B76"
                + "D36403C024D7BBF0AA0803EAFF405D3D24F11A9B5C0BEF679FE1454B21C4CD1F"),
    ]

    @Test(arguments: vectors)
    func knownAnswer(_ v: ECDHVector) throws {
        let a = try ECPrivateKey(curve: v.curve, scalar: SecretBytes(h(v.dA)))
        let b = try ECPrivateKey(curve: v.curve, scalar: SecretBytes(h(v.dB)))
        #expect(a.publicKey.uncompressedPoint == [0x04] + h(v.qA))
        #expect(b.publicKey.uncompressedPoint == [0x04] + h(v.qB))
        let peerB = try ECPublicKey(curve: v.curve, uncompressedPoint: [0x04] + h(v.qB))
        let peerA = try ECPublicKey(curve: v.curve, uncompressedPoint: [0x04] + h(v.qA))
        #expect(try a.sharedSecret(with: peerB).bytes == h(v.z))
        #expect(try b.sharedSecret(with: peerA).bytes == h(v.z))
    }

    @Test(arguments: ECCurve.allCases)
    func generatedKeysAgree(curve: ECCurve) throws {
        let a = try ECPrivateKey.generate(curve: curve)
        let b = try ECPrivateKey.generate(curve: curve)
        #expect(a.publicKey.uncompressedPoint.count == curve.uncompressedPointLength)
        let z1 = try a.sharedSecret(with: b.publicKey)
        let z2 = try b.sharedSecret(with: a.publicKey)
        #expect(z1.bytes == z2.bytes)
        #expect(z1.count == curve.coordinateLength)
    }

    @Test func invalidPointsAndScalarsAreRejected() throws {
        let v = Self.vectors[0]
        var offCurve = [0x04] + h(v.qB)
        offCurve[40] ^= 0x01
        #expect(throws: CryptoError.invalidPublicKey(curve: .p256, length: 65)) {
            try ECPublicKey(curve: .p256, uncompressedPoint: offCurve)
        }
        #expect(throws: CryptoError.invalidPublicKey(curve: .p256, length: 33)) {
            try ECPublicKey(curve: .p256, uncompressedPoint: [0x02] + h(v.qB).prefix(32))
        }
        #expect(throws: CryptoError.invalidPrivateKey(curve: .p256)) {
            try ECPrivateKey(curve: .p256, scalar: SecretBytes([UInt8](repeating: 0, count: 32)))
        }
        #expect(throws: CryptoError.invalidPrivateKey(curve: .p256)) {
            try ECPrivateKey(curve: .p256, scalar: SecretBytes([UInt8](repeating: 0xFF, count: 32)))
        }
        #expect(throws: CryptoError.invalidPrivateKey(curve: .p384)) {
            try ECPrivateKey(curve: .p384, scalar: SecretBytes(h(v.dA)))
        }
        let key = try ECPrivateKey(curve: .p256, scalar: SecretBytes(h(v.dA)))
        let other = try ECPrivateKey.generate(curve: .brainpoolP256r1)
        #expect(throws: CryptoError.self) { try key.sharedSecret(with: other.publicKey) }
    }
}

@Suite struct DigestAndX963Tests {
    /// FIPS 180-2 Appendix B.1 / C.1 / D.1: "abc".
    @Test(arguments: [
        (HashAlgorithm.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (.sha384, "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"),
        (
            .sha512,
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd"
                + "454d4423643ce80e2a9ac94fa54ca49f"
        ),
    ])
    func shaOfABC(algorithm: HashAlgorithm, expected: String) throws {
        #expect(try algorithm.hash(Array("abc".utf8)) == h(expected))
        #expect(try algorithm.hash([0x61], [], [0x62, 0x63]) == h(expected))
    }

    /// NIST CAVS ansx963_2001.rsp, [SHA-256] sections (shared secret 192 bits): COUNT 0 and 1 without SharedInfo and
    /// 128-bit keys; COUNT 0 with 128-bit SharedInfo and 1024-bit key data.
    @Test(arguments: [
        ("96c05619d56c328ab95fe84b18264b08725b85e33fd34f08", "", "443024c3dae66b95e6f5670601558f71"),
        ("96f600b73ad6ac5629577eced51743dd2c24c21b1ac83ee4", "", "b6295162a7804f5667ba9070f82fa522"),
        (
            "22518b10e70f2a3f243810ae3254139efbee04aa57c7af7d", "75eef81aa3041e33b80971203d2c0c52",
            "c498af77161cc59f2962b9a713e2b215152d139766ce34a776df11866a69bf2e52a13d9c7c6fc878c50c5ea0bc7b00e0"
                + "da2447cfd874f6cf92f30d0097111485500c90c3af8b487872d04685d14c8d1dc8d7fa08beb0ce0ababc11f0bd496269"
                + "142d43525a78e5bc79a17f59676a5706dc54d54d4d1f0bd7e386128ec26afc21"
        ),
    ])
    func x963SHA256(z: String, info: String, expected: String) throws {
        let out = try X963KDF.derive(.sha256, sharedSecret: h(z), sharedInfo: h(info), length: h(expected).count)
        #expect(out == h(expected))
    }
}
