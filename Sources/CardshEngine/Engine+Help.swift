import CardshLanguage

extension Engine {
    /// `help` lists every command by group; `help NAME [SUB]` shows usage, options and examples.
    func help(command name: String?, subcommand: String?) throws(CommandError) -> HelpText {
        guard let name else { return overview() }
        if name.lowercased() == "variables" { return Engine.variablesHelp }
        guard var spec = CommandTable.spec(named: name) else {
            throw CommandError("no command \"\(name)\"; `help` lists them all.")
        }
        if let subcommand {
            guard let sub = spec.subcommand(named: subcommand) else {
                let subs = spec.subcommands.map(\.name).joined(separator: ", ")
                throw CommandError("\(spec.name) has no subcommand \"\(subcommand)\"; it has: \(subs).")
            }
            spec = sub
        }
        return HelpText(title: spec.usage, lines: Engine.helpLines(spec))
    }

    static func helpLines(_ spec: CommandSpec) -> [String] {
        var lines = ["  " + spec.summary]
        if !spec.aliases.isEmpty { lines.append("  Also: " + spec.aliases.joined(separator: ", ")) }
        if !spec.positionals.isEmpty {
            lines.append("Arguments:")
            for arg in spec.positionals {
                lines.append("  " + arg.name.padding(toLength: 22, withPad: " ", startingAt: 0) + arg.summary)
            }
        }
        if !spec.options.isEmpty {
            lines.append("Options:")
            for option in spec.options {
                var head = option.spelled
                if let value = option.value { head += " " + Engine.placeholder(value) }
                lines.append("  " + head.padding(toLength: 22, withPad: " ", startingAt: 0) + option.summary)
            }
        }
        if !spec.subcommands.isEmpty {
            lines.append("Subcommands:")
            for sub in spec.subcommands {
                lines.append("  " + sub.usage.padding(toLength: 22, withPad: " ", startingAt: 0) + "  " + sub.summary)
            }
        }
        lines.append("Examples:")
        lines += spec.examples.map { "  " + $0 }
        return lines
    }

    static func placeholder(_ kind: ValueKind) -> String {
        switch kind {
        case .number: return "N"
        case .choice(let c): return c.joined(separator: "|")
        case .path: return "PATH"
        case .hex: return "HEX"
        case .securityLevel: return "LEVEL"
        case .statusWordPattern: return "SW"
        case .hexPattern: return "HEX"
        default: return "VALUE"
        }
    }

    private func overview() -> HelpText {
        var lines: [String] = []
        for group in CommandGroup.allCases {
            let specs = CommandTable.all.filter { $0.group == group }
            if specs.isEmpty { continue }
            lines.append(group.rawValue.prefix(1).uppercased() + group.rawValue.dropFirst() + ":")
            for spec in specs {
                lines.append("  " + spec.name.padding(toLength: 12, withPad: " ", startingAt: 0) + spec.summary)
            }
        }
        lines.append("A line that is only hex is sent as an APDU. `;` separates commands, `#` starts a comment.")
        lines.append("`$sw`, `$data[2..5]`, `$tlv(6F/84)` put parts of the last response in a line: `help variables`.")
        lines.append("`help COMMAND` shows options and examples, e.g. `help apdu`.")
        return HelpText(title: "cardsh commands", lines: lines)
    }
}
