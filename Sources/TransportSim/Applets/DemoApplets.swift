import CardCore

/// The applet instances behind the registry's selectable applications.
enum DemoApplets {
    static func make(_ aid: [UInt8]) -> (any Applet)? {
        switch aid {
        case DemoAID.ppse: return PPSEApplet(entries: [.debit, .credit])
        case DemoAID.demoDebit: return PaymentApplet(profile: .debit)
        case DemoAID.demoCredit: return PaymentApplet(profile: .credit)
        case DemoAID.piv: return PIVApplet()
        case DemoAID.supplementarySD, DemoAID.demoHello, DemoAID.demoLoyalty: return PlainApplet(aid: aid)
        default: return nil
        }
    }
}

/// An application with no commands of its own: SELECT answers 9000 without FCI (as a Java Card applet
/// whose select() returns true and process() ignores SELECT), any other command 6D00.
final class PlainApplet: Applet {
    let aid: [UInt8]
    init(aid: [UInt8]) { self.aid = aid }

    func select(_ command: CommandAPDU, context: AppletContext) -> AppletReply { .status(.success) }

    func process(_ command: CommandAPDU, context: AppletContext) -> AppletReply {
        .status(.insNotSupported)
    }
}
