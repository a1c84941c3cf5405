/// How a reader looks from the shell: its name, whether a card is in it, and that card's ATR.
public struct ReaderInfo: Hashable, Sendable {
    public enum State: String, Hashable, Sendable {
        case empty, present, inUse = "in use", exclusive, mute, unavailable
    }
    public var name: String
    public var state: State
    public var atr: [UInt8]?
    public init(name: String, state: State, atr: [UInt8]?) {
        self.name = name
        self.state = state
        self.atr = atr
    }
}

/// The transmission protocol to ask for (ISO 7816-3): T=0, T=1, or whichever the card offers.
public enum ProtocolChoice: String, Hashable, Sendable, CaseIterable {
    case t0 = "T=0", t1 = "T=1", any
}

/// Whether other applications may use the card while we hold it.
public enum ShareMode: String, Hashable, Sendable, CaseIterable {
    case shared, exclusive
}

/// A source of card readers (PC/SC). The executable injects one into the engine.
public protocol ReaderProvider: AnyObject {
    /// Every reader with its current state; an empty list when there are none.
    /// - Throws: `TransportError.serviceUnavailable` when the reader service cannot be reached.
    func listReaders() throws(TransportError) -> [ReaderInfo]
    /// Connects to the card in the reader with exactly this name.
    func connect(reader: String, protocol: ProtocolChoice, share: ShareMode) throws(TransportError) -> any CardTransport
}
