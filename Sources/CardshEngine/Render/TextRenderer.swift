import CardCore

/// Turns outcomes into the lines a person reads: exchanges, decoded data, status words, notes.
public struct TextRenderer {
    public var color: Bool
    public var trace: Settings.Trace

    public init(color: Bool, trace: Settings.Trace) {
        self.color = color
        self.trace = trace
    }

    /// Text for standard output and for standard error (errors and warnings).
    public func render(_ outcome: CommandOutcome) -> (out: String, err: String) {
        let style = Style(enabled: color)
        var out: [String] = []
        for exchange in outcome.exchanges {
            out += exchangeLines(exchange, style: style)
        }
        out += resultLines(outcome.result, style: style)
        var err: [String] = []
        for note in outcome.notes {
            switch note.kind {
            case .info: out.append(style.dim(note.text))
            case .warning: err.append(style.warn("warning: ") + note.text)
            }
        }
        if let error = outcome.error {
            if let caret = error.caretDisplay {
                err.append(caret)
            } else {
                err.append(style.bad("error: ") + (outcome.command == "parse" ? "" : outcome.command + ": ") + error.message)
            }
        }
        return (joined(out), joined(err))
    }

    private func joined(_ lines: [String]) -> String { lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n" }

    func exchangeLines(_ exchange: ExchangeRecord, style: Style) -> [String] {
        var lines: [String] = []
        let secure = exchange.wrappedCommand != nil
        let showPlain = !secure || trace != .wire
        let showWire = trace == .wire || trace == .both
        if showPlain {
            lines.append(style.command("=> ") + style.command(HexLayout.commandFields(exchange.command)))
        }
        if secure && (trace == .wire || trace == .both), let wrapped = exchange.wrappedCommand {
            lines.append(style.dim("   wire => ") + HexLayout.commandFields(wrapped))
        }
        if showWire && (exchange.wire.count > 1 || !secure) && trace != .off {
            for round in exchange.wire {
                let label = round.purpose == .command ? "" : " (\(round.purpose == .getResponse ? "GET RESPONSE" : "Le retry"))"
                lines.append(style.dim("   wire => " + HexLayout.commandFields(round.command) + label))
                lines.append(style.dim("   wire <= " + Hex.encode(round.response)))
            }
        }
        if secure && (trace == .wire || trace == .both), let wrapped = exchange.wrappedResponse {
            lines.append(style.dim("   wire <= ") + Hex.encode(wrapped))
        }
        if trace == .both {
            lines += exchange.annotations.map { style.dim("   scp: " + $0) }
        }
        let response = exchange.response
        let dataLines = HexLayout.wrapped(response.data, perLine: 32, indent: "   ")
        if !dataLines.isEmpty {
            lines.append(style.response("<= ") + style.response(dataLines[0]))
            lines += dataLines.dropFirst().map { style.response($0) }
        }
        lines.append(statusLine(response.sw, command: exchange.command, nanoseconds: exchange.nanoseconds, style: style))
        if !response.data.isEmpty, let tree = try? TLV.decodeAll(response.data), !tree.isEmpty {
            lines += TLVRendering.textLines(tree, style: style)
        }
        return lines
    }

    func statusLine(_ sw: StatusWord, command: [UInt8], nanoseconds: UInt64, style: Style) -> String {
        let text: String
        switch sw.category {
        case .normal: text = style.good(sw.description)
        case .warning: text = style.warn(sw.description)
        default: text = style.bad(sw.description)
        }
        let ms = Double(nanoseconds) / 1_000_000
        return "   " + text + " " + ErrorText.swText(sw, command: command)
            + style.dim("  (" + formatMilliseconds(ms) + ")")
    }

    func resultLines(_ result: CommandResult, style: Style) -> [String] {
        switch result {
        case .none:
            return []
        case .readers(let readers):
            return readers.flatMap { reader -> [String] in
                let index = reader.index.map { "[\($0)]" } ?? "[sim]"
                var line = "\(index) \(reader.name): \(reader.state.rawValue)"
                if let atr = reader.atr { line += "  ATR " + Hex.encode(atr) }
                return [line] + reader.cardNames.prefix(3).map { "      " + style.dim($0) }
            }
        case .connected(let target, let proto, let atr):
            var line = "connected to \(target)"
            if let proto { line += " (\(proto))" }
            return [line, "ATR " + Hex.encode(atr)]
        case .atr(let atr):
            return ATRRendering.textLines(atr, style: style)
        case .tlv(let items):
            return TLVRendering.textLines(items, style: style, indent: "")
        case .explanation(let explanation):
            return ExplanationRendering.textLines(explanation, style: style)
        case .statusWord(let sw):
            return [sw.meaning]
        case .fields(let fields):
            let width = fields.map(\.name.count).max() ?? 0
            return fields.map { $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.value }
        case .history(let entries):
            return entries.map { String($0.number).leftPadded(to: 5) + "  " + $0.line }
        case .help(let help):
            return [style.bold(help.title)] + help.lines
        case .lines(let lines):
            return lines
        }
    }
}

func formatMilliseconds(_ ms: Double) -> String {
    if ms < 10 {
        let hundredths = Int((ms * 100).rounded())
        return "\(hundredths / 100).\(String(hundredths % 100).leftPadded(to: 2, with: "0")) ms"
    }
    return "\(Int(ms.rounded())) ms"
}

extension String {
    func leftPadded(to width: Int, with pad: Character = " ") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
    func padding(toLength width: Int, withPad pad: String, startingAt: Int) -> String {
        count >= width ? self : self + String(repeating: pad, count: width - count)
    }
}
