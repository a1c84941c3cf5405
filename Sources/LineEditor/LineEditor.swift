internal import CLibEdit
internal import CLibEditShims

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// An interactive line editor over libedit: prompt, emacs or vi key bindings from `~/.editrc`,
/// history with a file, and Tab completion through a provider.
///
/// Use it only when the input is a terminal (`LineEditor.isTerminal(0)`). Not thread-safe.
public final class LineEditor {
    /// Supplies completions for the line and the cursor's UTF-8 offset in it.
    public typealias CompletionProvider = (_ line: String, _ cursor: Int) -> Completion

    let editLine: OpaquePointer
    let history: OpaquePointer
    let output: UnsafeMutablePointer<FILE>
    private let ownedStreams: [UnsafeMutablePointer<FILE>]
    /// The prompt handed to libedit, NUL-terminated; the prompt callback returns its address.
    private(set) var promptBytes: UnsafeMutablePointer<CChar>
    var completionProvider: CompletionProvider?
    /// Entries added since the last save, merged into the file by `saveHistory()`.
    var unsavedEntries: [String] = []
    let historySize: Int

    /// The history file, if any; `nil` when history is kept in memory only.
    public let historyPath: String?
    /// Why the history file could not be loaded at start-up, if it could not. While this is set,
    /// `saveHistory()` leaves the file alone so an unreadable file is never overwritten.
    public internal(set) var historyLoadError: LineEditorError?

    /// Creates an editor.
    ///
    /// - Parameters:
    ///   - programName: the name `~/.editrc` lines can be scoped to (`cardsh:bind -v`).
    ///   - inputFD, outputFD: the terminal to read from and draw on.
    ///   - historyPath: a history file to load now and write in `saveHistory()`.
    ///   - historySize: how many entries history keeps, in memory and in the file.
    ///   - readsEditrc: read the user's editrc (`$EDITRC`, else `~/.editrc`), as libedit does.
    /// - Throws: `.initializationFailed` when libedit cannot set up.
    public init(
        programName: String, inputFD: Int32 = 0, outputFD: Int32 = 1, historyPath: String? = nil,
        historySize: Int = 1000, readsEditrc: Bool = true
    ) throws(LineEditorError) {
        _ = characterLocaleAdopted
        var owned: [UnsafeMutablePointer<FILE>] = []
        func stream(_ fd: Int32, _ mode: String) -> UnsafeMutablePointer<FILE>? {
            switch fd {
            case 0: return cardsh_stdin()
            case 1: return cardsh_stdout()
            case 2: return cardsh_stderr()
            default:
                let file = fdopen(dup(fd), mode)
                if let file { owned.append(file) }
                return file
            }
        }
        guard let input = stream(inputFD, "r"), let output = stream(outputFD, "w"),
            let editLine = el_init(programName, input, output, cardsh_stderr())
        else {
            owned.forEach { fclose($0) }
            throw .initializationFailed(function: "el_init")
        }
        guard let history = history_init() else {
            el_end(editLine)
            owned.forEach { fclose($0) }
            throw .initializationFailed(function: "history_init")
        }
        self.editLine = editLine
        self.history = history
        self.output = output
        self.ownedStreams = owned
        self.promptBytes = strdup("")!
        self.historyPath = historyPath
        self.historySize = max(historySize, 1)
        configure(history)

        cardsh_el_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        cardsh_el_set_editor(editLine, "emacs")
        // Signals are handled around each read by `ReadSignals`, not by libedit (EL_SIGNAL stays off).
        cardsh_el_set_prompt_esc(editLine, promptTrampoline, CChar(bitPattern: PromptText.ignore))
        cardsh_el_set_hist(editLine, history)
        cardsh_el_addfn(editLine, "cardsh-complete", "Complete the word at the cursor", completionTrampoline)
        bindCompletionKey()
        if readsEditrc {
            el_source(editLine, nil)
            // `bind -v` or `bind -e` in the editrc resets the key maps: bind Tab again.
            bindCompletionKey()
        }
        if let historyPath { loadHistory(from: historyPath) }
    }

    deinit {
        el_end(editLine)
        history_end(history)
        free(promptBytes)
        ownedStreams.forEach { fclose($0) }
    }

    /// Whether `fd` is a terminal; when standard input is not one, read lines without an editor.
    public static func isTerminal(_ fd: Int32) -> Bool {
        isatty(fd) == 1
    }

    /// Shows `prompt` and reads one line. Terminal escape sequences in the prompt (colors) are fine.
    ///
    /// Ctrl-C abandons the line (`.interrupted`). SIGTERM, SIGHUP and SIGQUIT at the prompt end the
    /// process as they would without an editor, but only after the terminal is restored. Ctrl-Z stops
    /// the process with the terminal restored and resumes editing the same line.
    public func readLine(prompt: String) -> ReadResult {
        setPrompt(prompt)
        while true {
            let signals = ReadSignals.install()
            // Editing mode before the prompt is drawn: otherwise keys typed as soon as it shows are read
            // by the terminal's line discipline (echoed twice, Ctrl-D turned into a NUL byte).
            cardsh_el_set_prep_term(editLine, 1)
            var count: Int32 = 0
            errno = 0
            let text = el_gets(editLine, &count)
            let readError = errno
            let caught = ReadSignals.caught
            // el_gets has put the terminal back in its own mode on every path out.
            if let text {
                signals.restore()
                var line = String(cString: text)
                if line.hasSuffix("\n") { line.removeLast() }
                return .line(line)
            }
            guard count < 0, readError == EINTR else {
                signals.restore()
                write("\n")
                return .endOfInput
            }
            switch caught {
            case SIGINT:
                signals.restore()
                write("\n")
                return .interrupted
            case SIGTSTP:
                let pending = currentLine
                write("\n")
                signals.restore()
                signals.redeliver(SIGTSTP)
                // Resumed: show the prompt again with the line as it was.
                if !pending.isEmpty { el_push(editLine, pending) }
            case SIGTERM, SIGHUP, SIGQUIT:
                write("\n")
                signals.restore()
                signals.redeliver(caught)
                return .endOfInput
            default:
                // Another signal with a handler that does not restart reads: keep editing the line.
                let pending = currentLine
                signals.restore()
                if !pending.isEmpty { el_push(editLine, pending) }
            }
        }
    }

    /// The text in libedit's line buffer.
    private var currentLine: String {
        guard let info = el_line(editLine)?.pointee else { return "" }
        let bytes = UnsafeRawBufferPointer(start: info.buffer, count: info.lastchar - info.buffer)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Sets the function Tab calls to complete the word at the cursor.
    public func setCompletion(_ provider: @escaping CompletionProvider) {
        completionProvider = provider
    }

    func write(_ text: String) {
        fputs(text, output)
        fflush(output)
    }

    private func setPrompt(_ prompt: String) {
        let bytes = PromptText.marked(prompt)
        let buffer = malloc(bytes.count + 1)!.assumingMemoryBound(to: CChar.self)
        for (index, byte) in bytes.enumerated() { buffer[index] = CChar(bitPattern: byte) }
        buffer[bytes.count] = 0
        free(promptBytes)
        promptBytes = buffer
    }

    private func bindCompletionKey() {
        cardsh_el_bind(editLine, "^I", "cardsh-complete")
    }
}

/// libedit decodes input with LC_CTYPE: in the "C" locale non-ASCII text shows as octal escapes, so
/// the environment's character locale is adopted, once per process (`setlocale` races with the
/// `nl_langinfo` that `el_init` calls).
private let characterLocaleAdopted: Void = {
    if let current = setlocale(LC_CTYPE, nil), ["C", "POSIX"].contains(String(cString: current)) {
        setlocale(LC_CTYPE, "")
    }
}()

/// libedit keeps per-editor state and touches the terminal and signal handlers: one thread only.
@available(*, unavailable)
extension LineEditor: Sendable {}

/// The editor whose `EditLine` calls back, found through `EL_CLIENTDATA`.
private func editor(for editLine: OpaquePointer?) -> LineEditor? {
    guard let editLine, let data = cardsh_el_get_clientdata(editLine) else { return nil }
    return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue()
}

private let promptTrampoline: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>? = { editLine in
    editor(for: editLine)?.promptBytes
}

private let completionTrampoline: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { editLine, _ in
    guard let editor = editor(for: editLine) else { return UInt8(CC_ERROR) }
    return editor.complete()
}
