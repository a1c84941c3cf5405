import CardCore
import Foundation
import Testing

extension EndToEnd {
    /// The cardsh binary itself, in script mode, against cardsh-sim in `Virtual PCD 00 00` through
    /// libpcsclite -> pcscd -> vpcd: the path a user's reader takes.
    @Suite struct CardshOverPCSC {
        static let cardsh: String = {
            let own = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            let sibling = own.deletingLastPathComponent().appendingPathComponent("cardsh").path
            if FileManager.default.isExecutableFile(atPath: sibling) { return sibling }
            return PCSCStack.packageRoot.appendingPathComponent(".build/debug/cardsh").path
        }()

        init() throws { try PCSCStack.ensureMainCard() }

        func cardsh(_ arguments: [String], input: String? = nil) throws -> ProcessResult {
            try PCSCStack.run(
                Self.cardsh, arguments, input: input,
                environment: ["NO_COLOR": "1", "CARDSH_CONFIG": "", "CARDSH_HISTORY": ""])
        }

        @Test func readersListsTheVirtualReaderAndSim() throws {
            let result = try cardsh(["-c", "readers"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("[0] \(mainReader): "))
            #expect(result.stdout.contains("  ATR " + Hex.encode(defaultATR)))
            #expect(result.stdout.contains("[sim] sim: present"))
        }

        @Test func connectsByPartOfTheNameAndDecodes() throws {
            let script = """
                atr
                select isd
                select piv
                apdu 00CB3FFF 5C035FC105
                apdu 00CB3FFF 5C035FC105 --raw
                """
            let result = try cardsh(["--reader", "pcd 00 00", "--json"], input: script)
            #expect(result.status == 0, "\(result.stderr)")
            let objects = try result.stdout.split(separator: "\n").map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
            #expect(objects.count == 5)
            let atr = objects[0]["result"] as? [String: Any]
            #expect(atr?["atr"] as? String == Hex.encode(defaultATR))
            #expect(atr?["tck_valid"] as? Bool == true)
            // A 1,200-byte object: GET RESPONSE rounds assemble it in ISO mode...
            let chained = (objects[3]["exchanges"] as? [[String: Any]])?.first
            #expect(chained?["sw"] as? String == "9000")
            #expect(((chained?["data"] as? String)?.count ?? 0) > 2 * 1000)
            #expect(((chained?["rounds"] as? [Any])?.count ?? 0) > 1)
            // ...and strict mode shows the first piece with its 61xx.
            let raw = (objects[4]["exchanges"] as? [[String: Any]])?.first
            #expect((raw?["sw"] as? String)?.hasPrefix("61") == true)
        }

        @Test func extendedLengthCommandOf300Bytes() throws {
            // 300 data bytes need extended Lc; the card answers with the byte count it received (ISD: 6A80
            // for an unknown STORE DATA is fine too): what matters is that the APDU arrived whole.
            let data = String(repeating: "A5", count: 300)
            let result = try cardsh(["--reader", mainReader, "-c", "select isd; apdu 80CA0000 \(data) --le 65536"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("=> 80CA0000 00012C"))
        }

        /// Our SCP03 client against our card through the whole stack: every level x mode x key size.
        @Test func scp03EveryLevelModeAndKeySize() throws {
            let levels = ["none", "cmac", "cmac+cdec", "cmac+rmac", "cmac+cdec+rmac", "cmac+cdec+rmac+renc"]
            var lines = ["select isd"]
            for level in levels {
                for mode in ["--s8", "--s16"] {
                    for (kvn, length) in [(0x30, 16), (0x31, 24), (0x32, 32)] {
                        let key = Hex.encode((0..<length).map { UInt8(0x40 + $0) })
                        lines.append("scp03 open --kvn \(kvn) --key \(key) --level \(level) \(mode)")
                        lines.append("gp data cplc; apdu 80CA00E000 --expect-sw 9000; scp close")
                    }
                }
            }
            let result = try cardsh(["--reader", mainReader, "--json"], input: lines.joined(separator: "\n"))
            #expect(result.status == 0, "\(result.stderr)")
            let objects = try result.stdout.split(separator: "\n").map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
            let opens = objects.filter { $0["command"] as? String == "scp03 open" }
            #expect(opens.count == 36)
            #expect(opens.allSatisfy { $0["ok"] as? Bool == true })
            let wrapped = objects.filter { $0["command"] as? String == "apdu" }
                .compactMap { ($0["exchanges"] as? [[String: Any]])?.first }
            #expect(wrapped.count == 36)
            // Above level none every command crossed the reader wrapped (CLA 84, a MAC appended).
            #expect(wrapped.filter { ($0["wire_c"] as? String)?.hasPrefix("84CA00E0") == true }.count == 30)
        }

        /// The card disappears mid-session: a clear error, the shell goes on (--keep-going), and once the
        /// card is back `connect` works again in the same process.
        @Test func cardRemovedThenReconnected() throws {
            try LiveShell.survives(
                error: "error: select: the card was removed from \"\(mainReader)\"; disconnected.",
                cause: { try PCSCStack.script("stop-sim") }, restore: { try PCSCStack.script("start") })
        }

        /// pcscd stops under a running shell: a clear error; pcscd comes back; `connect` works again.
        @Test func pcscdRestartedUnderTheShell() throws {
            try #require(!PCSCStack.foreignPCSCDRunning, "a pcscd not started by the tests is running")
            try LiveShell.survives(
                error: "error: select: pcscd is not running (no PC/SC service).",
                cause: { try PCSCStack.script("stop-pcscd") }, restore: { try PCSCStack.script("start") })
        }
    }
}

/// A cardsh process fed line by line through a FIFO, its output collected in files, for tests that
/// change the card or the service between two commands.
final class LiveShell {
    let pid: pid_t
    let directory: String
    private var writer: Int32 = -1
    /// `waitForExit` or `stop` has collected the process.
    private var reaped = false

    init(_ executable: String, _ arguments: [String]) throws {
        directory = NSTemporaryDirectory() + "cardsh-live-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard mkfifo(directory + "/in", 0o600) == 0 else { throw StackError(description: "mkfifo: errno \(errno)") }
        // Opened before the spawn and read-write (which does not block on Linux): posix_spawn holds this
        // process until the child has opened its standard input, which needs a writer to exist already.
        writer = open(directory + "/in", O_RDWR | O_CLOEXEC)
        guard writer >= 0 else { throw StackError(description: "open fifo: errno \(errno)") }
        pid = try PCSCStack.spawn(
            executable, arguments, stdin: directory + "/in", stdout: directory + "/out", stderr: directory + "/err",
            environment: ["NO_COLOR": "1", "CARDSH_CONFIG": "", "CARDSH_HISTORY": ""])
    }

    func send(_ line: String) throws {
        let bytes = Array((line + "\n").utf8)
        guard write(writer, bytes, bytes.count) == bytes.count else { throw StackError(description: "write: errno \(errno)") }
    }

    var output: String { (try? String(contentsOfFile: directory + "/out", encoding: .utf8)) ?? "" }
    var errors: String { (try? String(contentsOfFile: directory + "/err", encoding: .utf8)) ?? "" }

    func waitForOutput(containing text: String, seconds: Double = 10) throws {
        try wait(seconds) { self.output.contains(text) } describe: { "stdout never contained \"\(text)\"" }
    }

    func waitForError(containing text: String, seconds: Double = 10) throws {
        try waitForError(containingAnyOf: [text], seconds: seconds)
    }

    func waitForError(containingAnyOf texts: [String], seconds: Double = 10) throws {
        try wait(seconds) { texts.contains { self.errors.contains($0) } } describe: {
            "stderr never contained " + texts.map { "\"\($0)\"" }.joined(separator: " or ")
        }
    }

    private func wait(_ seconds: Double, _ condition: () -> Bool, describe: () -> String) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return }
            usleep(20_000)
        }
        throw StackError(description: describe() + "\n--- stdout:\n" + output + "\n--- stderr:\n" + errors)
    }

    /// Closes standard input and waits (10 s at most) for the exit status.
    func waitForExit() -> Int32? {
        if writer >= 0 { close(writer); writer = -1 }
        reaped = true
        return PCSCStack.wait(pid, seconds: 10)
    }

    func stop() {
        if writer >= 0 { close(writer); writer = -1 }
        // A reaped child is gone: waiting for it again would only run out the 5 s of `terminate`.
        if !reaped && PCSCStack.exitStatusIfExited(pid) == nil { _ = PCSCStack.terminate(pid) }
        reaped = true
        try? FileManager.default.removeItem(atPath: directory)
    }
}
