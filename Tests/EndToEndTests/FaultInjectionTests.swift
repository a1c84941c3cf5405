import CardCore
import Foundation
import Testing
import TransportPCSC

extension EndToEnd {
    /// cardsh in a live session against the stack's cardsh-sim told to misbehave through its fault control socket
    /// (`cardsh-sim --fault-control`, armed between two commands): one clear line per fault, the shell goes on with
    /// its history, and the next command after a `reset` works. The same faults run in process in CardFaultTests.
    @Suite struct FaultInjection {
        init() throws { try PCSCStack.ensureMainCard() }

        /// The ISD answers SELECT with a 115-byte FCI (6F 71 ...) and GET DATA 9F7F with 45 bytes (9F7F 2A ...).
        static let cases: [(fault: String, line: String, message: String)] = [
            (
                "short", "select isd",
                "error: select: transport protocol error: the card answered 1 byte (6F), fewer than the status word "
                    + "SW1 SW2. Try again, or `reset`."
            ),
            (
                "truncate", "select isd",
                "warning: the SELECT response is not valid BER-TLV: object at byte 0 declares 113 value bytes, only 55 "
                    + "follow; shown undecoded."
            ),
            (
                "overlong", "select isd",
                "error: select: the card answered 272 data bytes, more than the 256 its Le allows (ISO 7816-4 §5.1); "
                    + "the answer is not used. Try `reset`."
            ),
            (
                "bad-tlv", "apdu 80CA9F7F00",
                "warning: the GET DATA response is not valid BER-TLV: object at byte 0 declares 43 value bytes, only "
                    + "42 follow; shown undecoded."
            ),
            (
                "loop-61", "select isd",
                "error: select: transport protocol error: the card answered 61xx to 511 GET RESPONSE commands in a row "
                    + "and never a final status word; GET RESPONSE loop stopped after 512 exchanges. Try again, or "
                    + "`reset`."
            ),
            (
                "loop-6c", "select isd",
                "error: select: the card asked for Le 16 (6C10), then answered the resend with 6C11; Le retry stopped "
                    + "after one resend (ISO 7816-4 §5.6)."
            ),
            (
                "getresponse-6d00", "apdu 80CA9F7F00",
                "error: apdu: the card announced more data (6110) but answered GET RESPONSE with 6D00 (checking error, "
                    + "instruction code not supported or invalid); the response is incomplete (0 data bytes received)."
            ),
            (
                "drop", "select isd",
                "error: select: transport protocol error: the card answered nothing (0 bytes), not even the status "
                    + "word SW1 SW2. Try again, or `reset`."
            ),
        ]

        @Test(arguments: 0..<cases.count)
        func cardFault(_ index: Int) throws {
            let row = Self.cases[index]
            try survives(fault: row.fault, setup: ["select isd"], line: row.line, message: row.message)
        }

        /// A wrong R-MAC under SCP03 at the full level closes the channel with one sentence; a new channel opens on
        /// the same connection.
        @Test func wrongResponseMAC() throws {
            let open = "scp03 open --level cmac+cdec+rmac+renc"
            try survives(
                fault: "bad-rmac", setup: ["select isd", open], line: "gp data cplc",
                message: "error: gp data: R-MAC of the response (SW 9000) does not verify (GP Amd D v1.2 §6.2.5); the "
                    + "secure channel is closed. Open it again with `scp03 open`.",
                recovery: "select isd; \(open); gp data cplc")
        }

        /// The connection to the card dropped under SCP03: the answer is lost, so the channel closes (its MAC chain
        /// cannot go on); a new channel opens on the same connection.
        @Test func dropUnderASecureChannel() throws {
            let open = "scp03 open --level cmac+cdec+rmac+renc"
            try survives(
                fault: "drop", setup: ["select isd", open], line: "gp data cplc",
                message: "error: gp data: transport protocol error: the card answered nothing (0 bytes), not even the "
                    + "status word SW1 SW2. Try again, or `reset`. The scp03 secure channel is closed: its MAC chain "
                    + "cannot go on after a lost exchange. Open it again with `scp03 open`.",
                recovery: "select isd; \(open); gp data cplc")
        }

        /// A fault armed for a later command: the earlier ones pass, the third fails, the fourth works again.
        @Test func faultOnTheThirdCommand() throws {
            let shell = try LiveShell(CardshOverPCSC.cardsh, ["--reader", mainReader, "--keep-going"])
            defer { shell.stop() }
            defer { _ = try? FaultControl.send("clear") }
            try shell.send("select isd")
            try shell.waitForOutput(containing: "9000 normal processing")
            #expect(try FaultControl.send("short@3") == "ok: armed short@3")
            try shell.send("select isd; gp data cplc; select isd")
            try shell.waitForError(containing: "stdin:2: error: select: transport protocol error: the card answered 1")
            #expect(shell.output.contains("Card production life cycle data (9F7F)"))
            try shell.send("select isd; sw 6A82")
            try shell.waitForOutput(containing: "6A82: checking error")
        }

        /// The interactive shell on a terminal (tmux): a fault fails one line, the prompt comes back, the line
        /// editor recalls the failed line (Up) and it runs again, and the history file keeps every line.
        @Test func interactiveShellRecallsTheFailedLine() throws {
            let directory = NSTemporaryDirectory() + "cardsh-tty-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            defer { _ = try? FaultControl.send("clear") }
            let terminal = try Terminal(
                "env NO_COLOR=1 CARDSH_CONFIG= CARDSH_HISTORY=\(directory)/history TERM=xterm-256color "
                    + "\(CardshOverPCSC.cardsh) --reader '\(mainReader)'")
            defer { terminal.stop() }
            try terminal.waitFor("cardsh \(mainReader)>")
            try terminal.type("select isd")
            try terminal.waitFor("cardsh \(mainReader):isd>")
            #expect(try FaultControl.send("loop-6c") == "ok: armed loop-6c@1")
            try terminal.type("apdu 80CA9F7F00")
            try terminal.waitFor("error: apdu: the card asked for Le 16 (6C10), then answered the resend with 6C11")
            try terminal.keys("Up", "Enter")
            try terminal.waitFor("<= 9F7F2A4790D321")
            try terminal.type("history")
            // The line editor keeps a repeated line once.
            try terminal.waitFor("    1  select isd\n    2  apdu 80CA9F7F00\n    3  history")
            try terminal.type("quit")
            // libedit's file format encodes spaces (strvis): compare with them decoded.
            let saved = try terminal.waitForFile(directory + "/history") { $0.contains("quit") }
            #expect(saved.replacingOccurrences(of: "\\040", with: " ").contains("select isd\napdu 80CA9F7F00\n"))
        }

        @Test func controlSocketRejectsUnknownFaults() throws {
            #expect(try FaultControl.send("nosuch").hasPrefix("error: no fault \"nosuch\"; kinds: drop, short,"))
            #expect(
                try FaultControl.send("drop@0")
                    == "error: after @ comes the command count (1 is the next command), not \"0\"")
            #expect(try FaultControl.send("clear") == "ok: cleared")
        }

        /// A live shell works, `fault` is armed, `line` fails (or warns) with `message` on standard error, the
        /// shell goes on: `recovery` works, and `history` still lists every line.
        func survives(
            fault: String, setup: [String], line: String, message: String,
            recovery: String = "reset; select isd"
        ) throws {
            let shell = try LiveShell(CardshOverPCSC.cardsh, ["--reader", mainReader, "--keep-going"])
            defer { shell.stop() }
            defer { _ = try? FaultControl.send("clear") }
            for command in setup { try shell.send(command) }
            try shell.send("sw 6A80")
            try shell.waitForOutput(containing: "6A80: checking error")
            #expect(try FaultControl.send(fault) == "ok: armed \(fault)@1")
            try shell.send(line)
            try shell.waitForError(containing: "stdin:\(setup.count + 2): " + message)
            #expect(shell.errors.split(separator: "\n").count == 1, "one line: \(shell.errors)")
            if fault == "drop" { try Self.waitUntilTheReaderCarriesAPDUs() }
            try shell.send(recovery + "; sw 6A82")
            try shell.waitForOutput(containing: "6A82: checking error")
            try shell.send("history")
            let lines = setup + ["sw 6A80", line, recovery + "; sw 6A82"]
            let listing = lines.enumerated().map { String($0.offset + 1).leftPadded(to: 5) + "  " + $0.element }
            try shell.waitForOutput(containing: listing.joined(separator: "\n"))
            try shell.send("quit")
            #expect(shell.waitForExit() == (fault == "truncate" || fault == "bad-tlv" ? 0 : 1))
        }

        /// After a dropped vpcd connection the sim connects again at once, but vpcd takes it back only at its next
        /// poll (up to 0.4 s); until then a transmit fails with SCARD_E_NOT_TRANSACTED on the same handle.
        static func waitUntilTheReaderCarriesAPDUs() throws {
            let card = try PCSCReaderProvider().connectCard(reader: mainReader, protocol: .t1)
            defer { card.disconnect() }
            for _ in 0..<250 {
                if let answer = try? card.transmit(selectISD), answer.count > 2 { return }
                usleep(20_000)
            }
            throw StackError(description: "the reader did not carry APDUs again within 5 s of the drop")
        }
    }
}

/// The fault control socket of the stack's cardsh-sim (scripts/pcsc-stack.sh gives every sim one).
enum FaultControl {
    /// Sends one request line (`KIND[@N] ...` or `clear`) and returns the one-line answer.
    static func send(_ request: String, port: Int = 35963) throws -> String {
        try send(request, path: PCSCStack.stateDirectory + "/sim-\(port).control")
    }

    static func send(_ request: String, path: String) throws -> String {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw StackError(description: "socket: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else { throw StackError(description: "connect \(path): errno \(errno)") }
        let bytes = Array((request + "\n").utf8)
        guard write(fd, bytes, bytes.count) == bytes.count else {
            throw StackError(description: "write: errno \(errno)")
        }
        var reply: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 256)
        while true {
            let n = read(fd, &chunk, chunk.count)
            if n <= 0 { break }
            reply += chunk[..<n]
        }
        return String(decoding: reply, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

/// A command in a detached tmux pane on a tmux server of its own (120x40, 2000 lines of scrollback).
final class Terminal {
    let socket = "cardsh-e2e-\(getpid())-\(UUID().uuidString.prefix(8))"

    /// The server's socket file, removed after the server stops (tmux leaves it behind).
    private var socketPath: String?

    init(_ command: String) throws {
        try tmux("new-session", "-d", "-s", "main", "-x", "120", "-y", "40", command)
        socketPath = try? tmux("display-message", "-p", "#{socket_path}")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @discardableResult
    private func tmux(_ arguments: String...) throws -> String {
        let result = try PCSCStack.run("/usr/bin/tmux", ["-L", socket] + arguments)
        guard result.status == 0 else {
            throw StackError(description: "tmux \(arguments.joined(separator: " ")): \(result.stderr)")
        }
        return result.stdout
    }

    /// Types `text` and presses Enter.
    func type(_ text: String) throws {
        try tmux("send-keys", "-t", "main", "-l", text)
        try tmux("send-keys", "-t", "main", "Enter")
    }

    /// Presses keys as tmux names them (`Up`, `Enter`, `C-c`).
    func keys(_ names: String...) throws {
        for name in names { try tmux("send-keys", "-t", "main", name) }
    }

    /// The pane with its scrollback.
    func contents() throws -> String { try tmux("capture-pane", "-p", "-t", "main", "-S", "-2000") }

    func waitFor(_ text: String, seconds: Double = 10) throws {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = (try? contents()) ?? last
            if last.contains(text) { return }
            usleep(20_000)
        }
        throw StackError(description: "the terminal never showed \"\(text)\":\n" + last)
    }

    /// The text of `path` once it satisfies `done`.
    func waitForFile(_ path: String, seconds: Double = 10, until done: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var text = ""
        while Date() < deadline {
            text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            if done(text) { return text }
            usleep(20_000)
        }
        throw StackError(description: "\(path) never had what was expected:\n" + text)
    }

    func stop() {
        _ = try? tmux("kill-server")
        if let socketPath, !socketPath.isEmpty { unlink(socketPath) }
    }
}
