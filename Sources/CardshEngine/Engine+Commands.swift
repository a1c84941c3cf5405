import CardCore
import CardshLanguage

extension Engine {
    /// Runs one parsed statement.
    func run(_ command: Command, text: String) -> CommandOutcome {
        var outcome = CommandOutcome(line: text, command: command.name)
        failedExchange = nil
        do {
            try perform(command, into: &outcome)
        } catch {
            if let failed = failedExchange { outcome.exchanges.append(failed) }
            outcome.error = error
        }
        failedExchange = nil
        outcome.notes += pendingNotes
        pendingNotes.removeAll()
        return outcome
    }

    private func perform(_ command: Command, into outcome: inout CommandOutcome) throws(CommandError) {
        switch command {
        case .readers:
            let (result, notes) = listReaders()
            outcome.result = result
            outcome.notes += notes
        case .connect(let options):
            outcome.result = try connect(
                connectRequest(options.target), protocol: protocolChoice(options.protocolPreference),
                share: options.shareMode == .exclusive ? .exclusive : .shared)
        case .disconnect:
            guard session.isConnected else { throw CommandError("not connected.") }
            session.disconnect()
            outcome.notes.append(Note(.info, "disconnected."))
        case .reset(let kind):
            outcome.result = try resetCard(cold: kind == .cold)
        case .atr(let given):
            outcome.result = try parseATR(given)
        case .select(let options):
            let record = try transmit(try selectCommand(options))
            outcome.exchanges.append(record)
            noteUndecodableData(record, into: &outcome)
        case .apdu(let body, let strict, let expected):
            let bytes = try apduBytes(body)
            let record = try transmit(bytes, strict: strict)
            outcome.exchanges.append(record)
            noteUndecodableData(record, into: &outcome)
            if !expected.isEmpty { try checkSW(record.response.sw, against: expected) }
        case .explain(let bytes):
            do {
                outcome.result = .explanation(try APDUExplanation.explain(bytes))
            } catch {
                throw CommandError(ErrorText.apdu(error))
            }
        case .sw(let value):
            outcome.result = .statusWord(StatusWord(rawValue: value))
        case .tlv(let bytes):
            do {
                outcome.result = .tlv(try TLV.decodeAll(bytes))
            } catch {
                throw CommandError(ErrorText.tlv(error, in: bytes))
            }
        case .history(let last):
            let entries = visibleHistory.enumerated().map { (number: $0.offset + 1, line: $0.element) }
            outcome.result = .history(last.map { Array(entries.suffix($0)) } ?? entries)
        case .rerun, .rerunLast:
            guard let line = expandHistoryReference(command) else {
                throw CommandError("no such history entry; `history` lists them with their numbers.")
            }
            let result = execute(line: line)
            outcome.notes.append(Note(.info, line))
            for inner in result.outcomes {
                outcome.exchanges += inner.exchanges
                outcome.notes += inner.notes
                if case .none = outcome.result { outcome.result = inner.result }
                if let error = inner.error { throw error }
            }
        case .help(let name, let sub):
            outcome.result = .help(try help(command: name, subcommand: sub))
        case .set(let setting):
            if let setting { apply(setting) }
            outcome.result = .fields(settings.listing.map { Field($0.name, $0.value) })
        case .channelOpen:
            let record = try transmit([0x00, 0x70, 0x00, 0x00, 0x01], strict: true)
            outcome.exchanges.append(record)
            guard record.response.sw == .success, let number = record.response.data.first else {
                throw CommandError("the card did not open a logical channel (\(record.response.sw): \(ErrorText.swText(record.response.sw))).")
            }
            session.openChannels.insert(Int(number))
            session.channel = Int(number)
            outcome.notes.append(Note(.info, "opened logical channel \(number); commands now go to it."))
        case .channelClose(let number):
            let target = number ?? session.channel
            guard target != 0 else { throw CommandError("the basic channel 0 cannot be closed.") }
            guard session.openChannels.contains(target) else {
                throw CommandError("logical channel \(target) is not open; open: \(openChannelList).")
            }
            guard let cla = ClassByte.withChannel(0x00, channel: target) else {
                throw CommandError("channel \(target) cannot be addressed (0-19).")
            }
            let record = try transmit([cla, 0x70, 0x80, UInt8(target)], strict: true)
            outcome.exchanges.append(record)
            if record.response.sw == .success {
                session.openChannels.remove(target)
                session.selected[target] = nil
                if session.channel == target { session.channel = 0 }
            }
        case .channelSwitch(let number):
            guard session.isConnected else { throw CommandError(ErrorText.notConnected) }
            guard session.openChannels.contains(number) else {
                throw CommandError("logical channel \(number) is not open; open: \(openChannelList). Use `channel open`.")
            }
            session.channel = number
        case .scp03Open, .scpClose, .scpStatus:
            try performSecureChannel(command, into: &outcome)
        case .gpStatus, .gpData, .gpKeys:
            try performGP(command, into: &outcome)
        case .run, .save, .record, .recordStop, .replay, .expectSW, .expectData:
            try performScripting(command, into: &outcome)
        case .quit:
            break
        case .kdf(let options):
            try performKDF(options, into: &outcome)
        case .gpPutKey, .gpDeleteKey:
            try performKeyManagement(command, into: &outcome)
        case .scp11Open, .gpCerts:
            try performSCP11(command, into: &outcome)
        }
    }

    var openChannelList: String { session.openChannels.sorted().map(String.init).joined(separator: ", ") }

    private func connectRequest(_ target: ConnectTarget?) -> ConnectRequest {
        switch target {
        case nil: return .automatic
        case .sim: return .sim
        case .index(let i): return .index(i)
        case .name(let n): return .name(n)
        case .transcript(let path): return .transcript(path)
        }
    }

    private func protocolChoice(_ p: ProtocolPreference?) -> ProtocolChoice {
        switch p {
        case .t0: return .t0
        case .t1: return .t1
        case .any, nil: return .any
        }
    }

    private func apply(_ setting: Setting) {
        switch setting {
        case .output(let o): settings.output = o == .json ? .json : .text
        case .trace(let t): settings.trace = Settings.Trace(rawValue: t.rawValue) ?? .off
        case .autoget(let on): settings.autoGet = on
        case .color(let c): settings.color = Settings.ColorChoice(rawValue: c.rawValue) ?? .auto
        case .mode(let m): settings.mode = m == .raw ? .raw : .iso
        }
    }

    func checkSW(_ sw: StatusWord, against patterns: [StatusWordPattern]) throws(CommandError) {
        guard !patterns.contains(where: { $0.matches(sw.rawValue) }) else { return }
        let wanted = patterns.map(\.description).joined(separator: " or ")
        throw CommandError("expected SW \(wanted), got \(sw) (\(ErrorText.swText(sw))).")
    }

    private func parseATR(_ given: [UInt8]?) throws(CommandError) -> CommandResult {
        let bytes: [UInt8]
        if let given {
            bytes = given
        } else {
            guard let transport = session.transport else {
                throw CommandError("not connected; give an ATR to parse (`atr 3B...`) or `connect` first.")
            }
            bytes = transport.atr
        }
        do {
            return .atr(try ATR(parsing: bytes))
        } catch {
            throw CommandError(ErrorText.atr(error))
        }
    }

    private func apduBytes(_ body: APDUBody) throws(CommandError) -> [UInt8] {
        switch body {
        case .raw(let bytes):
            return bytes
        case .parts(let header, let data, let le):
            do {
                return try CommandAPDU(cla: header[0], ins: header[1], p1: header[2], p2: header[3], data: data, ne: le)
                    .encoded()
            } catch {
                throw CommandError(ErrorText.apdu(error))
            }
        }
    }

    /// SELECT (ISO 7816-4 §11.2.2): P1 04 by DF name, 00 the MF; P2 occurrence and response bits.
    private func selectCommand(_ options: SelectOptions) throws(CommandError) -> [UInt8] {
        var p1: UInt8 = 0x04
        var data: [UInt8] = []
        switch options.target {
        case .default:
            p1 = 0x00
        case .aid(let aid):
            data = aid
        case .name(let name):
            guard let aid = config.aid(forAlias: name) ?? AIDNames.aid(named: name) else {
                let names = AIDNames.all.map(\.name).joined(separator: ", ")
                throw CommandError("unknown application name \"\(name)\"; known: \(names). Or give the AID in hex.")
            }
            data = aid
        }
        var p2: UInt8 = options.next ? 0x02 : 0x00
        switch options.response {
        case .fcp: p2 |= 0x04
        case .fmd: p2 |= 0x08
        case .none?: p2 |= 0x0C
        case .fci, nil: break
        }
        let ne: Int? = options.response == SelectResponse.none ? nil : 256
        do {
            return try CommandAPDU(cla: 0x00, ins: 0xA4, p1: options.p1 ?? p1, p2: options.p2 ?? p2, data: data, ne: ne)
                .encoded()
        } catch {
            throw CommandError(ErrorText.apdu(error))
        }
    }
}

extension Command {
    /// The command's name in results and JSON: the command table's path (`apdu`, `scp03 open`,
    /// `set trace`), and `rerun` for `!N` / `!!`.
    var name: String {
        switch self {
        case .rerun, .rerunLast: return "rerun"
        default: return path
        }
    }
}
