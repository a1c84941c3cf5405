import CardCore

/// A `CardTransport` to the in-process virtual card; connecting powers the card on.
public final class SimulatedCardTransport: CardTransport {
    public let card: SimulatedCard
    /// Faults armed in front of the card; a `drop` fault disconnects with `.cardRemoved(reader: "sim")`.
    public let faults: FaultInjector
    private var connected = true

    public init(card: SimulatedCard = .init()) {
        self.card = card
        faults = FaultInjector(card: card)
        card.reset()
    }

    public var name: String { "sim" }
    public var atr: [UInt8] { card.atr }
    public var activeProtocol: String? { "T=1" }

    public func transmit(_ command: [UInt8]) throws(TransportError) -> [UInt8] {
        guard connected else { throw .notConnected }
        guard let answer = faults.process(command) else {
            connected = false
            throw .cardRemoved(reader: name)
        }
        return answer
    }

    /// Warm and cold reset both clear the card's volatile state and keep the ATR.
    public func reset(cold: Bool) throws(TransportError) {
        guard connected else { throw .notConnected }
        card.reset()
    }

    public func disconnect() { connected = false }
}
