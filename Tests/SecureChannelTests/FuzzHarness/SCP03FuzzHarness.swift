import CardCore
import CardCrypto

#if !FUZZING
    @testable import SecureChannel
#endif

/// The checks of the SCP03 fuzz target (Fuzz/SCP03Fuzz.swift): secure messaging (GP Amd D v1.2 §6.2.4-6.2.7), the
/// INITIALIZE UPDATE answer (§7.1.1) and PUT KEY (GP CS v2.3.1 §11.8).
///
/// Input: byte 0 picks the session (key length, S8/S16, level, counter rule, pseudo-random challenge); then records
/// of [operation, length, payload]. Host and card open a real session with fixed keys and challenges, and each
/// record plays one exchange against it. Whatever the bytes, nothing traps, every failure is one of the typed
/// errors listed for that step, a response with a wrong R-MAC is never accepted, and what one side protects the
/// other recovers exactly.
enum SCP03FuzzHarness {
    static func check(_ bytes: [UInt8]) throws(FuzzFailure) {
        var input = bytes[...]
        guard let config = input.popFirst() else { return }
        let setup = SCP03FuzzSetup(config)
        var pair = try setup.open()
        var records = 0
        while records < 32, let operation = input.popFirst() {
            let length = Int(input.popFirst() ?? 0)
            let payload = Array(input.prefix(length))
            input = input.dropFirst(length)
            records += 1
            switch operation % 8 {
            case 0: try pair.arbitraryResponse(payload)
            case 1: try pair.responseWithValidMAC(payload)
            case 2: try pair.roundTrip(payload, operation: operation, tamper: false)
            case 3: try pair.roundTrip(payload, operation: operation, tamper: true)
            case 4: try pair.arbitraryCommand(payload)
            case 5: try setup.initializeUpdateResponse(payload)
            case 6: try setup.alteredInitializeUpdateResponse(payload, pair: pair)
            default: try setup.putKey(payload, operation: operation)
            }
            if !pair.isOpen { pair = try setup.open() }
        }
    }
}

/// The session a configuration byte describes, and its handshake.
struct SCP03FuzzSetup {
    let keys: SCP03StaticKeys
    let mode: SCP03Mode
    let level: SecurityLevel
    let options: SecureMessagingOptions
    let iParameter: SCP03IParameter
    static let aid: [UInt8] = [0xA0, 0x00, 0x00, 0x01, 0x51, 0x00, 0x00, 0x00]

    init(_ config: UInt8) {
        let length = [16, 24, 32][Int(config % 3)]
        keys = try! SCP03StaticKeys(all: SecretBytes((0..<length).map { 0x40 &+ UInt8($0) }))
        mode = config & 0x04 != 0 ? .s16 : .s8
        level = [.cmac, .cmacCdec, .cmacRmac, .cmacCdecRmac, .cmacCdecRmacRenc][Int(config >> 3) % 5]
        options = SecureMessagingOptions(counterIncrementsOnlyWithData: config & 0x80 != 0)
        iParameter = SCP03IParameter(mode: mode, pseudoRandomChallenge: config & 0x40 != 0, rmac: true, renc: true)
    }

    var parameters: SCP03Parameters {
        SCP03Parameters(
            keys: keys, kvn: 0x30, level: level, mode: mode, hostChallenge: (1...mode.length).map { UInt8($0) },
            securityDomainAID: Self.aid, options: options)
    }

    func card() -> SCP03CardSession {
        SCP03CardSession(
            keySets: [SCP03CardKeySet(kvn: 0x30, keys: keys, iParameter: iParameter)],
            random: FixedRandom([0xA5, 0x5A, 0x3C]), securityDomainAID: Self.aid, options: options)
    }

    /// A real handshake between host and card; with the same keys on both sides it must succeed.
    func open() throws(FuzzFailure) -> SCP03FuzzPair {
        let card = card()
        let opened = Result { () throws(SecureChannelError) in
            let (initialize, awaiting) = try SCP03Handshake.initializeUpdate(parameters)
            let answer = card.initializeUpdate(initialize)
            let (authenticate, authenticating) = try awaiting.receive(answer)
            let host = try authenticating.receive(card.externalAuthenticate(bytes: authenticate.encoded()))
            let context = parameters.hostChallenge! + authenticating.cardResponse.cardChallenge
            return (host, answer, try SCP03KDF.sessionKeys(from: keys, context: context))
        }
        switch opened {
        case .success(let (host, answer, sessionKeys)):
            guard let rmac = try? AESCMAC(key: sessionKeys.rmac) else { throw FuzzFailure("no R-MAC key") }
            return SCP03FuzzPair(host: host, card: card, rmac: rmac, level: level, initializeUpdateAnswer: answer)
        case .failure(let error): throw FuzzFailure("SCP03 handshake with matching keys failed: \(error)")
        }
    }

    /// A fresh host waiting for the INITIALIZE UPDATE answer.
    func awaitingCard() throws(FuzzFailure) -> SCP03AwaitingCardResponse {
        guard let (_, awaiting) = try? SCP03Handshake.initializeUpdate(parameters) else {
            throw FuzzFailure("INITIALIZE UPDATE cannot be built")
        }
        return awaiting
    }

    /// Arbitrary INITIALIZE UPDATE response data: a typed refusal; data that parses re-encodes to itself.
    func initializeUpdateResponse(_ payload: [UInt8]) throws(FuzzFailure) {
        if let parsed = try? SCP03InitializeUpdateResponse(parsing: payload), parsed.encoded() != payload {
            throw FuzzFailure("INITIALIZE UPDATE response round trip differs for \(payload.hex)")
        }
        let awaiting = try awaitingCard()
        switch Result(catching: { () throws(SecureChannelError) in
            try awaiting.receive(ResponseAPDU(data: payload, sw: .success))
        }) {
        case .success:
            throw FuzzFailure("INITIALIZE UPDATE response accepted without the card cryptogram: \(payload.hex)")
        case .failure(.initializeUpdateTruncated), .failure(.initializeUpdateTrailingBytes), .failure(.notSCP03),
            .failure(.modeMismatch), .failure(.keyVersionMismatch), .failure(.cardCryptogramMismatch):
            break
        case .failure(let error): throw FuzzFailure("INITIALIZE UPDATE response \(payload.hex): unexpected \(error)")
        }
    }

    /// The card's real INITIALIZE UPDATE answer with the payload XORed in: refused with a typed error, or accepted.
    func alteredInitializeUpdateResponse(_ payload: [UInt8], pair: SCP03FuzzPair) throws(FuzzFailure) {
        var data = pair.initializeUpdateAnswer.data
        for (index, byte) in payload.prefix(data.count).enumerated() { data[index] ^= byte }
        let awaiting = try awaitingCard()
        switch Result(catching: { () throws(SecureChannelError) in
            try awaiting.receive(ResponseAPDU(data: data, sw: .success))
        }) {
        case .success, .failure(.initializeUpdateTruncated), .failure(.initializeUpdateTrailingBytes),
            .failure(.notSCP03), .failure(.modeMismatch), .failure(.keyVersionMismatch),
            .failure(.cardCryptogramMismatch), .failure(.levelNotSupported):
            break
        case .failure(let error): throw FuzzFailure("altered INITIALIZE UPDATE answer \(data.hex): unexpected \(error)")
        }
    }

    /// PUT KEY: arbitrary key data fields and responses give typed errors; keys from the payload round-trip.
    func putKey(_ payload: [UInt8], operation: UInt8) throws(FuzzFailure) {
        if let command = try? CommandAPDU(cla: 0x80, ins: 0xD8, p1: 0x30, p2: 0x81, data: payload, ne: 256) {
            switch Result(catching: { () throws(SecureChannelError) in
                try PutKeyRequest(decoding: command, dek: keys.dek)
            }) {
            case .success, .failure(.putKeyMalformed), .failure(.keyCheckValueMismatch), .failure(.invalidKeyLength),
                .failure(.keyLengthsDiffer):
                break
            case .failure(let error): throw FuzzFailure("PUT KEY data \(payload.hex): unexpected \(error)")
            }
        }
        if payload.count >= 2, let response = try? ResponseAPDU(parsing: payload) {
            switch Result(catching: { () throws(SecureChannelError) in
                try SCP03KeyManagement.verifyPutKeyResponse(response, newKVN: 0x31, keys: keys)
            }) {
            case .success, .failure(.keyCommandFailed), .failure(.putKeyMalformed), .failure(.putKeyVersionMismatch),
                .failure(.keyCheckValueMismatch):
                break
            case .failure(let error): throw FuzzFailure("PUT KEY response \(payload.hex): unexpected \(error)")
            }
        }
        let length = [16, 24, 32][Int(operation >> 3) % 3]
        guard payload.count >= length else { return }
        let newKeys = try! SCP03StaticKeys(all: SecretBytes(Array(payload.prefix(length))))
        guard let command = try? SCP03KeyManagement.putKey(newKeys, newKVN: 0x31, dek: keys.dek),
            let request = try? PutKeyRequest(decoding: command, dek: keys.dek),
            request.keys.enc.bytes == newKeys.enc.bytes, request.newKVN == 0x31,
            (try? SCP03KeyManagement.verifyPutKeyResponse(request.response(), newKVN: 0x31, keys: newKeys)) != nil
        else { throw FuzzFailure("PUT KEY round trip fails for key \(payload.prefix(length).hex)") }
    }
}

/// Both ends of one open session.
struct SCP03FuzzPair {
    let host: SecureMessagingSession
    let card: SCP03CardSession
    /// The session's R-MAC key, to make valid R-MACs over arbitrary bodies.
    let rmac: AESCMAC
    let level: SecurityLevel
    let initializeUpdateAnswer: ResponseAPDU

    var isOpen: Bool { host.isOpen && card.isAuthenticated }

    /// Sends a fixed command through both ends, so a response is due.
    func exchangeCommand() throws(FuzzFailure) {
        let command = try! CommandAPDU(cla: 0x80, ins: 0xCA, p1: 0x00, p2: 0x66, ne: 256)
        guard let wrapped = try? host.wrap(command), case .accepted(let plain) = card.unwrapCommand(wrapped.encoded()),
            plain == command
        else { throw FuzzFailure("GET DATA through an open session failed") }
    }

    /// Arbitrary response bytes: refused with a typed error that closes the session, or passed through unchanged
    /// when the level or the status word leaves nothing to check.
    func arbitraryResponse(_ payload: [UInt8]) throws(FuzzFailure) {
        try exchangeCommand()
        let response = (try? ResponseAPDU(parsing: payload)) ?? ResponseAPDU(sw: .success)
        switch Result(catching: { () throws(SecureChannelError) in try host.unwrap(response) }) {
        case .success(let plain):
            let unchecked = !level.responseMAC || (response.data.isEmpty && !isProtected(response.sw))
            if !unchecked || plain != response { throw FuzzFailure("forged response accepted: \(payload.hex)") }
        case .failure(.responseTooShort), .failure(.responseMACMismatch):
            if host.isOpen { throw FuzzFailure("session still open after refusing \(payload.hex)") }
        case .failure(let error): throw FuzzFailure("response \(payload.hex): unexpected \(error)")
        }
    }

    /// An arbitrary body with a valid R-MAC: decryption and padding are checked; without R-ENC the body is the data.
    func responseWithValidMAC(_ payload: [UInt8]) throws(FuzzFailure) {
        guard level.responseMAC else { return }
        try exchangeCommand()
        let sw = payload.count >= 2 ? StatusWord(payload[payload.count - 2], payload[payload.count - 1]) : .success
        let body = Array(payload.dropLast(2))
        let mac = Array(try! rmac.mac(host.macChainingValue, body, [sw.sw1, sw.sw2]).prefix(host.macLength))
        switch Result(catching: { () throws(SecureChannelError) in
            try host.unwrap(ResponseAPDU(data: body + mac, sw: sw))
        }) {
        case .success(let plain):
            if !level.responseEncryption || body.isEmpty, plain.data != body {
                throw FuzzFailure("MACed response data changed: \(payload.hex)")
            }
        case .failure(.responseNotBlockAligned), .failure(.responsePadding): break
        case .failure(let error): throw FuzzFailure("MACed response \(payload.hex): unexpected \(error)")
        }
    }

    /// A command with the payload as data goes host -> card and comes out equal; a response with it goes card ->
    /// host and comes out equal (or as its SW alone for an error SW). With `tamper`, one bit of the protected
    /// response is flipped and the host must refuse it.
    func roundTrip(_ payload: [UInt8], operation: UInt8, tamper: Bool) throws(FuzzFailure) {
        let cla: UInt8 = [0x80, 0x00, 0x81, 0x42][Int(operation >> 3) & 3]
        let command = try! CommandAPDU(
            cla: cla, ins: 0xE2, p1: operation, p2: 0x00, data: payload, ne: operation & 0x20 != 0 ? 256 : nil)
        guard let wrapped = try? host.wrap(command) else { throw FuzzFailure("wrap failed for \(payload.hex)") }
        guard case .accepted(let plain) = card.unwrapCommand(wrapped.encoded()), plain == command else {
            throw FuzzFailure("card did not recover command data \(payload.hex) (CLA \(cla))")
        }
        let sw: StatusWord = [.success, StatusWord(0x63, 0x10), StatusWord(0x6A, 0x82), StatusWord(0x62, 0x83)][
            Int(operation >> 5) & 3]
        let response = ResponseAPDU(data: payload.reversed(), sw: sw)
        let wire = card.wrapResponse(response)
        if tamper {
            guard level.responseMAC, !wire.data.isEmpty else { return }
            var bytes = wire.encoded()
            bytes[Int(payload.first ?? 0) % bytes.count] ^= 1 << (operation >> 5 & 7)
            let tampered = try! ResponseAPDU(parsing: bytes)
            switch Result(catching: { () throws(SecureChannelError) in try host.unwrap(tampered) }) {
            case .success: throw FuzzFailure("tampered response accepted: \(bytes.hex)")
            case .failure(.responseMACMismatch), .failure(.responseTooShort): break
            case .failure(let error): throw FuzzFailure("tampered response \(bytes.hex): unexpected \(error)")
            }
            return
        }
        let expected = !level.responseMAC || isProtected(sw) ? response : ResponseAPDU(sw: sw)
        guard let back = try? host.unwrap(wire), back == expected else {
            throw FuzzFailure("host did not recover response data \(payload.hex) SW \(sw)")
        }
    }

    /// Arbitrary command bytes at the card: never accepted, since they carry no valid C-MAC.
    func arbitraryCommand(_ payload: [UInt8]) throws(FuzzFailure) {
        if case .accepted = card.unwrapCommand(payload) {
            throw FuzzFailure("card accepted a forged command \(payload.hex)")
        }
    }

    private func isProtected(_ sw: StatusWord) -> Bool { SecureMessagingSession.isProtectedStatus(sw) }
}
