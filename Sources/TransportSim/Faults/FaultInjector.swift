import CardCore

/// Armed faults in front of a `SimulatedCard`: each command goes through `process`, which answers as the card
/// does unless a fault is due. Not thread-safe, like the card.
public final class FaultInjector {
    public let card: SimulatedCard
    /// Called when a fault fires (for logs).
    public var onFire: ((CardFault) -> Void)?

    /// Armed faults in arming order, with the commands still to come before each is due (0: due now).
    private var pending: [(fault: CardFault, remaining: Int)] = []
    /// A fault that spans several commands (a GET RESPONSE or Le-retry sequence), once it has fired.
    private var ongoing: Ongoing?

    private enum Ongoing {
        case loop61
        /// The command as first sent, without Le; the Le the last 6Cxx asked for.
        case loop6C(body: [UInt8], asked: UInt8)
        case getResponse6D00
    }

    public init(card: SimulatedCard) {
        self.card = card
    }

    /// No fault is armed or running: commands reach the card untouched.
    public var isIdle: Bool { pending.isEmpty && ongoing == nil }

    /// The armed faults not yet fired, each with the command count at which it is due from now.
    public var armed: [FaultSpec] { pending.map { FaultSpec($0.fault, at: $0.remaining + 1) } }

    public func arm(_ spec: FaultSpec) {
        pending.append((spec.fault, spec.at - 1))
    }

    /// Disarms every fault and ends a running one.
    public func clear() {
        pending = []
        ongoing = nil
        card.corruptNextTLV = false
        card.corruptNextRMAC = false
    }

    /// The answer to one command APDU; nil when the connection must be dropped without one.
    public func process(_ command: [UInt8]) -> [UInt8]? {
        if isIdle { return card.process(command) }
        // Every command counts, GET RESPONSE and resends within a running fault included.
        defer {
            for index in pending.indices where pending[index].remaining > 0 { pending[index].remaining -= 1 }
        }
        if let answer = continueOngoing(command) { return answer }
        guard let index = pending.firstIndex(where: { $0.remaining == 0 }) else { return card.process(command) }
        let fault = pending[index].fault
        let answer: [UInt8]?
        switch fire(fault, on: command) {
        case .waits(let own): return own
        case .answer(let bytes): answer = bytes
        case .drop: answer = nil
        }
        pending.remove(at: index)
        onFire?(fault)
        return answer
    }

    private enum Firing {
        case answer([UInt8])
        case drop
        /// The fault does not apply to this command and stays due; the card's own answer.
        case waits([UInt8])
    }

    private func fire(_ fault: CardFault, on command: [UInt8]) -> Firing {
        switch fault {
        case .drop:
            return .drop
        case .short:
            return .answer(Array(card.process(command).prefix(1)))
        case .truncate:
            let answer = card.process(command)
            guard answer.count > 2 else { return .waits(answer) }
            let data = answer.dropLast(2)
            return .answer(Array(data.prefix(data.count / 2)) + answer.suffix(2))
        case .overlong:
            guard let ne = (try? CommandAPDU(parsing: command))?.ne else { return .waits(card.process(command)) }
            let answer = card.process(command)
            var data = Array(answer.dropLast(2).prefix(ne + 16))
            data += (0..<(ne + 16 - data.count)).map { UInt8(truncatingIfNeeded: $0) }
            return .answer(data + [0x90, 0x00])
        case .badTLV, .badRMAC:
            // The card applies these inside, where the response takes its final form (before secure messaging
            // for the TLV, after it for the R-MAC); it reports whether this response had what they need.
            if fault == .badTLV { card.corruptNextTLV = true } else { card.corruptNextRMAC = true }
            let answer = card.process(command)
            let fired = fault == .badTLV ? !card.corruptNextTLV : !card.corruptNextRMAC
            card.corruptNextTLV = false
            card.corruptNextRMAC = false
            return fired ? .answer(answer) : .waits(answer)
        case .loop61:
            ongoing = .loop61
            return .answer(Self.loopPiece)
        case .loop6C:
            guard let apdu = try? CommandAPDU(parsing: command), let body = try? apdu.with(ne: .some(nil)) else {
                return .waits(card.process(command))
            }
            ongoing = .loop6C(body: body.encoded(), asked: 0x10)
            return .answer([0x6C, 0x10])
        case .getResponse6D00:
            ongoing = .getResponse6D00
            return .answer([0x61, 0x10])
        }
    }

    /// The next answer of a fault that spans commands, or nil when `command` is not part of it (it ends).
    private func continueOngoing(_ command: [UInt8]) -> [UInt8]? {
        guard let current = ongoing else { return nil }
        ongoing = nil
        switch current {
        case .loop61:
            guard Self.isGetResponse(command) else { return nil }
            ongoing = .loop61
            return Self.loopPiece
        case .loop6C(let body, let asked):
            guard let apdu = try? CommandAPDU(parsing: command), apdu.ne == (asked == 0 ? 256 : Int(asked)),
                let resentBody = try? apdu.with(ne: .some(nil)), resentBody.encoded() == body
            else { return nil }
            let next = asked &+ 1
            ongoing = .loop6C(body: body, asked: next)
            return [0x6C, next]
        case .getResponse6D00:
            guard Self.isGetResponse(command) else { return nil }
            return [0x6D, 0x00]
        }
    }

    /// 16 bytes of data, then 61 10: "16 more bytes", forever.
    private static let loopPiece: [UInt8] = Array(0x00...0x0F) + [0x61, 0x10]

    /// GET RESPONSE (ISO 7816-4 §7.6.1): INS C0 in an interindustry class.
    private static func isGetResponse(_ command: [UInt8]) -> Bool {
        command.count >= 4 && command[0] & 0x80 == 0 && command[1] == 0xC0
    }
}

extension SimulatedCard {
    /// `data` with its first BER-TLV object's length rewritten to one byte more than follows it (ISO 7816-4
    /// §5.2.2.2 length field), so a decoder runs past the end.
    static func breakingFirstLength(_ data: [UInt8]) -> [UInt8] {
        guard let first = data.first else { return data }
        // ISO 7816-4 §5.2.2.1: b5-b1 = 11111 means subsequent tag bytes, each with b8 = 1 but the last.
        var index = 1
        if first & 0x1F == 0x1F {
            while index < data.count && data[index] & 0x80 != 0 { index += 1 }
            index += 1
        }
        guard index < data.count else { return data + [0x01] }
        let lengthByte = data[index]
        let valueStart = min(data.count, index + 1 + (lengthByte < 0x80 ? 0 : Int(lengthByte & 0x7F)))
        let claimed = data.count - valueStart + 1
        let length: [UInt8] =
            claimed < 0x80
            ? [UInt8(claimed)]
            : claimed <= 0xFF ? [0x81, UInt8(claimed)] : [0x82, UInt8(claimed >> 8), UInt8(claimed & 0xFF)]
        return Array(data[..<index]) + length + Array(data[valueStart...])
    }
}
