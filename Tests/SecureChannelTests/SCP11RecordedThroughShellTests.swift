import CardCore
import CardshEngine
import Foundation
import Testing

@testable import SecureChannel

/// The published SCP11 recordings of SCP11OpenSCPRecordedTests (Samsung/OpenSCP-Java), replayed through the
/// shell's own command `scp11 open ... --ephemeral-key` against a card that answers with the recorded bytes:
/// GET DATA BF21, the chained PERFORM SECURITY OPERATION blocks, MUTUAL AUTHENTICATE and a wrapped GET STATUS
/// must leave the shell byte for byte as recorded, and the plain answer must be the recorded one.
/// (X.509 sessions; the GP-format one is covered at the protocol level only, as the shell reads X.509 files.)
@Suite struct SCP11RecordedThroughShellTests {
    static let sessions = scp11RecordedSessions.filter { !$0.name.contains("GP certificates") }

    @Test(arguments: sessions)
    func shellSendsTheRecordedBytes(_ r: SCP11RecordedSession) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cardsh-scp11-kat-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = ["oce.der": r.oceCertificate, "oce.key": r.oceKeyPKCS8, "ephemeral.key": r.ephemeralKeyPKCS8]
        for (name, hex) in files { try Data(h(hex)).write(to: directory.appendingPathComponent(name)) }

        let answers = r.getDataResponses.map(h) + r.pso.map { _ in [0x90, 0x00] } + [h(r.authenticateResponse)]
            + [h(r.getStatusResponse)]
        let card = RecordedCard(answers: answers)
        let engine = Engine(environment: EngineEnvironment(readers: nil, clock: { 0 }, makeSimulatedCard: { card }))
        let getData = h(r.getDataCommand)
        // 00 CA BF 21 06 A6 04 83 02 KID KVN 00 (GP Amd F: key reference in control reference template A6).
        let (kid, kvn) = (getData[9], getData[10])
        let dir = directory.path
        let line = "connect sim; scp11 open \(r.variant == .a ? "a" : r.variant == .b ? "b" : "c") "
            + "--kid 0x\(Hex.encode([kid])) --kvn 0x\(Hex.encode([kvn])) --oce-kid 0x10 --oce-kvn 0x03 "
            + "--oce-cert \(dir)/oce.der --oce-key \(dir)/oce.key --ephemeral-key \(dir)/ephemeral.key "
            + "--aes \(r.keyLength * 8) --\(r.mode == .s8 ? "s8" : "s16")"
        let open = engine.execute(line: line)
        #expect(open.ok, "\(open.outcomes.last?.error?.message ?? "")")

        // GET DATA, then a GET RESPONSE for each 61xx chunk, then the PSO blocks and MUTUAL AUTHENTICATE.
        let getResponses = r.getDataResponses.dropLast().count
        var sent = card.sent[...]
        #expect(sent.first == getData)
        sent = sent.dropFirst(1 + getResponses)
        #expect(Array(sent.prefix(r.pso.count)) == r.pso.map(h))
        sent = sent.dropFirst(r.pso.count)
        #expect(sent.first == h(r.authenticateCommand))

        let status = engine.execute(line: "apdu 80F22000024F00")
        #expect(card.sent.last == h(r.getStatusCommand))
        let exchange = try #require(status.outcomes.first?.exchanges.first)
        #expect(exchange.response.sw == .success)
        #expect(exchange.response.data.count > 0)
    }
}

/// A card that answers each command with the next recorded response and keeps what it was sent.
final class RecordedCard: CardTransport {
    var answers: [[UInt8]]
    var sent: [[UInt8]] = []
    init(answers: [[UInt8]]) { self.answers = answers }
    var name: String { "recorded" }
    var atr: [UInt8] { [0x3B, 0x00] }
    var activeProtocol: String? { "T=1" }
    func transmit(_ command: [UInt8]) throws(TransportError) -> [UInt8] {
        sent.append(command)
        return answers.isEmpty ? [0x6F, 0x00] : answers.removeFirst()
    }
    func reset(cold: Bool) throws(TransportError) {}
    func disconnect() {}
}
