import Foundation
import Testing

/// Runs a built binary of this package (`.build/debug/NAME`) with a clean config environment.
struct BuiltBinary {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Run {
        var status: Int32
        var out: String
        var err: String
    }

    let name: String

    var url: URL { Self.root.appendingPathComponent(".build/debug/" + name) }

    /// Runs with NO_COLOR, no history file, and no config file unless `environment` names one.
    func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Run {
        #expect(FileManager.default.isExecutableFile(atPath: url.path), "build \(name) first: swift build")
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["CARDSH_HISTORY"] = ""
        environment["CARDSH_CONFIG"] = nil
        environment["XDG_CONFIG_HOME"] = "/nonexistent-cardsh-config-home"
        for (key, value) in extra { environment[key] = value }
        return try Self.run(url, arguments, environment: environment, directory: nil)
    }

    static func run(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
                    directory: URL?) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        let outPipe = Pipe(), errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let out = outPipe.fileHandleForReading.readDataToEndOfFile()
        let err = errPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, out: String(decoding: out, as: UTF8.self),
                   err: String(decoding: err, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cardsh-cli-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// The committed completion scripts and man page match what the binaries generate, and install where
/// bash, zsh, fish and man look for them.
@Suite struct GeneratedFilesTests {
    static let completionFiles: [(binary: String, shell: String, file: String)] = [
        ("cardsh", "bash", "completions/cardsh.bash"), ("cardsh", "zsh", "completions/_cardsh"),
        ("cardsh", "fish", "completions/cardsh.fish"), ("cardsh-sim", "bash", "completions/cardsh-sim.bash"),
        ("cardsh-sim", "zsh", "completions/_cardsh-sim"), ("cardsh-sim", "fish", "completions/cardsh-sim.fish"),
    ]

    @Test(arguments: 0..<completionFiles.count)
    func completionScriptMatchesTheArgumentParser(_ index: Int) throws {
        let (binary, shell, file) = Self.completionFiles[index]
        let generated = try BuiltBinary(name: binary).run(["--generate-completion-script", shell])
        #expect(generated.status == 0)
        let committed = try String(contentsOf: BuiltBinary.root.appendingPathComponent(file), encoding: .utf8)
        #expect(generated.out == committed, "\(file) is stale: regenerate with make completions")
    }

    @Test func readerNamesAreCompletedByTheBinary() throws {
        let script = try String(
            contentsOf: BuiltBinary.root.appendingPathComponent("completions/cardsh.bash"), encoding: .utf8)
        #expect(script.contains(
            "'--reader')\n        __cardsh_add_completions -W \"$(__cardsh_custom_complete ---completion -- --reader"))
        // The binary answers the completion request itself (reader names from pcscd; none when it is down).
        let answer = try BuiltBinary(name: "cardsh").run(["---completion", "--", "--reader", "2", "0", "cardsh", "--reader", ""])
        #expect(answer.status == 0)
        #expect(answer.err.isEmpty)
    }

    @Test func manPageMatchesTheGenerator() throws {
        let generated = try BuiltBinary(name: "cardsh").run(["--generate-man-page"])
        #expect(generated.status == 0)
        let committed = try String(
            contentsOf: BuiltBinary.root.appendingPathComponent("docs/cardsh.1"), encoding: .utf8)
        #expect(generated.out == committed, "docs/cardsh.1 is stale: regenerate with make man")
    }

    @Test func manPageHasEverySectionOptionAndCommand() throws {
        let page = try String(contentsOf: BuiltBinary.root.appendingPathComponent("docs/cardsh.1"), encoding: .utf8)
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS", "CONFIGURATION", "EXIT STATUS",
                        "ENVIRONMENT", "FILES", "EXAMPLES"] {
            #expect(page.contains(".SH \"\(section)\"\n"), "section \(section)")
        }
        for option in ["sim", "reader", "json", "keep\\-going", "record", "config", "version"] {
            #expect(page.contains("\\fB\\-\\-\(option)\\fR"), "option --\(option)")
        }
        for variable in ["NO_COLOR", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "CARDSH_HISTORY", "CARDSH_CONFIG"] {
            #expect(page.contains("\\fB\(variable)\\fR"), "variable \(variable)")
        }
        for usage in ["\\fBapdu ", "\\fBscp03 open [", "\\fBselect ", "\\fBhelp ", "\\fBreplay "] {
            #expect(page.contains(usage), "command \(usage)")
        }
        #expect(page.contains("\\fB\\-\\-keyset\\fR \\fINAME\\fR"))
        #expect(!page.contains("generate\\-man\\-page"), "the generator option stays hidden")
    }

    @Test func manPageRendersWithoutWarnings() throws {
        let groff = URL(fileURLWithPath: "/usr/bin/groff")
        try #require(FileManager.default.isExecutableFile(atPath: groff.path),
                     "groff is needed to check the man page: apt-get install groff-base")
        let run = try BuiltBinary.run(groff, ["-man", "-ww", "-z", "docs/cardsh.1"], directory: BuiltBinary.root)
        #expect(run.status == 0)
        #expect(run.err == "", "groff warnings")
    }

    @Test func installPutsEveryFileInItsStandardPlace() throws {
        let destination = try BuiltBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: destination) }
        let make = URL(fileURLWithPath: "/usr/bin/make")
        let run = try BuiltBinary.run(
            make, ["--no-print-directory", "install-files", "INSTALL_CONFIG=debug", "DESTDIR=" + destination.path,
                   "PREFIX=/opt/cardsh"],
            directory: BuiltBinary.root)
        #expect(run.status == 0, "\(run.err)")
        let prefix = destination.appendingPathComponent("opt/cardsh")
        let installed: [(path: String, source: String?)] = [
            ("bin/cardsh", nil), ("bin/cardsh-sim", nil),
            ("share/man/man1/cardsh.1", "docs/cardsh.1"),
            ("share/bash-completion/completions/cardsh", "completions/cardsh.bash"),
            ("share/bash-completion/completions/cardsh-sim", "completions/cardsh-sim.bash"),
            ("share/zsh/site-functions/_cardsh", "completions/_cardsh"),
            ("share/zsh/site-functions/_cardsh-sim", "completions/_cardsh-sim"),
            ("share/fish/vendor_completions.d/cardsh.fish", "completions/cardsh.fish"),
            ("share/fish/vendor_completions.d/cardsh-sim.fish", "completions/cardsh-sim.fish"),
        ]
        for (path, source) in installed {
            let url = prefix.appendingPathComponent(path)
            #expect(FileManager.default.fileExists(atPath: url.path), "installed \(path)")
            if let source {
                #expect(FileManager.default.contentsEqual(
                    atPath: url.path, andPath: BuiltBinary.root.appendingPathComponent(source).path), "\(path)")
            }
        }
        let version = try BuiltBinary.run(prefix.appendingPathComponent("bin/cardsh"), ["--version"], directory: nil)
        #expect(version.out.hasPrefix("cardsh "))
        // `make install` builds release binaries first, with the Swift runtime linked statically.
        let plan = try BuiltBinary.run(make, ["-n", "install"], directory: BuiltBinary.root)
        #expect(plan.out.contains("build -c release --static-swift-stdlib --product cardsh\n"))
        #expect(plan.out.contains("build -c release --static-swift-stdlib --product cardsh-sim\n"))
    }
}
