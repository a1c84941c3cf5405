/// An ISO 7816-4 response APDU: response data followed by SW1 SW2.
public struct ResponseAPDU: Hashable, Sendable {
    public var data: [UInt8]
    public var sw: StatusWord

    public init(data: [UInt8] = [], sw: StatusWord) {
        self.data = data
        self.sw = sw
    }

    /// Splits raw response bytes into data and status word.
    /// - Throws: `APDUError.responseTooShort` when fewer than two bytes arrived.
    public init(parsing bytes: [UInt8]) throws(APDUError) {
        guard bytes.count >= 2 else { throw .responseTooShort(length: bytes.count) }
        data = Array(bytes[..<(bytes.count - 2)])
        sw = StatusWord(bytes[bytes.count - 2], bytes[bytes.count - 1])
    }

    /// Data followed by SW1 SW2.
    public func encoded() -> [UInt8] { data + [sw.sw1, sw.sw2] }
}
