import CardCore

/// What the shell is connected to.
public enum ConnectionTarget: Hashable, Sendable {
    case sim
    case reader(String)
    case transcript(String)

    /// The short form shown in the prompt and `readers`.
    public var label: String {
        switch self {
        case .sim: return "sim"
        case .reader(let name): return name
        // The file name only: the prompt has room for 24 characters.
        case .transcript(let path): return "transcript:" + (path.split(separator: "/").last.map(String.init) ?? path)
        }
    }
}

/// The live card session: connection, logical channels, selection per channel, last response.
final class Session {
    var transport: (any CardTransport)?
    var target: ConnectionTarget?
    /// The logical channel commands are sent on.
    var channel = 0
    /// Open logical channels; the basic channel 0 is always open while connected.
    var openChannels: Set<Int> = [0]
    /// The AID selected on each channel, as far as the shell saw it.
    var selected: [Int: [UInt8]] = [:]
    /// Open secure channels by logical channel.
    var secureChannels: [Int: SecureChannelState] = [:]
    /// The last plain response, for `expect` and later commands.
    var lastResponse: ResponseAPDU?
    /// The key information last read per selected AID, so `gp keys` can mark what changed.
    var keyTables: [[UInt8]: [KeyInformation]] = [:]

    var isConnected: Bool { transport != nil }
    /// A recorded transcript answers in place of a card.
    var isTranscript: Bool {
        if case .transcript = target { return true }
        return false
    }

    /// Forgets everything a card reset or removal invalidates.
    func clearCardState() {
        channel = 0
        openChannels = [0]
        selected = [:]
        secureChannels = [:]
        keyTables = [:]
    }

    func disconnect() {
        transport?.disconnect()
        transport = nil
        target = nil
        clearCardState()
    }
}
