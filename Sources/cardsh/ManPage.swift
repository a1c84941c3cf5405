import ArgumentParser
import CardshLanguage

/// cardsh.1 in man(7) roff: the options from the argument parser's help, the shell commands from
/// `CommandTable.all`. `cardsh --generate-man-page > docs/cardsh.1` (or `make man`) writes it.
enum ManPage {
    static func render() -> String {
        var page = Roff()
        page.request("TH", "CARDSH", "1", "", "cardsh \(CardshOptions.version)", "User Commands")
        page.section("NAME")
        page.text("cardsh - interactive smart-card shell: APDUs, TLV, GlobalPlatform secure channels")
        let help = ParsedHelp(CardshOptions.helpMessage(includeHidden: false, columns: 10_000))
        page.section("SYNOPSIS")
        page.line("\\fBcardsh\\fR " + Roff.escape(help.usage))
        description(&page)
        page.section("OPTIONS")
        for entry in help.arguments + help.options {
            page.request("TP")
            page.line(Roff.labelled(entry.label))
            page.text(entry.summary)
        }
        commands(&page)
        configuration(&page)
        page.section("EXIT STATUS")
        for (status, meaning) in [
            ("0", "Every command succeeded and every expectation held."),
            ("1", "A command failed, an expectation (expect, replay --check) did not hold, or the start-up "
                + "connection failed in a script."),
            ("2", "Usage error: a bad option, or a config file that cannot be read or has an error (the message "
                + "names its line)."),
        ] {
            page.request("TP")
            page.line("\\fB" + status + "\\fR")
            page.text(meaning)
        }
        environment(&page)
        files(&page)
        examples(&page)
        page.section("SEE ALSO")
        page.line("\\fBcardsh\\-sim\\fR(1), \\fBpcscd\\fR(8), \\fBpcsc_scan\\fR(1), \\fBscriptor\\fR(1), "
            + "\\fBopensc\\-explorer\\fR(1)")
        return page.output
    }

    private static func description(_ page: inout Roff) {
        page.section("DESCRIPTION")
        page.text(
            "cardsh talks to a smart card through a PC/SC reader (pcsc-lite) or through its built-in virtual "
                + "GlobalPlatform card, and shows every exchange decoded: the APDU's fields, the status word's "
                + "meaning and the response's BER-TLV tree with tag names. It opens GlobalPlatform SCP03 secure "
                + "channels, after which every command is wrapped and every response unwrapped.")
        page.request("PP")
        page.text(
            "With no script, -c or piped input it is an interactive shell with line editing, history and "
                + "completion. A script file, -c LINE or standard input runs without a prompt and stops at the "
                + "first failing command unless --keep-going is given. A line is one or more commands separated "
                + "by ';'; '#' starts a comment; a line that is only hex is sent as an APDU. The commands are "
                + "listed under COMMANDS; inside the shell, help COMMAND shows the same text.")
    }

    private static func commands(_ page: inout Roff) {
        page.section("COMMANDS")
        for group in CommandGroup.allCases {
            let specs = CommandTable.all.filter { $0.group == group }
            if specs.isEmpty { continue }
            page.subsection(group.rawValue.prefix(1).uppercased() + group.rawValue.dropFirst())
            for spec in specs {
                if spec.subcommands.isEmpty || spec.runsAlone || !spec.options.isEmpty || !spec.positionals.isEmpty {
                    command(spec, into: &page)
                }
                for sub in spec.subcommands { command(sub, into: &page) }
            }
        }
    }

    private static func command(_ spec: CommandSpec, into page: inout Roff) {
        page.request("TP")
        page.line("\\fB" + Roff.escape(spec.usage) + "\\fR")
        page.text(spec.summary + (spec.aliases.isEmpty ? "" : " Also: " + spec.aliases.joined(separator: ", ") + "."))
        for argument in spec.positionals {
            page.request("RS")
            page.request("TP")
            page.line("\\fI" + Roff.escape(argument.name) + "\\fR")
            page.text(argument.summary)
            page.request("RE")
        }
        for option in spec.options {
            page.request("RS")
            page.request("TP")
            var label = "\\fB" + Roff.escape(option.spelled) + "\\fR"
            if let value = option.value { label += " \\fI" + Roff.escape(value.placeholder) + "\\fR" }
            page.line(label)
            page.text(option.summary)
            page.request("RE")
        }
        page.request("IP")
        page.text(spec.examples.count == 1 ? "Example:" : "Examples:")
        page.request("RS", "4")
        page.request("nf")
        for example in spec.examples { page.text(example) }
        page.request("fi")
        page.request("RE")
    }

    private static func configuration(_ page: inout Roff) {
        page.section("CONFIGURATION")
        page.text(
            "The config file is TOML (a subset: tables, strings, integers, booleans, comments). Every "
                + "problem is an error that names its line; unknown tables and keys are errors that list the "
                + "allowed ones. Tables:")
        for (name, meaning) in [
            ("[keysets.NAME]",
             "A key set for scp03 open --keyset NAME. Keys (hex strings): key (one key for ENC, MAC and DEK), "
                + "or enc, mac and dek, or key-file (a file holding them). kvn (integer), level (a level name or "
                + "the P1 byte) and mode (s8 or s16) are defaults the command line overrides. oce-cert, oce-key "
                + "and ca name SCP11 files. A file holding literal keys should be readable by its owner only: "
                + "cardsh warns otherwise."),
            ("[aliases]", "NAME = \"AID in hex\": select NAME uses it before the built-in names."),
            ("[defaults]",
             "reader (a number, sim, or a reader name), output (text or json), color (auto, on, off), "
                + "trace (off, wire, plain, both). Options on the command line win."),
        ] {
            page.request("TP")
            page.line("\\fB" + Roff.escape(name) + "\\fR")
            page.text(meaning)
        }
        page.request("PP")
        page.text("Example:")
        page.request("RS")
        page.request("nf")
        for line in [
            "[keysets.lab]", "key = \"404142434445464748494A4B4C4D4E4F\"", "kvn = 0x30",
            "level = \"cmac+cdec+rmac+renc\"",
            "", "[aliases]", "mytest = \"A000000151000001\"", "", "[defaults]", "output = \"text\"", "trace = \"off\"",
        ] {
            page.text(line)
        }
        page.request("fi")
        page.request("RE")
    }

    private static func environment(_ page: inout Roff) {
        page.section("ENVIRONMENT")
        for (name, meaning) in [
            ("NO_COLOR", "When set and not empty, output is never colored."),
            ("CARDSH_CONFIG", "The config file to read (empty: none); --config overrides it."),
            ("XDG_CONFIG_HOME", "Base of the config file (default ~/.config)."),
            ("CARDSH_HISTORY", "The history file (empty: no history file)."),
            ("XDG_STATE_HOME", "Base of the history file (default ~/.local/state)."),
            ("HOME", "Used when the XDG variables are unset or not absolute."),
        ] {
            page.request("TP")
            page.line("\\fB" + Roff.escape(name) + "\\fR")
            page.text(meaning)
        }
    }

    private static func files(_ page: inout Roff) {
        page.section("FILES")
        for (name, meaning) in [
            ("$XDG_CONFIG_HOME/cardsh/config.toml", "The config file (see CONFIGURATION)."),
            ("$XDG_STATE_HOME/cardsh/history", "Lines typed at the prompt; literal keys are redacted."),
        ] {
            page.request("TP")
            page.line("\\fI" + Roff.escape(name) + "\\fR")
            page.text(meaning)
        }
    }

    private static func examples(_ page: inout Roff) {
        page.section("EXAMPLES")
        for (command, meaning) in [
            ("cardsh --sim", "An interactive shell on the built-in virtual card."),
            ("cardsh --reader yubi -c 'select isd; gp data cplc'", "Run one line against a reader, then exit."),
            ("cardsh --sim --json -c 'select piv'", "One JSON object per command, for scripts."),
            ("cardsh --reader 0 --record batch1.cardsh", "Record a session; replay it later with replay FILE --check."),
            ("cardsh --sim -c 'scp03 open --keyset lab; gp status'", "Open SCP03 with a key set from the config file."),
        ] {
            page.request("TP")
            page.line("\\fB" + Roff.escape(command) + "\\fR")
            page.text(meaning)
        }
    }
}

/// The options and usage from the argument parser's help text.
struct ParsedHelp {
    struct Entry {
        var label: String
        var summary: String
    }

    var usage = ""
    var arguments: [Entry] = []
    var options: [Entry] = []

    init(_ text: String) {
        var section = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("USAGE: ") {
                usage = String(line.dropFirst("USAGE: cardsh ".count))
                continue
            }
            if line.hasSuffix(":") && !line.hasPrefix(" ") {
                section = line
                continue
            }
            let trimmed = line.drop { $0 == " " }
            if trimmed.isEmpty { continue }
            let indent = line.count - trimmed.count
            if indent <= 2 {
                var label = String(trimmed)
                var summary = ""
                if let gap = trimmed.firstRange(of: "  ") {
                    label = String(trimmed[..<gap.lowerBound])
                    summary = trimmed[gap.upperBound...].trimmingSpaces
                }
                let entry = Entry(label: label, summary: summary)
                if section == "ARGUMENTS:" {
                    arguments.append(entry)
                } else if section == "OPTIONS:" {
                    options.append(entry)
                }
            } else if section == "ARGUMENTS:" {
                Self.append(String(trimmed), to: &arguments)
            } else if section == "OPTIONS:" {
                Self.append(String(trimmed), to: &options)
            }
        }
    }
}

extension ParsedHelp {
    /// A wrapped summary's next line.
    fileprivate static func append(_ continuation: String, to entries: inout [Entry]) {
        guard !entries.isEmpty else { return }
        let last = entries.count - 1
        entries[last].summary += (entries[last].summary.isEmpty ? "" : " ") + continuation
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

/// A man(7) document being written.
struct Roff {
    private(set) var output = ""

    /// Text safe for roff: backslashes, hyphens (as \-, so they are not hyphenated or turned into dashes),
    /// and a leading control character.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for c in text {
            switch c {
            case "\\": escaped += "\\e"
            case "-": escaped += "\\-"
            default: escaped.append(c)
            }
        }
        if escaped.hasPrefix(".") || escaped.hasPrefix("'") { escaped = "\\&" + escaped }
        return escaped
    }

    /// `-c <line>` and `--reader <name>` with the option bold and the value italic.
    static func labelled(_ label: String) -> String {
        label.split(separator: " ").map { part -> String in
            if part.hasPrefix("<") {
                return "\\fI" + escape(String(part.dropFirst().dropLast().prefix { $0 != ">" }))
                    + "\\fR" + escape(String(part.drop { $0 != ">" }.dropFirst()))
            }
            return "\\fB" + escape(String(part)) + "\\fR"
        }.joined(separator: " ")
    }

    mutating func request(_ name: String, _ arguments: String...) {
        output += "." + name
        for argument in arguments { output += " \"" + argument + "\"" }
        output += "\n"
    }

    mutating func section(_ name: String) { request("SH", name) }

    mutating func subsection(_ name: String) { request("SS", name) }

    /// A line of already-formatted roff.
    mutating func line(_ roff: String) { output += roff + "\n" }

    /// Plain text, escaped.
    mutating func text(_ plain: String) { output += Roff.escape(plain) + "\n" }
}
