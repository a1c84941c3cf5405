import Testing

@testable import CardshLanguage

/// Every table entry, subcommands included, as (path, spec).
func allSpecs() -> [(path: String, spec: CommandSpec)] {
    var result: [(String, CommandSpec)] = []
    for spec in CommandTable.all {
        result.append((spec.name, spec))
        for sub in spec.subcommands { result.append((spec.name + " " + sub.name, sub)) }
    }
    return result
}

@Suite("CommandTable")
struct CommandTableTests {
    static let examples: [String] = allSpecs().flatMap { $0.spec.examples }

    @Test("every example in the table parses without diagnostics", arguments: examples)
    func exampleParses(line: String) {
        let parsed = parseLine(line)
        #expect(parsed.diagnostics == [], "\(line): \(parsed.diagnostics)")
        #expect(parsed.statements.count == 1)
    }

    @Test("every entry has a summary, a usage and at least one example")
    func entriesAreDocumented() {
        for (path, spec) in allSpecs() {
            #expect(!spec.summary.isEmpty, "\(path)")
            #expect(!spec.examples.isEmpty, "\(path)")
            #expect(spec.usage.hasPrefix(path), "\(path): usage \(spec.usage)")
        }
    }

    @Test("every option appears in its usage synopsis with its placeholder")
    func usageMentionsEveryOption() {
        for (path, spec) in allSpecs() {
            for option in spec.options {
                #expect(spec.usage.contains(option.synopsis), "\(path): \(option.synopsis) in \(spec.usage)")
            }
        }
    }

    @Test("names, aliases, options and subcommands are unique")
    func namesAreUnique() {
        let names = CommandTable.allNames
        #expect(Set(names).count == names.count)
        for (path, spec) in allSpecs() {
            let longs = spec.options.map(\.long)
            #expect(Set(longs).count == longs.count, "\(path)")
            let shorts = spec.options.compactMap(\.short)
            #expect(Set(shorts).count == shorts.count, "\(path)")
            let subs = spec.subcommands.map(\.name)
            #expect(Set(subs).count == subs.count, "\(path)")
        }
    }

    @Test("lookup by command and subcommand, aliases included")
    func lookup() {
        #expect(CommandTable.spec(command: "scp03", subcommand: "open")?.usage.hasPrefix("scp03 open") == true)
        #expect(CommandTable.spec(command: "exit", subcommand: nil)?.name == "quit")
        #expect(CommandTable.spec(command: "gp", subcommand: "nothing") == nil)
        #expect(CommandTable.spec(command: "nothing", subcommand: nil) == nil)
    }

    @Test("every group has at least one command")
    func groupsAreUsed() {
        for group in CommandGroup.allCases {
            #expect(CommandTable.all.contains { $0.group == group }, "\(group)")
        }
    }

    @Test("the secret options are exactly --key, --enc, --mac, --dek")
    func secretOptions() {
        #expect(Redaction.secretOptions == ["key", "enc", "mac", "dek"])
    }

    @Test("exclusive groups name options of their entry")
    func exclusiveGroupsAreValid() {
        for (path, spec) in allSpecs() {
            for group in spec.exclusive {
                for name in group { #expect(spec.option(named: name) != nil, "\(path) \(name)") }
            }
        }
    }
}
