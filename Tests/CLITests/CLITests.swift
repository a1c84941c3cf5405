import Foundation
import Testing

/// The command-line contract of the `cardsh` binary: options, script modes, output streams, exit status.
@Suite struct CLITests {
    static let binary = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/debug/cardsh")

    struct Run {
        var status: Int32
        var out: String
        var err: String
    }

    func cardsh(_ arguments: [String], stdin: String? = nil) throws -> Run {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build cardsh first: swift build")
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["CARDSH_CONFIG"] = ""
        environment["CARDSH_HISTORY"] = "/dev/null"
        process.environment = environment
        let outPipe = Pipe(), errPipe = Pipe(), inPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = inPipe
        try process.run()
        if let stdin { inPipe.fileHandleForWriting.write(Data(stdin.utf8)) }
        try inPipe.fileHandleForWriting.close()
        let out = outPipe.fileHandleForReading.readDataToEndOfFile()
        let err = errPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, out: String(decoding: out, as: UTF8.self),
                   err: String(decoding: err, as: UTF8.self))
    }

    @Test func versionAndHelp() throws {
        let version = try cardsh(["--version"])
        #expect(version.status == 0)
        #expect(version.out.hasPrefix("cardsh "))
        let help = try cardsh(["--help"])
        #expect(help.status == 0)
        for option in ["--sim", "--reader", "--json", "--keep-going", "--record", "-c"] {
            #expect(help.out.contains(option), "help mentions \(option)")
        }
    }

    @Test func badUsageExitsTwo() throws {
        let run = try cardsh(["--sim", "--reader", "x"])
        #expect(run.status == 2)
        #expect(run.err.contains("--sim and --reader exclude each other"))
        #expect(try cardsh(["--no-such-option"]).status == 2)
    }

    @Test func oneLineWithDashC() throws {
        let run = try cardsh(["--sim", "-c", "select isd; sw 9000"])
        #expect(run.status == 0)
        #expect(run.out.contains("=> 00A40400 08 A000000151000000 00"))
        #expect(run.out.contains("9000: normal processing"))
        #expect(run.err.isEmpty)
    }

    @Test func aFailingCommandExitsOneAndGoesToStandardError() throws {
        let run = try cardsh(["--sim", "-c", "select nosuch"])
        #expect(run.status == 1)
        #expect(run.err.contains("error: select: unknown application name \"nosuch\""))
        #expect(run.out.isEmpty)
    }

    @Test func aCardStatusWordIsDataNotFailure() throws {
        let run = try cardsh(["--sim", "-c", "apdu 00A4040005A0000000FF"])
        #expect(run.status == 0)
        #expect(run.out.contains("6A82"))
    }

    @Test func standardInputIsAScriptThatStopsAtTheFirstFailure() throws {
        let run = try cardsh(["--sim"], stdin: "sw 9000\nselect nosuch\nsw 6A82\n")
        #expect(run.status == 1)
        #expect(run.out.contains("9000: normal processing"))
        #expect(!run.out.contains("6A82"))
        #expect(run.err.contains("stdin:2: error: select"))
        #expect(!run.out.contains("cardsh"), "no prompt in script mode")
    }

    @Test func keepGoingRunsEverythingAndStillFails() throws {
        let run = try cardsh(["--sim", "--keep-going"], stdin: "sw 9000\nselect nosuch\nsw 6A82\n")
        #expect(run.status == 1)
        #expect(run.out.contains("6A82: checking error"))
    }

    @Test func scriptFileWithParseErrorShowsLineAndCaret() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cardsh-cli-\(UUID()).cardsh")
        try "select isd\napdu 00A4 04G0\n".write(to: url, atomically: true, encoding: .utf8)
        let run = try cardsh(["--sim", url.path])
        #expect(run.status == 1)
        #expect(run.err.contains("\(url.path):2: apdu 00A4 04G0\n            ^\ncol 13: expected a hex byte, found \"G0\""))
    }

    @Test func jsonModePrintsOneObjectPerCommandErrorsIncluded() throws {
        let run = try cardsh(["--sim", "--json", "--keep-going", "-c", "select isd; select nosuch"])
        #expect(run.status == 1)
        let lines = run.out.split(separator: "\n")
        // -c stops the line at the failing statement: two objects, the second an error.
        #expect(lines.count == 2)
        let second = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(second["ok"] as? Bool == false)
        #expect(run.err.isEmpty)
    }

    @Test func recordWritesATranscriptThatReplays() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cardsh-rec-\(UUID()).cardsh")
        let record = try cardsh(["--sim", "--record", url.path, "-c", "select isd; gp data cplc"])
        #expect(record.status == 0)
        let replay = try cardsh(["--sim", "-c", "replay \(url.path) --check"])
        #expect(replay.status == 0)
        #expect(replay.out.contains("2 of 2 steps answer as recorded."))
    }

    @Test func noReaderGivesAHintNotAFailure() throws {
        // Without --sim: a script that needs no card still runs, whatever readers there are.
        let run = try cardsh(["-c", "sw 6985"])
        #expect(run.status == 0)
        #expect(run.out.contains("6985: checking error"))
    }
}
