/// A transport that sends every command through `Exchange.send`, for code that only knows
/// `CardTransport` (GET RESPONSE chaining and 6Cxx retry as a decorator).
///
/// Not thread-safe, like the transports it wraps.
public final class ExchangeTransport: CardTransport {
    public let base: any CardTransport
    public var options: ExchangeOptions
    /// The wire exchanges of the last `transmit`, in order.
    public private(set) var lastWire: [WireExchange] = []
    private let clock: () -> UInt64

    /// - Parameter clock: monotonic nanoseconds, used to time each wire exchange.
    public init(_ base: any CardTransport, options: ExchangeOptions = ExchangeOptions(), clock: @escaping () -> UInt64)
    {
        self.base = base
        self.options = options
        self.clock = clock
    }

    public var name: String { base.name }
    public var atr: [UInt8] { base.atr }
    public var activeProtocol: String? { base.activeProtocol }

    /// Sends `command` and returns the assembled response data followed by the final SW1 SW2.
    public func transmit(_ command: [UInt8]) throws(TransportError) -> [UInt8] {
        lastWire = []
        let result = try Exchange.send(command, over: base, options: options, clock: clock)
        lastWire = result.wire
        return result.response.encoded()
    }

    public func reset(cold: Bool) throws(TransportError) { try base.reset(cold: cold) }
    public func disconnect() { base.disconnect() }
}
