import Foundation
import Testing

/// With standard input not a terminal, `cardsh --sim` reads lines itself: no prompt, no editor codes.
@Suite("Shell reading input that is not a terminal")
struct ScriptInputTests {
    @Test func linesFromAFileRunWithoutPromptOrEscapes() throws {
        let scratch = try ScratchHome()
        let result = try runProcess(
            try CardshBinary.path(), ["--sim"], environment: scratch.environment(), input: Data("sw 9000\n".utf8))
        let text = result.output
        #expect(result.status == 0)
        #expect(text.contains("9000"))
        #expect(!text.contains("cardsh sim>"))
        #expect(!text.utf8.contains(0x1B), "escape sequences in output: \(text.debugDescription)")
        #expect(!FileManager.default.fileExists(atPath: scratch.historyFile.path))
    }
}
