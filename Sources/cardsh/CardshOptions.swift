import ArgumentParser

/// The command line: `cardsh [--sim | --reader NAME] [--json] [--keep-going] [--record FILE] [--config FILE]
/// [-c LINE] [FILE]`.
struct CardshOptions: ParsableArguments {
    static let version = "0.1.0"

    @Flag(name: .long, help: "Start connected to the built-in virtual card.")
    var sim = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Connect to this PC/SC reader: exact name, unique case-insensitive part, or index.",
            valueName: "name"),
        completion: .custom { _, _, _ in ReaderNameCompletion.candidates() })
    var reader: String?

    @Flag(name: .long, help: "Print one JSON object per command (see README, \"JSON output\").")
    var json = false

    @Flag(name: .long, help: "In scripts, go on after a failing command (the exit status still reports it).")
    var keepGoing = false

    @Option(name: .long, help: ArgumentHelp("Write a transcript of the session to this file.", valueName: "file"),
            completion: .file())
    var record: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Read this config file instead of $CARDSH_CONFIG or $XDG_CONFIG_HOME/cardsh/config.toml.",
            valueName: "file"),
        completion: .file(extensions: ["toml"]))
    var config: String?

    @Option(name: .customShort("c"), help: ArgumentHelp("Run this line, then exit.", valueName: "line"))
    var command: String?

    @Flag(name: .long, help: "Print the version and exit.")
    var version = false

    @Flag(name: .long, help: .hidden)
    var generateManPage = false

    @Argument(help: ArgumentHelp("A script to run (cardsh commands or pcsc-tools scriptor lines).", valueName: "file"),
              completion: .file())
    var script: String?

    func validate() throws {
        if sim && reader != nil { throw ValidationError("--sim and --reader exclude each other; choose one.") }
        if command != nil && script != nil { throw ValidationError("-c and a script file exclude each other; choose one.") }
    }
}
