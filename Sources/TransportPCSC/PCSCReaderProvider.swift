internal import CPCSCLite
import CardCore

/// Readers and cards through pcsc-lite.
///
/// Holds one context; when pcscd goes away and comes back, the next call establishes a new one,
/// so `listReaders` and `connect` work again without a new provider.
public final class PCSCReaderProvider: ReaderProvider {
    private var context: PCSCContext?

    /// The pnp pseudo-reader: SCardGetStatusChange on it returns when a reader is added or removed.
    static let plugAndPlayReader = "\\\\?PnP?\\Notification"

    /// Does not contact pcscd yet; the first call does.
    public init() {}

    /// The pcsc-lite name (SCARD_E_...) of a return code, or its hex value when unknown.
    public static func describe(_ code: Int64) -> String {
        PCSCReturnCode.describe(code)
    }

    /// The `TransportError` for a pcsc-lite return code from `function`, naming `reader`.
    public static func transportError(code: Int64, function: String, reader: String?) -> TransportError {
        PCSCReturnCode.transportError(code: code, function: function, reader: reader)
    }

    public func listReaders() throws(TransportError) -> [ReaderInfo] {
        try withContext(reader: nil) { context throws(PCSCFailure) in
            try Self.readerStates(context).map(\.info)
        }
    }

    /// Connects to the card in the reader named exactly `reader`.
    /// - Throws: `.readerNotFound` (with the names there are), `.noCard`, `.sharingViolation`,
    ///   `.serviceUnavailable`, `.failed` for SCARD_E_PROTO_MISMATCH and the like.
    public func connect(
        reader: String, protocol choice: ProtocolChoice, share: ShareMode
    ) throws(TransportError) -> any CardTransport {
        try connectCard(reader: reader, protocol: choice, share: share)
    }

    /// `connect`, returning the concrete type (with `status()`).
    public func connectCard(
        reader: String, protocol choice: ProtocolChoice = .any, share: ShareMode = .shared
    ) throws(TransportError) -> PCSCCard {
        do {
            return try withContext(reader: reader) { context throws(PCSCFailure) in
                try PCSCCard(context: context, reader: reader, share: share, protocol: choice)
            }
        } catch .readerNotFound(let name, _) {
            let available = (try? listReaders().map(\.name)) ?? []
            throw .readerNotFound(name, available: available)
        }
    }

    /// Waits until any reader changes state or a reader is added or removed. With `known` (an
    /// earlier `listReaders()`), returns at once when the readers already differ from it, so no
    /// change between that listing and this call is lost.
    /// - Returns: false when `timeout` passed without a change.
    public func waitForChange(since known: [ReaderInfo]? = nil, timeout: Duration) throws(TransportError) -> Bool {
        try withContext(reader: nil) { context throws(PCSCFailure) in
            let current = try Self.readerStates(context)
            if let known, known != current.map(\.info) { return true }
            var names = current.map(\.name)
            var states = current.map { $0.eventState & ~UInt(SCARD_STATE_CHANGED) }
            names.append(Self.plugAndPlayReader)
            states.append(UInt(current.count) << 16)
            return try context.getStatusChange(
                readers: names, currentStates: states, timeoutMs: Self.milliseconds(timeout)) != nil
        }
    }

    /// Waits until `reader` holds a card and returns its state.
    /// - Throws: `.timeout` when no card came within `timeout`.
    @discardableResult
    public func waitForCard(reader: String, timeout: Duration) throws(TransportError) -> ReaderInfo {
        try wait(reader: reader, timeout: timeout) { info in
            guard let info else { return false }
            return info.state != .empty && info.state != .unavailable
        }
    }

    /// Waits until `reader` holds no card (or is gone).
    /// - Throws: `.timeout` when the card was still there after `timeout`.
    public func waitForRemoval(reader: String, timeout: Duration) throws(TransportError) {
        _ = try wait(reader: reader, timeout: timeout) { info in
            guard let info else { return true }
            return info.state == .empty || info.state == .unavailable
        }
    }

    // MARK: Internals

    /// Polls in slices of at most 100 ms so that reader arrival and departure are both seen; the
    /// timeout is counted in slices (no clock is read), so it may end early after many changes.
    private func wait(
        reader: String, timeout: Duration, until done: (ReaderInfo?) -> Bool
    ) throws(TransportError) -> ReaderInfo {
        var remaining = Self.milliseconds(timeout)
        while true {
            let result: (ReaderInfo?, Bool) = try withContext(reader: reader) { context throws(PCSCFailure) in
                let states = try Self.readerStates(context)
                let event = states.first { $0.name == reader }
                if done(event?.info) { return (event?.info, true) }
                guard remaining > 0 else { return (nil, false) }
                let slice = min(remaining, 100)
                remaining -= slice
                if let event {
                    _ = try context.getStatusChange(
                        readers: [reader, Self.plugAndPlayReader],
                        currentStates: [
                            event.eventState & ~UInt(SCARD_STATE_CHANGED), UInt(states.count) << 16,
                        ],
                        timeoutMs: slice)
                } else {
                    _ = try context.getStatusChange(
                        readers: [Self.plugAndPlayReader], currentStates: [UInt(states.count) << 16],
                        timeoutMs: slice)
                }
                return (nil, false)
            }
            if result.1 { return result.0 ?? ReaderInfo(name: reader, state: .empty, atr: nil) }
            if remaining == 0 { throw .timeout }
        }
    }

    /// Every reader with its event state (SCardGetStatusChange from SCARD_STATE_UNAWARE, no wait).
    private static func readerStates(_ context: PCSCContext) throws(PCSCFailure) -> [ReaderEvent] {
        let names = try context.listReaders()
        if names.isEmpty { return [] }
        do {
            return try context.getStatusChange(
                readers: names, currentStates: names.map { _ in UInt(SCARD_STATE_UNAWARE) }, timeoutMs: 0)
                ?? names.map { ReaderEvent(name: $0, eventState: UInt(SCARD_STATE_UNKNOWN), atr: []) }
        } catch let error where error.code == PCSCReturnCode.unknownReader {
            // A reader went away between the two calls: ask again once.
            let again = try context.listReaders()
            return try context.getStatusChange(
                readers: again, currentStates: again.map { _ in UInt(SCARD_STATE_UNAWARE) }, timeoutMs: 0)
                ?? []
        }
    }

    /// Runs `body` with a live context; when pcscd was lost (stopped or restarted since the context
    /// was made), drops the context and tries once more with a new one.
    private func withContext<T>(
        reader: String?, _ body: (PCSCContext) throws(PCSCFailure) -> T
    ) throws(TransportError) -> T {
        var retried = false
        while true {
            let reused = context != nil
            do {
                let current: PCSCContext
                if let context {
                    current = context
                } else {
                    current = try PCSCContext(establishing: ())
                    context = current
                }
                return try body(current)
            } catch {
                let lost = PCSCReturnCode.isServiceLost(error.code) || error.code == PCSCReturnCode.invalidHandle
                if lost { context = nil }
                if lost && reused && !retried {
                    retried = true
                    continue
                }
                throw PCSCReturnCode.transportError(code: error.code, function: error.function, reader: reader)
            }
        }
    }

    /// Whole milliseconds, clamped below INFINITE (0xFFFFFFFF), which pcsc-lite reads as "no timeout".
    static func milliseconds(_ duration: Duration) -> UInt {
        let (seconds, attoseconds) = duration.components
        if seconds < 0 { return 0 }
        let limit: UInt = 0xFFFF_FFFE
        if UInt64(seconds) >= UInt64(limit / 1000) { return limit }
        return UInt(seconds) * 1000 + UInt(attoseconds / 1_000_000_000_000_000)
    }
}

@available(*, unavailable)
extension PCSCReaderProvider: Sendable {}
