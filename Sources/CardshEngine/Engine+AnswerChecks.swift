import CardCore

extension Engine {
    /// Fails the command when the card's answers broke the APDU rules: more data than Le allows, an error
    /// to the GET RESPONSE a 61xx asked for, a second 6Cxx after the Le retry. The exchange is still shown.
    func checkAnswers(_ record: ExchangeRecord, final sw: StatusWord) throws(CommandError) {
        // A transcript serves answers the way they were recorded: assembled GET RESPONSE rounds come back whole.
        if session.isTranscript { return }
        guard let problem = Self.answerProblem(record.wire, final: sw) else { return }
        failedExchange = record
        throw CommandError(problem)
    }

    static func answerProblem(_ wire: [WireExchange], final sw: StatusWord) -> String? {
        for round in wire where round.response.count > 2 {
            let received = round.response.count - 2
            // ISO 7816-4 §5.1: Ne is the most the card may send; no Le (case 1 or 3), no limit checked here.
            if let ne = expectedLength(round.command), received > ne {
                return ErrorText.overlongAnswer(received: received, ne: ne)
            }
        }
        guard wire.count >= 2, let last = wire.last else { return nil }
        let before = wire[wire.count - 2].response
        guard before.count >= 2 else { return nil }
        let previous = StatusWord(before[before.count - 2], before[before.count - 1])
        // 64xx-6Fxx (ISO 7816-4 §5.6): the GET RESPONSE itself failed. Proprietary 9xxx codes stay the card's word.
        if last.purpose == .getResponse && (sw.category == .executionError || sw.category == .checkingError) {
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
        // The renderer decodes the tree again; a quick walk first keeps well-formed answers to one decode.
        if Self.isPlainlyBERTLV(response.data[...], depth: 0) { return }
        do {
            _ = try TLV.decodeAll(response.data)
        } catch {
            outcome.notes.append(Note(.warning, ErrorText.undecodable(what, error)))
        }
    }

    /// Ne of a command APDU from its length fields (ISO 7816-4 §5.1 case table); nil for case 1 or 3, or bytes
    /// that fit no case.
    static func expectedLength(_ command: [UInt8]) -> Int? {
        let count = command.count
        guard count > 4 else { return nil }
        let b4 = Int(command[4])
        if count == 5 { return b4 == 0 ? 256 : b4 }
        if b4 != 0 {
            // Short Lc: case 3 (5 + Lc bytes) or case 4 (6 + Lc, Le last).
            guard count == 6 + b4 else { return nil }
            let le = Int(command[count - 1])
            return le == 0 ? 256 : le
        }
        guard count >= 7 else { return nil }
        let field = Int(command[5]) << 8 | Int(command[6])
        // Extended: case 2 (00 Le Le), case 4 (00 Lc Lc data Le Le).
        let le: Int
        if count == 7 {
            le = field
        } else {
            guard count == 9 + field else { return nil }
            le = Int(command[count - 2]) << 8 | Int(command[count - 1])
        }
        return le == 0 ? 65536 : le
    }

    /// True when `bytes` certainly decode with `TLV.decodeAll` (same padding, tag and length rules, without
    /// building the tree); false when in doubt, which sends the caller to `TLV.decodeAll` for the verdict.
    static func isPlainlyBERTLV(_ bytes: ArraySlice<UInt8>, depth: Int) -> Bool {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let first = bytes[index]
            let next = index + 1 < bytes.endIndex ? bytes[index + 1] : nil
            // ISO 7816-4 §5.2.2: 00 and FF between objects are padding (FF only before 00, FF or the end).
            if first == 0x00 || (first == 0xFF && (next == nil || next == 0x00 || next == 0xFF)) {
                index += 1
                continue
            }
            var cursor = index + 1
            if first & 0x1F == 0x1F {
                // Two-byte tags only; longer ones are left to the decoder.
                guard let second = next, second & 0x80 == 0 else { return false }
                cursor += 1
            }
            guard cursor < bytes.endIndex else { return false }
            let lengthByte = bytes[cursor]
            cursor += 1
            var length = Int(lengthByte)
            if lengthByte >= 0x80 {
                let count = Int(lengthByte & 0x7F)
                guard (1...3).contains(count), cursor + count <= bytes.endIndex else { return false }
                length = 0
                for offset in 0..<count { length = length << 8 | Int(bytes[cursor + offset]) }
                cursor += count
            }
            guard length <= bytes.endIndex - cursor else { return false }
            if first & 0x20 != 0 {
                guard depth < TLV.maximumDepth, isPlainlyBERTLV(bytes[cursor..<cursor + length], depth: depth + 1)
                else { return false }
            }
            index = cursor + length
        }
        return true
    }
}
