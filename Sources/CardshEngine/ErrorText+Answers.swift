import CardCore

/// What a broken answer from the card did wrong.
extension ErrorText {
    /// After an answer that broke the transmission protocol (too short, endless 61xx).
    static let brokenAnswerHint = "Try again, or `reset`."

    static func overlongAnswer(received: Int, ne: Int) -> String {
        "the card answered \(received) data bytes, more than the \(ne) its Le allows (ISO 7816-4 §5.1); the answer "
            + "is not used. Try `reset`."
    }

    static func getResponseRefused(announced: StatusWord, answered: StatusWord, received: Int) -> String {
        "the card announced more data (\(announced)) but answered GET RESPONSE with \(answered) "
            + "(\(swText(answered))); the response is incomplete (\(received) data bytes received)."
    }

    static func leRetryRefused(first: StatusWord, second: StatusWord) -> String {
        "the card asked for Le \(first.sw2 == 0 ? 256 : Int(first.sw2)) (\(first)), then answered the resend with "
            + "\(second); Le retry stopped after one resend (ISO 7816-4 §5.6)."
    }

    static func undecodable(_ what: String, _ error: TLVError) -> String {
        let detail = tlv(error, in: [])
        let prefix = "BER-TLV: "
        return what + " is not valid BER-TLV: "
            + (detail.hasPrefix(prefix) ? String(detail.dropFirst(prefix.count)) : detail) + "; shown undecoded."
    }

    /// `name` is the channel's protocol as the prompt shows it: scp03, scp11a, scp11b, scp11c.
    static func secureChannelLost(_ name: String) -> String {
        let command = name.hasPrefix("scp11") ? "scp11 open " + name.dropFirst(5) : name + " open"
        return "The \(name) secure channel is closed: its MAC chain cannot go on after a lost exchange. Open it again "
            + "with `\(command)`."
    }
}
