/// The PIV data objects of the demo applet (NIST SP 800-73-4 Part 1 §3, Appendix A).
enum PIVObjects {
    /// SP 800-73-4 Part 2 §3.1.1: the application property template answered to SELECT.
    static let applicationPropertyTemplate: [UInt8] = BER.tlv(
        0x61,
        children: [
            BER.tlv(0x4F, [0x00, 0x00, 0x10, 0x00, 0x01, 0x00]),  // PIX of the PIV AID with version
            BER.tlv(0x79, children: [BER.tlv(0x4F, [0xA0, 0x00, 0x00, 0x03, 0x08])]),  // NIST RID
            BER.tlv(0x50, BER.ascii("cardsh demo PIV")),
            // Cryptographic algorithms (SP 800-78-4 Table 6-2): RSA 2048 (07), RSA 3072 (05),
            // ECC P-256 (11), ECC P-384 (14), AES-128 (08), AES-256 (0C); then 06 with value 00.
            BER.tlv(
                0xAC,
                children: [0x07, 0x05, 0x11, 0x14, 0x08, 0x0C].map { BER.tlv(0x80, [$0]) } + [BER.tlv(0x06, [0x00])]),
        ])

    /// 5FC102 card holder unique identifier (SP 800-73-4 Part 1 Table 9): 30 FASC-N, 34 GUID,
    /// 35 expiration date YYYYMMDD, 3E issuer asymmetric signature, FE error detection code.
    static let chuid: [UInt8] = {
        var filler = FixedBytes(seed: 0x5F_C102)
        return BER.tlv(
            0x53,
            children: [
                BER.tlv(0x30, FASCN.demo.encoded),
                BER.tlv(0x34, filler.bytes(16)),
                BER.tlv(0x35, BER.ascii("20301231")),
                BER.tlv(0x3E, filler.bytes(72)),
                BER.tlv(0xFE, []),
            ])
    }()

    /// 5FC107 card capability container (SP 800-73-4 Part 1 Table 8).
    static let cardCapabilityContainer: [UInt8] = {
        var filler = FixedBytes(seed: 0x5F_C107)
        let cardIdentifier: [UInt8] = [0xA0, 0x00, 0x00, 0x01, 0x16, 0xFF, 0x02] + filler.bytes(14)
        return BER.tlv(
            0x53,
            children: [
                BER.tlv(0xF0, cardIdentifier),  // GSC-RID, manufacturer FF, card type 02 (Java Card)
                BER.tlv(0xF1, [0x21]),  // capability container version
                BER.tlv(0xF2, [0x21]),  // capability grammar version
                BER.tlv(0xF3, []), BER.tlv(0xF4, [0x00]),
                BER.tlv(0xF5, [0x10]),  // data model number: PIV
                BER.tlv(0xF6, []), BER.tlv(0xF7, []), BER.tlv(0xFA, []), BER.tlv(0xFB, []),
                BER.tlv(0xFC, []), BER.tlv(0xFD, []), BER.tlv(0xFE, []),
            ])
    }()

    /// 7E discovery object (SP 800-73-4 Part 1 §3.3.2): PIV AID, PIN usage policy (PIV PIN only).
    static let discovery: [UInt8] = BER.tlv(
        0x7E, children: [BER.tlv(0x4F, DemoAID.piv), BER.tlv(0x5F2F, [0x40, 0x00])])

    /// Total size of the certificate data object, so responses over 256 bytes are exercised.
    static let certificateObjectSize = 1200

    /// 5FC105 X.509 certificate for PIV authentication (SP 800-73-4 Part 1 Table 10):
    /// 53 { 70 certificate (DER), 71 CertInfo 00, FE error detection code }, exactly 1,200 bytes.
    static let authenticationCertificate: [UInt8] = {
        var best: [UInt8] = []
        for pad in 0..<400 {
            let object = certificateObject(padding: pad)
            best = object
            if object.count >= certificateObjectSize { break }
        }
        return best
    }()

    private static func certificateObject(padding: Int) -> [UInt8] {
        BER.tlv(
            0x53,
            children: [BER.tlv(0x70, DemoCertificate.der(padding: padding)), BER.tlv(0x71, [0x00]), BER.tlv(0xFE, [])])
    }

    /// The objects GET DATA knows, by tag list value of 5C.
    static let byTag: [[UInt8]: [UInt8]] = [
        [0x5F, 0xC1, 0x02]: chuid,
        [0x5F, 0xC1, 0x07]: cardCapabilityContainer,
        [0x5F, 0xC1, 0x05]: authenticationCertificate,
        [0x7E]: discovery,
    ]
}

/// A fixed, well-formed DER X.509 v3 certificate (RFC 5280 §4.1) with an RSA 3072 public key.
/// The key and signature are fixed filler bytes: the structure is real, the cryptography is not.
enum DemoCertificate {
    private static func seq(_ children: [UInt8]...) -> [UInt8] { BER.tlv(0x30, children.flatMap { $0 }) }
    private static func set(_ children: [UInt8]...) -> [UInt8] { BER.tlv(0x31, children.flatMap { $0 }) }
    private static func oid(_ bytes: [UInt8]) -> [UInt8] { BER.tlv(0x06, bytes) }
    private static func utf8(_ text: String) -> [UInt8] { BER.tlv(0x0C, BER.ascii(text)) }
    private static let null: [UInt8] = [0x05, 0x00]
    private static let sha256WithRSA = seq(oid([0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B]), null)
    private static let commonName: [UInt8] = [0x55, 0x04, 0x03]
    private static let organization: [UInt8] = [0x55, 0x04, 0x0A]
    private static let organizationalUnit: [UInt8] = [0x55, 0x04, 0x0B]

    static func der(padding: Int) -> [UInt8] {
        var filler = FixedBytes(seed: 0x5F_C105)
        var serial = filler.bytes(16)
        serial[0] &= 0x7F
        var modulus = filler.bytes(384)
        modulus[0] |= 0x80
        modulus[383] |= 0x01
        let signature = filler.bytes(384)
        let issuer = seq(
            set(seq(oid(organization), utf8("cardsh demo"))), set(seq(oid(commonName), utf8("cardsh demo PIV CA"))))
        let subject = seq(
            set(seq(oid(organization), utf8("cardsh demo"))),
            set(seq(oid(organizationalUnit), utf8("PIV authentication" + String(repeating: ".", count: padding)))),
            set(seq(oid(commonName), utf8("DEMO CARDHOLDER"))))
        let validity = seq(BER.tlv(0x17, BER.ascii("240101000000Z")), BER.tlv(0x17, BER.ascii("301231235959Z")))
        let rsaKey = seq(BER.tlv(0x02, [0x00] + modulus), BER.tlv(0x02, [0x01, 0x00, 0x01]))
        let spki = seq(
            seq(oid([0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01]), null), BER.tlv(0x03, [0x00] + rsaKey))
        // Extensions: key usage digitalSignature (critical); certificate policy id-fpki-common-authentication.
        let keyUsage = seq(oid([0x55, 0x1D, 0x0F]), [0x01, 0x01, 0xFF], BER.tlv(0x04, [0x03, 0x02, 0x07, 0x80]))
        let policies = seq(
            oid([0x55, 0x1D, 0x20]),
            BER.tlv(0x04, seq(seq(oid([0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x02, 0x01, 0x03, 0x0D])))))
        let tbs = seq(
            BER.tlv(0xA0, BER.tlv(0x02, [0x02])), BER.tlv(0x02, serial), sha256WithRSA, issuer, validity, subject, spki,
            BER.tlv(0xA3, seq(keyUsage, policies)))
        return seq(tbs, sha256WithRSA, BER.tlv(0x03, [0x00] + signature))
    }
}
