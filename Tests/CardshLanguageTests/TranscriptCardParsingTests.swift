import Testing

@testable import CardshLanguage

/// `connect transcript FILE` and the `help variables` topic in the language.
@Suite struct TranscriptCardParsingTests {
    @Test(arguments: [
        ("connect transcript s.cardsh", ConnectTarget.transcript("s.cardsh")),
        ("connect TRANSCRIPT \"my dir/s.cardsh\"", .transcript("my dir/s.cardsh")),
        ("connect transcript", .name("transcript")),
        ("connect \"transcript\" s.cardsh", .name("transcript s.cardsh")),
        ("connect Virtual PCD 00 00", .name("Virtual PCD 00 00")),
    ])
    func connectTargets(line: String, target: ConnectTarget) throws {
        let parsed = try #require(command(line))
        #expect(parsed == .connect(ConnectOptions(target: target)))
        // The printed form parses back to the same command.
        #expect(command(parsed.canonicalText) == parsed)
    }

    @Test func helpVariablesIsATopic() {
        #expect(command("help variables") == .help(command: "variables", subcommand: nil))
        #expect(command("help variables x") == nil)
    }

    @Test func completion() {
        #expect(completionResult(line: "connect t", cursor: 9).candidates == ["transcript"])
        #expect(completionResult(line: "connect transcript ", cursor: 19).request == .filePaths)
        #expect(completionResult(line: "help v", cursor: 6).candidates == ["variables"])
    }
}
