/// ANSI styling for text output; every function is the identity when color is off.
struct Style {
    var enabled: Bool

    func paint(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
    func command(_ s: String) -> String { paint(s, "36") }  // cyan
    func response(_ s: String) -> String { paint(s, "34") }  // blue
    func tag(_ s: String) -> String { paint(s, "1;33") }  // bold yellow
    func dim(_ s: String) -> String { paint(s, "2") }
    func good(_ s: String) -> String { paint(s, "32") }
    func warn(_ s: String) -> String { paint(s, "33") }
    func bad(_ s: String) -> String { paint(s, "31") }
    func bold(_ s: String) -> String { paint(s, "1") }

    /// The colours above by name, for text built as UTF-8.
    enum Code: String {
        case command = "36", response = "34", tag = "1;33", dim = "2", good = "32", warn = "33", bad = "31", bold = "1"
    }

    /// `paint(text, code)` appended to UTF-8 text being built.
    func append(_ text: String, _ code: Code, to utf8: inout [UInt8]) {
        open(code, in: &utf8)
        utf8 += text.utf8
        close(code, in: &utf8)
    }

    /// What `paint` writes before its text (nothing when color is off).
    func open(_ code: Code, in utf8: inout [UInt8]) {
        guard enabled else { return }
        utf8 += "\u{1B}[".utf8
        utf8 += code.rawValue.utf8
        utf8.append(0x6D)  // m
    }

    /// What `paint` writes after its text (nothing when color is off).
    func close(_ code: Code, in utf8: inout [UInt8]) {
        guard enabled else { return }
        utf8 += "\u{1B}[0m".utf8
    }
}
