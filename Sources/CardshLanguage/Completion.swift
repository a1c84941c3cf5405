/// Candidates the engine must supply itself, because they depend on the machine or the session.
public enum CompletionRequest: Hashable, Sendable {
    /// Reader names from PC/SC (the static candidate `sim` is already in the list).
    case readerNames
    /// Well-known application names and AIDs the engine knows.
    case aidNames
    /// File system paths starting with the word.
    case filePaths
    /// Environment variable names (for `--key-env`).
    case environmentNames
}

/// What can complete the word under the cursor.
public struct CompletionResult: Hashable, Sendable {
    /// The word under the cursor as typed so far (quotes removed); candidates replace it.
    public var word: String
    /// 0-based Character offset in the line where that word starts.
    public var wordStart: Int
    /// Static candidates from the command table, in table order, each starting with `word`.
    public var candidates: [String]
    /// Set when the engine should add dynamic candidates of this kind.
    public var request: CompletionRequest?

    public init(word: String, wordStart: Int, candidates: [String], request: CompletionRequest? = nil) {
        self.word = word
        self.wordStart = wordStart
        self.candidates = candidates
        self.request = request
    }
}

/// Candidates for the word under the cursor: command names, subcommands, option names, choice values.
/// - Parameter cursor: 0-based Character offset of the cursor in `line`.
public func completions(line: String, cursor: Int) -> [String] {
    completionResult(line: line, cursor: cursor).candidates
}

/// The full completion answer, including a `CompletionRequest` when candidates are dynamic.
/// - Parameter cursor: 0-based Character offset of the cursor in `line`.
public func completionResult(line: String, cursor: Int) -> CompletionResult {
    let characters = Array(line.prefix(max(0, cursor)))
    // The current statement starts after the last `;` outside quotes; a `#` outside quotes ends completion.
    var quote: Character? = nil
    var escaped = false
    var statementStart = 0
    for (index, character) in characters.enumerated() {
        if escaped {
            escaped = false
            continue
        }
        if let open = quote {
            if open == "\"" && character == "\\" { escaped = true } else if character == open { quote = nil }
            continue
        }
        switch character {
        case "\"", "'": quote = character
        case ";": statementStart = index + 1
        case "#": return CompletionResult(word: "", wordStart: characters.count, candidates: [])
        default: break
        }
    }
    let segment = String(characters[statementStart...])
    let lexed = Lexer(segment).lex(upTo: segment.count)
    var tokens = lexed.statements.first?.tokens ?? []
    let endsInWord = !(segment.last.map { $0.isWhitespace } ?? true) || lexed.openQuote != nil
    var word = ""
    var wordStart = characters.count
    if endsInWord, let last = tokens.popLast() {
        word = last.text
        wordStart = statementStart + last.column - 1
    }
    let (candidates, request) = CompletionEngine.candidates(complete: tokens, word: word)
    return CompletionResult(word: word, wordStart: wordStart, candidates: candidates, request: request)
}

enum CompletionEngine {
    static func filter(_ candidates: [String], _ word: String) -> [String] {
        let lowered = word.lowercased()
        var seen: Set<String> = []
        return candidates.filter { $0.hasPrefix(lowered) && seen.insert($0).inserted }
    }

    static func candidates(complete tokens: [Token], word: String) -> ([String], CompletionRequest?) {
        guard let first = tokens.first else { return (filter(CommandTable.allNames, word), nil) }
        guard var spec = CommandTable.spec(named: first.text.lowercased()) else { return ([], nil) }
        var rest = Array(tokens.dropFirst())
        if !spec.subcommands.isEmpty {
            if rest.isEmpty && !word.hasPrefix("-") {
                let subcommands = filter(spec.subcommands.map(\.name), word)
                if spec.positionals.first?.kind == .path { return (subcommands, .filePaths) }
                return (subcommands, nil)
            }
            if let next = rest.first, !next.quoted, let sub = spec.subcommand(named: next.text.lowercased()) {
                spec = sub
                rest.removeFirst()
            }
        }
        // Walk the complete tokens: options (and their values) and positionals.
        var positionalCount = 0
        var previousPositional: Token? = nil
        var given: Set<String> = []
        var pendingValue: OptionSpec? = nil
        for token in rest {
            if pendingValue != nil {
                pendingValue = nil
                if !token.isOption { continue }
            }
            if token.isOption {
                let name = String(token.text.drop { $0 == "-" }.prefix { $0 != "=" })
                let option =
                    token.text.hasPrefix("--") ? spec.option(named: name) : name.first.flatMap(spec.option(short:))
                if let option {
                    given.insert(option.long)
                    if !option.isFlag && !token.text.contains("=") { pendingValue = option }
                }
                continue
            }
            positionalCount += 1
            previousPositional = token
        }
        if let option = pendingValue, let kind = option.value { return values(kind, word: word, previous: nil) }
        if word.hasPrefix("--"), let equals = word.firstIndex(of: "=") {
            // `--level=cm`: complete the value, keeping the option in front.
            let name = String(word[word.index(word.startIndex, offsetBy: 2)..<equals])
            guard let kind = spec.option(named: name)?.value else { return ([], nil) }
            let head = String(word[...equals])
            let (candidates, request) = values(kind, word: String(word[word.index(after: equals)...]), previous: nil)
            return (candidates.map { head + $0 }, request)
        }
        if word.hasPrefix("-") {
            let names = spec.options.filter { $0.repeatable || !given.contains($0.long) }.map(\.spelled)
            return (filter(names, word), nil)
        }
        guard !spec.positionals.isEmpty else { return ([], nil) }
        var index = positionalCount
        if index >= spec.positionals.count {
            guard spec.positionals.last!.variadic else { return ([], nil) }
            index = spec.positionals.count - 1
        }
        return values(spec.positionals[index].kind, word: word, previous: previousPositional)
    }

    static func values(_ kind: ValueKind, word: String, previous: Token?) -> ([String], CompletionRequest?) {
        switch kind {
        case .choice, .choiceOrTag, .securityLevel: return (filter(kind.choices, word), nil)
        case .aidOrName: return ([], .aidNames)
        case .reader:
            if let previous, !previous.quoted, previous.text.lowercased() == "transcript" { return ([], .filePaths) }
            return (filter(previous == nil ? ["sim", "transcript"] : ["sim"], word), .readerNames)
        case .path: return ([], .filePaths)
        case .text: return ([], .environmentNames)
        case .commandName: return (filter(CommandTable.all.map(\.name) + ["variables"], word), nil)
        case .subcommandName:
            guard let previous, let spec = CommandTable.spec(named: previous.text.lowercased()) else {
                return ([], nil)
            }
            return (filter(spec.subcommands.map(\.name), word), nil)
        case .hex, .number, .statusWordPattern, .hexPattern: return ([], nil)
        }
    }
}
