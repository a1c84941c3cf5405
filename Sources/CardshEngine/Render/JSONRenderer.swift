import CardCore

/// One JSON object per executed command (the contract documented in the README, version `v`).
public enum JSONRenderer {
    /// The contract version; any change to keys or their meaning bumps it.
    public static let version = 1

    public static func render(_ outcome: CommandOutcome) -> String {
        object(outcome).serialized()
    }

    public static func object(_ outcome: CommandOutcome) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("v", .int(version)),
            ("line", .string(outcome.line)),
            ("command", .string(outcome.command)),
            ("ok", .bool(outcome.ok)),
            ("exchanges", .array(outcome.exchanges.map(exchange))),
            ("result", result(outcome.result)),
        ]
        if !outcome.notes.isEmpty {
            members.append(("notes", .array(outcome.notes.map {
                .object([("kind", .string($0.kind.rawValue)), ("text", .string($0.text))])
            })))
        }
        if let error = outcome.error {
            members.append(("error", .object([
                ("message", .string(error.message)),
                ("column", error.column.map { .int($0) } ?? .null),
            ])))
        } else {
            members.append(("error", .null))
        }
        return .object(members)
    }

    static func exchange(_ e: ExchangeRecord) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("c", .string(Hex.encode(e.command))),
            ("data", .string(Hex.encode(e.response.data))),
            ("sw", .string(e.response.sw.description)),
            ("sw_text", .string(ErrorText.swText(e.response.sw, command: e.command))),
            ("ms", .number((Double(e.nanoseconds) / 1000).rounded() / 1000)),
        ]
        if let wrapped = e.wrappedCommand { members.append(("wire_c", .string(Hex.encode(wrapped)))) }
        if let wrapped = e.wrappedResponse { members.append(("wire_r", .string(Hex.encode(wrapped)))) }
        if e.wire.count > 1 {
            members.append(("rounds", .array(e.wire.map {
                .object([("purpose", .string($0.purpose.rawValue)), ("c", .string(Hex.encode($0.command))),
                         ("r", .string(Hex.encode($0.response)))])
            })))
        }
        if !e.response.data.isEmpty, let tree = try? TLV.decodeAll(e.response.data), !tree.isEmpty {
            let path = TagDictionary.responseContext(command: e.command).map { [$0] } ?? []
            members.append(("tlv", TLVRendering.json(tree, path: path)))
        }
        return .object(members)
    }

    static func result(_ r: CommandResult) -> JSONValue {
        switch r {
        case .none:
            return .null
        case .readers(let readers):
            return .array(readers.map { reader in
                .object([
                    ("index", reader.index.map { .int($0) } ?? .string("sim")),
                    ("name", .string(reader.name)),
                    ("state", .string(reader.state.rawValue)),
                    ("atr", reader.atr.map { .string(Hex.encode($0)) } ?? .null),
                    ("cards", .array(reader.cardNames.map { .string($0) })),
                ])
            })
        case .connected(let target, let proto, let atr):
            return .object([("target", .string(target)), ("protocol", proto.map { .string($0) } ?? .null),
                            ("atr", .string(Hex.encode(atr)))])
        case .atr(let atr):
            return ATRRendering.json(atr)
        case .tlv(let items):
            return TLVRendering.json(items)
        case .explanation(let explanation):
            return ExplanationRendering.json(explanation)
        case .statusWord(let sw):
            return .object([("sw", .string(sw.description)), ("meaning", .string(ErrorText.swText(sw))),
                            ("category", .string(String(describing: sw.category)))])
        case .fields(let fields):
            return .object(fields.map { ($0.name, .string($0.value)) })
        case .history(let entries):
            return .array(entries.map { .object([("number", .int($0.number)), ("line", .string($0.line))]) })
        case .help(let help):
            return .object([("title", .string(help.title)), ("lines", .array(help.lines.map { .string($0) }))])
        case .lines(let lines):
            return .array(lines.map { .string($0) })
        case .gp(let output):
            return GPRendering.json(output)
        }
    }
}
