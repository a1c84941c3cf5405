/// The personalisation of one demo payment application (EMV Book 3 Annex A data elements).
struct PaymentProfile {
    var aid: [UInt8]
    /// 50 application label (ans 1-16).
    var label: String
    /// 9F12 application preferred name.
    var preferredName: String
    /// 87 application priority indicator.
    var priority: UInt8
    /// 5A primary account number, digits.
    var pan: String
    /// 5F24 expiration date YYMMDD.
    var expiry: String

    static let debit = PaymentProfile(
        aid: DemoAID.demoDebit, label: "DEMO DEBIT", preferredName: "CARDSH DEMO DEBIT", priority: 1,
        pan: "5413330089010004", expiry: "281231")
    static let credit = PaymentProfile(
        aid: DemoAID.demoCredit, label: "DEMO CREDIT", preferredName: "CARDSH DEMO CREDIT", priority: 2,
        pan: "5413330089010012", expiry: "291130")

    /// Digits packed two per byte, padded with F (EMV Book 3 §4.3, format cn / n).
    static func bcd(_ digits: String, padTo length: Int? = nil) -> [UInt8] {
        var nibbles = digits.unicodeScalars.map { scalar -> UInt8 in
            switch scalar {
            case "0"..."9": return UInt8(scalar.value - 0x30)
            case "D": return 0x0D
            default: return 0x0F
            }
        }
        if nibbles.count % 2 == 1 { nibbles.append(0x0F) }
        var out: [UInt8] = []
        for i in stride(from: 0, to: nibbles.count, by: 2) { out.append(nibbles[i] << 4 | nibbles[i + 1]) }
        if let length, out.count < length { out += Array(repeating: 0xFF, count: length - out.count) }
        return out
    }
}
