import CardCore
import TransportSim

/// Answers vpcd's messages with a `SimulatedCard`, through the faults armed in front of it.
final class VirtualCardServer {
    private let faults: FaultInjector
    private let control: FaultControl?
    private let log: Bool

    init(card: SimulatedCard, faults: [FaultSpec] = [], control: FaultControl? = nil, log: Bool) {
        self.faults = FaultInjector(card: card)
        self.control = control
        self.log = log
        for spec in faults { self.faults.arm(spec) }
        if log { self.faults.onFire = { logLine("# fault: \($0.rawValue)") } }
    }

    private var card: SimulatedCard { faults.card }

    /// Serves messages until the link ends; returns why it ended.
    func serve(_ link: VPCDLink) -> VPCDError {
        while true {
            do {
                let message = try link.receive()
                applyControlRequests()
                switch answer(message) {
                case .nothing: break
                case .send(let response): try link.send(response)
                case .drop: return .dropped
                }
            } catch {
                return error
            }
        }
    }

    /// Arms or clears faults as the control socket asked, before the next message is handled.
    func applyControlRequests() {
        guard let control else { return }
        for request in control.take() {
            switch request {
            case .clear:
                faults.clear()
                if log { logLine("# faults cleared") }
            case .arm(let specs):
                for spec in specs { faults.arm(spec) }
                if log { logLine("# armed " + specs.map(\.description).joined(separator: " ")) }
            }
        }
    }

    /// What to do after a message from vpcd.
    enum Reply: Equatable {
        case nothing
        case send([UInt8])
        /// Close the connection without an answer (the `drop` fault).
        case drop
    }

    /// vpcd control bytes: 0 power off, 1 power on, 2 reset, 4 get ATR (only 4 is answered).
    /// Anything longer is a C-APDU, answered with the R-APDU.
    func answer(_ message: [UInt8]) -> Reply {
        if message.count == 1 {
            switch message[0] {
            case 0:
                if log { logLine("# power off") }
                card.reset()
                return .nothing
            case 1:
                if log { logLine("# power on") }
                card.reset()
                return .nothing
            case 2:
                if log { logLine("# reset") }
                card.reset()
                return .nothing
            case 4:
                return .send(card.atr)
            default:
                if log { logLine("# unknown control byte \(message[0])") }
                return .nothing
            }
        }
        if log { logLine("=> " + Hex.encode(message)) }
        guard var response = faults.process(message) else {
            if log { logLine("# dropping the connection") }
            return .drop
        }
        if response.count > 0xFFFF {
            // The vpcd frame length has 16 bits; no R-APDU beyond it can be carried.
            response = [0x6F, 0x00]
        }
        if log { logLine("<= " + Hex.encode(response)) }
        return .send(response)
    }
}
