import CardCore
import CardCrypto

/// Options that bend Amd D for cards that need it.
public struct SecureMessagingOptions: Sendable, Hashable {
    /// Increment the encryption counter only for commands with a data field. GP Amd D v1.2 §6.2.6 increments it
    /// for every command; cards following Amd D v1.1 increment it only when data is encrypted.
    public var counterIncrementsOnlyWithData: Bool
    /// MAC (and expect the caller to send) every protected command with extended length fields, for cards and
    /// readers that take only extended APDUs; the caller encodes with `encoded(forceExtended: true)`.
    public var forceExtendedLength: Bool

    public init(counterIncrementsOnlyWithData: Bool = false, forceExtendedLength: Bool = false) {
        self.counterIncrementsOnlyWithData = counterIncrementsOnlyWithData
        self.forceExtendedLength = forceExtendedLength
    }
}

/// The card's view of an incoming protected command: the plain command, or the status word to answer with.
/// (`Result` needs an `Error` failure type; a status word is data, so it gets its own enum.)
public enum CardCommandResult: Sendable, Equatable {
    case accepted(CommandAPDU)
    case rejected(StatusWord)
}

/// What secure messaging did to one APDU, for `set trace both`.
public struct SecureMessagingTrace: Sendable, Equatable {
    public enum Direction: Sendable, Equatable { case command, response }
    public var direction: Direction
    /// The encryption counter used for this APDU (and its response).
    public var counter: UInt32
    /// The ICV used for C-DEC or R-ENC, when data was encrypted.
    public var icv: [UInt8]?
    /// MAC chaining value before and after the APDU (unchanged by responses).
    public var chainingValueBefore: [UInt8]
    public var chainingValueAfter: [UInt8]
    /// The MAC on the wire (C-MAC or R-MAC), when there was one.
    public var mac: [UInt8]?
}

/// Secure messaging after mutual authentication (GP Amd D v1.2 §6.2.4-6.2.7; reused by SCP11), for both the
/// host (`wrap`, `unwrap`) and the card (`unwrapCommand`, `wrapResponse`).
///
/// Holds OpenSSL contexts; not thread-safe.
public final class SecureMessagingSession {
    /// The level in force; `.none` until EXTERNAL AUTHENTICATE succeeds on the card side.
    public internal(set) var level: SecurityLevel
    /// Length of C-MAC and R-MAC on the wire: 8 (S8) or 16 (S16).
    public let macLength: Int
    public let options: SecureMessagingOptions
    /// False after a MAC failure or `close()`; every later call throws `.sessionClosed`.
    public private(set) var isOpen = true
    /// The 16-byte MAC chaining value (the last full C-MAC).
    public private(set) var macChainingValue: [UInt8]
    /// The encryption counter of the next command (starts at 1).
    public private(set) var nextCounter: UInt32 = 1
    /// The counter of the last command, used for its response's R-ENC.
    public private(set) var lastCommandCounter: UInt32 = 0
    /// Trace of the last wrapped command and of the last unwrapped response.
    public private(set) var lastCommandTrace: SecureMessagingTrace?
    public private(set) var lastResponseTrace: SecureMessagingTrace?
    /// Non-fatal findings from the handshake.
    public internal(set) var warnings: [SecureChannelWarning] = []
    /// Key that encrypts new keys in PUT KEY (SCP03: static K-DEK).
    public let dek: SecretBytes?

    private let cipher: AESCipher
    private let cmac: AESCMAC
    private let rmac: AESCMAC

    /// - Parameters:
    ///   - initialChainingValue: 16 zero bytes for SCP03; the receipt for SCP11.
    /// - Throws: `.crypto` when a session key is not an AES key.
    public init(
        keys: SessionKeys, level: SecurityLevel, macLength: Int,
        initialChainingValue: [UInt8] = [UInt8](repeating: 0, count: 16), options: SecureMessagingOptions = .init()
    ) throws(SecureChannelError) {
        precondition(macLength == 8 || macLength == 16, "MAC length \(macLength)")
        precondition(initialChainingValue.count == 16, "chaining value of \(initialChainingValue.count) bytes")
        do {
            cipher = try AESCipher(key: keys.enc)
            cmac = try AESCMAC(key: keys.mac)
            rmac = try AESCMAC(key: keys.rmac)
        } catch {
            throw .crypto(error)
        }
        self.level = level
        self.macLength = macLength
        self.macChainingValue = initialChainingValue
        self.options = options
        self.dek = keys.dek
    }

    /// Ends the session; later wrap/unwrap calls throw `.sessionClosed`.
    public func close() { isOpen = false }

    // MARK: host side

    /// Protects a command for the card: C-DEC, then C-MAC, as the level requires (GP Amd D v1.2 §6.2.4-6.2.6).
    ///
    /// The CLA gets the secure-messaging bit, keeping its logical channel bits; Lc covers the MAC; Le is kept.
    /// - Parameter forceExtended: MAC a 3-byte Lc even where a short one fits, for a caller that sends
    ///   `encoded(forceExtended: true)` (as hosts do with cards that take only extended APDUs).
    /// - Throws: `.sessionClosed`, `.wrappedCommandTooLong`, `.crypto`.
    public func wrap(_ command: CommandAPDU, forceExtended: Bool = false) throws(SecureChannelError) -> CommandAPDU {
        guard isOpen else { throw .sessionClosed }
        guard level.commandMAC else { return command }
        let counter = nextCounter
        var data = command.data
        var icv: [UInt8]?
        if level.commandEncryption && !data.isEmpty {
            let iv = try encrypt(block: Self.counterBlock(counter, responseMarker: false))
            data = try cbcEncrypt(ISO9797Padding.pad(data), iv: iv)
            icv = iv
        }
        if !options.counterIncrementsOnlyWithData || !command.data.isEmpty { nextCounter &+= 1 }
        // The response uses the counter of the last counted command (GP Amd D v1.2 §6.2.7).
        lastCommandCounter = nextCounter &- 1
        let before = macChainingValue
        let wrapped = try appendMAC(command, data: data, forceExtended: forceExtended || options.forceExtendedLength)
        lastCommandTrace = SecureMessagingTrace(
            direction: .command, counter: counter, icv: icv, chainingValueBefore: before,
            chainingValueAfter: macChainingValue, mac: Array(wrapped.data.suffix(macLength)))
        return wrapped
    }

    /// Checks and strips the R-MAC and decrypts R-ENC data (GP Amd D v1.2 §6.2.5, §6.2.7).
    ///
    /// A response whose SW is neither 9000 nor a warning (62xx, 63xx) carries no R-MAC when it has no data.
    /// - Throws: `.responseMACMismatch` / `.responseTooShort` (and the session closes), `.responsePadding`.
    public func unwrap(_ response: ResponseAPDU) throws(SecureChannelError) -> ResponseAPDU {
        guard isOpen else { throw .sessionClosed }
        guard level.responseMAC else { return response }
        if !Self.isProtectedStatus(response.sw) && response.data.isEmpty { return response }
        guard response.data.count >= macLength else {
            isOpen = false
            throw .responseTooShort(length: response.data.count, macLength: macLength)
        }
        let body = Array(response.data.dropLast(macLength))
        let received = Array(response.data.suffix(macLength))
        let expected = try computeRMAC(body: body, sw: response.sw)
        guard Bytes.constantTimeEqual(expected, received) else {
            isOpen = false
            throw .responseMACMismatch(sw: response.sw)
        }
        var plain = body
        var icv: [UInt8]?
        if level.responseEncryption && !body.isEmpty {
            guard body.count % 16 == 0 else {
                isOpen = false
                throw .responseNotBlockAligned(length: body.count)
            }
            let iv = try encrypt(block: Self.counterBlock(lastCommandCounter, responseMarker: true))
            icv = iv
            do {
                plain = try ISO9797Padding.unpad(cipher.decryptCBC(body, iv: iv))
            } catch {
                isOpen = false
                throw .responsePadding(error)
            }
        }
        lastResponseTrace = SecureMessagingTrace(
            direction: .response, counter: lastCommandCounter, icv: icv, chainingValueBefore: macChainingValue,
            chainingValueAfter: macChainingValue, mac: received)
        return ResponseAPDU(data: plain, sw: response.sw)
    }

    // MARK: card side

    /// Verifies the C-MAC and decrypts C-DEC data of a command received by the card.
    ///
    /// Returns the plain command with the secure-messaging CLA bit cleared, or 6982 (and the session ends) when
    /// the MAC or padding is wrong.
    /// - Parameter receivedExtended: whether Lc came in extended form (the MAC covers Lc as received). nil, for a
    ///   caller that no longer has the raw bytes, accepts a MAC over either form of a short-fitting Lc (hosts such
    ///   as yubikit send extended APDUs to some cards).
    public func unwrapCommand(_ command: CommandAPDU, receivedExtended: Bool? = nil) -> CardCommandResult {
        guard isOpen else { return .rejected(.securityStatusNotSatisfied) }
        guard level.commandMAC else { return .accepted(command) }
        guard Self.hasSecureMessagingBit(command.cla), command.data.count >= macLength else {
            isOpen = false
            return .rejected(.securityStatusNotSatisfied)
        }
        let body = Array(command.data.dropLast(macLength))
        let received = Array(command.data.suffix(macLength))
        let forms = receivedExtended.map { [$0] } ?? (command.needsExtendedLength ? [true] : [false, true])
        var verified: [UInt8]?
        for extended in forms {
            if let full = try? commandMAC(command, data: body, extended: extended),
                Bytes.constantTimeEqual(Array(full.prefix(macLength)), received)
            {
                verified = full
                break
            }
        }
        guard let full = verified else {
            isOpen = false
            return .rejected(.securityStatusNotSatisfied)
        }
        macChainingValue = full
        let counter = nextCounter
        if !options.counterIncrementsOnlyWithData || !body.isEmpty { nextCounter &+= 1 }
        lastCommandCounter = nextCounter &- 1
        var plain = body
        if level.commandEncryption && !body.isEmpty {
            guard body.count % 16 == 0,
                let iv = try? encrypt(block: Self.counterBlock(counter, responseMarker: false)),
                let decrypted = try? cipher.decryptCBC(body, iv: iv),
                let unpadded = try? ISO9797Padding.unpad(decrypted)
            else {
                isOpen = false
                return .rejected(.securityStatusNotSatisfied)
            }
            plain = unpadded
        }
        let cla = Self.clearSecureMessagingBit(command.cla)
        guard
            let result = try? CommandAPDU(
                cla: cla, ins: command.ins, p1: command.p1, p2: command.p2, data: plain, ne: command.ne)
        else { return .rejected(.wrongLength) }
        return .accepted(result)
    }

    /// Encrypts (R-ENC) and MACs (R-MAC) a response of the card; error SWs go out as the SW alone.
    public func wrapResponse(_ response: ResponseAPDU) -> ResponseAPDU {
        guard isOpen, level.responseMAC else { return response }
        guard Self.isProtectedStatus(response.sw) else { return ResponseAPDU(sw: response.sw) }
        var data = response.data
        if level.responseEncryption && !data.isEmpty {
            guard let iv = try? encrypt(block: Self.counterBlock(lastCommandCounter, responseMarker: true)),
                let encrypted = try? cipher.encryptCBC(ISO9797Padding.pad(data), iv: iv)
            else { preconditionFailure("AES with a checked key failed") }
            data = encrypted
        }
        guard let mac = try? computeRMAC(body: data, sw: response.sw) else {
            preconditionFailure("CMAC with a checked key failed")
        }
        return ResponseAPDU(data: data + mac, sw: response.sw)
    }

    /// EXTERNAL AUTHENTICATE is MACed but not counted: the first command after it uses counter 1.
    func resetCounterAfterAuthentication() {
        nextCounter = 1
        lastCommandCounter = 0
    }

    // MARK: shared steps

    /// Adds the C-MAC to a command whose data is already final; updates the chaining value. Used by `wrap` and
    /// for EXTERNAL AUTHENTICATE, which is MACed but not counted.
    func appendMAC(
        _ command: CommandAPDU, data: [UInt8], forceExtended: Bool = false
    ) throws(SecureChannelError) -> CommandAPDU {
        let cla = Self.setSecureMessagingBit(command.cla)
        let nc = data.count + macLength
        guard nc <= 65535 else { throw .wrappedCommandTooLong(nc: nc) }
        let header = try makeCommand(command, cla: cla, data: data + [UInt8](repeating: 0, count: macLength))
        let full = try commandMAC(header, data: data, extended: forceExtended || header.needsExtendedLength)
        macChainingValue = full
        return try makeCommand(command, cla: cla, data: data + full.prefix(macLength))
    }

    /// The full 16-byte C-MAC: CMAC(S-MAC, chaining value || CLA INS P1 P2 || Lc || data), with Lc as it goes on
    /// the wire (extended form when the command needs it) and covering the MAC (GP Amd D v1.2 §6.2.4). The CLA in
    /// the MAC input has its logical channel number removed (GP Amd D v1.2 §6.2.4, Figure 6-1).
    private func commandMAC(
        _ wrapped: CommandAPDU, data: [UInt8], extended: Bool
    ) throws(SecureChannelError) -> [UInt8] {
        let nc = data.count + macLength
        let lc: [UInt8] = extended ? [0x00, UInt8(nc >> 8), UInt8(nc & 0xFF)] : [UInt8(nc)]
        let header = [Self.macCLA(wrapped.cla), wrapped.ins, wrapped.p1, wrapped.p2]
        do {
            return try cmac.mac(macChainingValue, header, lc, data)
        } catch {
            throw .crypto(error)
        }
    }

    private func computeRMAC(body: [UInt8], sw: StatusWord) throws(SecureChannelError) -> [UInt8] {
        do {
            return Array(try rmac.mac(macChainingValue, body, [sw.sw1, sw.sw2]).prefix(macLength))
        } catch {
            throw .crypto(error)
        }
    }

    private func makeCommand(_ base: CommandAPDU, cla: UInt8, data: [UInt8]) throws(SecureChannelError) -> CommandAPDU {
        do {
            return try CommandAPDU(cla: cla, ins: base.ins, p1: base.p1, p2: base.p2, data: data, ne: base.ne)
        } catch {
            throw .apdu(error)
        }
    }

    private func encrypt(block: [UInt8]) throws(SecureChannelError) -> [UInt8] {
        do { return try cipher.encryptBlock(block) } catch { throw .crypto(error) }
    }

    private func cbcEncrypt(_ data: [UInt8], iv: [UInt8]) throws(SecureChannelError) -> [UInt8] {
        do { return try cipher.encryptCBC(data, iv: iv) } catch { throw .crypto(error) }
    }

    /// The counter as a 16-byte block; for R-ENC its first byte is 80 (GP Amd D v1.2 §6.2.6-6.2.7).
    static func counterBlock(_ counter: UInt32, responseMarker: Bool) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: 16)
        if responseMarker { block[0] = 0x80 }
        block[12] = UInt8(counter >> 24)
        block[13] = UInt8((counter >> 16) & 0xFF)
        block[14] = UInt8((counter >> 8) & 0xFF)
        block[15] = UInt8(counter & 0xFF)
        return block
    }

    /// GP Amd D v1.2 §6.2.7: only 9000 and warnings (62xx, 63xx) carry R-MAC and R-ENC.
    static func isProtectedStatus(_ sw: StatusWord) -> Bool {
        sw.rawValue == 0x9000 || sw.sw1 == 0x62 || sw.sw1 == 0x63
    }

    /// ISO 7816-4 §5.4.1: b3 (04) marks secure messaging in first interindustry (and GP proprietary) CLA bytes,
    /// b6 (20) in further interindustry ones (logical channels 4-19).
    static func setSecureMessagingBit(_ cla: UInt8) -> UInt8 {
        cla & 0x40 != 0 ? cla | 0x20 : cla | 0x04
    }

    /// The CLA that enters the C-MAC: secure-messaging bit set, logical channel bits (b1-b2, or b1-b4 for
    /// channels 4-19) cleared, so 80..83 all MAC as 84.
    static func macCLA(_ cla: UInt8) -> UInt8 {
        let secured = setSecureMessagingBit(cla)
        return cla & 0x40 != 0 ? secured & 0xF0 : secured & 0xFC
    }

    static func clearSecureMessagingBit(_ cla: UInt8) -> UInt8 {
        cla & 0x40 != 0 ? cla & ~0x20 : cla & ~0x04
    }

    static func hasSecureMessagingBit(_ cla: UInt8) -> Bool {
        cla & 0x40 != 0 ? cla & 0x20 != 0 : cla & 0x04 != 0
    }
}

@available(*, unavailable)
extension SecureMessagingSession: Sendable {}
