import Glibc

/// What can go wrong on the link to vpcd.
enum VPCDError: Error, Equatable {
    case resolve(host: String, code: Int32)
    case connect(errno: Int32)
    case socketOption(name: String, errno: Int32)
    case read(errno: Int32)
    case write(errno: Int32)
    /// vpcd closed the connection (pcscd stopped or restarted).
    case closed
    /// SIGTERM or SIGINT arrived while waiting.
    case interrupted
    case messageTooLong(Int)
    /// The card closed the connection on purpose, without answering (the `drop` fault).
    case dropped
}

/// One TCP connection to vpcd (vsmartcard's virtual reader driver, which listens inside pcscd).
///
/// Framing, both directions: a 2-byte big-endian length, then that many bytes (vsmartcard vpcd
/// protocol). vpcd writes length and payload with two send() calls and no TCP_NODELAY, so we
/// acknowledge at once (TCP_QUICKACK before every read; Linux clears it) and write each answer in
/// one send() with TCP_NODELAY; otherwise every APDU waits for a 40 ms delayed ACK.
final class VPCDLink {
    private let socket: Int32
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0

    init(host: String, port: UInt16) throws(VPCDError) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_protocol = Int32(IPPROTO_TCP)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let list else { throw .resolve(host: host, code: rc) }
        defer { freeaddrinfo(list) }
        var lastErrno: Int32 = ECONNREFUSED
        var node: UnsafeMutablePointer<addrinfo>? = list
        var connected: Int32 = -1
        while let entry = node {
            let fd = Glibc.socket(entry.pointee.ai_family, entry.pointee.ai_socktype, entry.pointee.ai_protocol)
            if fd >= 0 {
                if Glibc.connect(fd, entry.pointee.ai_addr, entry.pointee.ai_addrlen) == 0 {
                    connected = fd
                    break
                }
                lastErrno = errno
                close(fd)
            } else {
                lastErrno = errno
            }
            node = entry.pointee.ai_next
        }
        guard connected >= 0 else {
            if lastErrno == EINTR { throw .interrupted }
            throw .connect(errno: lastErrno)
        }
        setActiveSocket(connected)
        if stopRequested() {
            setActiveSocket(-1)
            close(connected)
            throw .interrupted
        }
        socket = connected
        buffer = [UInt8](repeating: 0, count: 2 + 65535)
        do throws(VPCDError) {
            try setOption(Int32(IPPROTO_TCP), TCP_NODELAY, name: "TCP_NODELAY")
        } catch {
            setActiveSocket(-1)
            close(connected)
            throw error
        }
    }

    deinit {
        setActiveSocket(-1)
        close(socket)
    }

    /// The next message from vpcd: 1 byte for a control message, longer for a C-APDU.
    func receive() throws(VPCDError) -> [UInt8] {
        try fill(2)
        let length = Int(buffer[start]) << 8 | Int(buffer[start + 1])
        start += 2
        try fill(length)
        let message = Array(buffer[start..<start + length])
        start += length
        return message
    }

    /// Sends one message: length and payload in a single send().
    func send(_ payload: [UInt8]) throws(VPCDError) {
        guard payload.count <= 0xFFFF else { throw .messageTooLong(payload.count) }
        let frame = [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)] + payload
        var sent = 0
        while sent < frame.count {
            let n = frame.withUnsafeBytes { raw in
                Glibc.send(socket, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
            }
            if n < 0 {
                if errno == EINTR {
                    if stopRequested() { throw .interrupted }
                    continue
                }
                throw .write(errno: errno)
            }
            sent += n
        }
    }

    /// Makes at least `count` unread bytes available at `buffer[start...]`.
    private func fill(_ count: Int) throws(VPCDError) {
        if end - start >= count { return }
        if start > 0 {
            let unread = end - start
            for index in 0..<unread { buffer[index] = buffer[start + index] }
            start = 0
            end = unread
        }
        while end - start < count {
            try setOption(Int32(IPPROTO_TCP), TCP_QUICKACK, name: "TCP_QUICKACK")
            let n = buffer.withUnsafeMutableBytes { raw in
                recv(socket, raw.baseAddress! + end, raw.count - end, 0)
            }
            if n == 0 { throw stopRequested() ? .interrupted : .closed }
            if n < 0 {
                if errno == EINTR {
                    if stopRequested() { throw .interrupted }
                    continue
                }
                throw .read(errno: errno)
            }
            end += n
        }
    }

    private func setOption(_ level: Int32, _ option: Int32, name: String) throws(VPCDError) {
        var one: Int32 = 1
        if setsockopt(socket, level, option, &one, socklen_t(MemoryLayout<Int32>.size)) != 0 {
            throw .socketOption(name: name, errno: errno)
        }
    }
}
