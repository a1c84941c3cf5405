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
        unsavedEntries.append(line)
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

    /// Appends the entries added since the last save to the history file, as it is now on disk, so
    /// several shells sharing one file keep each other's entries. The file is replaced at once (a
    /// temporary file, then rename), gets mode 0600, and missing parent directories get 0700; it
    /// keeps the newest `historySize` entries. Does nothing without a path, without new entries, or
    /// when the file could not be loaded at start-up (see `historyLoadError`).
    /// - Throws: `.historyNotSaved` naming the failed step; `.historyUnreadable` when the file has
    ///   become unreadable since start-up (it is then left alone); `.initializationFailed` when
    ///   libedit cannot allocate a history list.
    public func saveHistory() throws(LineEditorError) {
        guard let path = historyPath, historyLoadError == nil, !unsavedEntries.isEmpty else { return }
        guard let merged = history_init() else { throw .initializationFailed(function: "history_init") }
        defer { history_end(merged) }
        configure(merged)
        if let error = load(merged, from: path) { throw error }
        var event = HistEvent()
        for entry in unsavedEntries { cardsh_history_enter(merged, &event, entry) }
        try write(merged, to: path)
        unsavedEntries.removeAll()
    }

    /// Loads the history file at start-up; a missing file is an empty history.
    func loadHistory(from path: String) {
        historyLoadError = load(history, from: path)
    }

    /// The size limit and the rule against immediate repeats, for a history list.
    func configure(_ list: OpaquePointer) {
        var event = HistEvent()
        cardsh_history_setsize(list, &event, Int32(clamping: historySize))
        cardsh_history_setunique(list, &event, 1)
    }

    /// Adds the entries of the file at `path` to `list`; a missing or empty file adds none.
    private func load(_ list: OpaquePointer, from path: String) -> LineEditorError? {
        var status = stat()
        if stat(path, &status) != 0 {
            return errno == ENOENT ? nil : .historyUnreadable(path: path, errno: errno)
        }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            return .historyUnreadable(path: path, errno: EISDIR)
        }
        guard access(path, R_OK) == 0 else {
            return .historyUnreadable(path: path, errno: errno)
        }
        var event = HistEvent()
        errno = 0
        // An empty file is what a crash between create and write leaves: treat it as empty history.
        if status.st_size > 0, cardsh_history_load(list, &event, path) < 0 {
            return .historyUnreadable(path: path, errno: errno)
        }
        return nil
    }

    /// Writes `list` to a temporary file beside `path`, then renames it over `path`.
    private func write(_ list: OpaquePointer, to path: String) throws(LineEditorError) {
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
        errno = 0
        let saved = cardsh_history_save_fp(list, &event, file)
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
