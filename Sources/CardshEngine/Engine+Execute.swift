import CardCore
import CardshLanguage

extension Engine {
    /// Parses the whole line, then runs its statements in order. A line that does not parse runs
    /// nothing; a failing statement stops the rest of the line.
    /// Response references (`$sw`, `$data[2..5]`, `$tlv(6F/84)`) are filled in from the last response
    /// before the line is parsed; history keeps the line as typed.
    public func execute(line typed: String) -> LineResult {
        let line: String
        do {
            line = try expandResponseReferences(typed)
        } catch {
            return LineResult(outcomes: [CommandOutcome(line: typed, command: "parse", error: error)])
        }
        let parsed = parseLine(line)
        if let first = parsed.diagnostics.first {
            let display = parsed.diagnostics.map { $0.rendered(line: line) }.joined(separator: "\n")
            let error = CommandError(first.message, column: first.column, caretDisplay: display)
            return LineResult(outcomes: [CommandOutcome(line: line, command: "parse", error: error)])
        }
        var result = LineResult(outcomes: [])
        for statement in parsed.statements {
            if interruptRequested?() == true {
                result.outcomes.append(interruptedOutcome(before: statement.text))
                break
            }
            // The outcome's line reaches JSON output and logs: literal keys stay out of it.
            let outcome = run(
                statement.command, text: statement.command.containsSecret ? statement.redactedText : statement.text)
            result.outcomes.append(outcome)
            recordTranscript(statement: statement, outcome: outcome)
            if case .quit = statement.command {
                result.quit = true
                break
            }
            if !outcome.ok { break }
        }
        // Lines of a `run` script are not the session's: the `run` line stands for them (and `save` must not
        // write them twice).
        if scriptDepth == 0, !parsed.statements.isEmpty, !isHistoryReference(parsed.statements) {
            history.append(historyText(for: typed) ?? typed)
        }
        return result
    }

    /// Runs a script's lines: no prompt; stops at the first failure unless `keepGoing`.
    /// A trailing `\\` continues a line (pcsc-tools scriptor syntax).
    /// - Returns: true when every command succeeded.
    public func runScript(
        lines: [String], source: String?, keepGoing: Bool,
        emit: (CommandOutcome, _ location: String?) -> Void
    ) -> Bool {
        var iterator = lines.makeIterator()
        return runScript(nextLine: { iterator.next() }, source: source, numbered: lines.count > 1,
                         keepGoing: keepGoing, emit: emit)
    }

    /// Runs lines as they arrive (piped standard input runs each line before the next is read).
    /// - Parameter numbered: name lines in error locations even without a source name.
    public func runScript(
        nextLine: () -> String?, source: String?, numbered: Bool = true, keepGoing: Bool,
        emit: (CommandOutcome, _ location: String?) -> Void
    ) -> Bool {
        var allOK = true
        var pending = ""
        var startLine = 0
        var number = 0
        while let raw = nextLine() {
            number += 1
            if interruptRequested?() == true {
                emit(interruptedOutcome(before: raw), source.map { "\($0):\(number)" } ?? "line \(number)")
                return false
            }
            if pending.isEmpty { startLine = number }
            if raw.hasSuffix("\\") {
                pending += raw.dropLast() + " "
                continue
            }
            let line = pending + raw
            pending = ""
            let result = execute(line: line)
            let location = source.map { "\($0):\(startLine)" } ?? (numbered ? "line \(startLine)" : nil)
            for outcome in result.outcomes { emit(outcome, location) }
            if !result.ok {
                allOK = false
                if !keepGoing { return false }
            }
            if result.quit { break }
        }
        return allOK
    }

    /// The outcome that stands for what Ctrl-C kept from running.
    private func interruptedOutcome(before text: String) -> CommandOutcome {
        let redacted = redactedLine(text)
        let shown = redacted.count > 60 ? String(redacted.prefix(57)) + "..." : redacted
        return CommandOutcome(
            line: redacted, command: "interrupt",
            error: CommandError("stopped by Ctrl-C before `\(shown)`; the rest did not run."))
    }

    /// The text a line leaves in history and transcripts: literal keys replaced by `<redacted>`,
    /// `!N` replaced by the line it names. nil for lines that should not be kept (blank).
    public func historyText(for line: String) -> String? {
        let parsed = parseLine(line)
        if parsed.statements.isEmpty && parsed.diagnostics.isEmpty { return nil }
        if parsed.statements.count == 1, let expanded = expandHistoryReference(parsed.statements[0].command) {
            return historyText(for: expanded)
        }
        return redactedLine(line)
    }

    private func isHistoryReference(_ statements: [Statement]) -> Bool {
        statements.allSatisfy {
            switch $0.command {
            case .rerun, .rerunLast: return true
            default: return false
            }
        }
    }

    /// The history this `history` and `!N` see: the line editor's (across sessions) when there is
    /// one, this process's lines otherwise.
    var visibleHistory: [String] { historyProvider?() ?? history }

    func expandHistoryReference(_ command: Command) -> String? {
        let entries = visibleHistory
        switch command {
        case .rerun(let n):
            return entries.indices.contains(n - 1) ? entries[n - 1] : nil
        case .rerunLast:
            return entries.last
        default:
            return nil
        }
    }
}
