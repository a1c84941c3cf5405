import CardCore

/// An application on the virtual card: the ISD or an applet, reached through SELECT by AID.
///
/// The card handles SELECT, MANAGE CHANNEL, GET RESPONSE, logical channels, command chaining and
/// secure-messaging unwrapping; an applet sees one complete command at a time, with CLA as received
/// (a MAC may cover it) and its meaning decoded in `AppletContext`, and returns the whole response.
public protocol Applet: AnyObject {
    /// The instance AID this applet answers to.
    var aid: [UInt8] { get }
    /// Called when SELECT picks this applet on `context.channel`; returns the FCI (or no data).
    func select(_ command: CommandAPDU, context: AppletContext) -> AppletReply
    /// Processes one command while selected.
    func process(_ command: CommandAPDU, context: AppletContext) -> AppletReply
    /// Called when another application is selected on the channel, or the channel closes.
    func deselect(channel: Int)
    /// Power-on or reset: clears every volatile state.
    func reset()
}

extension Applet {
    public func deselect(channel: Int) {}
    public func reset() {}
}

/// What the card tells an applet about the command it hands over.
public struct AppletContext: Sendable {
    /// The logical channel, 0...19 (ISO 7816-4 §5.4.1).
    public var channel: Int
    /// CLA is in an interindustry class (b8 = 0); otherwise it is a proprietary class such as GP's 80.
    public var isInterindustryClass: Bool
    /// CLA indicated secure messaging, but no secure-messaging layer unwrapped the command.
    public var secureMessagingIndicated: Bool
    /// A secure-messaging layer is installed on the channel and unwrapped this command.
    public var isSecureChannelOpen: Bool
    /// Lc came in extended form (ISO 7816-4 §5.1); nil when unknown (a command joined from a chain).
    /// A handshake MAC (EXTERNAL AUTHENTICATE) covers Lc as sent.
    public var receivedExtended: Bool?

    public init(
        channel: Int, isInterindustryClass: Bool, secureMessagingIndicated: Bool, isSecureChannelOpen: Bool,
        receivedExtended: Bool? = nil
    ) {
        self.channel = channel
        self.isInterindustryClass = isInterindustryClass
        self.secureMessagingIndicated = secureMessagingIndicated
        self.isSecureChannelOpen = isSecureChannelOpen
        self.receivedExtended = receivedExtended
    }
}

/// An applet's complete answer to one command, before the card splits it into 61xx/6Cxx pieces.
public struct AppletReply {
    public var data: [UInt8]
    public var sw: StatusWord
    /// The data object has one exact length (GET DATA, READ RECORD): a short Le that is neither 00
    /// nor that length is answered 6Cxx (ISO 7816-4 §5.3.4, T=0 style), as real cards do.
    public var isExactLength: Bool
    /// A secure channel handshake completed: the card installs this layer on the channel.
    public var establishedSecureMessaging: (any SecureMessagingLayer)?

    public init(
        data: [UInt8] = [], sw: StatusWord = .success, isExactLength: Bool = false,
        establishedSecureMessaging: (any SecureMessagingLayer)? = nil
    ) {
        self.data = data
        self.sw = sw
        self.isExactLength = isExactLength
        self.establishedSecureMessaging = establishedSecureMessaging
    }

    /// A reply with no data and this status word.
    public static func status(_ sw: StatusWord) -> AppletReply { AppletReply(sw: sw) }
    /// 9000 with `data`.
    public static func data(_ data: [UInt8], exact: Bool = false) -> AppletReply {
        AppletReply(data: data, sw: .success, isExactLength: exact)
    }
}

extension StatusWord {
    // ISO 7816-4 §5.6 status words the virtual card uses beyond CardCore's named ones.
    static let warningEOF = StatusWord(rawValue: 0x6282)
    static let logicalChannelNotSupported = StatusWord(rawValue: 0x6881)
    static let secureMessagingNotSupported = StatusWord(rawValue: 0x6882)
    static let lastCommandOfChainExpected = StatusWord(rawValue: 0x6883)
    static let commandChainingNotSupported = StatusWord(rawValue: 0x6884)
    static let notEnoughMemory = StatusWord(rawValue: 0x6A84)
}
