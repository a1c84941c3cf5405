import CardCore

/// A demo EMV payment application: SELECT, GET PROCESSING OPTIONS and READ RECORD (EMV Book 3).
final class PaymentApplet: Applet {
    let profile: PaymentProfile
    var aid: [UInt8] { profile.aid }
    /// Channels on which GET PROCESSING OPTIONS has run since the last SELECT.
    private var initiated: Set<Int> = []

    init(profile: PaymentProfile) { self.profile = profile }

    /// 9F38 PDOL: terminal transaction qualifiers, amount authorised, unpredictable number, currency code.
    static let pdol: [UInt8] = [0x9F, 0x66, 0x04, 0x9F, 0x02, 0x06, 0x9F, 0x37, 0x04, 0x5F, 0x2A, 0x02]
    /// Sum of the PDOL lengths: the size of the 83 data GET PROCESSING OPTIONS must carry.
    static let pdolDataLength = 16
    /// 94 AFL (EMV Book 3 §10.2): SFI 1 record 1; SFI 2 records 1-2 (record 1 used for offline auth).
    static let afl: [UInt8] = [0x08, 0x01, 0x01, 0x00, 0x10, 0x01, 0x02, 0x01]
    /// 82 AIP: cardholder verification and terminal risk management supported (EMV Book 3 Annex C1).
    static let aip: [UInt8] = [0x18, 0x00]

    /// FCI (EMV Book 1 §11.3.4, Table 45).
    var fci: [UInt8] {
        BER.tlv(
            0x6F,
            children: [
                BER.tlv(0x84, aid),
                BER.tlv(
                    0xA5,
                    children: [
                        BER.tlv(0x50, BER.ascii(profile.label)),
                        BER.tlv(0x87, [profile.priority]),
                        BER.tlv(0x9F38, Self.pdol),
                        BER.tlv(0x5F2D, BER.ascii("enfr")),
                        BER.tlv(0x9F11, [0x01]),  // issuer code table index: ISO 8859-1
                        BER.tlv(0x9F12, BER.ascii(profile.preferredName)),
                        BER.tlv(0xBF0C, children: [BER.tlv(0x9F4D, [0x0B, 0x0A])]),  // log: SFI 11, 10 records
                    ]),
            ])
    }

    func select(_ command: CommandAPDU, context: AppletContext) -> AppletReply {
        initiated.remove(context.channel)
        return .data(fci)
    }

    func deselect(channel: Int) { initiated.remove(channel) }
    func reset() { initiated = [] }

    func process(_ command: CommandAPDU, context: AppletContext) -> AppletReply {
        if context.secureMessagingIndicated { return .status(.secureMessagingNotSupported) }
        switch command.ins {
        case 0xA8:
            guard !context.isInterindustryClass else { return .status(.claNotSupported) }
            return getProcessingOptions(command, channel: context.channel)
        case 0xB2:
            guard context.isInterindustryClass else { return .status(.claNotSupported) }
            return readRecord(command)
        default:
            return .status(.insNotSupported)
        }
    }

    /// GET PROCESSING OPTIONS (EMV Book 3 §6.5.8): data 83 L PDOL-data; answer format 2 (77 { 82, 94 }).
    private func getProcessingOptions(_ command: CommandAPDU, channel: Int) -> AppletReply {
        guard command.p1 == 0, command.p2 == 0 else { return .status(.incorrectP1P2) }
        guard command.data.count == 2 + Self.pdolDataLength, command.data[0] == 0x83,
            Int(command.data[1]) == Self.pdolDataLength
        else { return .status(.wrongLength) }
        guard !initiated.contains(channel) else { return .status(.conditionsNotSatisfied) }
        initiated.insert(channel)
        return .data(BER.tlv(0x77, children: [BER.tlv(0x82, Self.aip), BER.tlv(0x94, Self.afl)]))
    }

    /// READ RECORD (EMV Book 3 §6.5.11): P1 record number, P2 = SFI << 3 | 100.
    private func readRecord(_ command: CommandAPDU) -> AppletReply {
        guard command.p2 & 0x07 == 0x04, command.p1 != 0 else { return .status(.incorrectP1P2) }
        guard command.data.isEmpty else { return .status(.wrongLength) }
        let sfi = command.p2 >> 3
        guard let file = records[sfi] else { return .status(.fileNotFound) }
        let index = Int(command.p1) - 1
        guard index < file.count else { return .status(.recordNotFound) }
        return .data(BER.tlv(0x70, file[index]), exact: true)
    }

    /// Records by SFI; SFI 11 is the empty transaction log.
    private var records: [UInt8: [[UInt8]]] {
        let track2 = PaymentProfile.bcd(profile.pan + "D" + profile.expiry.prefix(4) + "201" + "0000000000000")
        let sfi1: [[UInt8]] = [
            BER.tlv(0x57, track2) + BER.tlv(0x5F20, BER.ascii("DEMO/CARDHOLDER"))
                + BER.tlv(0x9F1F, BER.ascii("0000000000"))
        ]
        let sfi2: [[UInt8]] = [
            BER.tlv(0x5A, PaymentProfile.bcd(profile.pan))
                + BER.tlv(0x5F24, PaymentProfile.bcd(profile.expiry))
                + BER.tlv(0x5F25, PaymentProfile.bcd("240101"))
                + BER.tlv(0x5F28, [0x09, 0x99])  // issuer country code: 999, no country
                + BER.tlv(0x5F34, [0x01])
                + BER.tlv(0x9F07, [0xFF, 0x00])  // application usage control
                + BER.tlv(0x9F0D, [0xB8, 0x50, 0xBC, 0x88, 0x00])  // IAC default
                + BER.tlv(0x9F0E, [0x00, 0x00, 0x00, 0x00, 0x00])  // IAC denial
                + BER.tlv(0x9F0F, [0xB8, 0x70, 0xBC, 0x98, 0x00])  // IAC online
                // 8E CVM list (EMV Book 3 Annex C3): amounts X, Y = 0; enciphered PIN online,
                // signature, no CVM, each "if terminal supports the CVM".
                + BER.tlv(0x8E, [0, 0, 0, 0, 0, 0, 0, 0, 0x42, 0x03, 0x1E, 0x03, 0x1F, 0x03]),
            // 8C CDOL1: amount, other amount, country, TVR, currency, date, type, UN.
            BER.tlv(
                0x8C,
                [
                    0x9F, 0x02, 0x06, 0x9F, 0x03, 0x06, 0x9F, 0x1A, 0x02, 0x95, 0x05, 0x5F, 0x2A, 0x02,
                    0x9A, 0x03, 0x9C, 0x01, 0x9F, 0x37, 0x04,
                ])
                // 8D CDOL2: authorisation response code, TVR, unpredictable number.
                + BER.tlv(0x8D, [0x8A, 0x02, 0x95, 0x05, 0x9F, 0x37, 0x04])
                + BER.tlv(0x9F08, [0x00, 0x02])  // application version number
                + BER.tlv(0x9F42, [0x09, 0x78]),  // application currency code: EUR
        ]
        return [1: sfi1, 2: sfi2, 11: []]
    }
}
