import CardCore
import Foundation
import Testing
import TransportSim

extension EndToEnd {
    /// cardsh-sim against a stand-in for vpcd on an ephemeral loopback port (no pcscd involved): the
    /// vsmartcard vpcd framing (2-byte big-endian length, then payload; 1-byte control messages 0 power
    /// off, 1 power on, 2 reset, 4 get ATR), reconnection, --once and signals. Inside the serialized
    /// suite so that an ephemeral port is never taken while pcscd restarts and needs 35963/35964.
    @Suite struct VPCDProtocol {
        @Test func answersControlMessagesAndAPDUs() throws {
            let vpcd = try FakeVPCD()
            let sim = try PCSCStack.spawn(PCSCStack.simBinary, ["--host", "127.0.0.1", "--port", "\(vpcd.port)"])
            defer { stop(sim) }
            let link = try vpcd.accept()
            defer { close(link) }
            try sendFrame(link, [0x04])
            #expect(try receiveFrame(link) == defaultATR)
            try sendFrame(link, [0x01])
            try sendFrame(link, selectISD)
            #expect(try receiveFrame(link) == expectedAnswer([selectISD])[0])
            // Reset and power off are not answered; the next message is.
            try sendFrame(link, [0x02])
            try sendFrame(link, [0x00])
            try sendFrame(link, [0x01])
            try sendFrame(link, [0x04])
            #expect(try receiveFrame(link) == defaultATR)
            let extended: [UInt8] = [0x80, 0xE2, 0x00, 0x00, 0x00, 0x01, 0x2C] + Array(repeating: 0x5A, count: 300)
            try sendFrame(link, extended)
            #expect(try receiveFrame(link) == expectedAnswer([extended])[0])
        }

        @Test func presentsTheATRGiven() throws {
            let vpcd = try FakeVPCD()
            let atr: [UInt8] = [0x3B, 0x02, 0x14, 0x50]
            let sim = try PCSCStack.spawn(
                PCSCStack.simBinary, ["--port", "\(vpcd.port)", "--atr", Hex.encode(atr, separator: " ")])
            defer { stop(sim) }
            let link = try vpcd.accept()
            defer { close(link) }
            try sendFrame(link, [0x04])
            #expect(try receiveFrame(link) == atr)
        }

        @Test func presentsTheCompactATR() throws {
            let vpcd = try FakeVPCD()
            let sim = try PCSCStack.spawn(PCSCStack.simBinary, ["--port", "\(vpcd.port)", "--compact-atr"])
            defer { stop(sim) }
            let link = try vpcd.accept()
            defer { close(link) }
            try sendFrame(link, [0x04])
            let atr = try receiveFrame(link)
            #expect(atr == DefaultATR.compactBytes)
            #expect(atr[1] >> 4 == 0x8, "T0 high nibble 8: yubikit takes the short-APDU path")
            #expect(atr != defaultATR)
        }

        @Test func rejectsTwoATRs() throws {
            let result = try PCSCStack.run(PCSCStack.simBinary, ["--atr", "3B00", "--compact-atr"])
            #expect(result.status != 0)
            #expect(result.stderr.contains("--compact-atr"))
        }

        /// When vpcd goes away (pcscd stopped), cardsh-sim connects again; with --once it exits instead.
        @Test func reconnectsUnlessOnce() throws {
            let vpcd = try FakeVPCD()
            let sim = try PCSCStack.spawn(PCSCStack.simBinary, ["--port", "\(vpcd.port)"])
            defer { stop(sim) }
            close(try vpcd.accept())
            let second = try vpcd.accept()
            defer { close(second) }
            try sendFrame(second, [0x04])
            #expect(try receiveFrame(second) == defaultATR)

            let onceVPCD = try FakeVPCD()
            let once = try PCSCStack.spawn(PCSCStack.simBinary, ["--port", "\(onceVPCD.port)", "--once"])
            close(try onceVPCD.accept())
            #expect(PCSCStack.wait(once, seconds: 5) == 0)
        }

        /// Started before vpcd listens, it keeps trying (backoff 50 ms to 1 s); SIGTERM ends it with 0.
        @Test func waitsForVPCDAndStopsOnSIGTERM() throws {
            let probe = try FakeVPCD()
            let port = probe.port
            probe.closeListener()
            let sim = try PCSCStack.spawn(PCSCStack.simBinary, ["--port", "\(port)"])
            var running = true
            defer { if running { stop(sim) } }
            usleep(300_000)
            #expect(PCSCStack.exitStatusIfExited(sim) == nil, "still retrying")
            let vpcd = try FakeVPCD(port: port)
            let link = try vpcd.accept()
            defer { close(link) }
            try sendFrame(link, [0x04])
            #expect(try receiveFrame(link) == defaultATR)
            running = false
            #expect(PCSCStack.terminate(sim) == 0)
        }

        /// Faults armed on the command line fire by APDU count (control messages do not count): a 1-byte answer,
        /// then a dropped connection without an answer; the sim connects again and answers normally.
        @Test func faultsFromTheCommandLine() throws {
            let vpcd = try FakeVPCD()
            let sim = try PCSCStack.spawn(
                PCSCStack.simBinary, ["--port", "\(vpcd.port)", "--fault", "short", "--fault", "drop@2"])
            defer { stop(sim) }
            let link = try vpcd.accept()
            defer { close(link) }
            try sendFrame(link, [0x01])
            try sendFrame(link, selectISD)
            #expect(try receiveFrame(link) == [0x6F])
            try sendFrame(link, selectISD)
            #expect(throws: StackError.self) { try receiveFrame(link) }
            let again = try vpcd.accept()
            defer { close(again) }
            try sendFrame(again, selectISD)
            #expect(try receiveFrame(again) == expectedAnswer([selectISD])[0])
        }

        /// The control socket arms a fault for the next APDU of a running sim, answers each request in one line,
        /// and goes away with the sim.
        @Test func faultControlSocket() throws {
            let directory = NSTemporaryDirectory() + "cardsh-fault-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let path = directory + "/control"
            let vpcd = try FakeVPCD()
            let sim = try PCSCStack.spawn(PCSCStack.simBinary, ["--port", "\(vpcd.port)", "--fault-control", path])
            var running = true
            defer { if running { stop(sim) } }
            let link = try vpcd.accept()
            defer { close(link) }
            try sendFrame(link, selectISD)
            #expect(try receiveFrame(link) == expectedAnswer([selectISD])[0])
            let armed = try FaultControl.send("getresponse-6d00 truncate@3", path: path)
            #expect(armed == "ok: armed getresponse-6d00@1 truncate@3")
            try sendFrame(link, selectISD)
            #expect(try receiveFrame(link) == [0x61, 0x10])
            try sendFrame(link, [0x00, 0xC0, 0x00, 0x00, 0x10])
            #expect(try receiveFrame(link) == [0x6D, 0x00])
            try sendFrame(link, selectISD)
            let truncated = try receiveFrame(link)
            #expect(truncated.count == 57 + 2 && truncated.suffix(2) == [0x90, 0x00])
            #expect(try FaultControl.send("nosuch", path: path).hasPrefix("error: no fault \"nosuch\""))
            #expect(try FaultControl.send("overlong", path: path) == "ok: armed overlong@1")
            #expect(try FaultControl.send("clear", path: path) == "ok: cleared")
            try sendFrame(link, selectISD)
            #expect(try receiveFrame(link) == expectedAnswer([selectISD])[0])
            running = false
            stop(sim)
            #expect(!FileManager.default.fileExists(atPath: path))
        }

        @Test(arguments: [
            ("nosuch", "no fault \"nosuch\"; kinds: drop, short, truncate, overlong, bad-tlv, bad-rmac, loop-61, "
                + "loop-6c, getresponse-6d00"),
            ("drop@x", "after @ comes the command count (1 is the next command), not \"x\""),
        ])
        func rejectsUnknownFaults(fault: String, message: String) throws {
            let result = try PCSCStack.run(PCSCStack.simBinary, ["--fault", fault])
            #expect(result.status != 0)
            #expect(result.stderr.contains("Error: --fault: " + message))
        }

        /// Stops a cardsh-sim; it must exit with 0 on SIGTERM.
        private func stop(_ pid: pid_t) {
            #expect(PCSCStack.terminate(pid) == 0)
        }
    }
}

/// A listening TCP socket on 127.0.0.1 standing in for vpcd.
final class FakeVPCD {
    private var listener: Int32
    let port: UInt16

    init(port requested: UInt16 = 0) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw StackError(description: "socket: errno \(errno)") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = requested.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 4) == 0 else {
            close(fd)
            throw StackError(description: "bind: errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
    }

    deinit { closeListener() }

    func closeListener() {
        if listener >= 0 { close(listener) }
        listener = -1
    }

    /// The next connection from cardsh-sim, waiting at most 5 s.
    func accept() throws -> Int32 {
        var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 5000) == 1 else { throw StackError(description: "cardsh-sim did not connect") }
        let link = Glibc.accept(listener, nil, nil)
        guard link >= 0 else { throw StackError(description: "accept: errno \(errno)") }
        return link
    }
}

/// Writes one vpcd frame.
private func sendFrame(_ socket: Int32, _ payload: [UInt8]) throws {
    let frame = [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)] + payload
    let written = frame.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    guard written == frame.count else { throw StackError(description: "send: errno \(errno)") }
}

/// Reads one vpcd frame, waiting at most 5 s for each part.
private func receiveFrame(_ socket: Int32) throws -> [UInt8] {
    let header = try readExactly(socket, count: 2)
    return try readExactly(socket, count: Int(header[0]) << 8 | Int(header[1]))
}

private func readExactly(_ socket: Int32, count: Int) throws -> [UInt8] {
    var bytes: [UInt8] = []
    while bytes.count < count {
        var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 5000) == 1 else { throw StackError(description: "no answer from cardsh-sim") }
        var chunk = [UInt8](repeating: 0, count: count - bytes.count)
        let n = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { throw StackError(description: "cardsh-sim closed the connection") }
        bytes += chunk.prefix(n)
    }
    return bytes
}
