import CardCore

/// The proximity payment system environment "2PAY.SYS.DDF01" (EMV Book B §3.3, EMV Book 1 §12.2.3).
final class PPSEApplet: Applet {
    let aid = DemoAID.ppse
    private let entries: [PaymentProfile]

    init(entries: [PaymentProfile]) { self.entries = entries }

    /// FCI: 6F { 84 DF name, A5 { BF0C { 61 { 4F AID, 50 label, 87 priority }... } } }.
    var fci: [UInt8] {
        let directory = entries.map { profile in
            BER.tlv(
                0x61,
                children: [
                    BER.tlv(0x4F, profile.aid), BER.tlv(0x50, BER.ascii(profile.label)),
                    BER.tlv(0x87, [profile.priority]),
                ])
        }
        return BER.tlv(
            0x6F, children: [BER.tlv(0x84, aid), BER.tlv(0xA5, children: [BER.tlv(0xBF0C, children: directory)])])
    }

    func select(_ command: CommandAPDU, context: AppletContext) -> AppletReply { .data(fci) }

    func process(_ command: CommandAPDU, context: AppletContext) -> AppletReply {
        guard context.isInterindustryClass else { return .status(.claNotSupported) }
        if context.secureMessagingIndicated { return .status(.secureMessagingNotSupported) }
        return .status(.insNotSupported)
    }
}
