internal import CLibEdit
internal import CLibEditShims

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

extension LineEditor {
    /// Runs the provider for the line at the cursor and edits the line; returns a libedit CC_ code.
    func complete() -> UInt8 {
        guard let provider = completionProvider, let info = el_line(editLine)?.pointee else {
            return UInt8(CC_REFRESH_BEEP)
        }
        let length = info.lastchar - info.buffer
        let cursor = info.cursor - info.buffer
        let bytes = UnsafeBufferPointer(
            start: UnsafeRawPointer(info.buffer).assumingMemoryBound(to: UInt8.self), count: length)
        let line = String(decoding: bytes, as: UTF8.self)
        let following = cursor < length ? bytes[cursor] : nil

        let completion = provider(line, cursor)
        guard !completion.candidates.isEmpty, (0...cursor).contains(completion.wordStart) else {
            return UInt8(CC_REFRESH_BEEP)
        }
        let word = String(decoding: bytes[completion.wordStart..<cursor], as: UTF8.self)

        if completion.candidates.count == 1 {
            let only = completion.candidates[0]
            let needsSpace = only.isComplete && following != UInt8(ascii: " ")
            replace(word, with: only.text + (needsSpace ? " " : ""))
            return UInt8(CC_REFRESH)
        }

        let texts = completion.candidates.map(\.text)
        let prefix = Completion.longestCommonPrefix(texts)
        if prefix.count >= word.count, prefix != word {
            replace(word, with: prefix)
        }
        var listing = "\n"
        for row in Completion.columns(texts, width: terminalColumns) { listing += row + "\n" }
        write(listing)
        return UInt8(CC_REDISPLAY)
    }

    /// Terminal width from libedit's "co" capability, 80 when unknown. Asks the terminal for its size
    /// first, so a window resized while the line was being edited lists in the new width.
    var terminalColumns: Int {
        el_resize(editLine)
        let columns = Int(cardsh_el_get_columns(editLine))
        return columns > 0 ? columns : 80
    }

    /// Replaces `word`, which ends at the cursor, with `text`.
    private func replace(_ word: String, with text: String) {
        if !word.isEmpty {
            // el_deletestr counts characters as libedit stores them: one per code point.
            el_deletestr(editLine, Int32(word.unicodeScalars.count))
        }
        el_insertstr(editLine, text)
    }
}
