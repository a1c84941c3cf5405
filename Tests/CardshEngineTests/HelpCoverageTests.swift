import CardshLanguage
import Testing

@testable import CardshEngine

/// `help` for every command of the table shows its usage, every option and a worked example that parses.
@Suite struct HelpCoverageTests {
    /// `help NAME` and `help NAME SUB` for every command and subcommand.
    static let entries: [(line: String, spec: CommandSpec)] = CommandTable.all.flatMap { spec in
        [("help " + spec.name, spec)] + spec.subcommands.map { ("help " + spec.name + " " + $0.name, $0) }
    }

    @Test(arguments: 0..<entries.count)
    func helpShowsOptionsAndExamples(_ index: Int) throws {
        let (line, spec) = Self.entries[index]
        let result = makeEngine(connected: false).execute(line: line)
        #expect(result.ok, "\(line)")
        guard case .help(let help)? = result.outcomes.first?.result else {
            Issue.record("\(line) gave no help text")
            return
        }
        #expect(help.title == spec.usage)
        #expect(help.lines.contains("  " + spec.summary))
        for option in spec.options {
            #expect(help.lines.contains { $0.hasPrefix("  " + option.spelled + " ") && $0.hasSuffix(option.summary) },
                    "\(line) shows \(option.spelled)")
        }
        for argument in spec.positionals {
            #expect(help.lines.contains { $0.hasPrefix("  " + argument.name) }, "\(line) shows \(argument.name)")
        }
        let examples = try #require(help.lines.firstIndex(of: "Examples:"), "\(line) has examples")
        #expect(!spec.examples.isEmpty, "\(line): at least one worked example")
        #expect(Array(help.lines[(examples + 1)...]) == spec.examples.map { "  " + $0 })
        for example in spec.examples {
            #expect(parseLine(example).diagnostics.isEmpty, "example parses: \(example)")
        }
    }

    @Test func theOverviewNamesEveryCommand() throws {
        let result = makeEngine(connected: false).execute(line: "help")
        guard case .help(let help)? = result.outcomes.first?.result else {
            Issue.record("help gave no help text")
            return
        }
        for spec in CommandTable.all {
            #expect(help.lines.contains { $0.hasPrefix("  " + spec.name + " ") }, "overview lists \(spec.name)")
        }
    }
}
