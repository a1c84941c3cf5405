import CardCore

extension Engine {
    /// Fails the command when the card's answers broke the APDU rules: more data than Le allows, an error
    /// to the GET RESPONSE a 61xx asked for, a second 6Cxx after the Le retry. The exchange is still shown.
    func checkAnswers(_ record: ExchangeRecord, final sw: StatusWord) throws(CommandError) {
        // A transcript serves answers the way they were recorded: assembled GET RESPONSE rounds come back whole.
        if case .transcript = session.target { return }
        guard let problem = Self.answerProblem(record.wire, final: sw) else { return }
        failedExchange = record
        throw CommandError(problem)
    }

    static func answerProblem(_ wire: [WireExchange], final sw: StatusWord) -> String? {
        for round in wire where round.response.count > 2 {
            let received = round.response.count - 2
            // ISO 7816-4 §5.1: Ne is the most the card may send; no Le (case 1 or 3), no limit checked here.
            if let ne = try? CommandAPDU(parsing: round.command).ne, received > ne {
                return ErrorText.overlongAnswer(received: received, ne: ne)
            }
        }
        guard wire.count >= 2, let last = wire.last else { return nil }
        let before = wire[wire.count - 2].response
        guard before.count >= 2 else { return nil }
        let previous = StatusWord(before[before.count - 2], before[before.count - 1])
        if last.purpose == .getResponse && sw.isError {
            let received = wire.dropLast().reduce(0) { $0 + max(0, $1.response.count - 2) }
            return ErrorText.getResponseRefused(announced: previous, answered: sw, received: received)
        }
        if last.purpose == .leRetry && sw.sw1 == 0x6C {
            return ErrorText.leRetryRefused(first: previous, second: sw)
        }
        return nil
    }

    /// A warning when a response that should be BER-TLV (SELECT's FCI/FCP/FMD, GET DATA) does not decode.
    func noteUndecodableData(_ record: ExchangeRecord, into outcome: inout CommandOutcome) {
        let response = record.response
        guard !response.data.isEmpty, !response.sw.isError, record.command.count >= 4 else { return }
        let cla = record.command[0], ins = record.command[1]
        let what: String
        switch ins {
        case 0xA4 where cla & 0x80 == 0: what = "the SELECT response"
        case 0xCA, 0xCB: what = "the GET DATA response"
        default: return
        }
        do {
            _ = try TLV.decodeAll(response.data)
        } catch {
            outcome.notes.append(Note(.warning, ErrorText.undecodable(what, error)))
        }
    }
}
