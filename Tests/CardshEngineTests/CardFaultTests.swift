import CardCore
import Testing
import TransportSim

@testable import CardshEngine

/// The shell against a virtual card told to misbehave (TransportSim's `FaultInjector`): each fault gives one clear
/// line, the command's exchange stays visible where there was one, and the next command works. Reviewers read
/// this table; the same faults run over pcscd/vpcd in EndToEndTests.
@Suite struct CardFaultTests {
    /// The virtual card's ISD answers SELECT with a 115-byte FCI: 6F 71 (113 value bytes) ...
    static let table: [(fault: CardFault, kind: Note.Kind?, message: String)] = [
        (
            .short, nil,
            "transport protocol error: the card answered 1 byte (6F), fewer than the status word SW1 SW2. Try again, "
                + "or `reset`."
        ),
        (.drop, nil, "the card was removed from \"sim\"; disconnected. Insert it and `connect` again."),
        (
            .truncate, .warning,
            "the SELECT response is not valid BER-TLV: object at byte 0 declares 113 value bytes, only 55 follow; "
                + "shown undecoded."
        ),
        (
            .badTLV, .warning,
            "the SELECT response is not valid BER-TLV: object at byte 0 declares 114 value bytes, only 113 follow; "
                + "shown undecoded."
        ),
        (
            .overlong, nil,
            "the card answered 272 data bytes, more than the 256 its Le allows (ISO 7816-4 §5.1); the answer is not "
                + "used. Try `reset`."
        ),
        (
            .loop61, nil,
            "transport protocol error: the card answered 61xx to 511 GET RESPONSE commands in a row and never a final "
                + "status word; GET RESPONSE loop stopped after 512 exchanges. Try again, or `reset`."
        ),
        (
            .loop6C, nil,
            "the card asked for Le 16 (6C10), then answered the resend with 6C11; Le retry stopped after one resend "
                + "(ISO 7816-4 §5.6)."
        ),
        (
            .getResponse6D00, nil,
            "the card announced more data (6110) but answered GET RESPONSE with 6D00 (checking error, "
                + "instruction code not supported or invalid); the response is incomplete (0 data bytes received)."
        ),
    ]

    /// The transport `connect sim` made last.
    final class LatestCard {
        var transport = SimulatedCardTransport(card: SimulatedCard())
    }

    /// An engine connected to a virtual card whose faults the test arms; each `connect sim` makes a new card.
    static func engine() -> (Engine, SimulatedCardTransport) {
        let latest = LatestCard()
        let first = latest.transport
        let environment = EngineEnvironment(
            readers: nil, clock: { 0 },
            makeSimulatedCard: {
                defer { latest.transport = SimulatedCardTransport(card: SimulatedCard()) }
                return latest.transport
            })
        let engine = Engine(environment: environment)
        _ = engine.connect(.sim, quietly: true)
        return (engine, first)
    }

    @Test(arguments: 0..<table.count)
    func faultOnSelect(_ index: Int) {
        let row = Self.table[index]
        let (engine, transport) = Self.engine()
        #expect(engine.execute(line: "select isd").ok)
        transport.faults.arm(FaultSpec(row.fault))
        let result = engine.execute(line: "select isd")
        let outcome = result.outcomes[0]
        if let kind = row.kind {
            #expect(result.ok)
            #expect(outcome.notes == [Note(kind, row.message)])
        } else {
            #expect(!result.ok)
            #expect(outcome.error?.message == row.message)
        }
        #expect(transport.faults.isIdle || row.fault == .loop61 || row.fault == .loop6C)
        // The shell goes on: a reconnect where the card went away, then the next APDU works.
        let again = engine.execute(line: row.fault == .drop ? "connect sim; select isd" : "select isd")
        #expect(again.ok, "\(again.outcomes.map { $0.error?.message ?? "ok" })")
        #expect(again.outcomes.last?.exchanges.first?.response.sw == .success)
        #expect(engine.history.suffix(3).first == "select isd")
    }

    /// Where the card sent something, the failed command still shows it next to the error.
    @Test func brokenAnswersStayVisible() {
        let (engine, transport) = Self.engine()
        transport.faults.arm(FaultSpec(.getResponse6D00))
        let outcome = engine.execute(line: "apdu 80CA9F7F00").outcomes[0]
        #expect(outcome.exchanges.count == 1)
        #expect(outcome.exchanges.first?.wire.map(\.response) == [[0x61, 0x10], [0x6D, 0x00]])
        let text = TextRenderer(color: false, trace: .off).render(outcome)
        #expect(text.out.contains("6D00"))
        #expect(text.err.hasPrefix("error: apdu: the card announced more data (6110) but answered GET RESPONSE"))
        // --json carries both: the wire rounds and the error.
        let json = JSONRenderer.render(outcome)
        #expect(json.contains("\"ok\":false"))
        #expect(json.contains("\"sw\":\"6D00\""))
        #expect(json.contains("answered GET RESPONSE with 6D00"))
        // The exchange that failed is not what `$sw` and `expect` see.
        #expect(!engine.execute(line: "expect sw 6D00").ok)
    }

    @Test func overlongAnswerToAnExplicitLe() {
        let (engine, transport) = Self.engine()
        _ = engine.execute(line: "select isd")
        transport.faults.arm(FaultSpec(.overlong))
        let outcome = engine.execute(line: "apdu 80CA9F7F --le 45").outcomes[0]
        #expect(
            outcome.error?.message
                == "the card answered 61 data bytes, more than the 45 its Le allows (ISO 7816-4 §5.1); the answer is "
                + "not used. Try `reset`.")
        #expect(engine.execute(line: "apdu 80CA9F7F00 --expect-sw 9000").ok)
        // Past the largest Ne of all, 65536 (extended Le 0000).
        transport.faults.arm(FaultSpec(.overlong))
        let extended = engine.execute(line: "apdu 80CA9F7F --le 65536").outcomes[0]
        let message = extended.error?.message ?? ""
        #expect(message.hasPrefix("the card answered 65552 data bytes, more than the 65536 its Le"))
        #expect(extended.exchanges.first?.wire.first?.response.count == 65552 + 2)
    }

    /// A broken R-MAC closes the secure channel with one sentence; a new one opens on the same connection.
    @Test func wrongResponseMACClosesTheChannel() {
        let (engine, transport) = Self.engine()
        #expect(engine.execute(line: "select isd; scp03 open --level cmac+cdec+rmac+renc").ok)
        #expect(engine.execute(line: "gp data cplc").ok)
        transport.faults.arm(FaultSpec(.badRMAC))
        let failed = engine.execute(line: "gp data cplc")
        #expect(
            failed.outcomes[0].error?.message
                == "R-MAC of the response (SW 9000) does not verify (GP Amd D v1.2 §6.2.5); the secure channel is "
                + "closed. Open it again with `scp03 open`.")
        #expect(transport.faults.isIdle)
        #expect(engine.prompt() == "cardsh sim:isd> ")
        guard case .fields(let fields) = engine.execute(line: "scp status").outcomes[0].result else {
            Issue.record("scp status gave no fields")
            return
        }
        #expect(fields.map(\.value) == ["none on channel 0"])
        #expect(engine.execute(line: "select isd; scp03 open --level cmac+cdec+rmac+renc; gp data cplc").ok)
    }

    /// An answer lost or broken under a secure channel closes the channel: host and card may disagree on the
    /// MAC chain. The connection stays; a new channel opens.
    @Test(arguments: [CardFault.short, .overlong, .loop61])
    func lostExchangeClosesTheSecureChannel(_ fault: CardFault) {
        let (engine, transport) = Self.engine()
        #expect(engine.execute(line: "select isd; scp03 open --level cmac+rmac").ok)
        transport.faults.arm(FaultSpec(fault))
        let failed = engine.execute(line: "gp data cplc").outcomes[0]
        #expect(
            failed.error?.message.hasSuffix(
                ". The scp03 secure channel is closed: its MAC chain cannot go on after a lost exchange. Open it "
                    + "again with `scp03 open`.") == true, "\(failed.error?.message ?? "no error")")
        #expect(engine.prompt() == "cardsh sim:isd> ")
        #expect(engine.execute(line: "select isd; scp03 open --level cmac+rmac; gp data cplc").ok)
    }

    @Test func lostSCP11ChannelNamesItsOpenCommand() {
        #expect(ErrorText.secureChannelLost("scp11b").hasSuffix("Open it again with `scp11 open b`."))
    }

    /// A fault armed for a later command lets the earlier ones through.
    @Test func faultFiresOnTheNthCommand() {
        let (engine, transport) = Self.engine()
        transport.faults.arm(FaultSpec(.short, at: 3))
        #expect(engine.execute(line: "select isd").ok)
        #expect(engine.execute(line: "gp data cplc").ok)
        #expect(!engine.execute(line: "select isd").ok)
        #expect(engine.execute(line: "select isd").ok)
    }
}

/// The quick checks behind the answer rules agree with the full decoders.
@Suite struct AnswerCheckTests {
    static func round(_ command: String, _ response: String, _ purpose: WireExchange.Purpose) -> WireExchange {
        WireExchange(
            command: try! Hex.parse(command), response: try! Hex.parse(response), nanoseconds: 0, purpose: purpose)
    }

    /// Only an error class (64xx-6Fxx) to GET RESPONSE is a refusal; a proprietary 9xxx ends the response as usual.
    @Test func getResponseEndingsThatAreNotRefusals() {
        let first = Self.round("80CA9F7F00", "0102 6102", .command)
        let refused = [first, Self.round("00C0000002", "6A88", .getResponse)]
        let problem = Engine.answerProblem(refused, final: StatusWord(rawValue: 0x6A88)) ?? ""
        #expect(problem.hasPrefix("the card announced more data (6102) but answered GET RESPONSE with 6A88"))
        for sw: UInt16 in [0x9000, 0x6282, 0x9100, 0x63C1] {
            let last = "0304" + Hex.encode([UInt8(sw >> 8), UInt8(sw & 0xFF)])
            let ended = [first, Self.round("00C0000002", last, .getResponse)]
            #expect(Engine.answerProblem(ended, final: StatusWord(rawValue: sw)) == nil)
        }
    }

    @Test(
        arguments: [
            ("00A40400", nil), ("00B0000000", 256), ("00B0000010", 16), ("00A4040002AABB", nil),
            ("00A4040002AABB00", 256), ("00A4040002AABB2D", 45), ("00B00000000000", 65536),
            ("00B00000000100", 256), ("80E20000000002AABB", nil), ("80E20000000002AABB0000", 65536),
            ("80E20000000002AABB0102", 258), ("00A4040002AA", nil),
        ] as [(String, Int?)])
    func expectedLength(hex: String, ne: Int?) throws {
        let bytes = try Hex.parse(hex)
        #expect(Engine.expectedLength(bytes) == ne)
        if let parsed = try? CommandAPDU(parsing: bytes) { #expect(parsed.ne == ne) }
    }

    /// The quick walk never accepts what `TLV.decodeAll` rejects (seeded random mutations of real answers).
    @Test func quickWalkNeverAcceptsWhatTheDecoderRejects() throws {
        let card = SimulatedCard()
        let seeds = [
            card.process(try Hex.parse("00A4040008A00000015100000000")).dropLast(2),
            card.process(try Hex.parse("80CA9F7F00")).dropLast(2),
            card.process(try Hex.parse("80CA006600")).dropLast(2),
        ].map(Array.init)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % 1_000_003)
        }
        var accepted = 0
        for round in 0..<5000 {
            var bytes = seeds[round % seeds.count]
            for _ in 0...(next() % 3) {
                let at = next() % bytes.count
                switch next() % 3 {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: next())
                case 1: bytes.removeSubrange(at...)
                default: bytes.insert(UInt8(truncatingIfNeeded: next()), at: at)
                }
                if bytes.isEmpty { bytes = [0x6F] }
            }
            let quick = Engine.isPlainlyBERTLV(bytes[...], depth: 0)
            let decodes = (try? TLV.decodeAll(bytes)) != nil
            if quick {
                accepted += 1
                #expect(decodes, "accepted \(Hex.encode(bytes))")
            }
        }
        #expect(accepted > 100)
        for seed in seeds { #expect(Engine.isPlainlyBERTLV(seed[...], depth: 0)) }
    }
}
