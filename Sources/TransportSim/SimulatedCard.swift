import CardCore

/// The virtual GlobalPlatform card: processes command APDUs in process.
public final class SimulatedCard {
    public private(set) var atr: [UInt8] = [0x3B, 0x80, 0x80, 0x01, 0x01]
    public init() {}
    /// Power-on or reset: clears volatile state and returns the ATR.
    @discardableResult public func reset() -> [UInt8] { atr }
    /// Processes one command APDU and returns response data + SW1 SW2.
    public func process(_ command: [UInt8]) -> [UInt8] { [0x6D, 0x00] }
}
