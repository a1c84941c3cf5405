#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Ctrl-C presses counted while a command line runs; written only by `countInterrupt`.
nonisolated(unsafe) private var interruptCount: Int32 = 0

/// The first Ctrl-C asks the running line to stop at the next statement or script line; a second one ends
/// the shell the default way (a command stuck on an unresponsive reader must not hold it forever).
private let countInterrupt: @convention(c) (Int32) -> Void = { signal in
    interruptCount += 1
    if interruptCount >= 2 {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = SIG_DFL
        sigaction(signal, &action, nil)
        raise(signal)  // delivered when this handler returns
    }
}

/// SIGINT handling while the interactive shell runs a line; `ReadSignals` handles it while a line is read.
public enum CommandInterrupt {
    /// True once Ctrl-C was pressed during the current line.
    public static var requested: Bool { interruptCount > 0 }

    /// Runs `body` with Ctrl-C counted instead of ending the process. SA_RESTART keeps a PC/SC call in
    /// progress from failing with EINTR; the engine stops between statements. A SIGINT the process started
    /// with ignored stays ignored.
    public static func during<T>(_ body: () -> T) -> T {
        var previous = sigaction()
        sigaction(SIGINT, nil, &previous)
        if ReadSignals.isIgnored(previous) { return body() }
        interruptCount = 0
        var action = sigaction()
        action.__sigaction_handler.sa_handler = countInterrupt
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, nil)
        var only = sigset_t()
        sigemptyset(&only)
        sigaddset(&only, SIGINT)
        var mask = sigset_t()
        pthread_sigmask(SIG_UNBLOCK, &only, &mask)
        defer {
            sigaction(SIGINT, &previous, nil)
            pthread_sigmask(SIG_SETMASK, &mask, nil)
            interruptCount = 0
        }
        return body()
    }
}
