/// The one door to a card: raw APDU bytes in, raw response bytes out.
///
/// Implementations: the PC/SC reader, the in-process virtual card, a recorded transcript.
/// Behaviour such as GET RESPONSE chaining or secure messaging is added by wrapping a transport.
public protocol CardTransport: AnyObject {
    /// A short name for prompts and listings, e.g. `sim` or the reader name.
    var name: String { get }
    /// The card's answer to reset as last received.
    var atr: [UInt8] { get }
    /// The active transmission protocol, e.g. `T=1`; nil where it does not apply.
    var activeProtocol: String? { get }
    /// Sends one command APDU exactly as given and returns the response including SW1 SW2.
    func transmit(_ command: [UInt8]) throws(TransportError) -> [UInt8]
    /// Resets the card: warm (`cold == false`) or cold (power cycle). Updates `atr`.
    func reset(cold: Bool) throws(TransportError)
    /// Releases the card; later calls fail with `.notConnected`.
    func disconnect()
}

/// What can go wrong between us and the card; each case is something a person can act on.
public enum TransportError: Error, Equatable, Sendable {
    /// The PC/SC service (pcscd) is not running or not reachable.
    case serviceUnavailable
    case noReaders
    case readerNotFound(String, available: [String])
    /// The reader exists but holds no card.
    case noCard(reader: String)
    case cardRemoved(reader: String)
    /// The card was reset by another application; reconnect to go on.
    case cardReset(reader: String)
    case sharingViolation(reader: String)
    case readerUnavailable(reader: String)
    case timeout
    case notConnected
    /// The card or reader answered with bytes that break the transport protocol.
    case protocolViolation(String)
    /// Any other failure of a named C function with its return code.
    case failed(function: String, code: Int64)
}
