import CardCore

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

    public init(
        readers: (any ReaderProvider)? = nil, clock: @escaping () -> UInt64 = { 0 },
        outputIsTerminal: Bool = false, noColor: Bool = true,
        environmentVariable: @escaping (String) -> String? = { _ in nil }
    ) {
        self.readers = readers
        self.clock = clock
        self.outputIsTerminal = outputIsTerminal
        self.noColor = noColor
        self.environmentVariable = environmentVariable
    }
}
