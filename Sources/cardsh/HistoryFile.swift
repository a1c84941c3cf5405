import LineEditor

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Where the history file lives, and how its problems read.
enum HistoryFile {
    /// The history file path: `$CARDSH_HISTORY` if set (empty: no history file), else
    /// `$XDG_STATE_HOME/cardsh/history`, else `~/.local/state/cardsh/history`.
    /// XDG Base Directory Specification 0.8: a relative `XDG_STATE_HOME` is invalid and ignored.
    static func path(environment: (String) -> String?) -> String? {
        if let override = environment("CARDSH_HISTORY") {
            return override.isEmpty ? nil : override
        }
        if let state = environment("XDG_STATE_HOME"), state.hasPrefix("/") {
            return state + "/cardsh/history"
        }
        if let home = environment("HOME"), !home.isEmpty {
            return home + (home.hasSuffix("/") ? "" : "/") + ".local/state/cardsh/history"
        }
        return nil
    }

    /// The process environment, read once by `main`.
    static func processEnvironment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// One line for a history-file problem.
    static func message(for error: LineEditorError) -> String {
        switch error {
        case .initializationFailed(let function):
            return "line editor: \(function) failed; reading lines without editing"
        case .historyUnreadable(let path, let code):
            let reason = code == 0 ? "not a history file" : describe(code)
            return "history: cannot read \(path) (\(reason)); history will not be saved this session"
        case .historyNotSaved(let path, let function, let code):
            return "history: cannot save \(path) (\(function): \(describe(code))); set CARDSH_HISTORY to another file"
        }
    }

    private static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
