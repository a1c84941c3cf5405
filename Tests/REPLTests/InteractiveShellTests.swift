import Foundation
import Testing

/// `cardsh --sim` in a real terminal (tmux): prompt, commands, completion, history, Ctrl-C, Ctrl-D,
/// the user's editrc. Each test has its own tmux server and its own scratch home.
///
/// Every step waits for the screen state it causes before the next key is sent, as a person would.
@Suite("Interactive shell in a terminal")
struct InteractiveShellTests {
    /// A running shell and the bare prompt it showed first.
    struct Shell {
        let session: TmuxSession
        let prompt: String

        /// What was typed after the prompt on a row, or nil when the row is not a prompt row.
        func input(on row: String) -> String? {
            guard row.hasPrefix(prompt) else { return nil }
            return String(row.dropFirst(prompt.count)).trimmingCharacters(in: .whitespaces)
        }

        func promptRows(_ lines: [String]) -> Int {
            lines.filter { input(on: $0) != nil }.count
        }

        func lastRow(_ lines: [String]) -> String? {
            lines.last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        }

        /// Rows that are not prompt rows (command output, completion listings, messages).
        func outputRows(_ lines: [String]) -> [String] {
            lines.filter { input(on: $0) == nil && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        }

        /// Waits until the last row is the prompt followed by exactly `text`.
        @discardableResult
        func waitForInputLine(_ text: String) throws -> [String] {
            try session.waitForScreen("the input line \"\(text)\"") { lines in
                lastRow(lines).flatMap(input(on:)) == text
            }
        }

        /// Sends `keys`, then waits for a fresh empty prompt below the current last prompt row.
        @discardableResult
        func sendAndWaitForFreshPrompt(_ keys: String...) throws -> [String] {
            let before = promptRows(try session.screen().split(separator: "\n").map(String.init))
            for key in keys { try session.send(keys: key) }
            return try session.waitForScreen("a fresh prompt after \(keys)") { lines in
                promptRows(lines) > before && lastRow(lines).flatMap(input(on:)) == ""
            }
        }

        /// Types a line, presses Enter and waits for the next prompt; returns the screen.
        @discardableResult
        func run(_ line: String) throws -> [String] {
            try session.type(line)
            try waitForInputLine(line)
            return try sendAndWaitForFreshPrompt("Enter")
        }
    }

    /// Starts `cardsh --sim` (or `command`, with `%cardsh` standing for the binary's quoted path) and
    /// waits for the first prompt.
    static func start(
        _ scratch: ScratchHome, environment extra: [String: String] = [:], command: String = "%cardsh --sim"
    ) throws -> Shell {
        let binary = try CardshBinary.path()
        let session = try TmuxSession(
            command: command.replacingOccurrences(of: "%cardsh", with: shellQuoted(binary)),
            environment: scratch.environment(extra), directory: scratch.root)
        return Shell(session: session, prompt: try waitForFirstPrompt(session))
    }

    /// Waits for the first prompt: the last row starts with `cardsh` and holds the cursor (rows above
    /// it, such as a banner or a message, may also start with `cardsh`). Returns it, trimmed.
    static func waitForFirstPrompt(_ session: TmuxSession) throws -> String {
        var prompt = ""
        try session.waitForScreen("the first prompt") { lines in
            guard let row = lines.lastIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }),
                lines[row].hasPrefix("cardsh"), (try? session.cursor().row) == row
            else { return false }
            prompt = lines[row].trimmingCharacters(in: .whitespaces)
            return true
        }
        return prompt
    }

    @Test func promptStartsWithProgramName() throws {
        let scratch = try ScratchHome()
        let shell = try Self.start(scratch)
        #expect(shell.prompt.hasPrefix("cardsh"))
        #expect(try shell.session.isAlive())
    }

    @Test func enteredCommandRuns() throws {
        let scratch = try ScratchHome()
        let shell = try Self.start(scratch)
        let lines = try shell.run("sw 9000")
        let inputRow = try #require(lines.firstIndex { shell.input(on: $0) == "sw 9000" })
        let output = shell.outputRows(Array(lines[(inputRow + 1)...]))
        #expect(
            output.contains { $0.contains("9000") }, "no output row with 9000 in:\n\(lines.joined(separator: "\n"))")
    }

    /// With standard output piped (`cardsh --sim | cat > log`), the prompt and editing stay on the
    /// terminal and the log gets the command output alone, without escape sequences.
    @Test func pipedOutputKeepsEditingOnTheTerminal() throws {
        let scratch = try ScratchHome()
        let log = scratch.root.appendingPathComponent("log.txt")
        let shell = try Self.start(scratch, command: "%cardsh --sim | cat > \(shellQuoted(log.path))")
        try shell.session.type("se")
        try shell.waitForInputLine("se")
        try shell.session.send(keys: "Tab")
        try shell.session.type("l")
        try shell.session.send(keys: "Tab")
        try shell.session.type("Z")
        try shell.waitForInputLine("select Z")
        try shell.session.send(keys: "C-u")
        try shell.waitForInputLine("")
        try shell.session.type("sw 9000")
        try shell.waitForInputLine("sw 9000")
        try shell.sendAndWaitForFreshPrompt("Enter")
        try shell.session.send(keys: "C-d")
        _ = try shell.session.waitForExit()
        let text = try String(contentsOf: log, encoding: .utf8)
        #expect(text.contains("9000"))
        #expect(!text.contains("cardsh"), "prompt in the log: \(text.debugDescription)")
        #expect(!text.utf8.contains(0x1B), "escape sequences in the log: \(text.debugDescription)")
    }

    /// Several lines pasted at once all run, in order, each after its own prompt.
    @Test func pastedLinesRunInOrder() throws {
        let scratch = try ScratchHome()
        let shell = try Self.start(scratch)
        try shell.session.paste("sw 9000\r# pasted\rsw 9000\r", directory: scratch.root)
        let lines = try shell.session.waitForScreen("three commands and a fresh prompt") { lines in
            shell.promptRows(lines) == 4 && shell.lastRow(lines).flatMap(shell.input(on:)) == ""
        }
        let inputs = lines.compactMap(shell.input(on:))
        #expect(inputs == ["sw 9000", "# pasted", "sw 9000", ""])
        let prompts = lines.indices.filter { shell.input(on: lines[$0]) != nil }
        // Each `sw 9000` has its answer before the next prompt.
        for (index, next) in [(prompts[0], prompts[1]), (prompts[2], prompts[3])] {
            #expect(lines[(index + 1)..<next].contains { $0.contains("9000") }, "\(lines)")
        }
    }

    /// With colors allowed the prompt may carry escape sequences; the cursor still lands right after
    /// the visible prompt and the typed text, also after moving within the line.
    @Test func cursorColumnIgnoresPromptColors() throws {
        let scratch = try ScratchHome()
        let shell = try Self.start(scratch, command: "exec env -u NO_COLOR %cardsh --sim")
        try shell.session.type("sw 9000")
        var lines = try shell.waitForInputLine("sw 9000")
        var row = lines.lastIndex { !$0.trimmingCharacters(in: .whitespaces).isEmpty }!
        var cursor = try shell.session.cursor()
        #expect(
            cursor.row == row && cursor.column == lines[row].count, "cursor \(cursor) on \(lines[row].debugDescription)"
        )
        try shell.session.send(keys: "C-a")
        try shell.session.send(keys: "Right", "Right")
        try shell.session.type("Z")
        lines = try shell.waitForInputLine("swZ 9000")
        row = lines.lastIndex { !$0.trimmingCharacters(in: .whitespaces).isEmpty }!
        let afterZ = lines[row].distance(from: lines[row].startIndex, to: lines[row].firstIndex(of: "Z")!) + 1
        cursor = try shell.session.cursor()
        #expect(cursor.row == row && cursor.column == afterZ, "cursor \(cursor) on \(lines[row].debugDescription)")
    }

    /// Tab on a word with one candidate inserts it and a space (checked by typing a marker after it).
    @Test(arguments: [("sel", "select "), ("set tr", "set trace ")])
    func tabCompletesTheOnlyCandidate(typed: String, completed: String) throws {
        let scratch = try ScratchHome()
        let shell = try Self.start(scratch)
        try shell.session.type(typed)
        try shell.waitForInputLine(typed)
        try shell.session.send(keys: "Tab")
        try shell.session.type("Z")
        try shell.waitForInputLine(completed + "Z")
    }

    @Test func tabListsSeveralCandidatesAndRedisplaysTheLine() throws {
        let scratch = try ScratchHome()
        let shell = try Self.start(scratch)
        try shell.session.type("se")
        try shell.waitForInputLine("se")
        try shell.session.send(keys: "Tab")
        func isListing(_ row: String) -> Bool {
            let words = row.split(separator: " ")
            return shell.input(on: row) == nil && words.contains("select") && words.contains("set")
        }
        let lines = try shell.session.waitForScreen("a listing of select and set, then the line again") { lines in
            lines.contains(where: isListing) && shell.lastRow(lines).flatMap(shell.input(on:)) == "se"
        }
        // The candidates are below the first input row, and the line is shown again below them.
        let listing = lines.firstIndex(where: isListing)!
        let inputRows = lines.indices.filter { shell.input(on: lines[$0]) == "se" }
        #expect(inputRows.count == 2)
        #expect(inputRows.first! < listing && listing < inputRows.last!)
        // The redisplayed line is still being edited: completing it further works.
        try shell.session.type("l")
        try shell.waitForInputLine("sel")
        try shell.session.send(keys: "Tab")
        try shell.session.type("Z")
        try shell.waitForInputLine("select Z")
    }

    /// Candidates are laid out in the terminal's current width, also after a resize in mid-line, and
    /// the line being edited survives the resize.
    @Test func listingFollowsTheWindowWidth() throws {
        let scratch = try ScratchHome()
        let shell = try Self.start(scratch)
        func listing(after lines: [String], from start: Int) -> [String] {
            Array(lines[start...].prefix { shell.input(on: $0) == nil })
        }
        try shell.session.type("s")
        try shell.waitForInputLine("s")
        try shell.session.send(keys: "Tab")
        var lines = try shell.session.waitForScreen("a listing below the line") { lines in
            shell.promptRows(lines) == 2 && shell.lastRow(lines).flatMap(shell.input(on:)) == "s"
        }
        let wide = listing(after: lines, from: 1)
        #expect(wide.count == 1, "expected one row of candidates at 120 columns: \(wide)")
        let candidates = wide.joined(separator: " ").split(separator: " ").map(String.init)
        #expect(candidates.count >= 3)

        // Narrow, but wide enough that the prompt and the line do not wrap. tmux rewraps the rows
        // already shown, so clear the screen (Ctrl-L) before listing again.
        let narrow = shell.prompt.count + 8
        try shell.session.resize(columns: narrow, rows: 40)
        try shell.session.send(keys: "C-l")
        try shell.session.waitForScreen("the line alone on a cleared screen") { lines in
            shell.promptRows(lines) == 1 && shell.lastRow(lines).flatMap(shell.input(on:)) == "s"
        }
        try shell.session.send(keys: "Tab")
        lines = try shell.session.waitForScreen("a second listing") { lines in
            shell.promptRows(lines) == 2 && shell.lastRow(lines).flatMap(shell.input(on:)) == "s"
        }
        let firstPrompt = lines.firstIndex { shell.input(on: $0) != nil }!
        let tall = listing(after: lines, from: firstPrompt + 1)
        #expect(tall.count > 1, "expected several rows of candidates at \(narrow) columns: \(tall)")
        #expect(tall.allSatisfy { $0.count <= narrow }, "\(tall)")
        #expect(Set(tall.joined(separator: " ").split(separator: " ").map(String.init)) == Set(candidates))
    }

    /// Ctrl-Z under a job-control shell stops cardsh with the terminal restored; `fg` resumes the
    /// same line.
    @Test func controlZStopsAndResumesTheLine() throws {
        let scratch = try ScratchHome()
        let binary = try CardshBinary.path()
        let rcfile = scratch.root.appendingPathComponent("bashrc")
        try Data("PS1='outer$ '\n".utf8).write(to: rcfile)
        let session = try TmuxSession(
            command: "exec bash --noprofile --rcfile \(shellQuoted(rcfile.path)) -i",
            environment: scratch.environment(), directory: scratch.root)
        try session.waitForScreen(containing: "outer$")
        try session.type("\(shellQuoted(binary)) --sim")
        try session.send(keys: "Enter")
        let shell = Shell(session: session, prompt: try Self.waitForFirstPrompt(session))
        try session.type("sel")
        try shell.waitForInputLine("sel")
        try session.send(keys: "C-z")
        try session.waitForScreen("the outer shell after the stop") { lines in
            lines.contains { $0.contains("Stopped") } && shell.lastRow(lines)?.hasPrefix("outer$") == true
        }
        try session.type("stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon")
        try session.send(keys: "Enter")
        let settings = try session.waitForScreen("the terminal mode") { lines in
            lines.contains { $0 == "icanon" || $0 == "-icanon" }
        }
        #expect(settings.contains("icanon") && !settings.contains("-icanon"))
        try session.type("fg")
        try session.send(keys: "Enter")
        try shell.waitForInputLine("sel")
        try session.send(keys: "Tab")
        try session.type("Z")
        try shell.waitForInputLine("select Z")
    }

    @Test func historyIsRecalledAfterRestart() throws {
        let scratch = try ScratchHome()
        do {
            let first = try Self.start(scratch)
            try first.run("sw 9000")
            try first.session.send(keys: "C-d")
            #expect(try first.session.waitForExit() == 0)
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: scratch.historyFile.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let directory = try FileManager.default.attributesOfItem(
            atPath: scratch.historyFile.deletingLastPathComponent().path)
        #expect((directory[.posixPermissions] as? Int) == 0o700)

        let second = try Self.start(scratch)
        try second.session.send(keys: "Up")
        try second.waitForInputLine("sw 9000")
        let lines = try second.sendAndWaitForFreshPrompt("Enter")
        #expect(second.outputRows(lines).contains { $0.contains("9000") })
    }

    @Test func historyPathFollowsCardshHistory() throws {
        let scratch = try ScratchHome()
        let custom = scratch.root.appendingPathComponent("custom/deeper/history.txt")
        let shell = try Self.start(scratch, environment: ["CARDSH_HISTORY": custom.path])
        try shell.run("sw 9000")
        try shell.session.send(keys: "C-d")
        #expect(try shell.session.waitForExit() == 0)
        let text = try String(contentsOf: custom, encoding: .utf8)
        #expect(text.contains("9000"))
        #expect(!FileManager.default.fileExists(atPath: scratch.historyFile.path))
    }

    @Test func emptyCardshHistoryKeepsNoFile() throws {
        let scratch = try ScratchHome()
        let shell = try Self.start(scratch, environment: ["CARDSH_HISTORY": ""])
        try shell.run("sw 9000")
        try shell.session.send(keys: "Up")
        try shell.waitForInputLine("sw 9000")
        try shell.session.send(keys: "C-u", "C-d")
        #expect(try shell.session.waitForExit() == 0)
        #expect(!FileManager.default.fileExists(atPath: scratch.state.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.home.path).isEmpty)
    }

    /// Without a usable XDG_STATE_HOME (unset, or relative, which the XDG Base Directory
    /// Specification says to ignore) history goes to ~/.local/state/cardsh/history.
    @Test(arguments: ["exec env -u XDG_STATE_HOME %cardsh --sim", "XDG_STATE_HOME=relative/state exec %cardsh --sim"])
    func historyDefaultsToLocalState(command: String) throws {
        let scratch = try ScratchHome()
        let shell = try Self.start(scratch, command: command)
        try shell.run("sw 9000")
        try shell.session.send(keys: "C-d")
        #expect(try shell.session.waitForExit() == 0)
        let file = scratch.home.appendingPathComponent(".local/state/cardsh/history")
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try Self.permissions(scratch.home.appendingPathComponent(".local/state/cardsh")) == 0o700)
    }

    static func permissions(_ url: URL) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
    }

    /// An unreadable history file is reported in one line; the shell still works and leaves it alone.
    @Test func unreadableHistoryFileIsReportedAndKept() throws {
        let scratch = try ScratchHome()
        let bad = scratch.root.appendingPathComponent("not-a-history")
        try Data("this is not a libedit history file\n".utf8).write(to: bad)
        let shell = try Self.start(scratch, environment: ["CARDSH_HISTORY": bad.path])
        let lines = try shell.session.screen().split(separator: "\n").map(String.init)
        // The 120-column pane may wrap the message, so look for the file's name.
        let reports = lines.filter { $0.contains("not-a-history") }
        #expect(reports.count == 1, "screen:\n\(lines.joined(separator: "\n"))")
        try shell.run("sw 9000")
        try shell.session.send(keys: "C-d")
        #expect(try shell.session.waitForExit() == 0)
        #expect(try String(contentsOf: bad, encoding: .utf8) == "this is not a libedit history file\n")
    }

    @Test func controlCAbandonsTheLineAndTheShellStaysAlive() throws {
        let scratch = try ScratchHome()
        let shell = try Self.start(scratch)
        try shell.session.type("sw 90")
        try shell.waitForInputLine("sw 90")
        var lines = try shell.sendAndWaitForFreshPrompt("C-c")
        // The abandoned line did not run: the row after it is the fresh prompt.
        let abandoned = try #require(lines.firstIndex { shell.input(on: $0) == "sw 90" })
        #expect(shell.input(on: lines[abandoned + 1]) == "")
        #expect(try shell.session.isAlive())

        // A second Ctrl-C on an empty line also gives a fresh prompt, and the shell still runs commands.
        try shell.sendAndWaitForFreshPrompt("C-c")
        lines = try shell.run("sw 9000")
        #expect(shell.outputRows(lines).contains { $0.contains("9000") })
        // The abandoned line is not in history: Up recalls the command that ran, and nothing older.
        try shell.session.send(keys: "Up")
        try shell.waitForInputLine("sw 9000")
        try shell.session.send(keys: "Up")
        try shell.session.type("Z")
        try shell.waitForInputLine("sw 9000Z")
    }

    /// Ctrl-C while a script runs stops it before its next line and gives the prompt back; the session and
    /// history stay.
    @Test func controlCDuringAScriptStopsItAndTheShellStays() throws {
        let scratch = try ScratchHome()
        let script = scratch.root.appendingPathComponent("long.cardsh")
        try String(repeating: "apdu 80CA9F7F00\n", count: 50_000)
            .write(to: script, atomically: true, encoding: .utf8)
        let shell = try Self.start(scratch)
        try shell.session.type("run \(script.path)")
        try shell.waitForInputLine("run \(script.path)")
        try shell.session.send(keys: "Enter")
        // Wait until the script is running (responses are on screen), then interrupt it.
        try shell.session.waitForScreen("the script running") { lines in lines.contains { $0.contains("9000") } }
        let lines = try shell.sendAndWaitForFreshPrompt("C-c")
        // Rows are joined without their trailing blanks, so compare without spaces (the message wraps).
        let screen = lines.joined().filter { $0 != " " }
        #expect(screen.contains("error:interrupt:stoppedbyCtrl-Cbefore`apdu80CA9F7F00`;therestdidnotrun."))
        #expect(try shell.session.isAlive())
        let after = try shell.run("sw 9000")
        #expect(shell.outputRows(after).contains { $0.contains("9000: normal processing") })
        try shell.session.send(keys: "Up")
        try shell.waitForInputLine("sw 9000")
        try shell.session.send(keys: "Up")
        try shell.waitForInputLine("run \(script.path)")
    }

    /// Some launchers start programs with SIGINT blocked; Ctrl-C at the prompt still abandons the line.
    @Test func controlCWorksWhenStartedWithSIGINTBlocked() throws {
        let scratch = try ScratchHome()
        let blocker =
            "import os, signal, sys; signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}); "
            + "os.execv(sys.argv[1], sys.argv[1:])"
        let shell = try Self.start(scratch, command: "exec /usr/bin/python3 -c \(shellQuoted(blocker)) %cardsh --sim")
        try shell.session.type("sw 90")
        try shell.waitForInputLine("sw 90")
        try shell.sendAndWaitForFreshPrompt("C-c")
        #expect(try shell.session.isAlive())
        let lines = try shell.run("sw 9000")
        #expect(shell.outputRows(lines).contains { $0.contains("9000") })
    }

    @Test func controlDOnAnEmptyLineExitsWithStatusZero() throws {
        let scratch = try ScratchHome()
        let shell = try Self.start(scratch)
        try shell.session.send(keys: "C-d")
        #expect(try shell.session.waitForExit() == 0)
    }

    @Test func quitExitsWithStatusZero() throws {
        let scratch = try ScratchHome()
        let shell = try Self.start(scratch)
        try shell.session.type("quit")
        try shell.waitForInputLine("quit")
        try shell.session.send(keys: "Enter")
        #expect(try shell.session.waitForExit() == 0)
    }

    /// How a test makes the shell leave.
    enum ExitPath: String, CaseIterable, CustomTestStringConvertible {
        case controlD, quit, terminated, hungUp
        var testDescription: String { rawValue }
    }

    /// The terminal is back in canonical mode with echo after the shell exits, whichever way it left,
    /// including SIGTERM and SIGHUP while it waits at the prompt. The shell runs under `sh`, which
    /// records `stty -a` afterwards (`trap : INT` keeps `sh` alive through the Ctrl-C and leaves SIGINT
    /// at its default in the shell under test).
    @Test(arguments: ExitPath.allCases)
    func terminalIsSaneAfterExit(path: ExitPath) throws {
        let scratch = try ScratchHome()
        let settings = scratch.root.appendingPathComponent("stty.txt")
        let shell = try Self.start(
            scratch, command: "trap : INT; %cardsh --sim; stty -a > \(shellQuoted(settings.path))")
        try shell.session.type("sw 90")
        try shell.waitForInputLine("sw 90")
        try shell.sendAndWaitForFreshPrompt("C-c")
        try shell.session.type("sel")
        try shell.waitForInputLine("sel")
        switch path {
        case .controlD:
            try shell.session.send(keys: "C-u", "C-d")
        case .quit:
            try shell.session.send(keys: "C-u")
            try shell.waitForInputLine("")
            try shell.session.type("quit")
            try shell.waitForInputLine("quit")
            try shell.session.send(keys: "Enter")
        case .terminated, .hungUp:
            // The pane runs `sh`; the shell under test is its only child.
            let sh = try shell.session.panePID()
            let children = try String(contentsOfFile: "/proc/\(sh)/task/\(sh)/children", encoding: .utf8)
            let child = try #require(pid_t(children.trimmingCharacters(in: .whitespacesAndNewlines)))
            kill(child, path == .terminated ? SIGTERM : SIGHUP)
        }
        _ = try shell.session.waitForExit()
        let flags = try String(contentsOf: settings, encoding: .utf8)
            .split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).map(String.init)
        for flag in ["icanon", "echo", "isig", "icrnl", "opost"] {
            #expect(flags.contains(flag), "stty -a lacks \(flag): \(flags)")
        }
    }

    /// `bind -v` in ~/.editrc (also scoped as `cardsh:bind -v`) gives vi keys: type the argument,
    /// Escape, `0` to the line start, `i` to insert the command name before it.
    @Test(arguments: ["bind -v", "cardsh:bind -v"])
    func editrcViModeIsHonoured(editrc: String) throws {
        let scratch = try ScratchHome()
        try Data((editrc + "\n").utf8).write(to: scratch.home.appendingPathComponent(".editrc"))
        let shell = try Self.start(scratch)
        try shell.session.type("9000")
        try shell.waitForInputLine("9000")
        try shell.session.send(keys: "Escape")
        try shell.session.type("0")
        try shell.session.type("i")
        try shell.session.type("sw ")
        try shell.waitForInputLine("sw 9000")
        let lines = try shell.sendAndWaitForFreshPrompt("Enter")
        #expect(shell.outputRows(lines).contains { $0.contains("9000") })
        // Tab still completes in vi insert mode.
        try shell.session.type("sel")
        try shell.waitForInputLine("sel")
        try shell.session.send(keys: "Tab")
        try shell.session.type("Z")
        try shell.waitForInputLine("select Z")
    }

    /// An editrc line scoped to another program does not apply: the same keys stay in emacs mode,
    /// where Escape-0 is an argument, not "go to line start".
    @Test func editrcLineForAnotherProgramIsIgnored() throws {
        let scratch = try ScratchHome()
        try Data("otherprogram:bind -v\n".utf8).write(to: scratch.home.appendingPathComponent(".editrc"))
        let shell = try Self.start(scratch)
        try shell.session.type("9000")
        try shell.waitForInputLine("9000")
        try shell.session.send(keys: "Escape")
        try shell.session.type("0")
        try shell.session.type("i")
        try shell.session.type("sw Z")
        let lines = try shell.session.waitForScreen("the typed marker") { lines in
            shell.lastRow(lines).flatMap(shell.input(on:))?.hasSuffix("Z") ?? false
        }
        #expect(shell.lastRow(lines).flatMap(shell.input(on:)) != "sw 9000Z")
    }
}
