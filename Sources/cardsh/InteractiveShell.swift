#if canImport(Glibc)
import Glibc
#endif
import CardshEngine
import LineEditor

/// The REPL: libedit line editing, persistent history, completion from the engine's command table.
struct InteractiveShell {
    let engine: Engine
    let printer: OutputPrinter

    func run() {
        let historyPath = HistoryFile.path(environment: HistoryFile.processEnvironment)
        let editor: LineEditor
        do {
            // With standard output redirected (`cardsh | tee log`) the line is edited on standard error,
            // so the prompt and the editing stay on the terminal and out of the output.
            editor = try LineEditor(
                programName: "cardsh", outputFD: LineEditor.isTerminal(1) ? 1 : 2, historyPath: historyPath)
        } catch {
            Console.err(HistoryFile.message(for: error) + "\n")
            return
        }
        loop(editor)
    }

    private func loop(_ editor: LineEditor) {
        editor.setCompletion { line, cursor in
            let answer = engine.completions(line: line, cursor: cursor)
            return Completion(
                wordStart: answer.wordStart,
                candidates: answer.words.map { Completion.Candidate($0.text, isComplete: $0.complete) })
        }
        engine.historyProvider = { editor.historyEntries }
        engine.interruptRequested = { CommandInterrupt.requested }
        InteractiveLoop(editor: editor).run(
            prompt: { engine.prompt() },
            historyText: { engine.historyText(for: $0) },
            execute: { line in
                let result = CommandInterrupt.during { engine.execute(line: line) }
                printer.emit(result)
                Console.flush()
                return result.quit ? .quit : .continue
            })
    }
}
