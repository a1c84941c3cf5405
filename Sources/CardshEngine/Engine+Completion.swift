#if canImport(Glibc)
import Glibc
#endif
import CardCore
import CardshLanguage

extension Engine {
    /// A completion answer in UTF-8 offsets, as a line editor sees the line.
    public struct CompletionCandidates {
        /// UTF-8 offset where the word being completed starts.
        public var wordStart: Int
        /// Candidates; `complete == false` for partial words such as directories.
        public var words: [(text: String, complete: Bool)]
    }

    /// Candidates for the word under the cursor: the command table's words, plus reader names, AID names,
    /// file paths and environment variable names where the table asks for them.
    /// - Parameter cursor: UTF-8 offset of the cursor in `line`.
    public func completions(line: String, cursor: Int) -> CompletionCandidates {
        let utf8 = Array(line.utf8)
        let prefix = String(decoding: utf8[..<min(cursor, utf8.count)], as: UTF8.self)
        let answer = completionResult(line: line, cursor: prefix.count)
        var words = answer.candidates.map { (text: $0, complete: true) }
        switch answer.request {
        case .readerNames?:
            let names = (try? environment.readers?.listReaders())??.map(\.name) ?? []
            words += names.filter { $0.lowercased().hasPrefix(answer.word.lowercased()) }
                .map { (text: "\"" + $0 + "\"", complete: true) }
        case .aidNames?:
            words += (config.aliases.keys.sorted() + AIDNames.all.map(\.name))
                .filter { $0.lowercased().hasPrefix(answer.word.lowercased()) }
                .map { (text: $0, complete: true) }
        case .filePaths?:
            words += Engine.paths(startingWith: answer.word)
        case .environmentNames?:
            words += Engine.environmentNames(startingWith: answer.word).map { (text: $0, complete: true) }
        case nil:
            break
        }
        let startUTF8 = String(line.prefix(answer.wordStart)).utf8.count
        return CompletionCandidates(wordStart: startUTF8, words: words)
    }

    static func paths(startingWith word: String) -> [(text: String, complete: Bool)] {
        let slash = word.lastIndex(of: "/")
        let directory = slash.map { String(word[...$0]) } ?? ""
        let stem = slash.map { String(word[word.index(after: $0)...]) } ?? word
        guard let dir = opendir(directory.isEmpty ? "." : directory) else { return [] }
        defer { closedir(dir) }
        var found: [(String, Bool)] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." || (name.hasPrefix(".") && !stem.hasPrefix(".")) { continue }
            guard name.hasPrefix(stem) else { continue }
            let isDirectory = entry.pointee.d_type == UInt8(DT_DIR)
            found.append((directory + name + (isDirectory ? "/" : ""), !isDirectory))
            if found.count > 500 { break }
        }
        return found.sorted { $0.0 < $1.0 }.map { (text: $0.0, complete: $0.1) }
    }

    static func environmentNames(startingWith word: String) -> [String] {
        var names: [String] = []
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let name = text.split(separator: "=", maxSplits: 1).first, name.hasPrefix(word) {
                names.append(String(name))
            }
            pointer += 1
        }
        return names.sorted()
    }
}
