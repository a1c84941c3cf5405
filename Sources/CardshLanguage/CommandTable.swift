/// Every command of the language. Help, completion, the man page and shell completion scripts are
/// generated from this table, and the parser reads arguments and options from it.
public enum CommandTable {
    public static let all: [CommandSpec] = merged(
        session + apduCommands + decode + secureChannel + gp + scripting + shell + kdfCommands
            + keyManagementCommands + scp11Commands)

    /// Folds an entry that repeats an earlier name into it: its subcommands and examples are appended and its usage
    /// joined with ` | `, so a feature can add subcommands to `gp` from its own file.
    static func merged(_ specs: [CommandSpec]) -> [CommandSpec] {
        var result: [CommandSpec] = []
        for spec in specs {
            guard let index = result.firstIndex(where: { $0.name == spec.name }) else {
                result.append(spec)
                continue
            }
            result[index].subcommands += spec.subcommands
            result[index].examples += spec.examples
            result[index].usage += " | " + spec.usage
        }
        return result
    }

    /// The spec of a command by name or alias.
    public static func spec(named name: String) -> CommandSpec? {
        all.first { $0.name == name || $0.aliases.contains(name) }
    }

    /// The spec of `command` or of its `subcommand` (as `help scp03 open` names them).
    public static func spec(command: String, subcommand: String?) -> CommandSpec? {
        guard let spec = spec(named: command) else { return nil }
        guard let subcommand else { return spec }
        return spec.subcommand(named: subcommand)
    }

    /// Names and aliases of every command, in table order.
    public static var allNames: [String] { all.flatMap { [$0.name] + $0.aliases } }

    /// Names and aliases made of hex digits alone, which a bare hex APDU line must not shadow.
    static let hexNames: Set<String> = Set(allNames.filter { HexDigits.isHex($0) })

    static let session: [CommandSpec] = [
        CommandSpec(
            "readers", group: .session, summary: "List readers, whether a card is present, and its ATR.",
            usage: "readers", examples: ["readers"]),
        CommandSpec(
            "connect", group: .session, summary: "Connect to a card: a reader by number or name, the virtual card, or a recorded transcript.",
            usage: "connect [N|sim|NAME|transcript FILE] [--protocol t0|t1|any] [--exclusive|--shared]",
            positionals: [
                ArgumentSpec(
                    "TARGET", .reader, optional: true, variadic: true,
                    summary: "reader number, sim, a reader name / unique part of one, or `transcript FILE` (answers from a recorded transcript); none picks automatically")
            ],
            options: [
                OptionSpec(
                    "protocol", value: .choice(["t0", "t1", "any"]), summary: "transmission protocol to accept"),
                OptionSpec("exclusive", summary: "no other application may use the card meanwhile"),
                OptionSpec("shared", summary: "share the card with other applications (default)"),
            ],
            exclusive: [["exclusive", "shared"]],
            examples: [
                "connect", "connect 0", "connect sim", "connect yubi --exclusive",
                "connect \"Virtual PCD 00 00\" --protocol t1", "connect transcript session.txt",
            ]),
        CommandSpec(
            "disconnect", group: .session, summary: "Disconnect from the card.", usage: "disconnect",
            examples: ["disconnect"]),
        CommandSpec(
            "reset", group: .session, summary: "Reset the card (warm by default) and show the new ATR.",
            usage: "reset [warm|cold]",
            positionals: [
                ArgumentSpec("KIND", .choice(["warm", "cold"]), optional: true, summary: "warm or cold reset")
            ],
            examples: ["reset", "reset cold"]),
        CommandSpec(
            "channel", group: .session, summary: "Open, close or switch logical channels (ISO 7816-4 §5.4.2).",
            usage: "channel open | channel close [N] | channel N",
            positionals: [ArgumentSpec("N", .number(0...19), summary: "switch to open logical channel N")],
            subcommands: [
                CommandSpec(
                    "open", group: .session, summary: "MANAGE CHANNEL open; switches to the new channel.",
                    usage: "channel open", examples: ["channel open"]),
                CommandSpec(
                    "close", group: .session, summary: "MANAGE CHANNEL close the current channel, or channel N.",
                    usage: "channel close [N]",
                    positionals: [ArgumentSpec("N", .number(1...19), optional: true, summary: "channel to close")],
                    examples: ["channel close", "channel close 1"]),
            ],
            examples: ["channel open", "channel 0", "channel close 1"]),
    ]

    static let apduCommands: [CommandSpec] = [
        CommandSpec(
            "select", group: .apdu, summary: "SELECT an application by AID or well-known name; alone, the MF.",
            usage: "select [AID|NAME] [--next] [--fcp|--fci|--fmd|--no-response] [--p1 N] [--p2 N]",
            positionals: [
                ArgumentSpec(
                    "AID", .aidOrName, optional: true, variadic: true,
                    summary: "AID in hex (5 to 16 bytes), or a name such as isd, ppse, pse, piv, openpgp")
            ],
            options: [
                OptionSpec("next", short: "n", summary: "next occurrence of a partial AID"),
                OptionSpec("fcp", summary: "ask for the FCP template"),
                OptionSpec("fci", summary: "ask for the FCI template (default)"),
                OptionSpec("fmd", summary: "ask for the FMD template"),
                OptionSpec("no-response", summary: "ask for no response data"),
                OptionSpec("p1", value: .number(0...255), summary: "P1 byte as given"),
                OptionSpec("p2", value: .number(0...255), summary: "P2 byte as given"),
            ],
            exclusive: [["fcp", "fci", "fmd", "no-response", "p2"], ["next", "p2"]],
            examples: [
                "select", "select A000000151000000", "select isd", "select A0 00 00 00 04 10 10 --fcp",
                "select A000000003 --next", "select ppse",
            ]),
        CommandSpec(
            "apdu", group: .apdu, summary: "Send an APDU: a 4-byte header then data (Lc computed), or raw bytes.",
            usage: "apdu HEX... [--le N] [--raw] [--expect-sw PATTERN]",
            positionals: [
                ArgumentSpec(
                    "HEX", .hex, variadic: true,
                    summary: "HEADER DATA... (first token exactly 4 bytes, more tokens follow), else one raw APDU")
            ],
            options: [
                OptionSpec(
                    "le", value: .number(0...65536), summary: "expected response length (0...65536) for HEADER DATA"),
                OptionSpec("raw", short: "r", summary: "send exactly these bytes: no GET RESPONSE, no 6Cxx retry"),
                OptionSpec(
                    "expect-sw", value: .statusWordPattern, repeatable: true,
                    summary: "fail unless the status word matches (e.g. 9000, 63C?, 9000,6310)"),
            ],
            examples: [
                "apdu 80F24000 4F00", "apdu 80CA9F7F --le 0", "apdu 00A4040007A000000004101000",
                "apdu 00 A4 04 00 00 --raw", "apdu 00B0000000 --expect-sw 9000,6282", "00A4040000",
            ]),
    ]

    static let decode: [CommandSpec] = [
        CommandSpec(
            "atr", group: .decode,
            summary: "Explain an ATR: TS, T0, interface bytes, protocols, historical bytes, TCK.",
            usage: "atr [HEX...]",
            positionals: [
                ArgumentSpec("ATR", .hex, optional: true, variadic: true, summary: "ATR to parse; none: the card's")
            ],
            examples: ["atr", "atr 3B8F8001804F0CA000000306030001000000006A"]),
        CommandSpec(
            "explain", group: .decode, summary: "Explain an APDU field by field: CLA, INS, P1, P2, Lc, data, Le, case.",
            usage: "explain HEX...",
            positionals: [ArgumentSpec("APDU", .hex, variadic: true, summary: "a command APDU")],
            examples: ["explain 00A4040007A000000004101000", "explain 80 CA 9F 7F 00"]),
        CommandSpec(
            "sw", group: .decode, summary: "The meaning of a status word.", usage: "sw HEX",
            positionals: [ArgumentSpec("SW", .hex, variadic: true, summary: "2 bytes (4 hex digits)")],
            examples: ["sw 6A82", "sw 63 C2"]),
        CommandSpec(
            "tlv", group: .decode, summary: "Decode BER-TLV into a tree with tag names.", usage: "tlv HEX...",
            positionals: [ArgumentSpec("TLV", .hex, variadic: true, summary: "BER-TLV bytes")],
            examples: ["tlv 6F108408A000000151000000A5049F6501FF", "tlv 9F7F 02 0102"]),
    ]

    static let secureChannel: [CommandSpec] = [
        CommandSpec(
            "scp03", group: .secureChannel, summary: "Open an SCP03 secure channel (GP Amendment D).",
            usage: "scp03 open [options]",
            subcommands: [
                CommandSpec(
                    "open", group: .secureChannel,
                    summary: "INITIALIZE UPDATE and EXTERNAL AUTHENTICATE; then every APDU is wrapped.",
                    usage: "scp03 open [--kvn N] [--kid N] "
                        + "[--key HEX | --enc HEX --mac HEX --dek HEX | --key-file PATH | --key-env NAME "
                        + "| --keyset NAME] "
                        + "[--level LEVEL] [--s8 | --s16] [--host-challenge HEX] [--diversify emv|visa2|kdf3]",
                    options: [
                        OptionSpec("kvn", value: .number(0...255), summary: "key version number (0: first available)"),
                        OptionSpec("kid", value: .number(0...255), summary: "key identifier"),
                        OptionSpec(
                            "key", value: .hex, secret: true, summary: "one key (16/24/32 bytes) for ENC, MAC and DEK"),
                        OptionSpec("enc", value: .hex, secret: true, summary: "static ENC key (with --mac and --dek)"),
                        OptionSpec("mac", value: .hex, secret: true, summary: "static MAC key (with --enc and --dek)"),
                        OptionSpec("dek", value: .hex, secret: true, summary: "static DEK key (with --enc and --mac)"),
                        OptionSpec("key-file", value: .path, summary: "file holding the key(s) in hex"),
                        OptionSpec("key-env", value: .text, summary: "environment variable holding the key(s) in hex"),
                        OptionSpec(
                            "keyset", value: .text,
                            summary:
                                "named key set from the config file ([keysets.NAME]); its kvn, level, mode are defaults"),
                        OptionSpec(
                            "level", value: .securityLevel, summary: "security level name, or the P1 byte (e.g. 0x33)"),
                        OptionSpec("s8", summary: "8-byte challenges and cryptograms (default)"),
                        OptionSpec("s16", summary: "16-byte challenges and cryptograms"),
                        OptionSpec("host-challenge", value: .hex, summary: "host challenge (8 bytes, 16 with --s16)"),
                        OptionSpec(
                            "diversify", value: .choice(KeyDiversification.allCases.map(\.rawValue)),
                            summary: "the keys are master keys: derive the card's from its diversification data"),
                    ],
                    exclusive: [["s8", "s16"]],
                    examples: [
                        "scp03 open", "scp03 open --kvn 0x30 --level cmac+cdec+rmac+renc",
                        "scp03 open --key 404142434445464748494A4B4C4D4E4F --s16",
                        "scp03 open --key-env CARD_KEY --level 0x33 --host-challenge 0001020304050607",
                        "scp03 open --keyset lab",
                        "scp03 open --key 404142434445464748494A4B4C4D4E4F --diversify kdf3",
                    ])
            ],
            examples: ["scp03 open --kvn 48 --level cmac"]),
        CommandSpec(
            "scp", group: .secureChannel, summary: "Secure channel state: close it or show it.",
            usage: "scp close | scp status",
            subcommands: [
                CommandSpec(
                    "close", group: .secureChannel, summary: "Leave the secure channel; back to plain APDUs.",
                    usage: "scp close", examples: ["scp close"]),
                CommandSpec(
                    "status", group: .secureChannel, summary: "Show the channel's protocol, level, keys and counter.",
                    usage: "scp status", examples: ["scp status"]),
            ],
            examples: ["scp status", "scp close"]),
    ]

    static let gp: [CommandSpec] = [
        CommandSpec(
            "gp", group: .gp, summary: "GlobalPlatform card content and data, decoded.",
            usage: "gp status | gp data NAME|TAG | gp keys",
            subcommands: [
                CommandSpec(
                    "status", group: .gp, summary: "GET STATUS: the registry (ISD, applications, load files, modules).",
                    usage: "gp status [--isd | --apps | --files | --modules] [--raw]",
                    options: [
                        OptionSpec("isd", summary: "the issuer security domain only"),
                        OptionSpec("apps", summary: "applications and security domains"),
                        OptionSpec("files", summary: "executable load files"),
                        OptionSpec("modules", summary: "executable load files and their modules"),
                        OptionSpec("raw", summary: "show the response bytes, not decoded"),
                    ],
                    exclusive: [["isd", "apps", "files", "modules"]],
                    examples: ["gp status", "gp status --apps", "gp status --isd --raw"]),
                CommandSpec(
                    "data", group: .gp, summary: "GET DATA by name or tag, decoded.", usage: "gp data NAME|TAG",
                    positionals: [
                        ArgumentSpec(
                            "NAME", .choiceOrTag(GPDataName.allCases.map(\.rawValue)),
                            summary: "data object name, or a 1-2 byte tag in hex")
                    ],
                    examples: ["gp data cplc", "gp data key-info", "gp data 9F7F"]),
                CommandSpec(
                    "keys", group: .gp, summary: "The key information template, one line per key.", usage: "gp keys",
                    examples: ["gp keys"]),
            ],
            examples: ["gp status", "gp data cplc", "gp keys"])
    ]

    static let scripting: [CommandSpec] = [
        CommandSpec(
            "run", group: .scripting, summary: "Run a script of cardsh lines (scriptor scripts work too).",
            usage: "run PATH",
            positionals: [ArgumentSpec("PATH", .path, summary: "script file")],
            examples: ["run setup.cardsh", "run \"my scripts/select.txt\""]),
        CommandSpec(
            "save", group: .scripting, summary: "Save this session's history as a script.", usage: "save PATH",
            positionals: [ArgumentSpec("PATH", .path, summary: "file to write")], examples: ["save session.cardsh"]),
        CommandSpec(
            "record", group: .scripting, summary: "Record a transcript of commands and responses, for replay.",
            usage: "record PATH | record stop",
            positionals: [ArgumentSpec("PATH", .path, summary: "transcript file to write")],
            subcommands: [
                CommandSpec(
                    "stop", group: .scripting, summary: "Stop recording.", usage: "record stop",
                    examples: ["record stop"])
            ],
            examples: ["record batch1.trace", "record stop"]),
        CommandSpec(
            "replay", group: .scripting, summary: "Replay a transcript; with --check, compare the answers.",
            usage: "replay PATH [--check]",
            positionals: [ArgumentSpec("PATH", .path, summary: "transcript file")],
            options: [OptionSpec("check", short: "c", summary: "fail on the first response that differs")],
            examples: ["replay batch1.trace --check"]),
        CommandSpec(
            "expect", group: .scripting, summary: "Assert on the last response (in scripts).",
            usage: "expect sw PATTERN... | expect data HEXPATTERN",
            subcommands: [
                CommandSpec(
                    "sw", group: .scripting, summary: "The last status word matches one of the patterns.",
                    usage: "expect sw PATTERN...",
                    positionals: [
                        ArgumentSpec(
                            "PATTERN", .statusWordPattern, variadic: true, summary: "4 hex digits, ? for any nibble")
                    ],
                    examples: ["expect sw 9000", "expect sw 9000 63C?", "expect sw 61??,9000"]),
                CommandSpec(
                    "data", group: .scripting, summary: "The last response data matches (?? for any byte).",
                    usage: "expect data HEXPATTERN",
                    positionals: [
                        ArgumentSpec("HEXPATTERN", .hexPattern, variadic: true, summary: "hex, ?? for any byte")
                    ],
                    examples: ["expect data 6F ?? 84 08 A000000151000000 ??"]),
            ],
            examples: ["expect sw 9000", "expect data 9F7F??"]),
    ]

    static let shell: [CommandSpec] = [
        CommandSpec(
            "history", group: .shell, summary: "Show the history; !N runs entry N again, !! the last one.",
            usage: "history [N] | !N | !!",
            positionals: [
                ArgumentSpec("N", .number(1...1_000_000), optional: true, summary: "show the last N entries")
            ],
            examples: ["history", "history 20", "!12", "!!"]),
        CommandSpec(
            "help", group: .shell, summary: "Help on every command, or one, with examples.",
            usage: "help [COMMAND [SUBCOMMAND]]",
            positionals: [
                ArgumentSpec("COMMAND", .commandName, optional: true, summary: "a command"),
                ArgumentSpec("SUBCOMMAND", .subcommandName, optional: true, summary: "one of its subcommands"),
            ],
            examples: ["help", "help apdu", "help scp03 open"]),
        CommandSpec(
            "set", group: .shell, summary: "Change a setting; alone, list all settings.",
            usage: "set [output text|json | trace off|wire|plain|both | autoget on|off "
                + "| color auto|on|off | mode iso|raw]",
            subcommands: [
                setting(
                    "output", OutputFormat.allCases.map(\.rawValue),
                    "output format: text or one JSON object per command"),
                setting(
                    "trace", TraceMode.allCases.map(\.rawValue),
                    "under a secure channel, show wire APDUs, plain, or both"),
                setting("autoget", ["on", "off"], "answer 61xx with GET RESPONSE and 6Cxx with a retry automatically"),
                setting(
                    "color", ColorMode.allCases.map(\.rawValue), "colors: auto (terminal and no NO_COLOR), on, off"),
                setting(
                    "mode", APDUMode.allCases.map(\.rawValue), "iso: help with 61xx/6Cxx; raw: send bytes unchanged"),
            ],
            runsAlone: true,
            examples: ["set", "set trace both", "set output json"]),
        CommandSpec(
            "quit", aliases: ["exit"], group: .shell, summary: "Disconnect and leave.", usage: "quit",
            examples: ["quit", "exit"]),
    ]

    private static func setting(_ name: String, _ choices: [String], _ summary: String) -> CommandSpec {
        CommandSpec(
            name, group: .shell, summary: "Set " + summary + ".",
            usage: "set \(name) " + choices.joined(separator: "|"),
            positionals: [ArgumentSpec("VALUE", .choice(choices), summary: summary)],
            examples: ["set \(name) \(choices[0])"])
    }
}
