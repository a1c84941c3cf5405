#if canImport(Glibc)
import Glibc
#endif
import CardCore

/// Card identification by ATR from pcsc-tools' smartcard_list.txt (the list `ATR_analysis` uses).
///
/// The list is read on first use only, so start-up does not pay for it.
enum CardNames {
    static let listPaths = ["/usr/share/pcsc/smartcard_list.txt", "/usr/local/share/pcsc/smartcard_list.txt"]

    /// Descriptions of every entry whose pattern matches the ATR; empty when unknown or no list.
    static func names(forATR atr: [UInt8]) -> [String] {
        let text = Hex.encode(atr, separator: " ")
        var names: [String] = []
        for entry in entries where entry.pattern.matches(text) {
            names += entry.descriptions
        }
        return names
    }

    struct Entry {
        var pattern: ATRPattern
        var descriptions: [String]
    }

    nonisolated(unsafe) static var loaded: [Entry]?
    static var entries: [Entry] {
        if let loaded { return loaded }
        let parsed = listPaths.lazy.compactMap(readFile).first.map(parse) ?? []
        loaded = parsed
        return parsed
    }

    /// Entries: a pattern line at column 0, then description lines starting with a tab.
    static func parse(_ text: String) -> [Entry] {
        var entries: [Entry] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("#") { continue }
            if line.hasPrefix("\t") {
                if !entries.isEmpty {
                    entries[entries.count - 1].descriptions.append(String(line.dropFirst()))
                }
            } else {
                entries.append(Entry(pattern: ATRPattern(String(line)), descriptions: []))
            }
        }
        return entries
    }

    static func readFile(_ path: String) -> String? {
        (try? TextFile.readBytes(path)).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// The small regular-expression dialect of smartcard_list.txt: literals, `.`, `[set]` with ranges, `*`;
/// the whole ATR text must match.
struct ATRPattern {
    enum Atom {
        case literal(UInt8)
        case any
        case set([ClosedRange<UInt8>])

        func accepts(_ c: UInt8) -> Bool {
            switch self {
            case .literal(let l): return c == l
            case .any: return true
            case .set(let ranges): return ranges.contains { $0.contains(c) }
            }
        }
    }
    var atoms: [(atom: Atom, repeats: Bool)] = []

    init(_ text: String) {
        let chars = Array(text.utf8)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            var atom: Atom
            if c == UInt8(ascii: ".") {
                atom = .any
                i += 1
            } else if c == UInt8(ascii: "[") {
                var ranges: [ClosedRange<UInt8>] = []
                i += 1
                while i < chars.count, chars[i] != UInt8(ascii: "]") {
                    if i + 2 < chars.count, chars[i + 1] == UInt8(ascii: "-"), chars[i + 2] != UInt8(ascii: "]") {
                        ranges.append(min(chars[i], chars[i + 2])...max(chars[i], chars[i + 2]))
                        i += 3
                    } else {
                        if chars[i] != UInt8(ascii: ",") { ranges.append(chars[i]...chars[i]) }
                        i += 1
                    }
                }
                i += 1
                atom = .set(ranges)
            } else {
                atom = .literal(c)
                i += 1
            }
            let repeats = i < chars.count && chars[i] == UInt8(ascii: "*")
            if repeats { i += 1 }
            atoms.append((atom, repeats))
        }
        // Trailing spaces in the list are not part of the pattern.
        while let last = atoms.last, case .literal(let l) = last.atom, l == UInt8(ascii: " ") || l == 13 {
            atoms.removeLast()
        }
    }

    func matches(_ text: String) -> Bool {
        let chars = Array(text.utf8)
        return match(atomIndex: 0, chars, 0)
    }

    private func match(atomIndex: Int, _ chars: [UInt8], _ pos: Int) -> Bool {
        if atomIndex == atoms.count { return pos == chars.count }
        let (atom, repeats) = atoms[atomIndex]
        if repeats {
            var p = pos
            while true {
                if match(atomIndex: atomIndex + 1, chars, p) { return true }
                guard p < chars.count, atom.accepts(chars[p]) else { return false }
                p += 1
            }
        }
        guard pos < chars.count, atom.accepts(chars[pos]) else { return false }
        return match(atomIndex: atomIndex + 1, chars, pos + 1)
    }
}
