/// Where a command is listed in `help` and the man page.
public enum CommandGroup: String, CaseIterable, Hashable, Sendable {
    case session
    case apdu
    case decode
    case secureChannel = "secure channel"
    case gp
    case scripting
    case shell
}

/// What a positional argument or an option value accepts.
public enum ValueKind: Hashable, Sendable {
    /// Hex bytes, no `0x`; several tokens are joined (positionals only).
    case hex
    /// An AID in hex or a well-known name the engine resolves (`isd`, `ppse`, `piv`, ...).
    case aidOrName
    /// Decimal or `0x` hex, within the range.
    case number(ClosedRange<Int>)
    /// One word of a fixed list.
    case choice([String])
    /// A word of a fixed list, or 1 to 2 bytes of hex (a GP data object tag).
    case choiceOrTag([String])
    /// A file path (word or quoted string).
    case path
    /// A reader index, `sim`, or a reader name or unique part of one.
    case reader
    /// A command name (for `help`).
    case commandName
    /// A subcommand name of the command before it (for `help`).
    case subcommandName
    /// A status word pattern: 4 hex digits, `?` matches any nibble; comma lists allowed.
    case statusWordPattern
    /// Hex bytes where `??` matches any byte.
    case hexPattern
    /// An SCP03 security level name, or the EXTERNAL AUTHENTICATE P1 byte as a number.
    case securityLevel
    /// A free word or quoted string (an environment variable name, a label).
    case text

    /// What a user must type, for messages: `a number (decimal or 0x hex)`.
    public var phrase: String {
        switch self {
        case .hex: return "hex bytes"
        case .aidOrName: return "an AID (hex) or a name"
        case .number: return "a number (decimal or 0x hex)"
        case .choice(let choices): return "one of " + choices.joined(separator: ", ")
        case .choiceOrTag(let choices): return "one of " + choices.joined(separator: ", ") + " or a 1-2 byte hex tag"
        case .path: return "a path"
        case .reader: return "a reader number, sim, or a reader name"
        case .commandName: return "a command name"
        case .subcommandName: return "a subcommand name"
        case .statusWordPattern: return "a status word pattern (4 hex digits, ? for any nibble)"
        case .hexPattern: return "hex bytes (?? for any byte)"
        case .securityLevel:
            return "a security level (" + SecurityLevelSpec.names.joined(separator: ", ") + ") or a number"
        case .text: return "a name"
        }
    }

    /// Placeholder in synopses: `N`, `HEX`, `t0|t1|any`, `PATH`.
    public var placeholder: String {
        switch self {
        case .hex, .hexPattern: return "HEX"
        case .aidOrName: return "AID|NAME"
        case .number: return "N"
        case .choice(let choices): return choices.joined(separator: "|")
        case .choiceOrTag: return "NAME|TAG"
        case .path: return "PATH"
        case .reader: return "N|sim|NAME"
        case .commandName: return "COMMAND"
        case .subcommandName: return "SUBCOMMAND"
        case .statusWordPattern: return "PATTERN"
        case .securityLevel: return "LEVEL"
        case .text: return "NAME"
        }
    }

    /// The fixed words this kind accepts, for completion.
    public var choices: [String] {
        switch self {
        case .choice(let c), .choiceOrTag(let c): return c
        case .securityLevel: return SecurityLevelSpec.names
        default: return []
        }
    }
}

/// A positional argument of a command.
public struct ArgumentSpec: Hashable, Sendable {
    /// Upper-case placeholder used in usage and messages (`AID`, `PATH`, `N`).
    public var name: String
    public var kind: ValueKind
    public var optional: Bool
    /// Takes all remaining positional tokens (hex written with spaces, reader names).
    public var variadic: Bool
    public var summary: String

    public init(_ name: String, _ kind: ValueKind, optional: Bool = false, variadic: Bool = false, summary: String) {
        self.name = name
        self.kind = kind
        self.optional = optional
        self.variadic = variadic
        self.summary = summary
    }
}

/// An option: `--long VALUE`, `--long=VALUE`, `-s VALUE`, or a flag.
public struct OptionSpec: Hashable, Sendable {
    /// Name without dashes (`le`, `expect-sw`).
    public var long: String
    public var short: Character?
    /// nil for a flag.
    public var value: ValueKind?
    /// May be given more than once (values accumulate).
    public var repeatable: Bool
    /// The value is key material: redacted from history and transcripts.
    public var secret: Bool
    public var summary: String

    public init(
        _ long: String, short: Character? = nil, value: ValueKind? = nil, repeatable: Bool = false,
        secret: Bool = false, summary: String
    ) {
        self.long = long
        self.short = short
        self.value = value
        self.repeatable = repeatable
        self.secret = secret
        self.summary = summary
    }

    public var isFlag: Bool { value == nil }
    /// `--le N`, `--raw`, `--protocol t0|t1|any`.
    public var synopsis: String { value.map { spelled + " " + $0.placeholder } ?? spelled }
    /// `--le`.
    public var spelled: String { "--" + long }
}

/// One command (or subcommand) of the language: the single source for parsing, help, completion and man page.
public struct CommandSpec: Hashable, Sendable {
    public var name: String
    public var aliases: [String]
    public var group: CommandGroup
    /// One line.
    public var summary: String
    /// Synopsis, e.g. `apdu HEX... [--le N] [--raw] [--expect-sw PATTERN]`.
    public var usage: String
    public var positionals: [ArgumentSpec]
    public var options: [OptionSpec]
    /// Options of which at most one may be given, per group.
    public var exclusive: [[String]]
    public var subcommands: [CommandSpec]
    /// With subcommands: the command may also be given with no subcommand and no argument (`set`).
    public var runsAlone: Bool
    /// Complete lines, each of which parses without diagnostics.
    public var examples: [String]

    public init(
        _ name: String, aliases: [String] = [], group: CommandGroup, summary: String, usage: String,
        positionals: [ArgumentSpec] = [], options: [OptionSpec] = [], exclusive: [[String]] = [],
        subcommands: [CommandSpec] = [], runsAlone: Bool = false, examples: [String]
    ) {
        self.name = name
        self.aliases = aliases
        self.group = group
        self.summary = summary
        self.usage = usage
        self.positionals = positionals
        self.options = options
        self.exclusive = exclusive
        self.subcommands = subcommands
        self.runsAlone = runsAlone
        self.examples = examples
    }

    public func option(named long: String) -> OptionSpec? {
        options.first { $0.long == long }
    }

    public func option(short: Character) -> OptionSpec? {
        options.first { $0.short == short }
    }

    public func subcommand(named name: String) -> CommandSpec? {
        subcommands.first { $0.name == name || $0.aliases.contains(name) }
    }
}
