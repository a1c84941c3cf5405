import CardCore
import Foundation
import Testing

@testable import CardshEngine

/// A card that answers from a table keyed by the command's header, recording what it was sent.
final class ScriptedCard: CardTransport {
    let name = "scripted"
    let atr: [UInt8] = [0x3B, 0x00]
    let activeProtocol: String? = "T=1"
    var answers: [String: [String]]
    var sent: [String] = []

    /// `answers` maps the hex of CLA INS P1 P2 to responses (data + SW), used in order, the last one repeated.
    init(_ answers: [String: [String]]) { self.answers = answers }

    func transmit(_ command: [UInt8]) throws(TransportError) -> [UInt8] {
        sent.append(Hex.encode(command))
        let header = Hex.encode(command.prefix(4))
        guard var queue = answers[header], let next = queue.first else { return [0x6D, 0x00] }
        if queue.count > 1 { queue.removeFirst() }
        answers[header] = queue
        return (try? Hex.parse(next)) ?? []
    }

    func reset(cold: Bool) throws(TransportError) {}
    func disconnect() {}
}

func makeEngine(card: ScriptedCard) -> Engine {
    let engine = Engine(environment: EngineEnvironment(readers: nil, clock: { 0 }))
    engine.session.transport = card
    engine.session.target = .reader("scripted")
    return engine
}

private func result(_ engine: Engine, _ line: String) -> CommandOutcome {
    engine.execute(line: line).outcomes.last!
}

private func text(_ outcome: CommandOutcome) -> String {
    let (out, err) = TextRenderer(color: false, trace: .off).render(outcome)
    return out + err
}

private func sections(_ outcome: CommandOutcome) -> [GPRegistrySection] {
    if case .gp(let output) = outcome.result, case .registry(let sections) = output.content { return sections }
    return []
}

@Suite struct GPStatusCommandTests {
    @Test func simulatedCardListsAllThreeScopes() {
        let engine = makeEngine()
        _ = engine.execute(line: "select isd")
        let outcome = result(engine, "gp status")
        #expect(outcome.ok)
        let found = sections(outcome)
        #expect(found.map(\.p1) == [0x80, 0x40, 0x10])
        #expect(found[0].entries.first?.lifeCycle.name == "SECURED")
        #expect(found[1].entries.contains { $0.kind == .securityDomain })
        #expect(found[2].entries.contains { !$0.modules.isEmpty })
        // Every exchange is kept for transcripts and replay; the text shows only the tables.
        #expect(outcome.exchanges.map { Hex.encode($0.command.prefix(4)) }.contains("80F24003"))
        let shown = text(outcome)
        #expect(!shown.contains("=> 80F2"))
        #expect(shown.contains("Issuer Security Domain"))
        #expect(shown.contains("A000000151000000 (isd)  ISD   SECURED"))
        #expect(shown.contains("privileges: SD Security Domain"))
    }

    @Test func rawShowsTheExchanges() {
        let engine = makeEngine()
        _ = engine.execute(line: "select isd")
        let shown = text(result(engine, "gp status --isd --raw"))
        #expect(shown.contains("=> 80F28002 02 4F00 00"))
        #expect(shown.contains("E3 GlobalPlatform registry related data"))
    }

    @Test func legacyFormatAfter6A86() {
        // GPShell trace from the globalplatform-users list (2009-09-30): a GP 2.1.1 card, legacy P1 20 answer.
        let card = ScriptedCard([
            "80F22002": ["6A86"],
            "80F22000": [
                "07A000000003535001000CD276000005AA04036001041001000BD276000005AA0503E004010100"
                    + "0BD276000005AA0503E0050101009000"
            ],
        ])
        let engine = makeEngine(card: card)
        let outcome = result(engine, "gp status --files")
        #expect(outcome.ok)
        #expect(card.sent == ["80F22002024F0000", "80F22000024F0000"])
        let section = sections(outcome).first
        #expect(section?.legacyFormat == true)
        #expect(section?.entries.map { Hex.encode($0.aid) }.first == "A0000000035350")
        #expect(section?.entries.count == 4)
        #expect(text(outcome).contains("legacy format"))
    }

    @Test func moreDataContinuesWithNextOccurrence() {
        let card = ScriptedCard([
            "80F24002": ["E30D4F07A00000006201019F7001076310"],
            "80F24003": ["E30D4F07A00000006201029F7001079000"],
        ])
        let engine = makeEngine(card: card)
        let outcome = result(engine, "gp status --apps")
        #expect(card.sent == ["80F24002024F0000", "80F24003024F0000"])
        #expect(sections(outcome).first?.entries.map { Hex.encode($0.aid) } == ["A0000000620101", "A0000000620102"])
    }

    @Test func olderCardWithoutModulesListsLoadFiles() {
        let card = ScriptedCard([
            "80F28002": ["E3114F08A0000001510000009F700101C501809000"],
            "80F24002": ["6A88"],
            "80F21002": ["6A86"],
            "80F21000": ["6A86"],
            "80F22002": ["E30C4F06A000000151009F7001019000"],
        ])
        let engine = makeEngine(card: card)
        let outcome = result(engine, "gp status")
        #expect(outcome.ok)
        let found = sections(outcome)
        #expect(found.map(\.p1) == [0x80, 0x40, 0x20])
        #expect(found[1].entries.isEmpty)
        #expect(found[2].legacyFormat == false)
        #expect(found[2].entries.first?.lifeCycle.name == "LOADED")
    }

    @Test func securityStatusSuggestsASecureChannel() {
        let engine = makeEngine(card: ScriptedCard(["80F28002": ["6982"]]))
        let outcome = result(engine, "gp status --isd")
        #expect(!outcome.ok)
        #expect(outcome.error?.message.hasPrefix("GET STATUS P1 80: 6982") == true)
        #expect(outcome.error?.message.contains("`scp03 open`") == true)
        #expect(outcome.exchanges.count == 1)
    }

    @Test func malformedRegistryIsAnErrorWithOffset() {
        let engine = makeEngine(card: ScriptedCard(["80F24002": ["E3044F02A0009000"]]))
        let outcome = result(engine, "gp status --apps")
        #expect(outcome.error?.message == "GET STATUS P1 40: tag 9F70 missing in E3")
    }

    @Test func jsonIsStructured() throws {
        let engine = makeEngine()
        _ = engine.execute(line: "select isd")
        let json = JSONRenderer.render(result(engine, "gp status --isd"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let r = try #require(object["result"] as? [String: Any])
        #expect(r["object"] as? String == "registry")
        let section = try #require((r["sections"] as? [[String: Any]])?.first)
        #expect(section["format"] as? String == "E3")
        let entry = try #require((section["entries"] as? [[String: Any]])?.first)
        #expect(entry["aid"] as? String == "A000000151000000")
        #expect((entry["life_cycle"] as? [String: Any])?["name"] as? String == "SECURED")
        let privileges = try #require(entry["privileges"] as? [String: Any])
        #expect((privileges["names"] as? [String])?.first == "Security Domain")
    }
}

@Suite struct GPDataCommandTests {
    @Test func cplcIsLabelledFieldByField() {
        let engine = makeEngine()
        _ = engine.execute(line: "select isd")
        let outcome = result(engine, "gp data cplc")
        guard case .gp(let output) = outcome.result, case .cplc(let cplc) = output.content else {
            Issue.record("not decoded as CPLC")
            return
        }
        #expect(cplc.fields.count == 18)
        let shown = text(outcome)
        #expect(shown.contains("IC fabricator"))
        #expect(shown.contains("4790      NXP"))
        #expect(!shown.contains("=> 80CA"))
    }

    @Test func realCardCPLCByTag() {
        // fidesmo/fdsm FidesmoCardTest.java: GET DATA 9F7F of a Fidesmo card.
        let card = ScriptedCard([
            "80CA9F7F": [
                "9F7F2A47906B644700E4D80300816500485399064800000000000000005758594E4E4E4E4E00000000000000009000"
            ]
        ])
        let shown = text(result(makeEngine(card: card), "gp data 9F7F"))
        #expect(shown.contains("IC serial number"))
        #expect(shown.contains("00485399"))
        #expect(shown.contains("E4D8      not a YDDD date"))
        #expect(shown.contains("year digit 8, day 165"))
    }

    @Test func countersAreNumbers() {
        let card = ScriptedCard(["80CA00C1": ["C10300002A9000"]])
        let outcome = result(makeEngine(card: card), "gp data seq-counter")
        #expect(text(outcome).contains("Sequence counter (C1): 00002A = 42"))
    }

    @Test func undecodableDataFallsBackToTheTreeWithAWarning() {
        let card = ScriptedCard(["80CA9F7F": ["9F7F0247909000"]])
        let outcome = result(makeEngine(card: card), "gp data cplc")
        #expect(outcome.ok)
        #expect(
            outcome.notes.map(\.text) == [
                "Card production life cycle data (9F7F): tag 9F7F at offset 3 has 2 bytes, expected 42"
            ])
        guard case .gp(let output) = outcome.result, case .undecoded = output.content else {
            Issue.record("expected the undecoded fallback")
            return
        }
    }

    @Test func missingObjectSaysWhatToTry() {
        let outcome = result(makeEngine(card: ScriptedCard(["80CA0066": ["6A88"]])), "gp data card-data")
        #expect(outcome.error?.message.contains("try `select isd`") == true)
    }

    @Test(arguments: ["card-data", "capabilities", "resources", "iin", "cin", "confirm-counter", "key-info"])
    func everyNamedObjectDecodesOnTheSimulatedCard(name: String) throws {
        let engine = makeEngine()
        _ = engine.execute(line: "select isd")
        let outcome = result(engine, "gp data " + name)
        #expect(outcome.ok)
        #expect(outcome.notes.isEmpty)
        guard case .gp(let output) = outcome.result else {
            Issue.record("no gp result")
            return
        }
        if case .undecoded = output.content { Issue.record("\(name) was not decoded") }
        let json = JSONRenderer.render(outcome)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["result"] is [String: Any])
    }
}

@Suite struct GPKeysCommandTests {
    @Test func simulatedCardKeyTable() {
        let engine = makeEngine()
        _ = engine.execute(line: "select isd")
        let shown = text(result(engine, "gp keys"))
        #expect(shown.contains("01  30 (48)  AES"))
        #expect(!shown.contains("Change"))
    }

    @Test func secondReadMarksWhatPutKeyChanged() {
        // Before: KVN 30 (AES-128, keys 1-3). After PUT KEY: KVN 30 replaced by AES-256, KVN 31 added, key 3 gone.
        let card = ScriptedCard([
            "80CA00E0": [
                "E012C00401308810C00402308810C004033088109000",
                "E012C00401308820C00402308820C004013188109000",
            ]
        ])
        let engine = makeEngine(card: card)
        _ = engine.execute(line: "gp keys")
        let outcome = result(engine, "gp keys")
        guard case .gp(let output) = outcome.result, case .keys(let rows) = output.content else {
            Issue.record("no key table")
            return
        }
        #expect(rows.map(\.change) == [.replaced, .replaced, .added, .removed])
        #expect(rows.map { Int($0.key.id) } == [1, 2, 1, 3])
        let shown = text(outcome)
        #expect(shown.contains("Change"))
        #expect(shown.contains("01  31 (49)  AES   16      added"))
        #expect(shown.contains("removed"))
    }

    @Test func extendedEntriesShowUsageAndAccess() {
        // martinpaljak/GlobalPlatformPro TestGPKeyInfo.testExtendedRSAKeyTemplate.
        let card = ScriptedCard([
            "80CA00E0": ["E021C00401018010C00402018010C00403018010C00D0173FFA10080A00003018401009000"]
        ])
        let shown = text(result(makeEngine(card: card), "gp keys"))
        #expect(shown.contains("RSA public modulus N (128) + RSA public exponent e (3)"))
        #expect(shown.contains("usage 84 (verification, cryptographic checksum), access 00"))
    }

    @Test func malformedTemplateIsAnError() {
        let card = ScriptedCard(["80CA00E0": ["E005C0030101889000"]])
        let outcome = result(makeEngine(card: card), "gp keys")
        #expect(
            outcome.error?.message == "key information template (E0): truncated at offset 0: 4 bytes needed, 3 left")
    }
}

/// Decoder errors as people read them: the error, then the exact text.
@Suite struct GPErrorTextTests {
    @Test(arguments: [
        (
            GPDataError.wrongLength(tag: BERTag(0x9F7F), offset: 3, expected: 42, actual: 2),
            "tag 9F7F at offset 3 has 2 bytes, expected 42"
        ),
        (
            .wrongLength(tag: BERTag(0x9F70), offset: 0, expected: 1, actual: 1),
            "tag 9F70 at offset 0 has 1 byte, expected 1"
        ),
        (.truncated(offset: 9, needed: 1, available: 0), "truncated at offset 9: 1 byte needed, 0 left"),
        (.truncated(offset: 2, needed: 4, available: 3), "truncated at offset 2: 4 bytes needed, 3 left"),
        (.missingTag(BERTag(0x4F), within: BERTag(0xE3)), "tag 4F missing in E3"),
        (.missingTag(BERTag(0x73), within: nil), "tag 73 missing"),
        (
            .unexpectedTag(offset: 10, expected: BERTag(0xE3), actual: BERTag(0xE4)),
            "expected tag E3 at offset 10, found E4"
        ),
    ])
    func text(error: GPDataError, expected: String) {
        #expect(GPRendering.describe(error, in: []) == expected)
    }

    @Test func tlvErrorsNameTheByte() {
        let data: [UInt8] = [0xE3, 0x26, 0x4F, 0x08]
        let message = GPRendering.describe(.tlv(.valueTruncated(offset: 0, declared: 38, available: 2)), in: data)
        #expect(message.hasPrefix("not valid BER-TLV: "))
        #expect(message.contains("38"))
    }
}
