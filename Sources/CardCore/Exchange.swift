/// One command sent to the card and the bytes that came back, as seen on the wire.
public struct WireExchange: Hashable, Sendable {
    /// Why the pipeline sent this command.
    public enum Purpose: String, Sendable {
        /// The command as given by the caller.
        case command
        /// GET RESPONSE after 61xx (ISO/IEC 7816-4:2005 §7.6.1).
        case getResponse
        /// The previous command sent again with the Le a 6Cxx answer asked for.
        case leRetry
    }

    public var command: [UInt8]
    public var response: [UInt8]
    /// Time from before the transmit to after it, from the injected clock.
    public var nanoseconds: UInt64
    public var purpose: Purpose

    public init(command: [UInt8], response: [UInt8], nanoseconds: UInt64, purpose: Purpose) {
        self.command = command
        self.response = response
        self.nanoseconds = nanoseconds
        self.purpose = purpose
    }
}

/// What the pipeline does on its own between the caller and the card.
public struct ExchangeOptions: Hashable, Sendable {
    /// On 61xx, fetch the rest of the response with GET RESPONSE.
    public var getResponse = true
    /// On 6Cxx, send the command again with Le = SW2.
    public var leRetry = true
    /// Most transmits for one command before giving up with `TransportError.protocolViolation`.
    public var maxRounds = 512

    public init(getResponse: Bool = true, leRetry: Bool = true, maxRounds: Int = 512) {
        self.getResponse = getResponse
        self.leRetry = leRetry
        self.maxRounds = maxRounds
    }
}

/// The response after chaining, and every exchange that produced it.
public struct ExchangeResult: Hashable, Sendable {
    /// The data of all 61xx rounds in order, followed by the data and SW of the last answer.
    public var response: ResponseAPDU
    public var wire: [WireExchange]

    public init(response: ResponseAPDU, wire: [WireExchange]) {
        self.response = response
        self.wire = wire
    }
}

/// The transport-level command pipeline: GET RESPONSE chaining and 6Cxx retry (ISO/IEC 7816-4:2005
/// §5.1.3 for SW1 61 and 6C, §7.6.1 for GET RESPONSE).
public enum Exchange {
    /// Sends `command`; on 61xx sends GET RESPONSE (CLA: the command's logical channel kept, secure
    /// messaging and chaining bits cleared; INS C0; Le = SW2) and concatenates data until a non-61 SW;
    /// on 6Cxx sends the last command again with Le = SW2, once per command.
    ///
    /// - Parameter clock: monotonic nanoseconds, read before and after each transmit.
    /// - Throws: the transport's errors; `TransportError.protocolViolation` when the card answers
    ///   with fewer than two bytes or keeps the pipeline going for more than `options.maxRounds` transmits.
    public static func send(
        _ command: [UInt8], over transport: any CardTransport, options: ExchangeOptions = ExchangeOptions(),
        clock: () -> UInt64
    ) throws(TransportError) -> ExchangeResult {
        var wire: [WireExchange] = []
        var collected: [UInt8] = []
        var next = command
        var purpose = WireExchange.Purpose.command
        // Whether `next` is already a 6Cxx resend, so a second 6Cxx ends the exchange.
        var retried = false
        while true {
            guard wire.count < max(options.maxRounds, 1) else {
                // A card that keeps answering 61xx would otherwise be asked for GET RESPONSE forever.
                let getResponses = wire.count(where: { $0.purpose == .getResponse })
                if let last = wire.last?.response, last.count >= 2, last[last.count - 2] == 0x61 {
                    throw .protocolViolation(
                        "the card answered 61xx to \(getResponses) GET RESPONSE commands in a row and never a final "
                            + "status word; GET RESPONSE loop stopped after \(wire.count) exchanges")
                }
                throw .protocolViolation("no final status word after \(wire.count) exchanges")
            }
            let start = clock()
            let raw = try transport.transmit(next)
            let end = clock()
            wire.append(
                WireExchange(
                    command: next, response: raw, nanoseconds: end >= start ? end - start : 0, purpose: purpose))
            guard raw.count >= 2 else {
                throw .protocolViolation(
                    raw.isEmpty
                        ? "the card answered nothing (0 bytes), not even the status word SW1 SW2"
                        : "the card answered 1 byte (" + Hex.encode(raw) + "), fewer than the status word SW1 SW2")
            }
            let sw1 = raw[raw.count - 2]
            let sw2 = raw[raw.count - 1]
            let data = raw[..<(raw.count - 2)]

            if sw1 == 0x61, options.getResponse {
                collected += data
                next = getResponse(for: command, le: sw2)
                purpose = .getResponse
                retried = false
                continue
            }
            if sw1 == 0x6C, options.leRetry, !retried, let resent = withLe(next, le: sw2) {
                next = resent
                purpose = .leRetry
                retried = true
                continue
            }
            collected += data
            return ExchangeResult(response: ResponseAPDU(data: collected, sw: StatusWord(sw1, sw2)), wire: wire)
        }
    }

    /// GET RESPONSE on the logical channel of `command` (ISO/IEC 7816-4:2005 §5.1.1 class byte, §7.6.1).
    ///
    /// First interindustry CLA (b8-b6 = 000) and proprietary CLAs 80...BF keep b2-b1;
    /// further interindustry CLAs (b7 = 1) keep b4-b1 with b7 set; FF (reader pseudo-APDUs) stays FF.
    public static func getResponse(for command: [UInt8], le: UInt8) -> [UInt8] {
        let cla = command.first ?? 0
        let channelCLA: UInt8
        if cla == 0xFF {
            channelCLA = 0xFF
        } else if cla & 0x40 != 0 {
            channelCLA = 0x40 | (cla & 0x0F)
        } else {
            channelCLA = cla & 0x03
        }
        return [channelCLA, 0xC0, 0x00, 0x00, le]
    }

    /// `command` with Ne set from `le` (00 means 256), in the length form it came in; nil when
    /// `command` is not a valid APDU.
    static func withLe(_ command: [UInt8], le: UInt8) -> [UInt8]? {
        guard let apdu = try? CommandAPDU(parsing: command),
            let resent = try? apdu.with(ne: .some(le == 0 ? 256 : Int(le)))
        else { return nil }
        let wasExtended = command.count > 5 && command[4] == 0x00
        return resent.encoded(forceExtended: wasExtended)
    }
}
