import LineEditor

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// What the interactive loop does after a line has run.
enum LoopAction {
    case `continue`, quit
}

/// The interactive read-execute loop over a `LineEditor`.
struct InteractiveLoop {
    let editor: LineEditor
    /// Shows a history-file problem; called at most once per kind (load at start, first failed save).
    let report: (LineEditorError) -> Void

    init(editor: LineEditor, report: @escaping (LineEditorError) -> Void = InteractiveLoop.reportOnStandardError) {
        self.editor = editor
        self.report = report
    }

    /// Reads lines until end of input or until `execute` returns .quit. `prompt()` is called before
    /// each read; `execute` runs one line (history is added by the loop with `historyText(line)` which
    /// the caller supplies: it redacts secrets; `nil` keeps the line out of history). Ctrl-C abandons
    /// the line and shows a fresh prompt. History is saved after every line, so a killed shell keeps it.
    func run(prompt: () -> String, historyText: (String) -> String?, execute: (String) -> LoopAction) {
        if let error = editor.historyLoadError { report(error) }
        var saveFailed = false
        while true {
            switch editor.readLine(prompt: prompt()) {
            case .endOfInput:
                return
            case .interrupted:
                continue
            case .line(let line):
                if let text = historyText(line), text.contains(where: { !$0.isWhitespace }) {
                    editor.addHistory(text)
                    do {
                        try editor.saveHistory()
                    } catch {
                        if !saveFailed { report(error) }
                        saveFailed = true
                    }
                }
                if execute(line) == .quit { return }
            }
        }
    }

    /// Writes one line about a history-file problem to standard error.
    static func reportOnStandardError(_ error: LineEditorError) {
        var line = HistoryFile.message(for: error) + "\n"
        line.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
    }
}
