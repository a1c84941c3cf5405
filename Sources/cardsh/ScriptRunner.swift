import CardshEngine

/// Runs `-c` lines, script files and piped standard input: no prompt, stop at the first failure
/// unless --keep-going.
struct ScriptRunner {
    let engine: Engine
    let printer: OutputPrinter
    let keepGoing: Bool

    func runFile(_ path: String) -> Bool {
        let lines: [String]
        do {
            lines = try TextFile.readLines(path)
        } catch {
            printer.emit(CommandOutcome(line: path, command: "run", error: CommandError(Engine.describe(error))))
            return false
        }
        return run(lines: lines, source: path)
    }

    /// Standard input, one line at a time: each line runs before the next is read.
    func runStandardInput() -> Bool {
        engine.runScript(nextLine: {
            Console.flush()
            return readLine(strippingNewline: true)
        }, source: "stdin", keepGoing: keepGoing) { outcome, location in
            printer.location = location.map { $0 + ": " }
            printer.emit(outcome)
            printer.location = nil
        }
    }

    func run(lines: [String], source: String?) -> Bool {
        let ok = engine.runScript(lines: lines, source: source, keepGoing: keepGoing) { outcome, location in
            printer.location = location.map { $0 + ": " }
            printer.emit(outcome)
            printer.location = nil
        }
        return ok
    }
}
