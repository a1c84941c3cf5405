import Foundation

/// A failure with what the terminal showed, so a failed wait explains itself.
struct TerminalTestError: Error, CustomStringConvertible {
    let description: String
}

/// The built `cardsh` executable: package root/.build/debug/cardsh.
enum CardshBinary {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path() throws -> String {
        let path = packageRoot.appendingPathComponent(".build/debug/cardsh").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TerminalTestError(description: "\(path) is missing: run `swift build --product cardsh` first")
        }
        return path
    }
}

/// A scratch directory standing in for the user's home and state directories, removed in deinit.
final class ScratchHome {
    let root: URL
    var home: URL { root.appendingPathComponent("home") }
    var state: URL { root.appendingPathComponent("state") }
    var historyFile: URL { state.appendingPathComponent("cardsh/history") }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("cardsh-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    /// The controlled environment a shell under test sees.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = [
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": home.path,
            "XDG_STATE_HOME": state.path,
            "TERM": "xterm-256color",
            "NO_COLOR": "1",
            "LANG": "C.UTF-8",
            "SWIFT_BACKTRACE": "enable=no",
        ]
        environment.merge(extra) { _, new in new }
        return environment
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }
}

/// One command running in a detached tmux pane of 120x40 on its own tmux server, so tests can run in
/// parallel. The pane stays after the command exits (remain-on-exit) so its exit status can be read.
final class TmuxSession {
    static let tmux = "/usr/bin/tmux"
    let socket = "cardsh-test-\(getpid())-\(UUID().uuidString.prefix(8))"
    private let configFile: URL
    private let environment: [String: String]
    /// The server's socket file, removed after the server stops (tmux leaves it behind).
    private var socketPath: String?

    /// Starts `command` (a shell command line) in a new tmux server with exactly `environment`.
    init(command: String, environment: [String: String], directory: URL) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.tmux) else {
            throw TerminalTestError(description: "\(Self.tmux) is missing: apt-get install tmux")
        }
        self.environment = environment
        configFile = directory.appendingPathComponent("\(socket).tmux.conf")
        let configuration = """
            set -g remain-on-exit on
            set -g status off
            set -g default-terminal xterm-256color
            set -g history-limit 1000
            """
        try configuration.write(to: configFile, atomically: true, encoding: .utf8)
        try Self.run(
            ["-L", socket, "-f", configFile.path, "new-session", "-d", "-s", "main", "-x", "120", "-y", "40", command],
            environment: environment)
        socketPath = try? tmux(["display-message", "-p", "#{socket_path}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    deinit {
        kill()
    }

    /// Sends keys as tmux names them: text, or `Tab`, `Enter`, `Up`, `Escape`, `C-c`, `C-d`.
    func send(keys: String...) throws {
        try tmux(["send-keys", "-t", "main"] + keys)
    }

    /// Sends text as typed characters, with no key-name lookup.
    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", "main", "-l", text])
    }

    /// Pastes `text` into the pane in one write, as a terminal does with pasted text.
    func paste(_ text: String, directory: URL) throws {
        let file = directory.appendingPathComponent("\(socket).paste")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        try tmux(["load-buffer", file.path])
        try tmux(["paste-buffer", "-d", "-t", "main"])
    }

    /// Resizes the window, as a person resizing the terminal does (the command gets SIGWINCH).
    func resize(columns: Int, rows: Int) throws {
        try tmux(["resize-window", "-t", "main:", "-x", String(columns), "-y", String(rows)])
    }

    /// The visible screen, one line per row, trailing blank rows removed.
    func screen() throws -> String {
        var text = try tmux(["capture-pane", "-p", "-t", "main"])
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// Polls the screen every 20 ms until `condition` holds, at most `timeout`.
    @discardableResult
    func waitForScreen(
        _ what: String, timeout: Duration = .seconds(10), until condition: (_ lines: [String]) -> Bool
    ) throws -> [String] {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var lines: [String] = []
        repeat {
            lines = try screen().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if condition(lines) { return lines }
            Thread.sleep(forTimeInterval: 0.02)
        } while clock.now < deadline
        throw TerminalTestError(
            description: "timed out after \(timeout) waiting for \(what); screen:\n" + lines.joined(separator: "\n"))
    }

    /// Waits until the screen contains `text` somewhere.
    @discardableResult
    func waitForScreen(containing text: String, timeout: Duration = .seconds(10)) throws -> [String] {
        try waitForScreen("\"\(text)\"", timeout: timeout) { lines in lines.contains { $0.contains(text) } }
    }

    /// Waits until the command in the pane has exited and returns its exit status; a command ended
    /// by a signal is an error naming the signal.
    func waitForExit(timeout: Duration = .seconds(10)) throws -> Int32 {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var lastNudge = clock.now
        repeat {
            let fields = try tmux(
                ["display-message", "-p", "-t", "main", "#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}:#{pid}"]
            ).trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":", omittingEmptySubsequences: false)
            if fields.count == 4, fields[0] == "1" {
                if let status = Int32(fields[1]) { return status }
                if !fields[2].isEmpty {
                    throw TerminalTestError(
                        description: "the command was ended by signal \(fields[2]); screen:\n" + (try screen()))
                }
                // tmux 3.3a here sometimes sees the pane's terminal close but misses the SIGCHLD that
                // would collect the exit status, leaving the command a zombie. Another SIGCHLD makes the
                // server collect it (sent every 100 ms while the status is missing).
                if clock.now - lastNudge > .milliseconds(100), let server = pid_t(fields[3]) {
                    Glibc.kill(server, SIGCHLD)
                    lastNudge = clock.now
                }
            }
            Thread.sleep(forTimeInterval: 0.02)
        } while clock.now < deadline
        throw TerminalTestError(
            description: "timed out after \(timeout) waiting for the command to exit; screen:\n" + (try screen()))
    }

    /// The cursor position in the pane, from 0.
    func cursor() throws -> (column: Int, row: Int) {
        let fields = try tmux(["display-message", "-p", "-t", "main", "#{cursor_x} #{cursor_y}"])
            .split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard fields.count == 2 else { throw TerminalTestError(description: "no cursor position: \(fields)") }
        return (fields[0], fields[1])
    }

    /// The process id of the pane's command.
    func panePID() throws -> pid_t {
        let text = try tmux(["display-message", "-p", "-t", "main", "#{pane_pid}"])
        guard let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TerminalTestError(description: "no pane pid in \(text.debugDescription)")
        }
        return pid
    }

    /// Whether the command in the pane is still running.
    func isAlive() throws -> Bool {
        try tmux(["display-message", "-p", "-t", "main", "#{pane_dead}"]).hasPrefix("0")
    }

    /// Stops the tmux server and everything in it.
    func kill() {
        _ = try? tmux(["kill-server"])
        if let socketPath, socketPath.hasSuffix("/" + socket) { unlink(socketPath) }
        try? FileManager.default.removeItem(at: configFile)
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        try Self.run(["-L", socket] + arguments, environment: environment)
    }

    @discardableResult
    private static func run(_ arguments: [String], environment: [String: String]) throws -> String {
        let result = try runProcess(tmux, arguments, environment: environment)
        guard result.status == 0 else {
            throw TerminalTestError(
                description: "tmux \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.errors)")
        }
        return result.output
    }
}

/// How a program run by `runProcess` ended.
struct ProcessResult {
    /// The exit status, or 128 + the signal number when a signal ended it.
    var status: Int32
    var output: String
    var errors: String
}

/// Runs a program to completion with `posix_spawn` and `waitpid`. Output goes through files, not
/// pipes, because a program that leaves a daemon behind (the tmux server) would hold a pipe open.
/// The child starts with no blocked signals and default dispositions: test threads block most
/// signals, and a blocked SIGINT would be inherited by the shell under test.
func runProcess(
    _ executable: String, _ arguments: [String], environment: [String: String], input: Data? = nil
) throws -> ProcessResult {
    let directory = FileManager.default.temporaryDirectory
    let name = "cardsh-test-\(UUID().uuidString)"
    let inputFile = directory.appendingPathComponent(name + ".in")
    let outputFile = directory.appendingPathComponent(name + ".out")
    let errorFile = directory.appendingPathComponent(name + ".err")
    try (input ?? Data()).write(to: inputFile)
    defer {
        for file in [inputFile, outputFile, errorFile] { try? FileManager.default.removeItem(at: file) }
    }

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, input == nil ? "/dev/null" : inputFile.path, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errorFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var mask = sigset_t()
    sigemptyset(&mask)
    posix_spawnattr_setsigmask(&attributes, &mask)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD, SIGTSTP, SIGWINCH] {
        sigaddset(&defaults, signal)
    }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var pid = pid_t()
    let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
    guard spawned == 0 else {
        throw TerminalTestError(description: "posix_spawn \(executable) failed: \(String(cString: strerror(spawned)))")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
        guard errno == EINTR else {
            throw TerminalTestError(description: "waitpid \(executable) failed: \(String(cString: strerror(errno)))")
        }
    }
    let signal = status & 0x7F
    return ProcessResult(
        status: signal == 0 ? (status >> 8) & 0xFF : 128 + signal,
        output: (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "",
        errors: (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "")
}

/// Quotes a string for a POSIX shell command line.
func shellQuoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
