#if canImport(Glibc)
import Glibc
#endif
import CardCore

/// Card identification by ATR from pcsc-tools' smartcard_list.txt (the list `ATR_analysis` uses).
///
/// The list (about 10,000 patterns) is scanned when a name is asked for, matching each pattern line in place:
/// compiling every pattern first cost more than the rest of start-up.
enum CardNames {
    static let listPaths = ["/usr/share/pcsc/smartcard_list.txt", "/usr/local/share/pcsc/smartcard_list.txt"]

    /// Descriptions of every entry whose pattern matches the ATR; empty when unknown or no list.
    static func names(forATR atr: [UInt8]) -> [String] {
        guard let list = listPaths.lazy.compactMap({ try? TextFile.readBytes($0) }).first else { return [] }
        return names(forATR: atr, list: list)
    }

    /// Entries: a pattern line at column 0, then description lines starting with a tab; `#` lines are comments.
    static func names(forATR atr: [UInt8], list: [UInt8]) -> [String] {
        let text = Array(Hex.encode(atr, separator: " ").utf8)
        var names: [String] = []
        var matching = false
        list.withUnsafeBufferPointer { list in
            var start = 0
            while start < list.count {
                var end = start
                while end < list.count && list[end] != 0x0A { end += 1 }
                let line = UnsafeBufferPointer(rebasing: list[start..<end])
                start = end + 1
                guard let first = line.first, first != UInt8(ascii: "#") else { continue }
                if first == 0x09 {
                    if matching { names.append(String(decoding: line.dropFirst(), as: UTF8.self)) }
                } else {
                    matching = ATRPattern.matches(pattern: line, text)
                }
            }
        }
        return names
    }
}

/// The small regular-expression dialect of smartcard_list.txt: literals, `.`, `[set]` with ranges, `*`;
/// the whole ATR text must match. Trailing spaces (and CR) in the list are not part of the pattern.
struct ATRPattern {
    private let pattern: [UInt8]

    init(_ text: String) { pattern = Array(text.utf8) }

    func matches(_ text: String) -> Bool {
        pattern.withUnsafeBufferPointer { Self.matches(pattern: $0, Array(text.utf8)) }
    }

    static func matches(pattern: UnsafeBufferPointer<UInt8>, _ text: [UInt8]) -> Bool {
        var end = pattern.count
        while end > 0 && (pattern[end - 1] == UInt8(ascii: " ") || pattern[end - 1] == 13) { end -= 1 }
        return match(UnsafeBufferPointer(rebasing: pattern[0..<end]), 0, text, 0)
    }

    /// The atom at `index`: whether it accepts `c`, and where the next atom starts (past a `*`).
    private static func atom(
        _ pattern: UnsafeBufferPointer<UInt8>, _ index: Int, accepts c: UInt8?
    ) -> (accepts: Bool, next: Int, repeats: Bool) {
        var i = index
        var accepts = false
        let head = pattern[i]
        if head == UInt8(ascii: ".") {
            accepts = c != nil
            i += 1
        } else if head == UInt8(ascii: "[") {
            i += 1
            while i < pattern.count, pattern[i] != UInt8(ascii: "]") {
                if i + 2 < pattern.count, pattern[i + 1] == UInt8(ascii: "-"), pattern[i + 2] != UInt8(ascii: "]") {
                    let low = min(pattern[i], pattern[i + 2]), high = max(pattern[i], pattern[i + 2])
                    if let c, c >= low && c <= high { accepts = true }
                    i += 3
                } else {
                    if pattern[i] != UInt8(ascii: ","), c == pattern[i] { accepts = true }
                    i += 1
                }
            }
            i += 1
        } else {
            accepts = c == head
            i += 1
        }
        let repeats = i < pattern.count && pattern[i] == UInt8(ascii: "*")
        return (accepts, repeats ? i + 1 : i, repeats)
    }

    private static func match(_ pattern: UnsafeBufferPointer<UInt8>, _ index: Int, _ text: [UInt8], _ pos: Int) -> Bool {
        if index >= pattern.count { return pos == text.count }
        let (_, next, repeats) = atom(pattern, index, accepts: nil)
        if repeats {
            var p = pos
            while true {
                if match(pattern, next, text, p) { return true }
                guard p < text.count, atom(pattern, index, accepts: text[p]).accepts else { return false }
                p += 1
            }
        }
        guard pos < text.count, atom(pattern, index, accepts: text[pos]).accepts else { return false }
        return match(pattern, next, text, pos + 1)
    }
}
