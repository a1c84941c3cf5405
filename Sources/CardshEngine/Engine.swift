import CardCore
import CardCrypto
import CardshLanguage
import TransportSim

/// The shell's brain: parses lines, runs commands against the session, returns results as values.
public final class Engine {
    public var settings = Settings()
    public let environment: EngineEnvironment
    let session = Session()
    /// Lines run in this process, in order, as they would be saved (secrets redacted); the newest
    /// `historyLimit` of them (at most a tenth more between trims).
    public internal(set) var history: [String] = []
    /// A script or piped soak of any length must not grow the shell without bound; the line editor keeps 1,000.
    public static let historyLimit = 10_000
    /// Lines dropped from the front of `history` by the limit (`save` says so).
    var historyDropped = 0

    /// Where `run` sends the outcomes of a script's commands as they happen (the executable prints them).
    public var emitter: ((CommandOutcome, _ location: String?) -> Void)?
    /// True when the user asked the running line to stop (Ctrl-C in the interactive shell); checked before
    /// each statement and each script line.
    public var interruptRequested: (() -> Bool)?
    /// The line editor's history (all sessions), when there is one.
    public var historyProvider: (() -> [String])?
    /// The transcript being recorded, if any.
    var transcript: AppendingFile?
    var scriptDepth = 0
    /// Open secure channels by logical channel (part of the session: a reset or removal ends them).
    var secureChannels: [Int: SecureChannelState] {
        get { session.secureChannels }
        set { session.secureChannels = newValue }
    }
    /// An exchange whose answer broke the APDU rules (`checkAnswers`): the command fails, and its outcome
    /// still shows what the card sent.
    var failedExchange: ExchangeRecord?
    /// Host challenges and other randomness.
    var random = SystemRandom()
    /// Remarks raised below the command level (e.g. the card ended a secure channel), added to the outcome.
    var pendingNotes: [Note] = []
    /// The config file's key sets, aliases and defaults (see `apply(_:)`).
    public internal(set) var config = CardshConfig()

    public init(environment: EngineEnvironment) {
        self.environment = environment
    }

    /// The outcome of one input line.
    public struct LineResult {
        public var outcomes: [CommandOutcome]
        /// The line asked to leave the shell.
        public var quit = false
        /// Every command succeeded and every expectation held.
        public var ok: Bool { outcomes.allSatisfy(\.ok) }
    }

    /// One sentence for a transport failure, naming C return codes where the transport can.
    func describe(_ error: TransportError) -> String {
        ErrorText.transport(error, codeName: environment.transportCodeName)
    }

    /// Colors are used only on a terminal, never with NO_COLOR, unless `set color on`.
    public var useColor: Bool {
        switch settings.color {
        case .on: return true
        case .off: return false
        case .auto: return environment.outputIsTerminal && !environment.noColor
        }
    }

    /// The connection state of the session, for `--sim` and friends.
    public var connectionLabel: String? { session.target?.label }
}
