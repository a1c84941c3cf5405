import Foundation
import Testing

/// In script mode the text is laid out and written on a second thread (Sources/cardsh/OutputPipeline.swift):
/// standard output and standard error must still come out in the order the commands ran.
@Suite struct ScriptOutputOrderTests {
    @Test func resultsAndErrorsStayInOrderOnOneStream() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cardsh-order-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var script = ""
        var expected = ""
        for i in 0..<300 {
            if i % 3 == 2 {
                let word = "nosuch\(i)"
                script += word + "\n"
                let caret = "^" + String(repeating: "~", count: word.count - 1)
                expected += "script:\(i + 1): \(word)\n\(caret)\ncol 1: unknown command\n"
            } else {
                script += "sw 6A82\n"
                expected += "6A82: checking error, file or application not found\n"
            }
        }
        let path = directory.appendingPathComponent("script").path
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // One pipe for both streams, as a terminal or `2>&1` would see them.
        process.arguments = ["-c", "cd \"$1\" && exec \"$2\" --keep-going script 2>&1", "sh", directory.path,
                             CLITests.binary.path]
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["CARDSH_CONFIG"] = ""
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        // The unknown-command message goes on with a suggestion; compare up to "unknown command".
        let shortened = output.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("col 1: unknown command") ? "col 1: unknown command" : String(line)
        }.joined(separator: "\n")
        #expect(shortened == expected)
    }
}
