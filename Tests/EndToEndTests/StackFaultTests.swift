import CardCore
import Foundation
import Testing
import TransportPCSC

extension EndToEnd {
    /// pcscd and cardsh-sim going away under a live cardsh session, killed or restarted: one clear line, the shell
    /// goes on with its history, and `connect` gets the session back.
    @Suite struct StackFaults {
        init() throws { try PCSCStack.ensureMainCard() }

        /// pcscd killed outright (no cleanup, its socket file left behind): the next command says pcscd is gone.
        /// When the kill resets a connection with a request in flight, libpcsclite reports SCARD_W_SECURITY_VIOLATION
        /// instead of a lost service; the shell says what that means.
        @Test(.disabled(if: PCSCStack.foreignPCSCDRunning, "a pcscd not started by scripts/pcsc-stack.sh runs"))
        func pcscdKilled() throws {
            try LiveShell.survives(
                error: "error: select: pcscd is not running (no PC/SC service). Start it",
                orError: "error: select: SCardTransmit failed with SCARD_W_SECURITY_VIOLATION (0x8010006A): pcscd "
                    + "closed the connection (stopped, restarted, or refusing this client).",
                cause: { try PCSCStack.killStarted("pcscd") },
                restore: { try PCSCStack.script("start") })
        }

        /// pcscd restarted between two commands: the shell's handle belongs to the old pcscd.
        @Test(.disabled(if: PCSCStack.foreignPCSCDRunning, "a pcscd not started by scripts/pcsc-stack.sh runs"))
        func pcscdRestartedBetweenCommands() throws {
            try LiveShell.survives(
                error: "error: select: pcscd is not running (no PC/SC service). Start it",
                cause: { try PCSCStack.script("restart-pcscd") })
        }

        /// cardsh-sim killed while a secure channel is open (pcscd sees the card go) and started again before the
        /// next command: the card left, so the channel is gone; after `connect` a new one opens.
        @Test func simKilledWithASecureChannelOpen() throws {
            let open = "scp03 open --level cmac+cdec+rmac+renc"
            try LiveShell.survives(
                setup: ["select isd", open, "gp data cplc"],
                error: "error: gp data: the card was removed from \"\(mainReader)\"; disconnected.",
                line: "gp data cplc",
                recovery: "connect \"\(mainReader)\"; select isd; \(open); gp data cplc",
                cause: {
                    try PCSCStack.killStarted("cardsh-sim", pidFile: "sim-35963.pid")
                    try PCSCReaderProvider().waitForRemoval(reader: mainReader, timeout: .seconds(5))
                    try PCSCStack.script("start-sim")
                })
        }
    }
}

extension LiveShell {
    /// A live shell runs `setup`; `cause` breaks the stack; `line` fails with `error` (or `orError`, where the stack
    /// may answer either way) on standard error; `restore`
    /// brings the stack back; `recovery` (then `sw 6A82`) works in the same process, and `history` lists every line.
    static func survives(
        setup: [String] = ["select isd"], error: String, orError: String? = nil, line: String = "select isd",
        recovery: String = "connect \"\(mainReader)\"; select isd", cause: () throws -> Void,
        restore: () throws -> Void = {}
    ) throws {
        let shell = try LiveShell(EndToEnd.CardshOverPCSC.cardsh, ["--reader", mainReader, "--keep-going"])
        defer { shell.stop() }
        defer { _ = try? PCSCStack.ensureMainCard() }
        for command in setup { try shell.send(command) }
        try shell.send("sw 6A80")
        try shell.waitForOutput(containing: "6A80: checking error")
        #expect(shell.errors.isEmpty, "setup failed: \(shell.errors)")
        try cause()
        try shell.send(line)
        let location = "stdin:\(setup.count + 2): "
        try shell.waitForError(containingAnyOf: ([error] + (orError.map { [$0] } ?? [])).map { location + $0 })
        try restore()
        try shell.send(recovery + "; sw 6A82")
        try shell.waitForOutput(containing: "6A82: checking error")
        try shell.send("history")
        let lines = setup + ["sw 6A80", line, recovery + "; sw 6A82"]
        let listing = lines.enumerated().map { index, text in
            String(repeating: " ", count: 5 - String(index + 1).count) + "\(index + 1)  " + text
        }
        try shell.waitForOutput(containing: listing.joined(separator: "\n"))
        try shell.send("quit")
        // The failed command makes the exit status 1; the shell itself ended normally.
        #expect(shell.waitForExit() == 1)
        #expect(shell.errors.split(separator: "\n").count == 1, "one error line: \(shell.errors)")
    }
}

extension PCSCStack {
    /// SIGKILL to a process the stack script started (its PID file in the state directory), then waits until it is
    /// gone (a zombie counts as gone: orphans are reaped late here).
    static func killStarted(_ name: String, pidFile: String? = nil) throws {
        let file = stateDirectory + "/" + (pidFile ?? name + ".pid")
        guard let text = try? String(contentsOfFile: file, encoding: .utf8),
            let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)),
            (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.hasPrefix(name) == true
        else { throw StackError(description: "no \(name) started by the stack script (\(file))") }
        Glibc.kill(pid, SIGKILL)
        for _ in 0..<500 {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return }
            let state = stat.split(separator: ")").last?.split(separator: " ").first
            if state == "Z" || state == "X" { return }
            usleep(10_000)
        }
        throw StackError(description: "\(name) \(pid) still runs 5 s after SIGKILL")
    }
}
