import ArgumentParser
import Glibc
import Synchronization
import TransportSim

/// The fault control socket (`--fault-control PATH`): a Unix stream socket that arms faults in a running card.
///
/// A client connects, writes one line (`KIND[@N] ...` to arm, `clear` to disarm everything) and reads one line
/// back (`ok: armed loop-61@1` or `error: ...`). The request applies before the next command APDU, with N
/// counted from there, so a test can arm a fault between two commands of a live session. A thread of its own
/// accepts the connections; the card loop only checks an atomic flag per message.
final class FaultControl: Sendable {
    enum Request: Sendable, Equatable {
        case arm([FaultSpec])
        case clear
    }

    let path: String
    private let listener: Int32
    private let queue = Mutex<[Request]>([])
    private let waiting = Atomic<Bool>(false)

    init(path: String) throws {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw ValidationError("--fault-control \(path): the path is too long for a Unix socket")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Self.failure(path) }
        // A socket file left by a process that was killed would make bind fail.
        unlink(path)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0, listen(fd, 4) == 0 else {
            let error = Self.failure(path)
            close(fd)
            throw error
        }
        self.path = path
        listener = fd
    }

    private static func failure(_ path: String) -> ValidationError {
        ValidationError("--fault-control \(path): \(String(cString: strerror(errno)))")
    }

    /// Starts the thread that serves the socket until the process ends.
    func start() {
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let rc = pthread_create(
            &thread, nil,
            { raw in
                let control = Unmanaged<FaultControl>.fromOpaque(raw!).takeRetainedValue()
                // SIGTERM and SIGINT belong to the card loop, which they must wake.
                var blocked = sigset_t()
                sigemptyset(&blocked)
                sigaddset(&blocked, SIGTERM)
                sigaddset(&blocked, SIGINT)
                pthread_sigmask(SIG_BLOCK, &blocked, nil)
                control.serve()
                return nil
            }, context)
        if rc == 0 {
            pthread_detach(thread)
        } else {
            Unmanaged<FaultControl>.fromOpaque(context).release()
            logLine("cardsh-sim: cannot start the fault control thread (error \(rc))")
        }
    }

    /// Removes the socket file.
    func remove() {
        close(listener)
        unlink(path)
    }

    /// The requests that arrived since the last call, in order; one atomic load when there are none.
    func take() -> [Request] {
        guard waiting.load(ordering: .acquiring) else { return [] }
        return queue.withLock { requests in
            waiting.store(false, ordering: .releasing)
            defer { requests = [] }
            return requests
        }
    }

    private func serve() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return
            }
            // A client that never finishes its line must not block the next one for long.
            var timeout = timeval(tv_sec: 2, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let reply = handle(readLine(client))
            let bytes = Array((reply + "\n").utf8)
            _ = bytes.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            close(client)
        }
    }

    private func handle(_ line: String) -> String {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map(String.init)
        if words == ["clear"] {
            enqueue(.clear)
            return "ok: cleared"
        }
        guard !words.isEmpty else { return "error: empty request; send KIND[@N] ... or clear" }
        var specs: [FaultSpec] = []
        for word in words {
            do {
                specs.append(try FaultSpec(parsing: word))
            } catch {
                return "error: " + CardshSim.describe(error)
            }
        }
        enqueue(.arm(specs))
        return "ok: armed " + specs.map(\.description).joined(separator: " ")
    }

    private func enqueue(_ request: Request) {
        queue.withLock { requests in
            requests.append(request)
            waiting.store(true, ordering: .releasing)
        }
    }

    /// Bytes up to the first newline or the end of the stream (at most 4 KiB).
    private func readLine(_ client: Int32) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 512)
        while bytes.count < 4096 {
            let n = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            bytes += chunk[..<n]
            if let newline = bytes.firstIndex(of: 0x0A) {
                bytes = Array(bytes[..<newline])
                break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
