import Glibc
import Synchronization

private let stopFlag = Atomic<Bool>(false)

/// Whether SIGTERM or SIGINT has arrived.
func stopRequested() -> Bool {
    stopFlag.load(ordering: .relaxed)
}

/// Installs SIGTERM and SIGINT handlers that set the stop flag. No SA_RESTART, so a blocking
/// recv, connect or nanosleep returns EINTR and the main loop can leave cleanly.
func installStopHandlers() {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in
        stopFlag.store(true, ordering: .relaxed)
    }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(SIGTERM, &action, nil)
    sigaction(SIGINT, &action, nil)
    signal(SIGPIPE, SIG_IGN)
}

/// Sleeps `milliseconds` unless a stop signal arrives first.
func sleep(milliseconds: Int) {
    var request = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0, errno == EINTR, !stopRequested() {
        request = remaining
    }
}

/// Writes a line to standard error (unbuffered, no Foundation).
func logLine(_ text: String) {
    var line = text + "\n"
    line.withUTF8 { bytes in
        var offset = 0
        while offset < bytes.count {
            let n = write(2, bytes.baseAddress! + offset, bytes.count - offset)
            if n <= 0 { break }
            offset += n
        }
    }
}
