import CardCore

/// A GlobalPlatform SCP11 certificate (tag 7F21; GP Amd F v1.4 §6.2, Table 6-1 and 6-2).
public struct GPCertificate: Sendable, Hashable {
    /// 93: certificate serial number.
    public var serialNumber: [UInt8]
    /// 42: CA-KLOC (or CA-KLCC) identifier, the issuer.
    public var caIdentifier: [UInt8]
    /// 5F20: subject identifier.
    public var subjectIdentifier: [UInt8]
    /// 95: key usage (GP Amd F §6.2: 0080 key agreement, 0082 signature verification).
    public var keyUsage: [UInt8]
    /// 5F25: effective date, 4 bytes YYYYMMDD (optional).
    public var effectiveDate: [UInt8]?
    /// 5F24: expiration date, 4 bytes YYYYMMDD.
    public var expirationDate: [UInt8]
    /// 53 or 73: discretionary data (optional), as the whole data object.
    public var discretionaryData: TLV?
    /// BF20: restrictions / extensions (optional), as the whole data object.
    public var extensions: TLV?
    /// 7F49 / B0: the public key as an uncompressed point.
    public var publicPoint: [UInt8]
    /// 7F49 / F0: the key parameter reference naming the curve (GP CS v2.3 Table B-x; 00 P-256 ... 07 bP512r1).
    public var keyParameterReference: UInt8
    /// 5F37: the issuer's ECDSA signature (raw r||s or DER, as the issuer wrote it).
    public var signature: [UInt8]
    /// The bytes the signature covers: every data object inside 7F21 before 5F37, as encoded.
    public var signedData: [UInt8]
    /// The whole 7F21 object as given.
    public var encoded: [UInt8]

    /// Parses a 7F21 object.
    /// - Throws: `.certificate(.gpCertificate(tag:offset:))` naming the missing or malformed field.
    public init(encoded bytes: [UInt8]) throws(CryptoError) {
        // B0 and F0 have the constructed bit set but hold plain bytes (GP Amd F §6.2), so the walk is flat.
        guard let outer = try? FlatTLV.items(bytes[...]), outer.count == 1, outer[0].tag == [0x7F, 0x21] else {
            throw .certificate(.gpCertificate(tag: "7F21", offset: 0))
        }
        let value = bytes[outer[0].value]
        let items: [FlatTLV.Item]
        do {
            items = try FlatTLV.items(value)
        } catch {
            throw .certificate(.gpCertificate(tag: "7F21", offset: error.offset))
        }
        func find(_ tag: [UInt8]) -> FlatTLV.Item? { items.first(where: { $0.tag == tag }) }
        func field(_ tag: [UInt8]) throws(CryptoError) -> [UInt8] {
            guard let item = find(tag) else { throw .certificate(.gpCertificate(tag: Hex.encode(tag), offset: nil)) }
            return Array(bytes[item.value])
        }
        func object(_ item: FlatTLV.Item?) -> TLV? {
            guard let item else { return nil }
            var slice = bytes[item.whole]
            return try? TLV.decode(&slice)
        }
        serialNumber = try field([0x93])
        caIdentifier = try field([0x42])
        subjectIdentifier = try field([0x5F, 0x20])
        keyUsage = try field([0x95])
        effectiveDate = find([0x5F, 0x25]) == nil ? nil : try field([0x5F, 0x25])
        expirationDate = try field([0x5F, 0x24])
        discretionaryData = object(find([0x53]) ?? find([0x73]))
        extensions = object(find([0xBF, 0x20]))
        guard let key = find([0x7F, 0x49]), let keyItems = try? FlatTLV.items(bytes[key.value]) else {
            throw .certificate(.gpCertificate(tag: "7F49", offset: nil))
        }
        guard let point = keyItems.first(where: { $0.tag == [0xB0] }) else {
            throw .certificate(.gpCertificate(tag: "B0", offset: nil))
        }
        publicPoint = Array(bytes[point.value])
        guard let parameter = keyItems.first(where: { $0.tag == [0xF0] }), parameter.value.count == 1 else {
            throw .certificate(.gpCertificate(tag: "F0", offset: nil))
        }
        keyParameterReference = bytes[parameter.value.lowerBound]
        signature = try field([0x5F, 0x37])
        let signedEnd = items.last(where: { $0.tag != [0x5F, 0x37] })?.whole.upperBound ?? value.startIndex
        signedData = Array(bytes[value.startIndex..<signedEnd])
        encoded = bytes
    }

    /// The curve named by the key parameter reference, or nil for one SCP11 does not use.
    public var curve: ECCurve? { ECCurve(gpKeyParameterReference: keyParameterReference) }

    /// The subject's public key.
    /// - Throws: `.certificate(.unsupportedKey)` for an unknown parameter reference, `.invalidPublicKey`.
    public func publicKey() throws(CryptoError) -> ECPublicKey {
        guard let curve else { throw .certificate(.unsupportedKey(name: "F0=\(keyParameterReference)")) }
        return try ECPublicKey(curve: curve, uncompressedPoint: publicPoint)
    }

    /// True when the signature verifies with the issuer's key (hash chosen by the issuer's curve).
    public func isSigned(by issuerKey: ECPublicKey) throws(CryptoError) -> Bool {
        let parsed: ECDSASignature
        if let der = try? ECDSASignature(der: signature, curve: issuerKey.curve) {
            parsed = der
        } else if let raw = try? ECDSASignature(raw: signature, curve: issuerKey.curve) {
            parsed = raw
        } else {
            return false
        }
        return try issuerKey.verify(parsed, for: signedData, hash: issuerKey.curve.signatureHash)
    }

    /// Checks the signature with the issuer's key.
    /// - Throws: `.certificate(.badSignature)` (index 0).
    public func verify(signedBy issuerKey: ECPublicKey) throws(CryptoError) {
        guard try isSigned(by: issuerKey) else {
            throw .certificate(
                .badSignature(
                    index: 0, subject: Hex.encode(subjectIdentifier), issuer: Hex.encode(caIdentifier)))
        }
    }

    /// Builds and signs a certificate (raw r||s signature, GP Amd F §6.2); for test PKIs and the virtual card.
    public static func issue(
        serialNumber: [UInt8], caIdentifier: [UInt8], subjectIdentifier: [UInt8], keyUsage: [UInt8] = [0x00, 0x80],
        effectiveDate: [UInt8]?, expirationDate: [UInt8], subjectKey: ECPublicKey, issuerKey: ECPrivateKey
    ) throws(CryptoError) -> GPCertificate {
        var body: [TLV] = [
            TLV(tag: BERTag(0x93), bytes: serialNumber), TLV(tag: BERTag(0x42), bytes: caIdentifier),
            TLV(tag: BERTag(0x5F, 0x20), bytes: subjectIdentifier), TLV(tag: BERTag(0x95), bytes: keyUsage),
        ]
        if let effectiveDate { body.append(TLV(tag: BERTag(0x5F, 0x25), bytes: effectiveDate)) }
        body.append(TLV(tag: BERTag(0x5F, 0x24), bytes: expirationDate))
        body.append(
            TLV(
                tag: BERTag(0x7F, 0x49),
                children: [
                    TLV(tag: BERTag(0xB0), bytes: subjectKey.uncompressedPoint),
                    TLV(tag: BERTag(0xF0), bytes: [subjectKey.curve.gpKeyParameterReference]),
                ]))
        let signed = body.flatMap { $0.encoded() }
        let signature = try issuerKey.sign(signed, hash: issuerKey.curve.signatureHash)
        body.append(TLV(tag: BERTag(0x5F, 0x37), bytes: signature.raw))
        return try GPCertificate(encoded: TLV(tag: BERTag(0x7F, 0x21), children: body).encoded())
    }
}

extension ECCurve {
    /// GP key parameter reference values (GP CS v2.3.1 Table B-x, used by GP Amd F §6.2 tag F0).
    public var gpKeyParameterReference: UInt8 {
        switch self {
        case .p256: return 0x00
        case .p384: return 0x01
        case .p521: return 0x02
        case .brainpoolP256r1: return 0x03
        case .brainpoolP384r1: return 0x05
        case .brainpoolP512r1: return 0x07
        }
    }

    public init?(gpKeyParameterReference value: UInt8) {
        guard let curve = ECCurve.allCases.first(where: { $0.gpKeyParameterReference == value }) else { return nil }
        self = curve
    }
}

/// One level of BER-TLV without descending into constructed objects (ISO 7816-4 §5.2.2).
enum FlatTLV {
    struct Item {
        var tag: [UInt8]
        var value: Range<Int>
        var whole: Range<Int>
    }

    struct Failure: Error {
        var offset: Int
    }

    static func items(_ bytes: ArraySlice<UInt8>) throws(Failure) -> [Item] {
        var out: [Item] = []
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let start = i
            var tag = [bytes[i]]
            i += 1
            if tag[0] & 0x1F == 0x1F {
                repeat {
                    guard i < bytes.endIndex, tag.count < 4 else { throw Failure(offset: start) }
                    tag.append(bytes[i])
                    i += 1
                } while tag.last! & 0x80 != 0
            }
            guard i < bytes.endIndex else { throw Failure(offset: start) }
            var length = Int(bytes[i])
            i += 1
            if length > 0x80 {
                let count = length & 0x7F
                guard count <= 3, bytes.endIndex - i >= count else { throw Failure(offset: start) }
                length = 0
                for _ in 0..<count {
                    length = length << 8 | Int(bytes[i])
                    i += 1
                }
            } else if length == 0x80 {
                throw Failure(offset: start)
            }
            guard bytes.endIndex - i >= length else { throw Failure(offset: start) }
            out.append(Item(tag: tag, value: i..<(i + length), whole: start..<(i + length)))
            i += length
        }
        return out
    }
}
