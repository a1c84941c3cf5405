internal import CPCSCLite
import CardCore
import Glibc

/// An established PC/SC resource-manager context (SCardEstablishContext), released in `deinit`.
///
/// Not thread-safe: pcsc-lite serialises calls per context, but this wrapper keeps no locks.
public final class PCSCContext {
    let handle: SCARDCONTEXT

    /// Establishes a system-scope context with pcscd.
    /// - Throws: `TransportError.serviceUnavailable` when pcscd is not running.
    public convenience init() throws(TransportError) {
        do {
            try self.init(establishing: ())
        } catch {
            throw PCSCReturnCode.transportError(code: error.code, function: error.function, reader: nil)
        }
    }

    init(establishing: Void) throws(PCSCFailure) {
        var context: SCARDCONTEXT = 0
        try check("SCardEstablishContext", SCardEstablishContext(DWORD(SCARD_SCOPE_SYSTEM), nil, nil, &context))
        handle = context
    }

    deinit {
        SCardReleaseContext(handle)
    }

    /// Whether pcsc-lite still considers this context valid (SCardIsValidContext).
    public var isValid: Bool { SCardIsValidContext(handle) == SCARD_S_SUCCESS }

    // MARK: Wrapped C functions (each once)

    /// SCardListReaders: reader names; empty when there are none.
    func listReaders() throws(PCSCFailure) -> [String] {
        var size: DWORD = 0
        let first = SCardListReaders(handle, nil, nil, &size)
        if Int64(first) == PCSCReturnCode.noReadersAvailable { return [] }
        try check("SCardListReaders", first)
        var buffer = [CChar](repeating: 0, count: Int(size))
        let second = SCardListReaders(handle, nil, &buffer, &size)
        if Int64(second) == PCSCReturnCode.noReadersAvailable { return [] }
        try check("SCardListReaders", second)
        return Self.splitMultiString(buffer.prefix(Int(size)))
    }

    /// SCardGetStatusChange: waits until a state differs from `currentStates` (or `timeoutMs`
    /// passes; nil waits forever) and returns the event states. Names must exist or be the PnP name.
    /// Returns nil on timeout.
    func getStatusChange(
        readers: [String], currentStates: [UInt], timeoutMs: UInt?
    ) throws(PCSCFailure) -> [ReaderEvent]? {
        precondition(readers.count == currentStates.count)
        let names = readers.map { strdup($0) }
        defer { names.forEach { free($0) } }
        var states = [SCARD_READERSTATE](repeating: SCARD_READERSTATE(), count: readers.count)
        for index in states.indices {
            states[index].szReader = UnsafePointer(names[index])
            states[index].dwCurrentState = DWORD(currentStates[index])
        }
        let timeout = timeoutMs.map { DWORD($0) } ?? cardsh_infinite()
        let rv = SCardGetStatusChange(handle, timeout, &states, DWORD(states.count))
        if Int64(rv) == PCSCReturnCode.timeout { return nil }
        try check("SCardGetStatusChange", rv)
        return zip(readers, states).map { name, state in
            let atr = withUnsafeBytes(of: state.rgbAtr) { Array($0.prefix(Int(state.cbAtr))) }
            return ReaderEvent(name: name, eventState: UInt(state.dwEventState), atr: atr)
        }
    }

    /// SCardConnect: a card handle and the active protocol.
    func connect(reader: String, share: ShareMode, protocols: ProtocolChoice) throws(PCSCFailure) -> (
        SCARDHANDLE, DWORD
    ) {
        var card: SCARDHANDLE = 0
        var active: DWORD = 0
        try check(
            "SCardConnect",
            SCardConnect(handle, reader, share.dword, protocols.dword, &card, &active))
        return (card, active)
    }

    /// SCardCancel: ends a blocking SCardGetStatusChange on this context from another thread.
    public func cancel() {
        SCardCancel(handle)
    }

    static func splitMultiString(_ chars: ArraySlice<CChar>) -> [String] {
        chars.split(separator: 0).map { part in
            String(decoding: part.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }
}

@available(*, unavailable)
extension PCSCContext: Sendable {}

/// One reader's state as SCardGetStatusChange reported it.
struct ReaderEvent {
    var name: String
    var eventState: UInt
    var atr: [UInt8]

    func has(_ flag: Int32) -> Bool { eventState & UInt(flag) != 0 }

    var info: ReaderInfo {
        let state: ReaderInfo.State
        if has(SCARD_STATE_UNKNOWN) || has(SCARD_STATE_UNAVAILABLE) {
            state = .unavailable
        } else if has(SCARD_STATE_EMPTY) || !has(SCARD_STATE_PRESENT) {
            state = .empty
        } else if has(SCARD_STATE_MUTE) {
            state = .mute
        } else if has(SCARD_STATE_EXCLUSIVE) {
            state = .exclusive
        } else if has(SCARD_STATE_INUSE) {
            state = .inUse
        } else {
            state = .present
        }
        let hasCard = state != .empty && state != .unavailable
        return ReaderInfo(name: name, state: state, atr: hasCard && !atr.isEmpty ? atr : nil)
    }
}

/// Throws `PCSCFailure` unless `rv` is SCARD_S_SUCCESS.
@inline(__always)
func check(_ function: String, _ rv: LONG) throws(PCSCFailure) {
    if rv != SCARD_S_SUCCESS {
        throw PCSCFailure(function: function, code: Int64(rv))
    }
}

extension ShareMode {
    var dword: DWORD {
        switch self {
        case .shared: DWORD(SCARD_SHARE_SHARED)
        case .exclusive: DWORD(SCARD_SHARE_EXCLUSIVE)
        }
    }
}

extension ProtocolChoice {
    var dword: DWORD {
        switch self {
        case .t0: DWORD(SCARD_PROTOCOL_T0)
        case .t1: DWORD(SCARD_PROTOCOL_T1)
        case .any: DWORD(SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1)
        }
    }
}

/// "T=0", "T=1", "RAW" for an active-protocol value; nil when none is set.
func protocolName(_ active: DWORD) -> String? {
    switch Int32(truncatingIfNeeded: active) {
    case SCARD_PROTOCOL_T0: "T=0"
    case SCARD_PROTOCOL_T1: "T=1"
    case SCARD_PROTOCOL_RAW: "RAW"
    case SCARD_PROTOCOL_T15: "T=15"
    default: nil
    }
}
