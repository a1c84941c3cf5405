import CardCore

extension Engine {
    /// The prompt shows the live state: `cardsh sim#1:isd [scp03 cmac+cdec] raw> `.
    public func prompt() -> String {
        var text = "cardsh"
        if let target = session.target {
            var label = target.label
            if label.count > 24 { label = String(label.prefix(23)) + "…" }
            text += " " + label
            if session.channel != 0 { text += "#\(session.channel)" }
            if let aid = session.selected[session.channel] {
                text += ":" + (AIDNames.name(for: aid) ?? Hex.encode(aid))
            }
            if let secure = secureChannelLabel { text += " [" + secure + "]" }
        }
        if settings.mode == .raw { text += " raw" }
        return text + "> "
    }
}
