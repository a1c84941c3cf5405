import CardCore

/// A PIV-style applet (NIST SP 800-73-4 Part 2): SELECT, GET DATA and VERIFY of the PIV PIN.
final class PIVApplet: Applet {
    let aid = DemoAID.piv
    /// The PIV application PIN "123456", padded with FF to 8 bytes (SP 800-73-4 Part 2 §3.2.1).
    static let pin: [UInt8] = Array("123456".utf8) + [0xFF, 0xFF]
    static let pinTries = 3
    private var triesLeft = PIVApplet.pinTries
    private var verified = false

    func select(_ command: CommandAPDU, context: AppletContext) -> AppletReply {
        .data(PIVObjects.applicationPropertyTemplate)
    }

    func reset() { verified = false }

    func process(_ command: CommandAPDU, context: AppletContext) -> AppletReply {
        guard context.isInterindustryClass else { return .status(.claNotSupported) }
        if context.secureMessagingIndicated { return .status(.secureMessagingNotSupported) }
        switch command.ins {
        case 0xCB: return getData(command)
        case 0x20: return verify(command)
        default: return .status(.insNotSupported)
        }
    }

    /// GET DATA (SP 800-73-4 Part 2 §3.1.2): P1 P2 3FFF, data 5C L tag; answers the 53 object.
    private func getData(_ command: CommandAPDU) -> AppletReply {
        guard command.p1 == 0x3F, command.p2 == 0xFF else { return .status(.incorrectP1P2) }
        guard let list = try? TLV.decodeAll(command.data), list.count == 1, list[0].tag == BERTag(0x5C),
            case .primitive(let tag) = list[0].value
        else { return .status(.incorrectData) }
        guard let object = PIVObjects.byTag[tag] else { return .status(.fileNotFound) }
        return .data(object, exact: true)
    }

    /// VERIFY (SP 800-73-4 Part 2 §3.2.1): key reference 80; empty data asks the status (63Cx).
    private func verify(_ command: CommandAPDU) -> AppletReply {
        guard command.p1 == 0x00, command.p2 == 0x80 else { return .status(.incorrectP1P2) }
        if triesLeft == 0 { return .status(StatusWord(rawValue: 0x6983)) }
        if command.data.isEmpty {
            return .status(verified ? .success : StatusWord(0x63, 0xC0 | UInt8(triesLeft)))
        }
        guard command.data.count == 8 else { return .status(.wrongLength) }
        if command.data == Self.pin {
            triesLeft = Self.pinTries
            verified = true
            return .status(.success)
        }
        verified = false
        triesLeft -= 1
        return .status(triesLeft == 0 ? StatusWord(rawValue: 0x6983) : StatusWord(0x63, 0xC0 | UInt8(triesLeft)))
    }
}
