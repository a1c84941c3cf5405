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
    /// Wall-clock time in seconds since 1970-01-01 UTC, for certificate validity (SCP11). The default is a
    /// fixed day (2026-01-01), so tests are reproducible; the executable passes the real time.
    public var wallClock: () -> Int64

    public init(
        readers: (any ReaderProvider)? = nil, clock: @escaping () -> UInt64 = { 0 },
        outputIsTerminal: Bool = false, noColor: Bool = true,
        environmentVariable: @escaping (String) -> String? = { _ in nil },
        makeSimulatedCard: (() -> any CardTransport)? = nil,
        transportCodeName: @escaping (Int64) -> String? = { _ in nil },
        wallClock: @escaping () -> Int64 = { 1_767_225_600 }
    ) {
        self.transportCodeName = transportCodeName
        self.wallClock = wallClock
        // The default virtual card holds SCP11 keys from the test PKI, issued at the wall-clock time.
        self.makeSimulatedCard =
            makeSimulatedCard ?? {
                SimulatedCardTransport(card: SimulatedCard(configuration: .withTestSCP11(now: wallClock())))
            }
        self.readers = readers
        self.clock = clock
        self.outputIsTerminal = outputIsTerminal
        self.noColor = noColor
        self.environmentVariable = environmentVariable
    }
}
