/// A misbehaviour the virtual card can be told to show, to test how a client copes with a broken card or link.
///
/// Each fault fires once. The raw values are the names `cardsh-sim --fault` takes.
public enum CardFault: String, CaseIterable, Sendable {
    /// No answer: the command is read, then the connection is dropped (cardsh-sim closes its vpcd socket;
    /// the in-process transport reports the card removed).
    case drop
    /// A 1-byte answer: the first byte only, fewer than the two status bytes (ISO 7816-4 §5.1).
    case short
    /// The response data loses its second half; the status word stays. Waits for a response with data.
    case truncate
    /// 16 data bytes more than the command's Ne (Le 00: 256), then 9000. Waits for a command with Le.
    case overlong
    /// The first BER-TLV object of the response data declares one value byte more than follows (ISO 7816-4
    /// §5.2.2). Waits for a response with data.
    case badTLV = "bad-tlv"
    /// The last byte of the R-MAC is flipped (GP Amd D v1.2 §6.2.5). Waits for a response carrying an R-MAC.
    case badRMAC = "bad-rmac"
    /// 16 bytes and 61 10 to the command and to every GET RESPONSE after it: the response never ends.
    case loop61 = "loop-61"
    /// 6C10 to the command, then 6C11, 6C12... to each resend with the Le it asked for.
    case loop6C = "loop-6c"
    /// 61 10 to the command, then 6D00 (INS not supported) to the GET RESPONSE that follows.
    case getResponse6D00 = "getresponse-6d00"

    /// One line per fault for help texts: `name: what it does`.
    public var summary: String {
        switch self {
        case .drop: "close the connection after reading the command, without an answer"
        case .short: "answer one byte, fewer than SW1 SW2"
        case .truncate: "cut the response data in half, keeping the status word"
        case .overlong: "answer 16 data bytes more than the command's Le allows"
        case .badTLV: "make the first BER-TLV length of the response data run past the end"
        case .badRMAC: "flip a byte of the R-MAC (needs a secure channel with R-MAC)"
        case .loop61: "answer 61 10 to the command and to every GET RESPONSE after it"
        case .loop6C: "answer 6Cxx to the command and to each resend with that Le"
        case .getResponse6D00: "answer 61 10, then 6D00 to the GET RESPONSE"
        }
    }
}

/// A fault and when it fires: on the `at`-th command APDU after it is armed (1: the next one), or on the first
/// later one it applies to. Control messages (power, reset, ATR) do not count; GET RESPONSE does.
public struct FaultSpec: Hashable, Sendable, CustomStringConvertible {
    public var fault: CardFault
    public var at: Int

    public init(_ fault: CardFault, at: Int = 1) {
        self.fault = fault
        self.at = max(1, at)
    }

    /// Parses `KIND` or `KIND@N`, e.g. `loop-61` or `drop@3`.
    public init(parsing text: String) throws(SimulatedCardError) {
        let parts = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        guard let fault = CardFault(rawValue: String(parts[0]).lowercased()) else {
            throw .unknownFault(String(parts[0]))
        }
        var at = 1
        if parts.count == 2 {
            guard let n = Int(parts[1]), n >= 1 else { throw .invalidFaultPosition(String(parts[1])) }
            at = n
        }
        self.init(fault, at: at)
    }

    public var description: String { "\(fault.rawValue)@\(at)" }
}

/// What can go wrong when configuring the virtual card.
public enum SimulatedCardError: Error, Equatable, Sendable {
    /// No fault has this name; `CardFault.allCases` lists them.
    case unknownFault(String)
    /// The text after `@` is not a command count of 1 or more.
    case invalidFaultPosition(String)
}
