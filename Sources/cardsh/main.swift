// Stand-in executable for the interactive loop: a fixed word list and two commands (`sw 9000`, `quit`).
import LineEditor

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

let simulated = CommandLine.arguments.dropFirst().contains("--sim")
let commands = ["apdu", "atr", "connect", "explain", "help", "quit", "readers", "select", "set", "sw", "tlv"]
let options = ["autoget", "mode", "output", "trace"]

func execute(_ line: String) -> LoopAction {
    let words = line.split(separator: " ")
    switch words.first {
    case nil:
        break
    case "quit":
        return .quit
    case "sw" where words.count == 2 && words[1] == "9000":
        print("9000: normal processing")
    default:
        print("\(words[0]): unknown command")
    }
    fflush(nil)
    return .continue
}

func complete(_ line: String, _ cursor: Int) -> Completion {
    let before = String(decoding: line.utf8.prefix(cursor), as: UTF8.self)
    let words = before.split(separator: " ", omittingEmptySubsequences: true)
    let partial = before.hasSuffix(" ") || before.isEmpty ? "" : String(words.last!)
    let wordStart = cursor - partial.utf8.count
    let previous = partial.isEmpty ? words : words.dropLast()
    let table: [String]
    switch previous.map(String.init) {
    case []: table = commands
    case ["set"]: table = options
    default: table = []
    }
    return Completion(
        wordStart: wordStart, candidates: table.filter { $0.hasPrefix(partial) }.map { Completion.Candidate($0) })
}

/// The prompt, with the program name in bold cyan unless NO_COLOR is set (no-color.org).
let prompt: String = {
    let name =
        HistoryFile.processEnvironment("NO_COLOR").map { !$0.isEmpty } == true
        ? "cardsh" : "\u{1B}[1;36mcardsh\u{1B}[0m"
    return name + (simulated ? " sim> " : "> ")
}()

/// The line editor on a terminal, or nil (after one line on standard error) when libedit cannot start.
func makeEditor() -> LineEditor? {
    do {
        // With standard output redirected (`cardsh | tee log`) the line is edited on standard error, so
        // the prompt and the editing stay on the terminal and out of the output.
        let editor = try LineEditor(
            programName: "cardsh", outputFD: LineEditor.isTerminal(1) ? 1 : 2,
            historyPath: HistoryFile.path(environment: HistoryFile.processEnvironment))
        editor.setCompletion(complete)
        return editor
    } catch {
        InteractiveLoop.reportOnStandardError(error)
        return nil
    }
}

if LineEditor.isTerminal(0), let editor = makeEditor() {
    InteractiveLoop(editor: editor).run(prompt: { prompt }, historyText: { $0 }, execute: execute)
} else {
    while let line = readLine() {
        if execute(line) == .quit { break }
    }
}
