import Foundation
import Testing

@testable import LineEditor

/// Tests that create editors run one at a time: libedit's set-up (terminal capabilities through
/// termcap) is not thread-safe, and a `LineEditor` is used from one thread only.
@Suite(.serialized)
enum LineEditorInstanceTests {}

/// History in memory and in its file. The editor reads from /dev/null here: history needs no terminal.
extension LineEditorInstanceTests {
    @Suite("LineEditor history")
    struct LineEditorHistoryTests {
        final class Scratch {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("cardsh-le-\(UUID().uuidString)")
            init() throws { try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true) }
            deinit { try? FileManager.default.removeItem(at: root) }
            func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
        }

        static func editor(history path: String?, size: Int = 100) throws -> LineEditor {
            let null = open("/dev/null", O_RDWR)
            defer { close(null) }
            return try LineEditor(
                programName: "cardsh-test", inputFD: null, outputFD: null, historyPath: path, historySize: size,
                readsEditrc: false)
        }

        static func permissions(_ path: String) throws -> Int? {
            try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        }

        @Test func emptyLinesAndImmediateRepeatsAreSkipped() throws {
            let editor = try Self.editor(history: nil)
            for line in ["sw 9000", "", "   ", "sw 9000", "atr", "sw 9000", "sw 9000"] { editor.addHistory(line) }
            #expect(editor.historyEntries == ["sw 9000", "atr", "sw 9000"])
        }

        @Test func sizeLimitKeepsTheNewest() throws {
            let editor = try Self.editor(history: nil, size: 3)
            for line in ["a", "b", "c", "d", "e"] { editor.addHistory(line) }
            #expect(editor.historyEntries == ["c", "d", "e"])
        }

        @Test func missingFileIsAnEmptyHistory() throws {
            let scratch = try Scratch()
            let editor = try Self.editor(history: scratch.path("absent/history"))
            #expect(editor.historyLoadError == nil)
            #expect(editor.historyEntries.isEmpty)
        }

        /// Entries survive a save and a load byte for byte, including characters libedit escapes.
        @Test func saveThenLoadRoundTrips() throws {
            let scratch = try Scratch()
            let path = scratch.path("state/cardsh/history")
            let lines = [
                "apdu 00A4 0400 07 A0000000041010 # select", "set trace both", "tab\there", "back\\slash", "é ü",
            ]
            do {
                let editor = try Self.editor(history: path)
                lines.forEach(editor.addHistory)
                try editor.saveHistory()
            }
            #expect(try Self.permissions(path) == 0o600)
            #expect(try Self.permissions(scratch.path("state/cardsh")) == 0o700)
            #expect(try Self.permissions(scratch.path("state")) == 0o700)
            let reloaded = try Self.editor(history: path)
            #expect(reloaded.historyLoadError == nil)
            #expect(reloaded.historyEntries == lines)
        }

        /// Two shells on one file: each save appends that shell's new entries to what the file holds now,
        /// while each shell's own recall list stays its own.
        @Test func sharedFileKeepsEveryShellsEntries() throws {
            let scratch = try Scratch()
            let path = scratch.path("history")
            let first = try Self.editor(history: path)
            first.addHistory("a1")
            try first.saveHistory()
            let second = try Self.editor(history: path)
            second.addHistory("b1")
            try second.saveHistory()
            first.addHistory("a2")
            first.addHistory("a3")
            try first.saveHistory()
            second.addHistory("b2")
            try second.saveHistory()
            #expect(try Self.editor(history: path).historyEntries == ["a1", "b1", "a2", "a3", "b2"])
            #expect(first.historyEntries == ["a1", "a2", "a3"])
            #expect(second.historyEntries == ["a1", "b1", "b2"])
        }

        @Test func fileKeepsTheNewestEntriesUpToTheSize() throws {
            let scratch = try Scratch()
            let path = scratch.path("history")
            let first = try Self.editor(history: path, size: 3)
            ["a", "b"].forEach(first.addHistory)
            try first.saveHistory()
            let second = try Self.editor(history: path, size: 3)
            ["c", "d"].forEach(second.addHistory)
            try second.saveHistory()
            #expect(try Self.editor(history: path).historyEntries == ["b", "c", "d"])
        }

        /// A save with nothing new leaves the file untouched (and creates none).
        @Test func saveWithoutNewEntriesWritesNothing() throws {
            let scratch = try Scratch()
            let path = scratch.path("history")
            let editor = try Self.editor(history: path)
            try editor.saveHistory()
            #expect(!FileManager.default.fileExists(atPath: path))
            editor.addHistory("atr")
            try editor.saveHistory()
            try "replaced\n".write(toFile: path, atomically: false, encoding: .utf8)
            try editor.saveHistory()
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "replaced\n")
        }

        /// A file that turns unreadable after start-up is reported when saving and left alone.
        @Test func fileSpoiledAfterStartIsReportedAndKept() throws {
            let scratch = try Scratch()
            let path = scratch.path("history")
            let editor = try Self.editor(history: path)
            try "spoiled\n".write(toFile: path, atomically: false, encoding: .utf8)
            editor.addHistory("atr")
            #expect(throws: LineEditorError.self) { try editor.saveHistory() }
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "spoiled\n")
        }

        /// Saving replaces the file (no temporary left behind) and keeps mode 0600 even if it was wider.
        @Test func saveReplacesAnExistingFile() throws {
            let scratch = try Scratch()
            let path = scratch.path("history")
            do {
                let editor = try Self.editor(history: path)
                editor.addHistory("first")
                try editor.saveHistory()
            }
            chmod(path, 0o644)
            let editor = try Self.editor(history: path)
            editor.addHistory("second")
            try editor.saveHistory()
            #expect(try Self.permissions(path) == 0o600)
            #expect(try Self.editor(history: path).historyEntries == ["first", "second"])
            #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.root.path) == ["history"])
        }

        @Test func directoryInPlaceOfTheFileIsUnreadable() throws {
            let scratch = try Scratch()
            let path = scratch.path("history")
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            let editor = try Self.editor(history: path)
            #expect(editor.historyLoadError == .historyUnreadable(path: path, errno: EISDIR))
        }

        /// A file in another format is reported and never overwritten.
        @Test func foreignFileIsReportedAndKept() throws {
            let scratch = try Scratch()
            let path = scratch.path("history")
            let original = "this is not a libedit history file\n"
            try original.write(toFile: path, atomically: true, encoding: .utf8)
            let editor = try Self.editor(history: path)
            guard case .historyUnreadable(let reported, _) = editor.historyLoadError else {
                Issue.record("expected historyUnreadable, got \(String(describing: editor.historyLoadError))")
                return
            }
            #expect(reported == path)
            editor.addHistory("sw 9000")
            try editor.saveHistory()
            #expect(try String(contentsOfFile: path, encoding: .utf8) == original)
        }

        @Test func emptyFileIsAnEmptyHistory() throws {
            let scratch = try Scratch()
            let path = scratch.path("history")
            #expect(FileManager.default.createFile(atPath: path, contents: Data()))
            let editor = try Self.editor(history: path)
            #expect(editor.historyLoadError == nil)
            #expect(editor.historyEntries.isEmpty)
        }

        /// A path under a regular file is reported when loading, and saving then leaves it alone.
        @Test func pathUnderARegularFileIsReportedAtLoad() throws {
            let scratch = try Scratch()
            #expect(FileManager.default.createFile(atPath: scratch.path("plain"), contents: Data()))
            let path = scratch.path("plain/sub/history")
            let editor = try Self.editor(history: path)
            #expect(editor.historyLoadError == .historyUnreadable(path: path, errno: ENOTDIR))
            editor.addHistory("atr")
            try editor.saveHistory()
            #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.root.path) == ["plain"])
        }

        /// The temporary file's name taken by a directory: the error names `open` and EEXIST.
        @Test func saveFailureNamesTheFailedStep() throws {
            let scratch = try Scratch()
            let path = scratch.path("history")
            try FileManager.default.createDirectory(
                atPath: path + ".\(getpid()).tmp", withIntermediateDirectories: false)
            let editor = try Self.editor(history: path)
            editor.addHistory("atr")
            #expect(throws: LineEditorError.historyNotSaved(path: path, function: "open", errno: EEXIST)) {
                try editor.saveHistory()
            }
            #expect(!FileManager.default.fileExists(atPath: path))
        }

        @Test func withoutAPathSavingDoesNothing() throws {
            let editor = try Self.editor(history: nil)
            editor.addHistory("atr")
            try editor.saveHistory()
            #expect(editor.historyPath == nil)
        }
    }

    /// Reading lines when the input is not a terminal (libedit reads plain lines then).
    @Suite("LineEditor reading")
    struct LineEditorReadingTests {
        @Test func readsLinesThenEndOfInputFromAPipe() throws {
            var fds: [Int32] = [0, 0]
            #expect(pipe(&fds) == 0)
            let text = "sw 9000\n\nlast line\n"
            _ = text.withCString { write(fds[1], $0, strlen($0)) }
            close(fds[1])
            let null = open("/dev/null", O_WRONLY)
            defer {
                close(fds[0])
                close(null)
            }
            let editor = try LineEditor(programName: "cardsh-test", inputFD: fds[0], outputFD: null, readsEditrc: false)
            #expect(!LineEditor.isTerminal(fds[0]))
            #expect(editor.readLine(prompt: "> ") == .line("sw 9000"))
            #expect(editor.readLine(prompt: "> ") == .line(""))
            #expect(editor.readLine(prompt: "> ") == .line("last line"))
            #expect(editor.readLine(prompt: "> ") == .endOfInput)
        }

        @Test func devNullIsNotATerminal() {
            let null = open("/dev/null", O_RDONLY)
            defer { close(null) }
            #expect(!LineEditor.isTerminal(null))
            #expect(!LineEditor.isTerminal(-1))
        }
    }
}
