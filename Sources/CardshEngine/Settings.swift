/// The shell's adjustable behaviour (`set NAME VALUE`).
public struct Settings: Hashable, Sendable {
    public enum Output: String, Sendable, CaseIterable { case text, json }
    public enum Trace: String, Sendable, CaseIterable { case off, wire, plain, both }
    public enum ColorChoice: String, Sendable, CaseIterable { case auto, on, off }
    public enum Mode: String, Sendable, CaseIterable { case iso, raw }

    public var output: Output = .text
    public var trace: Trace = .off
    /// Send GET RESPONSE on 61xx and resend with the right Le on 6Cxx.
    public var autoGet = true
    public var color: ColorChoice = .auto
    /// `raw` sends exactly the typed bytes: no chaining, no Le retry, no automatic Le.
    public var mode: Mode = .iso

    public init() {}

    /// Name and value of every setting, in `set` order.
    public var listing: [(name: String, value: String)] {
        [("output", output.rawValue), ("trace", trace.rawValue), ("autoget", autoGet ? "on" : "off"),
         ("color", color.rawValue), ("mode", mode.rawValue)]
    }
}
