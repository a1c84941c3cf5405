extension CommandTable {
    static let kdfCommands: [CommandSpec] = [
        CommandSpec(
            "kdf", group: .secureChannel,
            summary: "Show the check values of card keys derived from master keys and diversification data.",
            usage: "kdf emv|visa2|kdf3 --kdd HEX "
                + "[--key HEX | --enc HEX --mac HEX --dek HEX | --key-file PATH | --key-env NAME | --keyset NAME]",
            positionals: [
                ArgumentSpec(
                    "SCHEME", .choice(KeyDiversification.allCases.map(\.rawValue)),
                    summary: "emv (EMV CPS), visa2, or kdf3 (AES-CMAC counter mode)")
            ],
            options: [
                OptionSpec("kdd", value: .hex, summary: "key diversification data (10 bytes, from INITIALIZE UPDATE)"),
                OptionSpec(
                    "key", value: .hex, secret: true, summary: "master key (16 bytes; 16/24/32 for kdf3)"),
                OptionSpec("enc", value: .hex, secret: true, summary: "master ENC key (with --mac and --dek)"),
                OptionSpec("mac", value: .hex, secret: true, summary: "master MAC key (with --enc and --dek)"),
                OptionSpec("dek", value: .hex, secret: true, summary: "master DEK key (with --enc and --mac)"),
                OptionSpec("key-file", value: .path, summary: "file holding the master key(s) in hex"),
                OptionSpec("key-env", value: .text, summary: "environment variable holding the master key(s) in hex"),
                OptionSpec("keyset", value: .text, summary: "named key set from the config file, as master keys"),
            ],
            examples: [
                "kdf emv --kdd 00010203040506070809",
                "kdf kdf3 --kdd 00010203040506070809 --key 404142434445464748494A4B4C4D4E4F",
                "kdf visa2 --kdd 43534800000123456789 --key-env MASTER_KEY",
            ]),
    ]
}
