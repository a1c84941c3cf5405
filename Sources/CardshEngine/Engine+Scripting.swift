import CardCore
import CardshLanguage
import TransportReplay

extension Engine {
    func performScripting(_ command: Command, into outcome: inout CommandOutcome) throws(CommandError) {
        switch command {
        case .run(let path):
            let lines: [String]
            do {
                lines = try TextFile.readLines(path)
            } catch {
                throw CommandError(Engine.describe(error))
            }
            scriptDepth += 1
            defer { scriptDepth -= 1 }
            guard scriptDepth <= 16 else { throw CommandError("scripts nested more than 16 deep (does \(path) run itself?).") }
            var count = 0
            let ok = runScript(lines: lines, source: path, keepGoing: false) { inner, location in
                count += 1
                emitter?(inner, location)
            }
            if !ok { throw CommandError("\(path) stopped at a failing command (see above).") }
            outcome.notes.append(Note(.info, "ran \(count) command\(count == 1 ? "" : "s") from \(path)."))
        case .save(let path):
            let text = history.map { $0 + "\n" }.joined()
            do {
                try TextFile.write(text, to: path)
            } catch {
                throw CommandError(Engine.describe(error))
            }
            var saved = "saved \(history.count) line\(history.count == 1 ? "" : "s") to \(path)."
            if historyDropped > 0 {
                saved += " The \(historyDropped) oldest lines of this session were no longer kept (a session keeps "
                    + "about the newest \(Engine.historyLimit))."
            }
            outcome.notes.append(Note(.info, saved))
        case .record(let path):
            if let message = startRecording(to: path) { throw CommandError(message) }
            outcome.notes.append(Note(.info, "recording to \(path); `record stop` ends it."))
        case .recordStop:
            guard let file = transcript else { throw CommandError("not recording; `record FILE` starts a transcript.") }
            stopRecording()
            outcome.notes.append(Note(.info, "transcript \(file.path) closed."))
        case .expectSW(let patterns):
            guard let last = session.lastResponse else { throw CommandError("no response yet to check.") }
            try checkSW(last.sw, against: patterns)
        case .expectData(let pattern):
            guard let last = session.lastResponse else { throw CommandError("no response yet to check.") }
            guard pattern.matches(last.data) else {
                throw CommandError("expected data \(pattern), got \(last.data.isEmpty ? "none" : Hex.encode(last.data))"
                    + (last.data.count == pattern.bytes.count ? "" : " (\(last.data.count) bytes, expected \(pattern.bytes.count))") + ".")
            }
        case .replay(let path, let check):
            try replay(path: path, check: check, into: &outcome)
        default:
            preconditionFailure("not a scripting command: \(command)")
        }
    }

    /// Starts writing a transcript; returns an error message or nil.
    public func startRecording(to path: String) -> String? {
        do {
            let file = try AppendingFile(path: path)
            transcript?.close()
            transcript = file
            file.append("# cardsh transcript v1: each command, then `# => C-APDU` and `# <= DATA SW` per exchange.")
            if let target = session.target { file.append("# connected to \(target.label)") }
            if let atr = session.transport?.atr, !atr.isEmpty { file.append("# atr " + Hex.encode(atr)) }
            file.flush()
            return nil
        } catch {
            return Engine.describe(error)
        }
    }

    public func stopRecording() {
        transcript?.close()
        transcript = nil
    }

    /// Appends a statement and its answers to the transcript being recorded (keys redacted).
    func recordTranscript(statement: Statement, outcome: CommandOutcome) {
        guard let file = transcript else { return }
        switch statement.command {
        case .record, .recordStop: return
        default: break
        }
        file.append(statement.command.containsSecret ? statement.redactedText : statement.text)
        for (index, exchange) in outcome.exchanges.enumerated() {
            let (command, data) = Engine.maskedForTranscript(statement.command, index: index, exchange: exchange)
            file.append("# => " + Transcript.format(command))
            file.append("# <= " + (data.isEmpty ? "" : Transcript.format(data) + " ") + exchange.response.sw.description)
        }
        if let error = outcome.error { file.append("# error: " + error.message) }
        file.flush()
    }

    /// Masks what changes from session to session in the handshake of a secure channel, so a replay
    /// compares what matters: the host challenge (unless fixed), the card challenge and cryptograms.
    static func maskedForTranscript(_ command: Command, index: Int, exchange: ExchangeRecord)
        -> (command: [UInt8?], data: [UInt8?])
    {
        var c: [UInt8?] = exchange.command.map { $0 }
        var d: [UInt8?] = exchange.response.data.map { $0 }
        if case .gpPutKey = command { return (maskedPutKey(c), d) }
        if case .scp11Open(let options) = command { return maskedSCP11(options, command: c, data: d) }
        guard case .scp03Open(let options) = command else { return (c, d) }
        if index == 0 {
            // INITIALIZE UPDATE (GP Amd D v1.2 §7.1.1): host challenge in the command; card challenge,
            // card cryptogram and sequence counter after the 13 bytes of KDD and key information.
            if options.hostChallenge == nil, c.count > 5 { for i in 5..<(c.count - 1) { c[i] = nil } }
            if d.count > 13 { for i in 13..<d.count { d[i] = nil } }
        } else if index == 1, c.count > 5 {
            // EXTERNAL AUTHENTICATE: host cryptogram and C-MAC.
            for i in 5..<c.count { c[i] = nil }
        }
        return (c, d)
    }

    /// One sentence for a file problem.
    public static func describe(_ error: TextFile.Failure) -> String {
        switch error {
        case .cannotOpen(let path, let reason): return "cannot read \(path): \(reason)."
        case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)."
        }
    }
}
