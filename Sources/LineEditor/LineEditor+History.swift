internal import CLibEdit
internal import CLibEditShims

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

extension LineEditor {
    /// Adds a line to history, as the caller wants it kept (already redacted). Empty lines and a
    /// repeat of the newest entry are skipped.
    public func addHistory(_ line: String) {
        guard line.contains(where: { !$0.isWhitespace }), line != historyEntries.last else { return }
        var event = HistEvent()
        cardsh_history_enter(history, &event, line)
    }

    /// History, oldest first.
    public var historyEntries: [String] {
        var entries: [String] = []
        var event = HistEvent()
        // H_LAST is the oldest entry; H_PREV walks towards the newest.
        var status = cardsh_history_last(history, &event)
        while status == 0, let text = event.str {
            entries.append(String(cString: text))
            status = cardsh_history_prev(history, &event)
        }
        return entries
    }

    /// Writes history to `historyPath`, replacing the file at once (write a temporary file, then
    /// rename). The file gets mode 0600 and missing parent directories 0700. Does nothing without a
    /// path, or when the file could not be loaded at start-up (see `historyLoadError`).
    /// - Throws: `.historyNotSaved` naming the failed step.
    public func saveHistory() throws(LineEditorError) {
        guard let path = historyPath, historyLoadError == nil else { return }
        try makeParentDirectories(of: path)
        let temporary = path + ".\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .historyNotSaved(path: path, function: "open", errno: errno) }
        guard let file = fdopen(fd, "w") else {
            let error = errno
            close(fd)
            unlink(temporary)
            throw .historyNotSaved(path: path, function: "fdopen", errno: error)
        }
        var event = HistEvent()
        let saved = cardsh_history_save_fp(history, &event, file)
        let writeError = saved < 0 || ferror(file) != 0 ? (errno == 0 ? EIO : errno) : 0
        let closed = fclose(file)
        if writeError != 0 || closed != 0 {
            let error = writeError != 0 ? writeError : errno
            unlink(temporary)
            throw .historyNotSaved(path: path, function: "write", errno: error)
        }
        if rename(temporary, path) != 0 {
            let error = errno
            unlink(temporary)
            throw .historyNotSaved(path: path, function: "rename", errno: error)
        }
    }

    /// Loads the history file; a missing file is an empty history.
    func loadHistory(from path: String) {
        var status = stat()
        if stat(path, &status) != 0 {
            if errno != ENOENT { historyLoadError = .historyUnreadable(path: path, errno: errno) }
            return
        }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            historyLoadError = .historyUnreadable(path: path, errno: EISDIR)
            return
        }
        guard access(path, R_OK) == 0 else {
            historyLoadError = .historyUnreadable(path: path, errno: errno)
            return
        }
        var event = HistEvent()
        errno = 0
        // An empty file is what a crash between create and write leaves: treat it as empty history.
        if status.st_size > 0, cardsh_history_load(history, &event, path) < 0 {
            historyLoadError = .historyUnreadable(path: path, errno: errno)
        }
    }

    private func makeParentDirectories(of path: String) throws(LineEditorError) {
        var components = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        var current = path.hasPrefix("/") ? "" : "."
        if path.hasPrefix("/") { components = components.dropFirst() }
        for component in components where !component.isEmpty {
            current += "/" + component
            if mkdir(current, 0o700) != 0, errno != EEXIST {
                throw .historyNotSaved(path: path, function: "mkdir", errno: errno)
            }
        }
    }
}
