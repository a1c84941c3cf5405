import Glibc
import Synchronization

private let stopFlag = Atomic<Bool>(false)
/// The socket the main loop may be blocked on; the handler shuts it down so a blocking recv ends
/// even when the signal arrives just before it (no window between checking the flag and blocking).
private let activeSocket = Atomic<Int32>(-1)

/// Registers the socket a stop signal must wake (-1: none). Check `stopRequested()` after setting it.
func setActiveSocket(_ socket: Int32) {
    activeSocket.store(socket, ordering: .sequentiallyConsistent)
}

/// Whether SIGTERM or SIGINT has arrived.
func stopRequested() -> Bool {
    stopFlag.load(ordering: .sequentiallyConsistent)
}

/// Installs SIGTERM and SIGINT handlers that set the stop flag and shut the active socket down. No
/// SA_RESTART, so a blocking connect or nanosleep returns EINTR and the main loop can leave cleanly.
func installStopHandlers() {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in
        stopFlag.store(true, ordering: .sequentiallyConsistent)
        let socket = activeSocket.load(ordering: .sequentiallyConsistent)
        if socket >= 0 { shutdown(socket, Int32(SHUT_RDWR)) }
    }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(SIGTERM, &action, nil)
    sigaction(SIGINT, &action, nil)
    signal(SIGPIPE, SIG_IGN)
    // A parent may have started us with these blocked (the mask is inherited across exec).
    var unblock = sigset_t()
    sigemptyset(&unblock)
    sigaddset(&unblock, SIGTERM)
    sigaddset(&unblock, SIGINT)
    sigprocmask(SIG_UNBLOCK, &unblock, nil)
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
