/// A value given to an option, already converted according to its `ValueKind`.
enum OptionValue: Hashable, Sendable {
    case flag
    case number(Int)
    case bytes([UInt8])
    case word(String)
    case level(SecurityLevelSpec)
    case patterns([StatusWordPattern])
    /// Given but not valid; a diagnostic was recorded already.
    case invalid
}

/// One option as given on the line.
struct GivenOption: Hashable, Sendable {
    var spec: OptionSpec
    /// The option token itself (`--le`), for columns.
    var token: Token
    var value: OptionValue
}

/// Positional tokens and options of one statement, after table lookup.
struct Arguments {
    var spec: CommandSpec
    /// `apdu`, `scp03 open`.
    var path: String
    var positionals: [Token] = []
    var options: [GivenOption] = []
    /// Column just past the statement's last token, where "missing" problems point.
    var endColumn: Int

    func first(_ long: String) -> GivenOption? { options.first { $0.spec.long == long } }
    func has(_ long: String) -> Bool { first(long) != nil }
    func all(_ long: String) -> [GivenOption] { options.filter { $0.spec.long == long } }
}

/// Parses the tokens of one statement, recording diagnostics instead of stopping at the first.
struct StatementParser {
    let tokens: [Token]
    var diagnostics: [Diagnostic] = []

    init(tokens: [Token]) {
        self.tokens = tokens
    }

    mutating func report(_ message: String, at column: Int, length: Int = 1) {
        diagnostics.append(Diagnostic(message: message, column: column, length: max(1, length)))
    }

    mutating func report(_ message: String, at token: Token) {
        report(message, at: token.column, length: token.length)
    }

    mutating func parse() -> Command? {
        guard let first = tokens.first else { return nil }
        if !first.quoted && first.text.hasPrefix("!") {
            return parseRerun(first)
        }
        let endColumn = tokens.last!.endColumn
        var spec: CommandSpec
        var rest = Array(tokens.dropFirst())
        var path: String
        if !first.quoted && Self.looksLikeHex(first.text) && CommandTable.spec(named: first.text.lowercased()) == nil {
            // A bare hex line is an APDU (pcsc-tools scriptor scripts).
            spec = CommandTable.spec(named: "apdu")!
            rest = tokens
            path = "apdu"
        } else if let found = CommandTable.spec(named: first.text.lowercased()) {
            spec = found
            path = found.name
        } else {
            report(
                Suggest.unknown("command", first.text, among: CommandTable.allNames, hint: "type help for the list"),
                at: first)
            return nil
        }
        if !spec.subcommands.isEmpty {
            let next = rest.first
            if let next, !next.quoted, !next.isOption, let sub = spec.subcommand(named: next.text.lowercased()) {
                spec = sub
                path += " " + sub.name
                rest.removeFirst()
            } else if let next, !next.isOption, !spec.positionals.isEmpty,
                next.quoted || Self.isNumberLike(next.text)
                    || spec.positionals[0].kind == .path
            {
                // `channel 2`, `record PATH`: the parent's own positional.
            } else if next == nil && spec.runsAlone {
                // `set` alone.
            } else {
                let expected = spec.subcommands.map(\.name) + spec.positionals.map(\.name)
                if let next, !next.isOption {
                    report(
                        Suggest.unknown(
                            "subcommand", next.text, among: spec.subcommands.map(\.name), context: " for \(path)",
                            hint: "expected one of: " + expected.joined(separator: ", "), alwaysHint: true),
                        at: next)
                } else {
                    let column = next?.column ?? endColumn
                    report(
                        "missing subcommand for \(path); expected one of: " + expected.joined(separator: ", "),
                        at: column, length: next?.length ?? 1)
                }
                return nil
            }
        }
        var arguments = collect(rest, spec: spec, path: path, endColumn: endColumn)
        checkExclusive(&arguments)
        return build(arguments)
    }

    /// `!N` and `!!`.
    mutating func parseRerun(_ token: Token) -> Command? {
        for extra in tokens.dropFirst() {
            report("unexpected argument \"\(extra.text)\"; usage: !N or !!", at: extra)
        }
        if token.text == "!!" { return .rerunLast }
        let digits = token.text.dropFirst()
        guard let number = Self.parseNumber(digits) else {
            report(
                "expected a history number after !, found " + (digits.isEmpty ? "nothing" : "\"\(digits)\""),
                at: token.column + 1, length: token.length - 1
            )
            return nil
        }
        guard number >= 1 else {
            report("history entries start at 1, found \(digits)", at: token.column + 1, length: token.length - 1)
            return nil
        }
        return .rerun(number)
    }

    /// Splits the tokens after the command into options (converted) and positionals, checking counts.
    mutating func collect(_ rest: [Token], spec: CommandSpec, path: String, endColumn: Int) -> Arguments {
        var arguments = Arguments(spec: spec, path: path, endColumn: endColumn)
        var index = 0
        while index < rest.count {
            let token = rest[index]
            index += 1
            guard token.isOption else {
                arguments.positionals.append(token)
                continue
            }
            // `--name`, `--name=value`, `-n`.
            var name = token.text
            var inlineValue: Token? = nil
            if let equals = name.firstIndex(of: "=") {
                let nameLength = name.distance(from: name.startIndex, to: equals)
                let valueText = String(name[name.index(after: equals)...])
                inlineValue = Token(
                    text: valueText, column: token.column + nameLength + 1, length: token.length - nameLength - 1,
                    quoted: false)
                name = String(name[..<equals])
            }
            let optionToken = Token(text: name, column: token.column, length: name.count, quoted: false)
            let option: OptionSpec?
            if name.hasPrefix("--") {
                option = spec.option(named: String(name.dropFirst(2)))
            } else if name.count == 2, let short = name.last {
                option = spec.option(short: short)
            } else {
                option = nil
            }
            guard let option else {
                reportUnknownOption(name, token: optionToken, spec: spec, path: path)
                // Skip the value a close misspelling would have taken, so it is not read as an argument.
                if inlineValue == nil,
                    let guess = Suggest.closest(
                        String(name.drop { $0 == "-" }), among: spec.options.map(\.long)),
                    spec.option(named: guess)?.isFlag == false, index < rest.count, !rest[index].isOption
                {
                    index += 1
                }
                continue
            }
            if !option.repeatable, arguments.has(option.long) {
                report("\(option.spelled) given more than once", at: optionToken)
            }
            if option.isFlag {
                if let inlineValue {
                    report("\(option.spelled) takes no value, found \"\(inlineValue.text)\"", at: inlineValue)
                }
                arguments.options.append(GivenOption(spec: option, token: optionToken, value: .flag))
                continue
            }
            var valueToken = inlineValue
            if valueToken == nil, index < rest.count, !rest[index].isOption {
                valueToken = rest[index]
                index += 1
            }
            let kind = option.value!
            guard let valueToken else {
                let found = index < rest.count ? "\"\(rest[index].text)\"" : "nothing"
                report("\(option.spelled) needs \(kind.phrase), found \(found)", at: optionToken)
                arguments.options.append(GivenOption(spec: option, token: optionToken, value: .invalid))
                continue
            }
            let value = convert(valueToken, kind: kind, what: option.spelled) ?? .invalid
            arguments.options.append(GivenOption(spec: option, token: optionToken, value: value))
        }
        let positionals = spec.positionals
        let required = positionals.filter { !$0.optional }.count
        let variadic = positionals.contains { $0.variadic }
        if arguments.positionals.count < required {
            let missing = positionals[arguments.positionals.count]
            report("missing \(missing.name) for \(path); usage: \(spec.usage)", at: endColumn)
        } else if !variadic && arguments.positionals.count > positionals.count {
            let extra = arguments.positionals[positionals.count]
            report("unexpected argument \"\(extra.text)\"; usage: \(spec.usage)", at: extra)
            arguments.positionals.removeLast(arguments.positionals.count - positionals.count)
        }
        return arguments
    }

    mutating func reportUnknownOption(_ name: String, token: Token, spec: CommandSpec, path: String) {
        if spec.options.isEmpty {
            report("unknown option \(name) for \(path); it takes no options; usage: \(spec.usage)", at: token)
            return
        }
        let list = spec.options.map(\.spelled).joined(separator: ", ")
        report("unknown option \(name) for \(path); options: \(list)", at: token)
    }

    mutating func checkExclusive(_ arguments: inout Arguments) {
        for group in arguments.spec.exclusive {
            let given = arguments.options.filter { group.contains($0.spec.long) }
            guard let first = given.first else { continue }
            var reported: Set<String> = [first.spec.long]
            for other in given.dropFirst() where !reported.contains(other.spec.long) {
                reported.insert(other.spec.long)
                report("\(other.spec.spelled) conflicts with \(first.spec.spelled); give only one", at: other.token)
            }
        }
    }

    /// Converts an option value; nil after recording a diagnostic.
    mutating func convert(_ token: Token, kind: ValueKind, what: String) -> OptionValue? {
        switch kind {
        case .number(let range):
            return number(token, range: range, what: what).map(OptionValue.number)
        case .hex:
            return hex([token]).map(OptionValue.bytes)
        case .choice(let choices):
            return choice(token, choices: choices, what: what).map(OptionValue.word)
        case .securityLevel:
            if let level = SecurityLevelSpec(name: token.text) { return .level(level) }
            if Self.isNumberLike(token.text) {
                return number(token, range: 0...255, what: what).map { .level(.raw(UInt8($0))) }
            }
            report(
                Suggest.needs(what, kind.phrase, found: token.text, among: SecurityLevelSpec.names), at: token)
            return nil
        case .statusWordPattern:
            return statusWordPatterns([token]).map(OptionValue.patterns)
        case .path, .text, .reader, .aidOrName, .commandName, .subcommandName, .choiceOrTag, .hexPattern:
            if token.text.isEmpty {
                report("\(what) needs \(kind.phrase), found an empty string", at: token)
                return nil
            }
            return .word(token.text)
        }
    }
}
