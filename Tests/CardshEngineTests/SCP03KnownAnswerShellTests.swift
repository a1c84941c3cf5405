import CardCore
import Foundation
import Testing
@testable import CardshEngine

/// Published SCP03 recordings replayed through the shell's own command: `scp03 open --host-challenge`
/// against a card that answers with the recorded bytes. Every wire byte the shell sends must equal the
/// recording, and the plain answers it shows must equal the recorded plain data. Sources per session in
/// Fixtures/scp03-recorded.json (osmocom/pysim: S8, AES-128/192/256, levels 11, 03, 33; Samsung/OpenSCP-Java:
/// S8 and S16, AES-128/192/256, level 33; GlobalPlatformPro's JCOP4 dump and securo-gp's log: level 01).
@Suite struct SCP03KnownAnswerShellTests {
    struct Recording: Decodable, CustomTestStringConvertible {
        struct Exchange: Decodable {
            var plain: String
            var wire: String
            var wire_response: String
            var plain_response: String
        }
        var source: String
        var name: String
        var mode: String
        var kvn: Int
        var enc: String
        var mac: String
        var dek: String
        var host_challenge: String
        var level: Int
        var initialize_update: String
        var initialize_update_response: String
        var external_authenticate: String
        var exchanges: [Exchange]
        var testDescription: String { name }
    }

    static let recordings: [Recording] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/scp03-recorded.json")
        struct File: Decodable { var sessions: [Recording] }
        return (try? JSONDecoder().decode(File.self, from: Data(contentsOf: url)).sessions) ?? []
    }()

    @Test func fixtureCoversTheIssuesCombinations() {
        #expect(Self.recordings.count == 17)
        #expect(Set(Self.recordings.map(\.mode)) == ["s8", "s16"])
        #expect(Set(Self.recordings.map(\.level)) == [0x01, 0x03, 0x11, 0x33])
        #expect(Set(Self.recordings.map { $0.enc.count / 2 }) == [16, 24, 32])
    }

    @Test(arguments: recordings)
    func shellSendsTheRecordedBytes(_ r: Recording) throws {
        let answers = try [Hex.parse(r.initialize_update_response + "9000"), Hex.parse("9000")]
            + r.exchanges.map { try Hex.parse($0.wire_response + "9000") }
        let card = ScriptedTransport(answers: answers)
        let engine = Engine(environment: EngineEnvironment(readers: nil, clock: { 0 }, makeSimulatedCard: { card }))
        let level = "0x" + Hex.encode([UInt8(r.level)])
        let kvn = r.kvn == 0 ? "" : "--kvn \(r.kvn) "
        let open = engine.execute(line: "connect sim; scp03 open \(kvn)--enc \(r.enc) --mac \(r.mac) --dek \(r.dek) "
            + "--level \(level) --\(r.mode) --host-challenge \(r.host_challenge)")
        #expect(open.ok, "\(open.outcomes.last?.error?.message ?? "")")
        #expect(card.sent.count >= 2)
        guard card.sent.count >= 2 else { return }
        #expect(card.sent[0] == (try Hex.parse(r.initialize_update)))
        #expect(card.sent[1] == (try Hex.parse(r.external_authenticate)))
        for (index, exchange) in r.exchanges.enumerated() {
            let result = engine.execute(line: "apdu " + exchange.plain)
            let record = try #require(result.outcomes.first?.exchanges.first)
            #expect(card.sent[2 + index] == (try Hex.parse(exchange.wire)), "\(exchange.plain)")
            #expect(record.response.data == (try Hex.parse(exchange.plain_response)))
            #expect(record.response.sw == .success)
        }
    }
}
