#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import CardshEngine
import LineEditor
import TransportPCSC

/// Flushes output and ends the process with `code`.
func finish(_ code: Int32) -> Never {
    Console.flush()
    exit(code)
}

// Exit status: 0 success, 1 a command failed (or an expectation or replay check did not hold), 2 usage.
let options: CardshOptions
do {
    options = try CardshOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    let code = CardshOptions.exitCode(for: error)
    if code == .success {
        print(CardshOptions.fullMessage(for: error))
        finish(0)
    }
    Console.err("cardsh: " + CardshOptions.message(for: error) + "\n")
    Console.err("Usage: cardsh [--sim | --reader NAME] [--json] [--keep-going] [--record FILE] [--config FILE]"
        + " [-c LINE] [FILE]\n"
        + "See `cardsh --help`.\n")
    finish(2)
}
if options.version {
    print("cardsh \(CardshOptions.version)")
    finish(0)
}
if options.generateManPage {
    Console.out(ManPage.render())
    finish(0)
}
let config = ConfigFile.loadOrExit(option: options.config, environment: HistoryFile.processEnvironment)

let environment = EngineEnvironment(
    readers: PCSCReaderProvider(),
    clock: MonotonicClock.nanoseconds,
    outputIsTerminal: isatty(STDOUT_FILENO) == 1,
    noColor: getenv("NO_COLOR").map { $0.pointee != 0 } ?? false,
    environmentVariable: { name in getenv(name).map { String(cString: $0) } },
    transportCodeName: { PCSCReaderProvider.describe($0) },
    wallClock: { Int64(time(nil)) })
let engine = Engine(environment: environment)
engine.apply(config)
if options.json { engine.settings.output = .json }
let printer = OutputPrinter(engine: engine)
engine.emitter = { outcome, location in
    printer.location = location.map { $0 + ": " }
    printer.emit(outcome)
    printer.location = nil
}

let interactive = options.command == nil && options.script == nil && isatty(STDIN_FILENO) == 1

// The starting connection.
var startOK = true
// Only a failed start-up connection is reported: it is not a command the user typed.
@MainActor func startConnection(_ request: Engine.ConnectRequest) -> Bool {
    let result = engine.connect(request, quietly: true)
    if !result.ok { printer.emit(result) }
    return result.ok
}
if options.sim {
    startOK = startConnection(.sim)
} else if let reader = options.reader ?? config.defaults.reader {
    startOK = startConnection(reader == "sim" ? .sim : Int(reader).map { .index($0) } ?? .name(reader))
} else if let hint = engine.connectToOnlyCard() {
    if interactive { Console.err(hint + "\n") }
}
if !startOK && !interactive { finish(1) }

if let path = options.record {
    if let error = engine.startRecording(to: path) {
        Console.err("cardsh: " + error + "\n")
        finish(2)
    }
}

var failed = !startOK
// Scripts: the text of one command is laid out and written while the next one runs (and waits for the card).
if !interactive { Console.pipeline = OutputPipeline() }
if let line = options.command {
    failed = !ScriptRunner(engine: engine, printer: printer, keepGoing: options.keepGoing)
        .run(lines: [line], source: nil) || failed
} else if let path = options.script {
    failed = !ScriptRunner(engine: engine, printer: printer, keepGoing: options.keepGoing).runFile(path) || failed
} else if !interactive {
    failed = !ScriptRunner(engine: engine, printer: printer, keepGoing: options.keepGoing).runStandardInput() || failed
} else {
    InteractiveShell(engine: engine, printer: printer).run()
}
engine.stopRecording()
finish(failed ? 1 : 0)
