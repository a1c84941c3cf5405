import CardCore

/// Well-known application identifiers that `select` accepts by name.
public enum AIDNames {
    public struct Entry: Sendable {
        public let name: String
        public let aid: [UInt8]
        public let summary: String
    }

    /// Names, AIDs and what they are; the first matching AID prefix names an AID in prompts.
    public static let all: [Entry] = [
        Entry(name: "isd", aid: [0xA0, 0x00, 0x00, 0x01, 0x51, 0x00, 0x00, 0x00],
              summary: "GlobalPlatform Issuer Security Domain"),
        Entry(name: "ppse", aid: Array("2PAY.SYS.DDF01".utf8), summary: "EMV proximity payment system environment"),
        Entry(name: "pse", aid: Array("1PAY.SYS.DDF01".utf8), summary: "EMV payment system environment"),
        Entry(name: "piv", aid: [0xA0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00],
              summary: "NIST SP 800-73 PIV card application"),
        Entry(name: "openpgp", aid: [0xD2, 0x76, 0x00, 0x01, 0x24, 0x01], summary: "OpenPGP card application"),
        Entry(name: "fido", aid: [0xA0, 0x00, 0x00, 0x06, 0x47, 0x2F, 0x00, 0x01], summary: "FIDO U2F / CTAP"),
        Entry(name: "ndef", aid: [0xD2, 0x76, 0x00, 0x00, 0x85, 0x01, 0x01], summary: "NFC Forum Type 4 Tag (NDEF)"),
        Entry(name: "oath", aid: [0xA0, 0x00, 0x00, 0x05, 0x27, 0x21, 0x01], summary: "YubiKey OATH"),
        Entry(name: "yubikey-sd", aid: [0xA0, 0x00, 0x00, 0x01, 0x51, 0x53, 0x50, 0x41],
              summary: "Supplementary Security Domain (as on YubiKey 5.7+)"),
        Entry(name: "usim", aid: [0xA0, 0x00, 0x00, 0x00, 0x87, 0x10, 0x02], summary: "3GPP USIM (prefix)"),
        Entry(name: "isim", aid: [0xA0, 0x00, 0x00, 0x00, 0x87, 0x10, 0x04], summary: "3GPP ISIM (prefix)"),
        Entry(name: "emv-demo", aid: [0xA0, 0x00, 0x00, 0x09, 0x99, 0x01, 0x01],
              summary: "demo payment application of the virtual card"),
    ]

    /// The AID for a name (case-insensitive), or nil.
    public static func aid(named name: String) -> [UInt8]? {
        let lower = name.lowercased()
        return all.first { $0.name == lower }?.aid
    }

    /// A short name for an AID when it matches a known one exactly or as a prefix.
    public static func name(for aid: [UInt8]) -> String? {
        all.first { aid.starts(with: $0.aid) }?.name
    }
}
