import CardCore

/// One command APDU as the user meant it, its assembled response, and what crossed the reader.
public struct ExchangeRecord: Sendable {
    /// The plain command (before secure messaging).
    public var command: [UInt8]
    /// The plain response (after GET RESPONSE chaining and secure-messaging unwrapping).
    public var response: ResponseAPDU
    /// Time from the first transmit to the last answer, in nanoseconds.
    public var nanoseconds: UInt64
    /// Every transmit on the reader, GET RESPONSE and Le retries included.
    public var wire: [WireExchange]
    /// The command as wrapped by the secure channel, when one is open.
    public var wrappedCommand: [UInt8]?
    /// The response as received before unwrapping, when a secure channel is open.
    public var wrappedResponse: [UInt8]?
    /// Secure-channel state per APDU (MAC chaining value, ICV, counter) for `set trace both`.
    public var annotations: [String]

    public init(
        command: [UInt8], response: ResponseAPDU, nanoseconds: UInt64, wire: [WireExchange],
        wrappedCommand: [UInt8]? = nil, wrappedResponse: [UInt8]? = nil, annotations: [String] = []
    ) {
        self.command = command
        self.response = response
        self.nanoseconds = nanoseconds
        self.wire = wire
        self.wrappedCommand = wrappedCommand
        self.wrappedResponse = wrappedResponse
        self.annotations = annotations
    }
}

/// A remark attached to a result: something the user should know, not a failure.
public struct Note: Hashable, Sendable {
    public enum Kind: String, Sendable { case info, warning }
    public var kind: Kind
    public var text: String
    public init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }
}

/// Why a command failed, in words for people; `column` points into the line for input errors.
public struct CommandError: Error, Hashable, Sendable {
    public var message: String
    public var column: Int?
    /// The offending line with a caret under the column, for text output.
    public var caretDisplay: String?
    public init(_ message: String, column: Int? = nil, caretDisplay: String? = nil) {
        self.message = message
        self.column = column
        self.caretDisplay = caretDisplay
    }
}

/// The outcome of one statement: what was sent, what came back, the decoded result, or the error.
public struct CommandOutcome: Sendable {
    /// The statement's own text.
    public var line: String
    /// The command's name (`apdu`, `select`, ...), or `parse` for a line that did not parse.
    public var command: String
    public var exchanges: [ExchangeRecord]
    public var result: CommandResult
    public var notes: [Note]
    public var error: CommandError?
    /// False when the command failed (error) or an expectation did not hold.
    public var ok: Bool { error == nil }

    public init(
        line: String, command: String, exchanges: [ExchangeRecord] = [], result: CommandResult = .none,
        notes: [Note] = [], error: CommandError? = nil
    ) {
        self.line = line
        self.command = command
        self.exchanges = exchanges
        self.result = result
        self.notes = notes
        self.error = error
    }
}
