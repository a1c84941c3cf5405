import CardCore
import Foundation
import Testing
import TransportPCSC
import TransportSim

/// Every test that needs pcscd: one serialized suite, because there is one pcscd per machine.
/// The stack (pcscd + vpcd + cardsh-sim) is started by `scripts/pcsc-stack.sh start` before the
/// first test and stopped (only what the script started) after the last one.
@Suite(.serialized, .pcscStack)
struct EndToEnd {}

/// The reader vpcd offers on port 35963, where the stack's cardsh-sim is.
let mainReader = "Virtual PCD 00 00"
/// The reader vpcd offers on port 35964, empty unless a test serves a card there.
let secondReader = "Virtual PCD 00 01"

/// Failure to start or drive the stack; the message carries the script's output.
struct StackError: Error, CustomStringConvertible {
    var description: String
}

/// The output of a finished process.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum PCSCStack {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let script = packageRoot.appendingPathComponent("scripts/pcsc-stack.sh").path
    static let stateDirectory = "/tmp/cardsh-pcsc-stack"

    /// $CARDSH_SIM, else cardsh-sim built next to this test binary (swift test builds every
    /// product), else .build/debug/cardsh-sim.
    static let simBinary: String = {
        if let path = ProcessInfo.processInfo.environment["CARDSH_SIM"], !path.isEmpty { return path }
        let own = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let sibling = own.deletingLastPathComponent().appendingPathComponent("cardsh-sim").path
        if FileManager.default.isExecutableFile(atPath: sibling) { return sibling }
        return packageRoot.appendingPathComponent(".build/debug/cardsh-sim").path
    }()

    /// Runs the stack script; throws with its output when it fails.
    @discardableResult
    static func script(_ arguments: String...) throws -> ProcessResult {
        let result = try run(script, arguments, environment: ["CARDSH_SIM": simBinary])
        guard result.status == 0 else {
            throw StackError(
                description: "pcsc-stack.sh \(arguments.joined(separator: " ")) failed (\(result.status)):\n"
                    + result.stdout + result.stderr)
        }
        return result
    }

    /// Whether a pcscd runs that the script did not start (tests must not stop that one).
    static var foreignPCSCDRunning: Bool {
        let status = try? run(script, ["status"], environment: ["CARDSH_SIM": simBinary])
        return status?.stdout.contains("not started by this script") ?? false
    }

    /// Makes sure the stack's card is in `Virtual PCD 00 00` again (after a test removed it).
    static func ensureMainCard() throws {
        let provider = PCSCReaderProvider()
        let present = (try? provider.listReaders())?.contains { $0.name == mainReader && $0.atr != nil } ?? false
        if !present {
            try script("start")
        }
    }

    /// Runs a program to its end (killed after 60 s: status 124) with standard input from `input`.
    static func run(
        _ executable: String, _ arguments: [String], input: String? = nil, environment: [String: String] = [:]
    ) throws -> ProcessResult {
        let directory = NSTemporaryDirectory() + "cardsh-e2e-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let inPath = directory + "/in", outPath = directory + "/out", errPath = directory + "/err"
        try Data((input ?? "").utf8).write(to: URL(fileURLWithPath: inPath))
        let pid = try spawn(
            executable, arguments, stdin: inPath, stdout: outPath, stderr: errPath, environment: environment)
        // Bounded, so a hung peer fails its test instead of the whole run.
        let status = wait(pid, seconds: 60) ?? 124
        return ProcessResult(
            status: status,
            stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    /// Starts a program and returns its PID. Uses posix_spawn with an empty signal mask and default
    /// handlers, so daemons started from here do not inherit this process's blocked signals (they
    /// must stop on SIGTERM). No run loop is involved.
    static func spawn(
        _ executable: String, _ arguments: [String], stdin: String = "/dev/null", stdout: String = "/dev/null",
        stderr: String = "/dev/null", environment: [String: String] = [:]
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGCHLD, SIGPIPE, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard rc == 0 else { throw StackError(description: "posix_spawn \(executable): errno \(rc)") }
        return pid
    }

    /// Waits for a child to exit; its exit status, or 128 + the signal that ended it.
    static func wait(_ pid: pid_t) throws -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw StackError(description: "waitpid: errno \(errno)") }
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG spelled out (the macros do not import).
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    /// Waits at most `seconds` for a child to exit; nil (after killing it) when it did not.
    static func wait(_ pid: pid_t, seconds: Double) -> Int32? {
        for _ in 0..<Int(seconds * 100) {
            if let status = exitStatusIfExited(pid) { return status }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        _ = try? wait(pid)
        return nil
    }

    /// SIGTERM, then `wait(_:seconds:)`: the exit status, or nil when it had to be killed.
    @discardableResult
    static func terminate(_ pid: pid_t, signal: Int32 = SIGTERM) -> Int32? {
        kill(pid, signal)
        return wait(pid, seconds: 5)
    }

    /// Whether a child has exited (reaping it); nil while it runs.
    static func exitStatusIfExited(_ pid: pid_t) -> Int32? {
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}

/// Starts the PC/SC stack around a suite and stops what it started afterwards. There is one pcscd per
/// machine, so a second test run (another checkout, another terminal) waits for this one to finish: the
/// suite holds an exclusive lock on /tmp/cardsh-pcsc-stack.lock from start to stop.
struct PCSCStackTrait: SuiteTrait, TestScoping {
    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let lock = open("/tmp/cardsh-pcsc-stack.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o666)
        guard lock >= 0 else { throw StackError(description: "cannot open /tmp/cardsh-pcsc-stack.lock: errno \(errno)") }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 {
            guard errno == EINTR else { throw StackError(description: "flock: errno \(errno)") }
        }
        defer { flock(lock, LOCK_UN) }
        defer { _ = try? PCSCStack.script("stop") }
        try PCSCStack.script("start")
        try await function()
    }
}

extension Trait where Self == PCSCStackTrait {
    static var pcscStack: Self { Self() }
}

/// What the in-process virtual card answers to `command` right after reset: the reference the
/// bytes that went through pcscd must match.
func expectedAnswer(_ commands: [[UInt8]]) -> [[UInt8]] {
    let card = SimulatedCard()
    card.reset()
    return commands.map { card.process($0) }
}

/// The ATR the virtual card presents by default.
var defaultATR: [UInt8] { SimulatedCard().atr }

let selectISD: [UInt8] = [0x00, 0xA4, 0x04, 0x00, 0x08, 0xA0, 0x00, 0x00, 0x01, 0x51, 0x00, 0x00, 0x00, 0x00]
