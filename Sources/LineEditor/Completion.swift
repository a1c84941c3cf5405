/// What the completion provider offers for the word at the cursor.
public struct Completion: Equatable, Sendable {
    /// One possible replacement for the word being completed, inserted as it is (a provider quotes a
    /// candidate that contains spaces).
    public struct Candidate: Equatable, Sendable {
        public var text: String
        /// A complete word gets a space after it when it is the only candidate; a partial one (a
        /// directory path ending in `/`, an option prefix) does not.
        public var isComplete: Bool

        public init(_ text: String, isComplete: Bool = true) {
            self.text = text
            self.isComplete = isComplete
        }
    }

    /// UTF-8 offset in the line where the word being completed starts; the text from there to the
    /// cursor is what a candidate replaces.
    public var wordStart: Int
    public var candidates: [Candidate]

    public init(wordStart: Int, candidates: [Candidate]) {
        self.wordStart = wordStart
        self.candidates = candidates
    }

    /// No candidates: the editor beeps and leaves the line alone.
    public static let none = Completion(wordStart: 0, candidates: [])

    /// The longest prefix, in characters, that every candidate shares.
    public static func longestCommonPrefix(_ texts: [String]) -> String {
        guard var prefix = texts.first.map({ Substring($0) }) else { return "" }
        for text in texts.dropFirst() {
            var common = prefix.startIndex
            var other = text.startIndex
            while common < prefix.endIndex, other < text.endIndex, prefix[common] == text[other] {
                common = prefix.index(after: common)
                other = text.index(after: other)
            }
            prefix = prefix[..<common]
            if prefix.isEmpty { break }
        }
        return String(prefix)
    }

    /// Lays candidates out in columns, filled top to bottom then left to right (as `ls` does), in
    /// `width` terminal columns; each returned line has no trailing spaces.
    public static func columns(_ items: [String], width: Int) -> [String] {
        guard !items.isEmpty else { return [] }
        let gap = 2
        let cell = items.map(\.count).max()! + gap
        let columnCount = max(1, (max(width, 1) + gap) / cell)
        let rowCount = (items.count + columnCount - 1) / columnCount
        var lines: [String] = []
        for row in 0..<rowCount {
            var line = ""
            var column = 0
            while row + column * rowCount < items.count {
                let item = items[row + column * rowCount]
                if column > 0 { line += String(repeating: " ", count: cell * column - line.count) }
                line += item
                column += 1
            }
            lines.append(line)
        }
        return lines
    }
}
