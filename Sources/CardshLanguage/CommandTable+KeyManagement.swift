extension CommandTable {
    /// `gp put-key` and `gp delete-key`; `all` merges them into the `gp` entry.
    static let keyManagementCommands: [CommandSpec] = [
        CommandSpec(
            "gp", group: .gp, summary: "SCP03 key rotation: PUT KEY and DELETE KEY.",
            usage: "gp put-key ... | gp delete-key ...",
            subcommands: [
                CommandSpec(
                    "put-key", group: .gp,
                    summary:
                        "PUT KEY: add or replace an SCP03 key set, encrypted with the channel's DEK, KCVs checked.",
                    usage: "gp put-key --new-kvn N [--replace-kvn N] "
                        + "(--key HEX | --enc HEX --mac HEX --dek HEX | --key-file PATH | --key-env NAME)",
                    options: [
                        // GP CS v2.3.1 §11.8.2.2: P1 b8 is 0, so a key version is 01-7F.
                        OptionSpec(
                            "new-kvn", value: .number(1...127), summary: "key version number of the new key set"),
                        OptionSpec(
                            "replace-kvn", value: .number(1...127),
                            summary: "the key set to replace (P1); without it the key set is added"),
                        OptionSpec(
                            "key", value: .hex, secret: true,
                            summary: "one new key (16/24/32 bytes) for ENC, MAC and DEK"),
                        OptionSpec("enc", value: .hex, secret: true, summary: "new ENC key (with --mac and --dek)"),
                        OptionSpec("mac", value: .hex, secret: true, summary: "new MAC key (with --enc and --dek)"),
                        OptionSpec("dek", value: .hex, secret: true, summary: "new DEK key (with --enc and --mac)"),
                        OptionSpec("key-file", value: .path, summary: "file holding the new key(s) in hex"),
                        OptionSpec(
                            "key-env", value: .text, summary: "environment variable holding the new key(s) in hex"),
                    ],
                    examples: [
                        "gp put-key --new-kvn 0x40 --key 000102030405060708090A0B0C0D0E0F",
                        "gp put-key --new-kvn 0x31 --replace-kvn 0x30 --key-file new-keys.hex",
                        "gp put-key --new-kvn 0x40 --key-env NEW_CARD_KEYS",
                    ]),
                CommandSpec(
                    "delete-key", group: .gp, summary: "DELETE KEY: remove a key set, or one key of it.",
                    usage: "gp delete-key --kvn N [--kid N]",
                    options: [
                        OptionSpec("kvn", value: .number(1...255), summary: "key version number (tag D2)"),
                        OptionSpec("kid", value: .number(1...127), summary: "key identifier (tag D0)"),
                    ],
                    examples: ["gp delete-key --kvn 0x40", "gp delete-key --kvn 0x40 --kid 1"]),
            ],
            examples: ["gp put-key --new-kvn 0x40 --key-file new-keys.hex", "gp delete-key --kvn 0x40"])
    ]
}
