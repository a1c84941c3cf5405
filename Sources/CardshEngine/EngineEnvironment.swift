import CardCore
import TransportSim

/// What the executable hands the engine: the outside world, as values and closures.
public struct EngineEnvironment {
    /// PC/SC readers, when the executable has them; nil means only the virtual card.
    public var readers: (any ReaderProvider)?
    /// Monotonic time in nanoseconds, for exchange timing.
    public var clock: () -> UInt64
    /// Whether standard output is a terminal (colors under `color auto`).
    public var outputIsTerminal: Bool
    /// NO_COLOR was set: never color.
    public var noColor: Bool
    /// Environment variable lookup, for `--key-env`.
    public var environmentVariable: (String) -> String?
    /// The name of a transport return code (`SCARD_E_PROTO_MISMATCH`), for messages; nil when unknown.
    public var transportCodeName: (Int64) -> String?
    /// Makes the transport `connect sim` uses: the in-process virtual card (tests wrap it to inject faults).
    public var makeSimulatedCard: () -> any CardTransport

    public init(
        readers: (any ReaderProvider)? = nil, clock: @escaping () -> UInt64 = { 0 },
        outputIsTerminal: Bool = false, noColor: Bool = true,
        environmentVariable: @escaping (String) -> String? = { _ in nil },
        makeSimulatedCard: @escaping () -> any CardTransport = { SimulatedCardTransport(card: SimulatedCard()) },
        transportCodeName: @escaping (Int64) -> String? = { _ in nil }
    ) {
        self.transportCodeName = transportCodeName
        self.makeSimulatedCard = makeSimulatedCard
        self.readers = readers
        self.clock = clock
        self.outputIsTerminal = outputIsTerminal
        self.noColor = noColor
        self.environmentVariable = environmentVariable
    }
}
