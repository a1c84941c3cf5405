import CardCore

/// A failed pcsc-lite call inside this module: the C function's name and its return code.
/// Converted to `TransportError` (with the reader name) at the public API.
struct PCSCFailure: Error {
    var function: String
    var code: Int64
}

/// pcsc-lite return codes (`/usr/include/PCSC/pcsclite.h`, pcsc-lite 1.9.9), by value.
enum PCSCReturnCode {
    static let success: Int64 = 0x0000_0000
    static let internalError: Int64 = 0x8010_0001
    static let cancelled: Int64 = 0x8010_0002
    static let invalidHandle: Int64 = 0x8010_0003
    static let invalidParameter: Int64 = 0x8010_0004
    static let invalidTarget: Int64 = 0x8010_0005
    static let noMemory: Int64 = 0x8010_0006
    static let waitedTooLong: Int64 = 0x8010_0007
    static let insufficientBuffer: Int64 = 0x8010_0008
    static let unknownReader: Int64 = 0x8010_0009
    static let timeout: Int64 = 0x8010_000A
    static let sharingViolation: Int64 = 0x8010_000B
    static let noSmartcard: Int64 = 0x8010_000C
    static let unknownCard: Int64 = 0x8010_000D
    static let cantDispose: Int64 = 0x8010_000E
    static let protoMismatch: Int64 = 0x8010_000F
    static let notReady: Int64 = 0x8010_0010
    static let invalidValue: Int64 = 0x8010_0011
    static let systemCancelled: Int64 = 0x8010_0012
    static let commError: Int64 = 0x8010_0013
    static let unknownError: Int64 = 0x8010_0014
    static let invalidATR: Int64 = 0x8010_0015
    static let notTransacted: Int64 = 0x8010_0016
    static let readerUnavailable: Int64 = 0x8010_0017
    static let shutdown: Int64 = 0x8010_0018
    static let pciTooSmall: Int64 = 0x8010_0019
    static let readerUnsupported: Int64 = 0x8010_001A
    static let duplicateReader: Int64 = 0x8010_001B
    static let cardUnsupported: Int64 = 0x8010_001C
    static let noService: Int64 = 0x8010_001D
    static let serviceStopped: Int64 = 0x8010_001E
    static let unexpected: Int64 = 0x8010_001F
    static let noReadersAvailable: Int64 = 0x8010_002E
    static let commDataLost: Int64 = 0x8010_002F
    static let serverTooBusy: Int64 = 0x8010_0031
    static let unsupportedCard: Int64 = 0x8010_0065
    static let unresponsiveCard: Int64 = 0x8010_0066
    static let unpoweredCard: Int64 = 0x8010_0067
    static let resetCard: Int64 = 0x8010_0068
    static let removedCard: Int64 = 0x8010_0069

    /// Every code pcsc-lite 1.9.9 defines, with its name (SCARD_E_UNSUPPORTED_FEATURE shares
    /// 0x8010001F with SCARD_E_UNEXPECTED; pcsc-lite reports it under the latter name).
    static let names: [Int64: String] = [
        0x0000_0000: "SCARD_S_SUCCESS",
        0x8010_0001: "SCARD_F_INTERNAL_ERROR",
        0x8010_0002: "SCARD_E_CANCELLED",
        0x8010_0003: "SCARD_E_INVALID_HANDLE",
        0x8010_0004: "SCARD_E_INVALID_PARAMETER",
        0x8010_0005: "SCARD_E_INVALID_TARGET",
        0x8010_0006: "SCARD_E_NO_MEMORY",
        0x8010_0007: "SCARD_F_WAITED_TOO_LONG",
        0x8010_0008: "SCARD_E_INSUFFICIENT_BUFFER",
        0x8010_0009: "SCARD_E_UNKNOWN_READER",
        0x8010_000A: "SCARD_E_TIMEOUT",
        0x8010_000B: "SCARD_E_SHARING_VIOLATION",
        0x8010_000C: "SCARD_E_NO_SMARTCARD",
        0x8010_000D: "SCARD_E_UNKNOWN_CARD",
        0x8010_000E: "SCARD_E_CANT_DISPOSE",
        0x8010_000F: "SCARD_E_PROTO_MISMATCH",
        0x8010_0010: "SCARD_E_NOT_READY",
        0x8010_0011: "SCARD_E_INVALID_VALUE",
        0x8010_0012: "SCARD_E_SYSTEM_CANCELLED",
        0x8010_0013: "SCARD_F_COMM_ERROR",
        0x8010_0014: "SCARD_F_UNKNOWN_ERROR",
        0x8010_0015: "SCARD_E_INVALID_ATR",
        0x8010_0016: "SCARD_E_NOT_TRANSACTED",
        0x8010_0017: "SCARD_E_READER_UNAVAILABLE",
        0x8010_0018: "SCARD_P_SHUTDOWN",
        0x8010_0019: "SCARD_E_PCI_TOO_SMALL",
        0x8010_001A: "SCARD_E_READER_UNSUPPORTED",
        0x8010_001B: "SCARD_E_DUPLICATE_READER",
        0x8010_001C: "SCARD_E_CARD_UNSUPPORTED",
        0x8010_001D: "SCARD_E_NO_SERVICE",
        0x8010_001E: "SCARD_E_SERVICE_STOPPED",
        0x8010_001F: "SCARD_E_UNEXPECTED",
        0x8010_0020: "SCARD_E_ICC_INSTALLATION",
        0x8010_0021: "SCARD_E_ICC_CREATEORDER",
        0x8010_0023: "SCARD_E_DIR_NOT_FOUND",
        0x8010_0024: "SCARD_E_FILE_NOT_FOUND",
        0x8010_0025: "SCARD_E_NO_DIR",
        0x8010_0026: "SCARD_E_NO_FILE",
        0x8010_0027: "SCARD_E_NO_ACCESS",
        0x8010_0028: "SCARD_E_WRITE_TOO_MANY",
        0x8010_0029: "SCARD_E_BAD_SEEK",
        0x8010_002A: "SCARD_E_INVALID_CHV",
        0x8010_002B: "SCARD_E_UNKNOWN_RES_MNG",
        0x8010_002C: "SCARD_E_NO_SUCH_CERTIFICATE",
        0x8010_002D: "SCARD_E_CERTIFICATE_UNAVAILABLE",
        0x8010_002E: "SCARD_E_NO_READERS_AVAILABLE",
        0x8010_002F: "SCARD_E_COMM_DATA_LOST",
        0x8010_0030: "SCARD_E_NO_KEY_CONTAINER",
        0x8010_0031: "SCARD_E_SERVER_TOO_BUSY",
        0x8010_0065: "SCARD_W_UNSUPPORTED_CARD",
        0x8010_0066: "SCARD_W_UNRESPONSIVE_CARD",
        0x8010_0067: "SCARD_W_UNPOWERED_CARD",
        0x8010_0068: "SCARD_W_RESET_CARD",
        0x8010_0069: "SCARD_W_REMOVED_CARD",
        0x8010_006A: "SCARD_W_SECURITY_VIOLATION",
        0x8010_006B: "SCARD_W_WRONG_CHV",
        0x8010_006C: "SCARD_W_CHV_BLOCKED",
        0x8010_006D: "SCARD_W_EOF",
        0x8010_006E: "SCARD_W_CANCELLED_BY_USER",
        0x8010_006F: "SCARD_W_CARD_NOT_AUTHENTICATED",
    ]

    /// The pcsc-lite name of a code, or its hex value when pcsc-lite defines no such code.
    static func describe(_ code: Int64) -> String {
        if let name = names[code] { return name }
        let hex = String(UInt32(truncatingIfNeeded: code), radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: max(0, 8 - hex.count)) + hex
    }

    /// Whether the code means the connection to pcscd is gone (stopped, restarted, or never there),
    /// so a fresh context may help.
    static func isServiceLost(_ code: Int64) -> Bool {
        switch code {
        case noService, serviceStopped, commError, shutdown: true
        default: false
        }
    }

    /// The `TransportError` a person can act on for a failed call; `reader` names the reader involved.
    static func transportError(code: Int64, function: String, reader: String?) -> TransportError {
        let reader = reader ?? ""
        switch code {
        case noService, serviceStopped, commError, shutdown:
            return .serviceUnavailable
        case noReadersAvailable:
            return .noReaders
        case unknownReader:
            return .readerNotFound(reader, available: [])
        case noSmartcard:
            return .noCard(reader: reader)
        case removedCard:
            return .cardRemoved(reader: reader)
        // Both leave the card in a state this connection did not choose; reconnecting restores it.
        case resetCard, unpoweredCard:
            return .cardReset(reader: reader)
        case sharingViolation:
            return .sharingViolation(reader: reader)
        case readerUnavailable, notReady:
            return .readerUnavailable(reader: reader)
        case timeout:
            return .timeout
        default:
            // Unresponsive card, protocol mismatch, insufficient buffer and the rest keep the raw
            // code; `describe` names it for messages.
            return .failed(function: function, code: code)
        }
    }
}
