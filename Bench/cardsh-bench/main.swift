// In-process measurements for `make bench` (Bench/bench.py reads the `key value` lines it prints).
//
//   cardsh-bench tlv [ITERATIONS]    decode a 64 KiB nested BER-TLV structure; also decode and render it as
//                                    the shell's `tlv` command does
//   cardsh-bench scp03 [APDUS]       SCP03 secure messaging at cmac+cdec+rmac+renc, host and card side timed
//                                    apart, with no transport in between
#if canImport(Glibc)
import Glibc
#endif
import CardCore
import CardshEngine
import SecureChannel

func microseconds(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return Double(seconds) * 1e6 + Double(attoseconds) / 1e12
}

func fail(_ message: String) -> Never {
    var text = "cardsh-bench: " + message + "\n"
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    exit(1)
}

/// A 64 KiB BER-TLV structure shaped like real card data: one 70 template holding GlobalPlatform registry
/// entries (E3), EMV application templates (61) and FCIs (6F/A5/BF0C), nested up to eight levels deep.
func nestedStructure(size: Int) -> [UInt8] {
    func encode(_ tag: [UInt8], _ value: [UInt8]) -> [UInt8] { tag + TLV.encodeLength(value.count) + value }
    func aid(_ n: Int) -> [UInt8] { [0xA0, 0x00, 0x00, 0x09, 0x99, UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] }
    func entry(_ n: Int) -> [UInt8] {
        let registry = encode([0xE3],
            encode([0x4F], aid(n)) + encode([0x9F, 0x70], [0x07]) + encode([0xC5], [0x80, 0xC0, 0x00])
                + encode([0xC4], Array(aid(n).prefix(6))) + encode([0xCC], aid(0)))
        let application = encode([0x61],
            encode([0x4F], aid(n)) + encode([0x50], Array("DEMO APP \(n % 1000)".utf8)) + encode([0x87], [0x01]))
        var deep = encode([0x9F, 0x65], [0xFF])
        for tag: [UInt8] in [[0xBF, 0x0C], [0xA5], [0x73], [0x60], [0x64], [0xA5], [0x6F]] { deep = encode(tag, deep) }
        let fci = encode([0x6F], encode([0x84], aid(n)) + encode([0xA5], encode([0xBF, 0x0C], application) + deep))
        return registry + application + fci
    }
    var body: [UInt8] = []
    var n = 1
    while true {
        let next = entry(n)
        // 70 82 LL LL: four header bytes.
        if body.count + next.count + 4 > size { break }
        body += next
        n += 1
    }
    // Pad with one primitive object so the whole structure is exactly `size` bytes.
    let room = size - 4 - body.count
    if room >= 2 { body += encode([0xC0], [UInt8](repeating: 0x5A, count: room - 2)) }
    return encode([0x70], body)
}

func count(_ items: [TLV]) -> (objects: Int, depth: Int) {
    var objects = 0, depth = 0
    for item in items {
        objects += 1
        let (o, d) = count(item.children)
        objects += o
        depth = max(depth, d + 1)
    }
    return (objects, depth)
}

func benchTLV(iterations: Int) {
    let bytes = nestedStructure(size: 65536)
    let clock = ContinuousClock()
    let first: [TLV]
    do {
        first = try TLV.decodeAll(bytes)
    } catch {
        fail("the structure does not decode: \(error)")
    }
    guard first.count == 1, first[0].encoded() == bytes else { fail("the structure does not round-trip") }
    let (objects, depth) = count(first)
    var best = Double.infinity
    var times: [Double] = []
    for _ in 0..<iterations {
        var decoded: [TLV] = []
        let elapsed = clock.measure {
            decoded = (try? TLV.decodeAll(bytes)) ?? []
        }
        guard decoded.count == 1 else { fail("decode failed") }
        let us = microseconds(elapsed)
        times.append(us)
        best = min(best, us)
    }
    times.sort()
    let median = times[times.count / 2]
    print("tlv.bytes \(bytes.count)")
    print("tlv.objects \(objects)")
    print("tlv.depth \(depth)")
    print("tlv.decode_us_median \(median)")
    print("tlv.decode_us_best \(best)")
    print("tlv.decode_mb_s \(Double(bytes.count) / median)")

    // The shell's `tlv HEX` command: parse the line, decode, name every tag, lay out the text.
    let engine = Engine(environment: EngineEnvironment())
    let line = "tlv " + Hex.encode(bytes)
    let renderer = TextRenderer(color: false, trace: .off)
    var renderTimes: [Double] = []
    var outputSize = 0
    for _ in 0..<max(1, iterations / 20) {
        var text = ""
        let elapsed = clock.measure {
            let result = engine.execute(line: line)
            for outcome in result.outcomes { text += renderer.render(outcome).out }
        }
        outputSize = text.utf8.count
        renderTimes.append(microseconds(elapsed))
    }
    guard outputSize > bytes.count else { fail("`tlv` printed \(outputSize) bytes") }
    renderTimes.sort()
    print("tlv.shell_us_median \(renderTimes[renderTimes.count / 2])")
    print("tlv.shell_output_bytes \(outputSize)")
}

func benchSCP03(apdus: Int) {
    let key = SecretBytes((0x40...0x4F).map { UInt8($0) })
    let keys = SessionKeys(enc: key, mac: key, rmac: key, dek: nil)
    let host: SecureMessagingSession
    let card: SecureMessagingSession
    do {
        host = try SecureMessagingSession(keys: keys, level: .cmacCdecRmacRenc, macLength: 8)
        card = try SecureMessagingSession(keys: keys, level: .cmacCdecRmacRenc, macLength: 8)
    } catch {
        fail("session: \(error)")
    }
    // GET STATUS of applications (data 4F00) and GET DATA CPLC: one command with data, one without.
    let commands = [
        try! CommandAPDU(cla: 0x80, ins: 0xF2, p1: 0x40, p2: 0x02, data: [0x4F, 0x00], ne: 256),
        try! CommandAPDU(cla: 0x80, ins: 0xCA, p1: 0x9F, p2: 0x7F, data: [], ne: 256),
    ]
    let answers = [
        ResponseAPDU(data: [UInt8](repeating: 0xE3, count: 120), sw: .success),
        ResponseAPDU(data: [UInt8](repeating: 0x9F, count: 45), sw: .success),
    ]
    let clock = ContinuousClock()
    var hostTime = Duration.zero
    var cardTime = Duration.zero
    var checksum = 0
    for i in 0..<apdus {
        let plain = commands[i & 1]
        var wrapped = plain
        hostTime += clock.measure { wrapped = try! host.wrap(plain) }
        var response = answers[i & 1]
        cardTime += clock.measure {
            guard case .accepted(let received) = card.unwrapCommand(wrapped), received == plain else {
                fail("the card refused command \(i)")
            }
            response = card.wrapResponse(answers[i & 1])
        }
        var unwrapped = response
        hostTime += clock.measure { unwrapped = try! host.unwrap(response) }
        guard unwrapped == answers[i & 1] else { fail("response \(i) does not unwrap to the card's answer") }
        checksum &+= Int(response.data.last ?? 0)
    }
    print("scp03.apdus \(apdus)")
    print("scp03.host_us_per_apdu \(microseconds(hostTime) / Double(apdus))")
    print("scp03.card_us_per_apdu \(microseconds(cardTime) / Double(apdus))")
    print("scp03.checksum \(checksum)")
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "tlv": benchTLV(iterations: arguments.count > 1 ? Int(arguments[1]) ?? 200 : 200)
case "scp03": benchSCP03(apdus: arguments.count > 1 ? Int(arguments[1]) ?? 100_000 : 100_000)
default: fail("usage: cardsh-bench tlv [ITERATIONS] | scp03 [APDUS]")
}
