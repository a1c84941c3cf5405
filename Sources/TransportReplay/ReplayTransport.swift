import CardCore

/// A card that answers from a recorded transcript, exchange by exchange, for offline work.
///
/// Each command must match the next recorded `# =>` command (masked bytes `??` match any byte);
/// the answer is the recorded `# <=` line as a whole, so GET RESPONSE rounds the recording assembled
/// come back as one plain answer. Masked answer bytes come back as 00.
/// A command that differs fails with `.protocolViolation` and leaves the position unchanged.
public final class ReplayTransport: CardTransport {
    /// One recorded exchange with the transcript line it belongs to.
    public struct Entry: Hashable, Sendable {
        public var lineNumber: Int
        public var line: String
        public var exchange: Transcript.Exchange
    }

    /// Why a command was refused: where in the transcript, what was recorded, what was sent.
    public struct Mismatch: Hashable, Sendable, CustomStringConvertible {
        public var path: String
        /// The recorded exchange that was due; nil when the transcript has no more exchanges.
        public var expected: Entry?
        public var sent: [UInt8]

        /// Offsets in `sent` that differ from the recorded command (a length difference marks the tail).
        public var differingOffsets: [Int] {
            guard let command = expected?.exchange.command else { return [] }
            return (0..<max(command.count, sent.count)).filter { i in
                i >= command.count || i >= sent.count || (command[i] != nil && command[i] != sent[i])
            }
        }

        public var description: String {
            guard let expected else {
                return "\(path): the transcript has no more recorded exchanges; sent " + Hex.encode(sent)
                    + "; `connect transcript \(path)` again starts over"
            }
            let recordedText = Transcript.format(expected.exchange.command ?? [])
            var caret = Array(repeating: Character(" "), count: max(recordedText.count, sent.count * 2))
            for offset in differingOffsets where offset * 2 + 1 < caret.count {
                caret[offset * 2] = "^"
                caret[offset * 2 + 1] = "^"
            }
            while caret.last == " " { caret.removeLast() }
            return "\(path):\(expected.lineNumber) (`\(expected.line)`) recorded another command:\n"
                + "  recorded " + recordedText + "\n"
                + "  sent     " + Hex.encode(sent) + "\n"
                + "           " + String(caret) + "\n"
                + "  send the recorded command, or `connect transcript \(path)` again to start over"
        }
    }

    public let path: String
    public let entries: [Entry]
    /// Index in `entries` of the exchange the next command must match.
    public private(set) var position = 0
    /// The last refused command, if the last transmit failed.
    public private(set) var lastMismatch: Mismatch?
    public private(set) var atr: [UInt8]
    private var connected = true

    public var name: String { "transcript:" + path }
    public var activeProtocol: String? { nil }

    /// - Parameter atr: the ATR to report; transcripts do not record one.
    public init(transcript: Transcript, path: String, atr: [UInt8] = []) {
        self.path = path
        self.atr = atr
        self.entries = transcript.steps.flatMap { step in
            step.exchanges.map { Entry(lineNumber: step.lineNumber, line: step.line, exchange: $0) }
        }
    }

    /// Exchanges not yet answered.
    public var remaining: Int { entries.count - position }

    public func transmit(_ command: [UInt8]) throws(TransportError) -> [UInt8] {
        guard connected else { throw .notConnected }
        guard position < entries.count else {
            let mismatch = Mismatch(path: path, expected: nil, sent: command)
            lastMismatch = mismatch
            throw .protocolViolation(mismatch.description)
        }
        let entry = entries[position]
        if let recorded = entry.exchange.command, !Transcript.matches(recorded, command) {
            let mismatch = Mismatch(path: path, expected: entry, sent: command)
            lastMismatch = mismatch
            throw .protocolViolation(mismatch.description)
        }
        lastMismatch = nil
        position += 1
        let answer = entry.exchange.answer
        return (answer.data + answer.sw).map { $0 ?? 0x00 }
    }

    /// A reset answers at once and keeps the position: a recorded `reset` has no exchanges.
    public func reset(cold: Bool) throws(TransportError) {
        guard connected else { throw .notConnected }
    }

    public func disconnect() {
        connected = false
    }
}
