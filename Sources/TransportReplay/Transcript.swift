import CardCore

/// A recorded session: each command line, then per exchange `# => C-APDU` and `# <= DATA SW`.
///
/// The format is itself a cardsh script (the answers are comments), readable and diffable.
/// `??` in a recorded byte masks it (card challenges, cryptograms, counters); `?` in the SW masks a nibble.
public struct Transcript: Hashable, Sendable {
    /// One recorded answer: response data and SW, each byte possibly masked (nil).
    public struct Answer: Hashable, Sendable {
        public var data: [UInt8?]
        public var sw: [UInt8?]
        public init(data: [UInt8?], sw: [UInt8?]) {
            self.data = data
            self.sw = sw
        }
        /// True when `response` matches every unmasked byte.
        public func matches(_ response: ResponseAPDU) -> Bool {
            Transcript.matches(data, response.data) && Transcript.matches(sw, [response.sw.sw1, response.sw.sw2])
        }
        /// Offsets (in data, then the two SW bytes after the data) that differ from `response`.
        public func differences(_ response: ResponseAPDU) -> [Int] {
            let actual = response.data + [response.sw.sw1, response.sw.sw2]
            let expected = data + sw
            var offsets: [Int] = []
            for i in 0..<max(actual.count, expected.count) {
                let e = i < expected.count ? expected[i] : nil
                let a = i < actual.count ? actual[i] : nil
                if i >= expected.count || i >= actual.count || (e != nil && e != a) { offsets.append(i) }
            }
            return offsets
        }
    }

    /// One recorded exchange: the command as sent (possibly masked) and its answer.
    public struct Exchange: Hashable, Sendable {
        public var command: [UInt8?]?
        public var answer: Answer
    }

    /// A command line of the session and what the card answered to it.
    public struct Step: Hashable, Sendable {
        public var line: String
        /// 1-based line number in the transcript file.
        public var lineNumber: Int
        public var exchanges: [Exchange]
    }

    public var steps: [Step]

    /// Reads a transcript; lines that are neither commands nor `# =>` / `# <=` lines are comments.
    /// - Throws: `TranscriptError` with the line number of a malformed answer line.
    public init(lines: [String]) throws(TranscriptError) {
        var steps: [Step] = []
        var pendingCommand: [UInt8?]?? = nil
        for (index, raw) in lines.enumerated() {
            let number = index + 1
            let line = raw.trimmingBlanks()
            if line.isEmpty { continue }
            if line.hasPrefix("# =>") {
                guard !steps.isEmpty else { throw .answerBeforeCommand(line: number) }
                pendingCommand = .some(try Transcript.maskedHex(String(line.dropFirst(4)), line: number))
            } else if line.hasPrefix("# <=") {
                guard !steps.isEmpty else { throw .answerBeforeCommand(line: number) }
                let answer = try Transcript.answer(String(line.dropFirst(4)), line: number)
                steps[steps.count - 1].exchanges.append(Exchange(command: pendingCommand ?? nil, answer: answer))
                pendingCommand = nil
            } else if line.hasPrefix("#") {
                continue
            } else {
                steps.append(Step(line: line, lineNumber: number, exchanges: []))
                pendingCommand = nil
            }
        }
        self.steps = steps
    }

    static func answer(_ text: String, line: Int) throws(TranscriptError) -> Answer {
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let swToken = tokens.last, swToken.count == 4 else { throw .missingStatusWord(line: line) }
        var sw: [UInt8?] = []
        for pair in [swToken.prefix(2), swToken.suffix(2)] {
            if pair == "??" {
                sw.append(nil)
            } else if let byte = UInt8(pair, radix: 16) {
                sw.append(byte)
            } else if pair.contains("?") {
                sw.append(nil)
            } else {
                throw .badHex(line: line, text: String(swToken))
            }
        }
        let data = try maskedHex(tokens.dropLast().joined(), line: line)
        return Answer(data: data, sw: sw)
    }

    static func maskedHex(_ text: String, line: Int) throws(TranscriptError) -> [UInt8?] {
        let digits = Array(text.filter { $0 != " " && $0 != "\t" })
        guard digits.count % 2 == 0 else { throw .badHex(line: line, text: text) }
        var out: [UInt8?] = []
        var i = 0
        while i < digits.count {
            let pair = String(digits[i...i + 1])
            if pair == "??" {
                out.append(nil)
            } else if let byte = UInt8(pair, radix: 16) {
                out.append(byte)
            } else {
                throw .badHex(line: line, text: pair)
            }
            i += 2
        }
        return out
    }

    static func matches(_ pattern: [UInt8?], _ bytes: [UInt8]) -> Bool {
        pattern.count == bytes.count && zip(pattern, bytes).allSatisfy { $0 == nil || $0 == $1 }
    }

    /// Masked hex for writing: `??` for nil bytes.
    public static func format(_ bytes: [UInt8?]) -> String {
        bytes.map { $0.map { Hex.encode([$0]) } ?? "??" }.joined()
    }
}

/// Why a transcript could not be read; lines are 1-based.
public enum TranscriptError: Error, Equatable, Sendable {
    case answerBeforeCommand(line: Int)
    case missingStatusWord(line: Int)
    case badHex(line: Int, text: String)
}

extension String {
    func trimmingBlanks() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
