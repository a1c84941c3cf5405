#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A SIGINT handler that does nothing, installed without `SA_RESTART` while libedit reads, so Ctrl-C
/// makes the blocked `read` fail with EINTR and `el_gets` return with the line abandoned.
/// SIGINT is also unblocked while reading, in case the process inherited a mask that blocks it.
struct InterruptHandler {
    private var previous: sigaction?
    private var previousMask = sigset_t()

    static func install() -> InterruptHandler {
        var old = sigaction()
        sigaction(SIGINT, nil, &old)
        // A process started with SIGINT ignored (nohup, a background job) keeps it ignored.
        if let current = old.__sigaction_handler.sa_handler,
            unsafeBitCast(current, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
        {
            return InterruptHandler(previous: nil)
        }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        var handler = InterruptHandler(previous: old)
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &interrupt, &handler.previousMask)
        return handler
    }

    func restore() {
        guard var previous else { return }
        var mask = previousMask
        pthread_sigmask(SIG_SETMASK, &mask, nil)
        sigaction(SIGINT, &previous, nil)
    }
}
