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
        var out: [UInt8] = []
        let err = render(outcome, appendingTo: &out)
        return (String(decoding: out, as: UTF8.self), err)
    }

    /// `render`, with standard output's text appended to `out` as UTF-8 (every line goes straight into one
    /// buffer as it is laid out: this runs for every APDU of a script); returns standard error's text.
    public func render(_ outcome: CommandOutcome, appendingTo out: inout [UInt8]) -> String {
        let style = Style(enabled: color)
        var showsExchanges = true
        if case .gp(let gp) = outcome.result { showsExchanges = gp.showsExchanges || trace != .off }
        for exchange in outcome.exchanges where showsExchanges {
            appendExchange(exchange, style: style, to: &out)
        }
        for line in resultLines(outcome.result, style: style) { appendLine(line, to: &out) }
        var err = ""
        for note in outcome.notes {
            switch note.kind {
            case .info: appendLine(style.dim(note.text), to: &out)
            case .warning: err += style.warn("warning: ") + note.text + "\n"
            }
        }
        if let error = outcome.error {
            if let caret = error.caretDisplay {
                err += caret + "\n"
            } else {
                err += style.bad("error: ") + (outcome.command == "parse" ? "" : outcome.command + ": ") + error.message
                    + "\n"
            }
        }
        return err
    }

    private func appendLine(_ line: String, to utf8: inout [UInt8]) {
        utf8 += line.utf8
        utf8.append(0x0A)
    }

    /// The lines of one exchange as UTF-8, each ending in a newline, appended to `utf8`.
    func appendExchange(_ exchange: ExchangeRecord, style: Style, to utf8: inout [UInt8]) {
        let secure = exchange.wrappedCommand != nil
        let showPlain = !secure || trace != .wire
        let showWire = trace == .wire || trace == .both
        if showPlain {
            style.append("=> ", .command, to: &utf8)
            style.open(.command, in: &utf8)
            HexLayout.appendCommandFields(exchange.command, to: &utf8)
            style.close(.command, in: &utf8)
            utf8.append(0x0A)
        }
        if secure && (trace == .wire || trace == .both), let wrapped = exchange.wrappedCommand {
            appendLine(style.dim("   wire => ") + HexLayout.commandFields(wrapped), to: &utf8)
        }
        if showWire && (exchange.wire.count > 1 || !secure) && trace != .off {
            for round in exchange.wire {
                let label = round.purpose == .command ? "" : " (\(round.purpose == .getResponse ? "GET RESPONSE" : "Le retry"))"
                appendLine(style.dim("   wire => " + HexLayout.commandFields(round.command) + label), to: &utf8)
                appendLine(style.dim("   wire <= " + Hex.encode(round.response)), to: &utf8)
            }
        }
        if secure && (trace == .wire || trace == .both), let wrapped = exchange.wrappedResponse {
            appendLine(style.dim("   wire <= ") + Hex.encode(wrapped), to: &utf8)
        }
        if trace == .both {
            for annotation in exchange.annotations { appendLine(style.dim("   scp: " + annotation), to: &utf8) }
        }
        let data = exchange.response.data
        // The data in lines of 32 bytes, the first after `<= `, the others under it.
        var start = 0
        while start < data.count {
            let end = min(start + 32, data.count)
            if start == 0 { style.append("<= ", .response, to: &utf8) }
            style.open(.response, in: &utf8)
            if start > 0 { utf8 += "   ".utf8 }
            Hex.append(data[start..<end], to: &utf8)
            style.close(.response, in: &utf8)
            utf8.append(0x0A)
            start = end
        }
        appendLine(
            statusLine(exchange.response.sw, command: exchange.command, nanoseconds: exchange.nanoseconds, style: style),
            to: &utf8)
        if !data.isEmpty, let tree = try? TLV.decodeAll(data), !tree.isEmpty {
            var path: [BERTag] = TagDictionary.responseContext(command: exchange.command).map { [$0] } ?? []
            TLVRendering.appendText(tree, style: style, indent: 3, path: &path, to: &utf8)
        }
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
        case .gp(let output):
            return GPRendering.textLines(output, style: style)
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
