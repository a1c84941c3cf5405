import Foundation
import Testing

/// `make bench` is not a test (no timing is asserted anywhere), but its pieces must stay runnable: the driver
/// and the peer loops parse, the C helpers compile, and the in-process benchmark runs its checks on a tiny load.
@Suite struct BenchScriptTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, out: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = Self.root
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self))
    }

    @Test func driverAndLoopsParse() throws {
        let help = try run("/usr/bin/python3", ["Bench/bench.py", "--help"])
        #expect(help.status == 0, "\(help.out)")
        for section in ["overhead", "scp03", "startup", "tlv", "memory", "soak"] {
            #expect(help.out.contains(section))
        }
        // Compiled in memory: nothing written next to the sources.
        let compiled = try run(
            "/usr/bin/python3",
            ["-c", "import sys\nfor f in sys.argv[1:]: compile(open(f).read(), f, 'exec')",
             "Bench/pyscard_loop.py", "Bench/yubikit_scp03_loop.py"])
        #expect(compiled.status == 0, "\(compiled.out)")
        let shell = try run("/bin/bash", ["-n", "Bench/run.sh"])
        #expect(shell.status == 0, "\(shell.out)")
    }

    @Test(arguments: ["Bench/bare_transmit.c", "Bench/launch_time.c"])
    func helperCompiles(source: String) throws {
        let result = try run("/bin/sh", ["-c", "cc -fsyntax-only -Wall -Wextra -Werror $(pkg-config --cflags libpcsclite) " + source])
        #expect(result.status == 0, "\(result.out)")
    }

    @Test func inProcessBenchmarkRunsItsChecks() throws {
        let binary = Self.root.appendingPathComponent(".build/debug/cardsh-bench").path
        #expect(FileManager.default.isExecutableFile(atPath: binary), "build first: swift build")
        let tlv = try run(binary, ["tlv", "1"])
        #expect(tlv.status == 0, "\(tlv.out)")
        #expect(tlv.out.contains("tlv.bytes 65536"))
        let scp = try run(binary, ["scp03", "200"])
        #expect(scp.status == 0, "\(scp.out)")
        #expect(scp.out.contains("scp03.apdus 200"))
    }
}
