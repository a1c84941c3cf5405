extension Command {
    /// The table entry this command comes from, as `help` names it: `apdu`, `scp03 open`, `set trace`.
    /// `!N` and `!!` belong to `history`.
    public var path: String {
        switch self {
        case .readers: return "readers"
        case .connect: return "connect"
        case .disconnect: return "disconnect"
        case .reset: return "reset"
        case .atr: return "atr"
        case .select: return "select"
        case .apdu: return "apdu"
        case .explain: return "explain"
        case .sw: return "sw"
        case .tlv: return "tlv"
        case .history, .rerun, .rerunLast: return "history"
        case .help: return "help"
        case .set(nil): return "set"
        case .set(.output?): return "set output"
        case .set(.trace?): return "set trace"
        case .set(.autoget?): return "set autoget"
        case .set(.color?): return "set color"
        case .set(.mode?): return "set mode"
        case .channelOpen: return "channel open"
        case .channelClose: return "channel close"
        case .channelSwitch: return "channel"
        case .scp03Open: return "scp03 open"
        case .scpClose: return "scp close"
        case .scpStatus: return "scp status"
        case .gpStatus: return "gp status"
        case .gpData: return "gp data"
        case .gpKeys: return "gp keys"
        case .run: return "run"
        case .save: return "save"
        case .record: return "record"
        case .recordStop: return "record stop"
        case .replay: return "replay"
        case .expectSW: return "expect sw"
        case .expectData: return "expect data"
        case .quit: return "quit"
        case .kdf: return "kdf"
        case .gpPutKey: return "gp put-key"
        case .gpDeleteKey: return "gp delete-key"
        case .scp11Open: return "scp11 open"
        case .gpCerts: return "gp certs"
        }
    }

    /// The table entry of this command.
    public var spec: CommandSpec {
        let words = path.split(separator: " ").map(String.init)
        guard let spec = CommandTable.spec(command: words[0], subcommand: words.count > 1 ? words[1] : nil) else {
            preconditionFailure("no table entry for \(path)")
        }
        return spec
    }
}
