import CardCore
import CardshLanguage
import TransportReplay

extension Engine {
    /// `replay FILE [--check]`: runs a transcript's commands again; with `--check`, compares every answer
    /// with the recorded one (masked bytes `??` excepted) and reports each step.
    func replay(path: String, check: Bool, into outcome: inout CommandOutcome) throws(CommandError) {
        let transcript = try loadTranscript(path).transcript
        scriptDepth += 1
        defer { scriptDepth -= 1 }
        guard scriptDepth <= 16 else { throw CommandError("replays nested more than 16 deep.") }
        var report: [String] = []
        var differing = 0
        for (index, step) in transcript.steps.enumerated() {
            let result = execute(line: step.line)
            for inner in result.outcomes { emitter?(inner, "\(path):\(step.lineNumber)") }
            if !check {
                if !result.ok { throw CommandError("\(path):\(step.lineNumber): stopped at a failing command.") }
                continue
            }
            let actual = result.outcomes.flatMap(\.exchanges)
            var problems: [String] = []
            if let error = result.outcomes.first(where: { !$0.ok })?.error {
                problems.append("failed: " + error.message)
            }
            if actual.count != step.exchanges.count {
                problems.append("\(step.exchanges.count) exchange\(step.exchanges.count == 1 ? "" : "s") recorded, \(actual.count) now")
            }
            for (n, (recorded, now)) in zip(step.exchanges, actual).enumerated() where !recorded.answer.matches(now.response) {
                problems += Engine.answerDiff(recorded.answer, now.response, exchange: n + 1, of: actual.count)
            }
            let title = "step \(index + 1) (\(path):\(step.lineNumber)) `\(step.line)`"
            if problems.isEmpty {
                report.append(title + ": same")
            } else {
                differing += 1
                report.append(title + ": differs")
                report += problems.map { "   " + $0 }
            }
            if result.quit { break }
        }
        if check {
            report.append("\(transcript.steps.count - differing) of \(transcript.steps.count) steps answer as recorded.")
            outcome.result = .lines(report)
            if differing > 0 {
                throw CommandError("\(differing) of \(transcript.steps.count) step\(transcript.steps.count == 1 ? "" : "s") differ from \(path).")
            }
        } else {
            outcome.notes.append(Note(.info, "replayed \(transcript.steps.count) commands from \(path)."))
        }
    }

    /// Recorded and actual answer one above the other, with carets under the bytes that differ.
    static func answerDiff(_ recorded: Transcript.Answer, _ actual: ResponseAPDU, exchange: Int, of count: Int) -> [String] {
        let expectedText = Transcript.format(recorded.data) + " " + Transcript.format(recorded.sw)
        let actualText = Hex.encode(actual.data) + " " + actual.sw.description
        let offsets = recorded.differences(actual)
        var caret = Array(repeating: Character(" "), count: max(expectedText.count, actualText.count))
        let dataCount = max(recorded.data.count, actual.data.count)
        for offset in offsets {
            // Data bytes take two columns each; the SW starts after the data and one space.
            let column = offset < dataCount ? offset * 2 : recorded.data.count * 2 + 1 + (offset - dataCount) * 2
            if column + 1 < caret.count {
                caret[column] = "^"
                caret[column + 1] = "^"
            }
        }
        var lines = [
            "exchange \(exchange)" + (count > 1 ? " of \(count)" : "") + ":",
            "  recorded " + expectedText,
            "  now      " + actualText,
            "           " + String(caret).trimmingBlanksAtEnd(),
        ]
        if recorded.data.count != actual.data.count {
            lines.append("  \(recorded.data.count) data bytes recorded, \(actual.data.count) now")
        } else if let first = offsets.first, first < recorded.data.count {
            let e = recorded.data[first].map { Hex.encode([$0]) } ?? "??"
            lines.append("  first difference at data byte \(first): recorded \(e), now " + Hex.encode([actual.data[first]]))
        }
        return lines
    }
}

extension String {
    func trimmingBlanksAtEnd() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}

extension ErrorText {
    static func transcript(_ error: TranscriptError, path: String) -> String {
        switch error {
        case .answerBeforeCommand(let line): return "\(path):\(line): an answer line before any command"
        case .missingStatusWord(let line): return "\(path):\(line): an answer line needs a 4-digit status word at its end"
        case .badHex(let line, let text): return "\(path):\(line): \"\(text)\" is not hex (use ?? to mask a byte)"
        }
    }
}
