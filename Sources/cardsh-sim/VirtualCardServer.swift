import CardCore
import TransportSim

/// Answers vpcd's messages with a `SimulatedCard`.
final class VirtualCardServer {
    private let card: SimulatedCard
    private let log: Bool

    init(card: SimulatedCard, log: Bool) {
        self.card = card
        self.log = log
    }

    /// Serves messages until the link ends; returns why it ended.
    func serve(_ link: VPCDLink) -> VPCDError {
        while true {
            do {
                let message = try link.receive()
                if let answer = answer(message) {
                    try link.send(answer)
                }
            } catch {
                return error
            }
        }
    }

    /// vpcd control bytes: 0 power off, 1 power on, 2 reset, 4 get ATR (only 4 is answered).
    /// Anything longer is a C-APDU, answered with the R-APDU.
    func answer(_ message: [UInt8]) -> [UInt8]? {
        if message.count == 1 {
            switch message[0] {
            case 0:
                if log { logLine("# power off") }
                card.reset()
                return nil
            case 1:
                if log { logLine("# power on") }
                card.reset()
                return nil
            case 2:
                if log { logLine("# reset") }
                card.reset()
                return nil
            case 4:
                return card.atr
            default:
                if log { logLine("# unknown control byte \(message[0])") }
                return nil
            }
        }
        if log { logLine("=> " + Hex.encode(message)) }
        var response = card.process(message)
        if response.count > 0xFFFF {
            // The vpcd frame length has 16 bits; no R-APDU beyond it can be carried.
            response = [0x6F, 0x00]
        }
        if log { logLine("<= " + Hex.encode(response)) }
        return response
    }
}
