import CardCore

/// A reader as `readers` lists it: the PC/SC index (nil for the virtual card), state and ATR.
public struct ReaderListing: Sendable {
    public var index: Int?
    public var name: String
    public var state: ReaderInfo.State
    public var atr: [UInt8]?
    /// Known names for the ATR, when the card is recognised.
    public var cardNames: [String]
}

/// A named value, for listings such as `set` and `scp status`.
public struct Field: Hashable, Sendable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// The decoded result of a command; renderers turn it into text or JSON.
public enum CommandResult: Sendable {
    case none
    case readers([ReaderListing])
    /// Connected: target label, protocol, ATR.
    case connected(target: String, protocol: String?, atr: [UInt8])
    case atr(ATR)
    /// Response data decoded as BER-TLV (or the bytes when they are not TLV).
    case tlv([TLV])
    case explanation(APDUExplanation)
    case statusWord(StatusWord)
    case fields([Field])
    case history([(number: Int, line: String)])
    case help(HelpText)
    case lines([String])
}

/// Help for the shell or one command, built from the command table.
public struct HelpText: Sendable {
    public var title: String
    public var lines: [String]
}
