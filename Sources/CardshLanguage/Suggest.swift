/// Edit-distance suggestions from the command table.
enum Suggest {
    /// Edit distance over Characters, counting a swap of two neighbours as one edit
    /// (optimal string alignment), so `tarce` is one edit from `trace`.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = Array(repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }

    /// The only candidate the word is a prefix of, else the closest within a small edit distance.
    static func closest(_ word: String, among candidates: [String]) -> String? {
        let lowered = word.lowercased()
        guard !lowered.isEmpty else { return nil }
        let prefixed = candidates.filter { $0.hasPrefix(lowered) }
        if prefixed.count == 1 { return prefixed[0] }
        var best: (name: String, distance: Int)? = nil
        for candidate in candidates {
            let d = distance(lowered, candidate)
            if d < (best?.distance ?? Int.max) { best = (candidate, d) }
        }
        // Near misses of one or two Characters are noise, not typos.
        if let best, lowered.count >= 3, best.distance <= min(2, lowered.count / 2) { return best.name }
        return nil
    }

    /// `unknown command "slect"; did you mean "select"?`; the hint follows when there is no suggestion,
    /// or always when `alwaysHint` is set.
    static func unknown(
        _ noun: String, _ word: String, among candidates: [String], context: String = "", hint: String,
        alwaysHint: Bool = false
    ) -> String {
        let base = "unknown \(noun) \"\(word)\"\(context)"
        if let guess = closest(word, among: candidates) {
            return base + "; did you mean \"\(guess)\"?" + (alwaysHint ? " " + hint : "")
        }
        return base + "; " + hint
    }

    /// `--protocol needs one of t0, t1, any, found "t2"; did you mean "t1"?`
    static func needs(_ what: String, _ phrase: String, found: String, among candidates: [String]) -> String {
        let base = "\(what) needs \(phrase), found \"\(found)\""
        if let guess = closest(found, among: candidates) { return base + "; did you mean \"\(guess)\"?" }
        return base
    }
}
