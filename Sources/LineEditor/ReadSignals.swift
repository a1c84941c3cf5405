#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The last signal caught while libedit reads; written only by `recordSignal`.
nonisolated(unsafe) private var caughtSignal: Int32 = 0

private let recordSignal: @convention(c) (Int32) -> Void = { signal in
    caughtSignal = signal
}

/// Signal handling around one `el_gets`.
///
/// libedit's own handling (EL_SIGNAL) passes each signal on with `kill(0, signal)`, that is to the
/// whole process group, so a SIGTERM sent to the shell alone would also end the script that started
/// it. Instead, while reading: SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGTSTP get a handler that only
/// records the signal, installed without `SA_RESTART`, so the blocked `read` fails with EINTR and
/// `el_gets` returns after putting the terminal back. `LineEditor.readLine` then acts on the signal
/// with the previous handlers restored. A signal the process started with ignored stays ignored.
/// SIGWINCH keeps its default (ignored): the editor asks for the terminal size at each prompt and
/// before listing completions.
struct ReadSignals {
    static let interrupting: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP]

    private var previous: [(signal: Int32, action: sigaction)] = []
    private var previousMask = sigset_t()

    /// The signal caught during the last read, or 0.
    static var caught: Int32 { caughtSignal }

    static func install() -> ReadSignals {
        caughtSignal = 0
        var guardState = ReadSignals()
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for signal in interrupting {
            var old = sigaction()
            sigaction(signal, nil, &old)
            if isIgnored(old) { continue }
            var action = sigaction()
            action.__sigaction_handler.sa_handler = recordSignal
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signal, &action, nil)
            guardState.previous.append((signal, old))
            sigaddset(&unblock, signal)
        }
        // A process may inherit a mask that blocks these (some launchers block signals in threads).
        pthread_sigmask(SIG_UNBLOCK, &unblock, &guardState.previousMask)
        return guardState
    }

    /// True for SIG_IGN: a signal the process started with ignored stays ignored.
    static func isIgnored(_ action: sigaction) -> Bool {
        guard let handler = action.__sigaction_handler.sa_handler else { return false }
        return unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
    }

    /// Puts back the handlers and the signal mask that were there before `install()`.
    func restore() {
        var mask = previousMask
        for (signal, action) in previous {
            var action = action
            sigaction(signal, &action, nil)
        }
        pthread_sigmask(SIG_SETMASK, &mask, nil)
    }

    /// Delivers `signal` to this process with the handlers from before `install()` in place and the
    /// signal unblocked: with the default action it ends (or, for SIGTSTP, stops) the process here.
    func redeliver(_ signal: Int32) {
        var only = sigset_t()
        sigemptyset(&only)
        sigaddset(&only, signal)
        var mask = sigset_t()
        pthread_sigmask(SIG_UNBLOCK, &only, &mask)
        raise(signal)
        pthread_sigmask(SIG_SETMASK, &mask, nil)
    }
}
