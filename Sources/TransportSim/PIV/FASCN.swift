/// The Federal Agency Smart Credential Number in its 25-byte BCD form with odd parity
/// (TIG SCEPACS v2.3 §6.6, referenced by NIST SP 800-73-4 Part 1 §3.1.2).
struct FASCN: Equatable {
    var agencyCode: String  // 4 digits
    var systemCode: String  // 4 digits
    var credentialNumber: String  // 6 digits
    var credentialSeries: String  // 1 digit
    var individualCredentialIssue: String  // 1 digit
    var personIdentifier: String  // 10 digits
    var organizationalCategory: String  // 1 digit
    var organizationalIdentifier: String  // 4 digits
    var personOrganizationAssociation: String  // 1 digit

    /// Character values: digits 0-9, start sentinel, field separator, end sentinel.
    static let startSentinel: UInt8 = 0x0B
    static let fieldSeparator: UInt8 = 0x0D
    static let endSentinel: UInt8 = 0x0F

    /// The 40 characters before packing, LRC last.
    var characters: [UInt8] {
        func digits(_ s: String) -> [UInt8] { s.unicodeScalars.map { UInt8($0.value - 0x30) & 0x0F } }
        var chars: [UInt8] = [Self.startSentinel] + digits(agencyCode) + [Self.fieldSeparator]
        chars += digits(systemCode) + [Self.fieldSeparator] + digits(credentialNumber) + [Self.fieldSeparator]
        chars += digits(credentialSeries) + [Self.fieldSeparator] + digits(individualCredentialIssue)
        chars += [Self.fieldSeparator] + digits(personIdentifier) + digits(organizationalCategory)
        chars += digits(organizationalIdentifier) + digits(personOrganizationAssociation) + [Self.endSentinel]
        chars.append(chars.reduce(0, ^))  // LRC: exclusive-or of the data bits of every character
        return chars
    }

    /// Each character as 5 bits, b1 (least significant) first, then an odd parity bit; packed MSB first.
    var encoded: [UInt8] {
        var bits: [Bool] = []
        for c in characters {
            var ones = 0
            for i in 0..<4 {
                let bit = (c >> i) & 1 == 1
                if bit { ones += 1 }
                bits.append(bit)
            }
            bits.append(ones % 2 == 0)
        }
        var out: [UInt8] = []
        for start in stride(from: 0, to: bits.count, by: 8) {
            var byte: UInt8 = 0
            for i in 0..<8 { byte = byte << 1 | ((start + i < bits.count && bits[start + i]) ? 1 : 0) }
            out.append(byte)
        }
        return out
    }

    static let demo = FASCN(
        agencyCode: "9999", systemCode: "9999", credentialNumber: "999999", credentialSeries: "1",
        individualCredentialIssue: "1", personIdentifier: "1234567890", organizationalCategory: "1",
        organizationalIdentifier: "9999", personOrganizationAssociation: "1")
}
