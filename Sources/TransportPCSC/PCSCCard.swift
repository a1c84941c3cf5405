internal import CPCSCLite
import CardCore

/// A card connected through PC/SC (SCardConnect); disconnects in `deinit` if still connected.
public final class PCSCCard: CardTransport {
    /// The reader's name.
    public let name: String
    public private(set) var atr: [UInt8]
    public var activeProtocol: String? { handle == nil ? nil : protocolName(active) }
    /// The sharing mode this connection was opened with.
    public let share: ShareMode

    private let context: PCSCContext
    private let requested: ProtocolChoice
    private var handle: SCARDHANDLE?
    private var active: DWORD
    // MAX_BUFFER_SIZE_EXTENDED (65548) covers 65536 data bytes + SW, the largest R-APDU (ISO 7816-4 §5.1).
    private var receiveBuffer = [UInt8](repeating: 0, count: Int(cardsh_max_buffer_size_extended()))

    init(
        context: PCSCContext, reader: String, share: ShareMode, protocol requested: ProtocolChoice
    ) throws(PCSCFailure) {
        self.context = context
        self.name = reader
        self.share = share
        self.requested = requested
        let (card, active) = try context.connect(reader: reader, share: share, protocols: requested)
        self.handle = card
        self.active = active
        self.atr = []
        do {
            self.atr = try Self.status(card).atr
        } catch {
            Self.release(card)
            throw error
        }
    }

    deinit {
        if let handle { Self.release(handle) }
    }

    /// Sends one APDU with the PCI of the active protocol. Under T=0, a short case 1 or case 4
    /// command is mapped to its C-TPDU (ISO 7816-3 §12.2): 61xx answers are left to the caller.
    public func transmit(_ command: [UInt8]) throws(TransportError) -> [UInt8] {
        guard let handle else { throw .notConnected }
        let tpdu = Int32(truncatingIfNeeded: active) == SCARD_PROTOCOL_T0 ? Self.t0Command(command) : command
        let pci: UnsafePointer<SCARD_IO_REQUEST>
        switch Int32(truncatingIfNeeded: active) {
        case SCARD_PROTOCOL_T0: pci = cardsh_pci_t0()
        case SCARD_PROTOCOL_T1: pci = cardsh_pci_t1()
        default: pci = cardsh_pci_raw()
        }
        var received = DWORD(receiveBuffer.count)
        let rv = receiveBuffer.withUnsafeMutableBufferPointer { buffer in
            tpdu.withUnsafeBufferPointer { send in
                SCardTransmit(handle, pci, send.baseAddress, DWORD(send.count), nil, buffer.baseAddress, &received)
            }
        }
        if rv != SCARD_S_SUCCESS { throw mapped("SCardTransmit", Int64(rv)) }
        return Array(receiveBuffer[0..<Int(received)])
    }

    /// Reconnects (SCardReconnect): warm reset (SCARD_RESET_CARD) or cold (SCARD_UNPOWER_CARD),
    /// then reads the new ATR and active protocol.
    public func reset(cold: Bool) throws(TransportError) {
        guard let handle else { throw .notConnected }
        let initialization = DWORD(cold ? SCARD_UNPOWER_CARD : SCARD_RESET_CARD)
        var newActive: DWORD = 0
        let rv = SCardReconnect(handle, share.dword, requested.dword, initialization, &newActive)
        if rv != SCARD_S_SUCCESS { throw mapped("SCardReconnect", Int64(rv)) }
        active = newActive
        do {
            atr = try Self.status(handle).atr
        } catch {
            throw mapped(error.function, error.code)
        }
    }

    /// Releases the card (SCardDisconnect, leaving it powered); later calls fail with `.notConnected`.
    public func disconnect() {
        if let handle { Self.release(handle) }
        handle = nil
    }

    /// The card's state as the reader reports it now (SCardStatus); also refreshes `atr`.
    public func status() throws(TransportError) -> PCSCCardStatus {
        guard let handle else { throw .notConnected }
        do {
            let status = try Self.status(handle)
            atr = status.atr
            return status
        } catch {
            throw mapped(error.function, error.code)
        }
    }

    private func mapped(_ function: String, _ code: Int64) -> TransportError {
        PCSCReturnCode.transportError(code: code, function: function, reader: name)
    }

    /// SCardDisconnect leaving the card as it is (SCARD_LEAVE_CARD). Its result is not checked: the
    /// handle is gone either way, and a card already removed or a pcscd already stopped is fine.
    private static func release(_ handle: SCARDHANDLE) {
        _ = SCardDisconnect(handle, DWORD(SCARD_LEAVE_CARD))
    }

    private static func status(_ handle: SCARDHANDLE) throws(PCSCFailure) -> PCSCCardStatus {
        var nameLength: DWORD = 0
        var state: DWORD = 0
        var proto: DWORD = 0
        var atr = [UInt8](repeating: 0, count: Int(MAX_ATR_SIZE))
        var atrLength = DWORD(atr.count)
        var names = [CChar](repeating: 0, count: 512)
        nameLength = DWORD(names.count)
        try check("SCardStatus", SCardStatus(handle, &names, &nameLength, &state, &proto, &atr, &atrLength))
        let reader = PCSCContext.splitMultiString(names.prefix(Int(nameLength))).first ?? ""
        let flags = Int32(truncatingIfNeeded: state)
        return PCSCCardStatus(
            reader: reader,
            isPresent: flags & SCARD_PRESENT != 0,
            isPowered: flags & SCARD_POWERED != 0,
            activeProtocol: protocolName(proto),
            atr: Array(atr.prefix(Int(atrLength))))
    }

    /// The T=0 C-TPDU for a short APDU (ISO 7816-3 §12.2.2 case 1: P3 = 00; §12.2.5 case 4S: no Le).
    /// Other forms pass unchanged.
    public static func t0Command(_ apdu: [UInt8]) -> [UInt8] {
        if apdu.count == 4 { return apdu + [0x00] }
        if apdu.count > 5, apdu[4] != 0, apdu.count == 5 + Int(apdu[4]) + 1 {
            return Array(apdu.dropLast())
        }
        return apdu
    }
}

@available(*, unavailable)
extension PCSCCard: Sendable {}

/// What SCardStatus reports for a connected card.
public struct PCSCCardStatus: Hashable, Sendable {
    public var reader: String
    public var isPresent: Bool
    public var isPowered: Bool
    /// "T=0", "T=1"; nil when no protocol is active.
    public var activeProtocol: String?
    public var atr: [UInt8]
}
