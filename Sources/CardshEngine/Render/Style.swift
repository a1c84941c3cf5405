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
}
