import CardCore
import SecureChannel

extension Engine {
    /// Sends one command on the current channel, the way the session's mode says, and records it.
    /// - Parameter strict: send exactly these bytes (no channel fix-up, no GET RESPONSE, no Le retry).
    /// - Parameter bypassSecureChannel: send as given even when a secure channel is open (its handshake).
    func transmit(_ bytes: [UInt8], strict: Bool = false, bypassSecureChannel: Bool = false)
        throws(CommandError) -> ExchangeRecord
    {
        guard let transport = session.transport else { throw CommandError(ErrorText.notConnected) }
        let raw = strict || settings.mode == .raw
        var command = bytes
        if !raw, session.channel != 0, let cla = command.first,
            let adjusted = ClassByte.withChannel(cla, channel: session.channel)
        {
            command[0] = adjusted
        }
        if !bypassSecureChannel, !strict, let secure = secureChannels[session.channel] {
            return try transmitSecured(command, over: transport, secure: secure, raw: raw)
        }
        let options = ExchangeOptions(getResponse: !raw && settings.autoGet, leRetry: !raw && settings.autoGet)
        let (result, elapsed) = try send(command, over: transport, options: options)
        let record = ExchangeRecord(
            command: command, response: result.response, nanoseconds: elapsed, wire: result.wire)
        try checkAnswers(record, final: result.response.sw)
        remember(command: command, response: result.response)
        return record
    }

    /// One pass through the GET RESPONSE / 6Cxx pipeline, timed; a transport failure leaves the session
    /// consistent and becomes a sentence.
    private func send(_ bytes: [UInt8], over transport: any CardTransport, options: ExchangeOptions)
        throws(CommandError) -> (ExchangeResult, nanoseconds: UInt64)
    {
        let start = environment.clock()
        do {
            let result = try Exchange.send(bytes, over: transport, options: options, clock: environment.clock)
            return (result, environment.clock() &- start)
        } catch {
            handleTransportFailure(error)
            guard case .protocolViolation = error, !session.isTranscript else { throw CommandError(describe(error)) }
            // A card that broke the transmission protocol may answer the next command properly.
            throw CommandError(describe(error) + " " + ErrorText.brokenAnswerHint)
        }
    }

    /// The plain response is what `expect`, `$sw`/`$data` and the prompt's selection see.
    private func remember(command: [UInt8], response: ResponseAPDU) {
        session.lastResponse = response
        noteSelection(command: command, response: response)
    }

    /// Wraps, sends and unwraps one command under an open secure channel (GP Amd D v1.2 §6.2.4-6.2.7).
    private func transmitSecured(_ command: [UInt8], over transport: any CardTransport, secure: SecureChannelState,
                                 raw: Bool) throws(CommandError) -> ExchangeRecord
    {
        let plain: CommandAPDU
        do {
            plain = try CommandAPDU(parsing: command)
        } catch {
            throw CommandError("cannot wrap this APDU for the secure channel: " + ErrorText.apdu(error))
        }
        let wrapped: CommandAPDU
        do {
            wrapped = try secure.session.wrap(plain)
        } catch {
            throw CommandError(ErrorText.secureChannel(error))
        }
        let options = ExchangeOptions(getResponse: !raw && settings.autoGet, leRetry: false)
        let wire = wrapped.encoded()
        let result: ExchangeResult
        let elapsed: UInt64
        do {
            (result, elapsed) = try send(wire, over: transport, options: options)
            try checkAnswers(
                ExchangeRecord(
                    command: command, response: result.response, nanoseconds: elapsed, wire: result.wire,
                    wrappedCommand: wire, wrappedResponse: result.response.encoded()),
                final: result.response.sw)
        } catch {
            throw closeAfterLostExchange(secure, error)
        }
        let response: ResponseAPDU
        do {
            response = try secure.session.unwrap(result.response)
        } catch {
            if !secure.session.isOpen { secureChannels[secure.channel] = nil }
            throw CommandError(ErrorText.secureChannel(error))
        }
        var record = ExchangeRecord(
            command: command, response: response, nanoseconds: elapsed, wire: result.wire,
            wrappedCommand: wire, wrappedResponse: result.response.encoded())
        // Only `set trace both` shows them: formatting four values in hex for every APDU cost as much as the MACs.
        if settings.trace == .both { record.annotations = Engine.annotations(secure.session) }
        secure.commandsSent += 1
        noteSessionEndedByCard(response, secure: secure)
        remember(command: command, response: response)
        return record
    }

    /// A wrapped command whose answer was lost or broken leaves the MAC chain where host and card may disagree
    /// (GP Amd D v1.2 §6.2.4: each C-MAC chains on the last): the channel closes, and the error says so.
    private func closeAfterLostExchange(_ secure: SecureChannelState, _ error: CommandError) -> CommandError {
        // A card that went away took the channel with it; the error already says so.
        guard session.isConnected, secureChannels[secure.channel] === secure else { return error }
        secureChannels[secure.channel] = nil
        var closed = error
        closed.message += " " + ErrorText.secureChannelLost(secure.protocolName)
        return closed
    }

    /// A security domain that rejects a secured command's MAC or SM data answers 6982 or 6988, unprotected, and
    /// ends its session (GP Amd D v1.2 §6.2.4; GP Amd F §3.3 uses the same secure messaging): end ours too.
    private func noteSessionEndedByCard(_ response: ResponseAPDU, secure: SecureChannelState) {
        guard response.data.isEmpty, response.sw.rawValue == 0x6982 || response.sw.rawValue == 0x6988 else { return }
        secureChannels[secure.channel] = nil
        pendingNotes.append(Note(.warning, ErrorText.secureChannelEndedByCard(
            sw: response.sw, protocolName: secure.protocolName, mode: secure.mode,
            firstCommand: secure.commandsSent == 1)))
    }

    static func annotations(_ session: SecureMessagingSession) -> [String] {
        var lines: [String] = []
        if let c = session.lastCommandTrace {
            var line = "C counter \(c.counter), chaining " + Hex.encode(c.chainingValueBefore) + " -> "
                + Hex.encode(c.chainingValueAfter)
            if let icv = c.icv { line += ", ICV " + Hex.encode(icv) }
            if let mac = c.mac { line += ", C-MAC " + Hex.encode(mac) }
            lines.append(line)
        }
        if let r = session.lastResponseTrace {
            var line = "R counter \(r.counter)"
            if let icv = r.icv { line += ", ICV " + Hex.encode(icv) }
            if let mac = r.mac { line += ", R-MAC " + Hex.encode(mac) }
            lines.append(line)
        }
        return lines
    }

    /// Keeps the session consistent after the card or service went away.
    func handleTransportFailure(_ error: TransportError) {
        switch error {
        case .cardRemoved, .serviceUnavailable, .readerUnavailable, .notConnected, .noCard:
            session.disconnect()
        case .cardReset:
            session.clearCardState()
        default:
            break
        }
    }

    /// Tracks the selected application per channel from successful SELECT by DF name.
    func noteSelection(command: [UInt8], response: ResponseAPDU) {
        // Most APDUs are not a SELECT: look at CLA and INS before parsing the whole command.
        guard command.count >= 4, command[1] == 0xA4, command[0] & 0x80 == 0 else { return }
        guard let apdu = try? CommandAPDU(parsing: command), apdu.ins == 0xA4, apdu.cla & 0x80 == 0 else { return }
        guard response.sw.isSuccess else { return }
        if apdu.p1 == 0x04 {
            // Prefer the full AID from the FCI's DF name (tag 84) over a partial AID typed.
            let dfName = TLV.firstValue(BERTag(0x84), in: response.data)
            session.selected[session.channel] = dfName ?? apdu.data
        } else {
            session.selected[session.channel] = nil
        }
    }
}
