import CardCore
import CardCrypto

#if !FUZZING
    @testable import SecureChannel
#endif

/// The checks of the SCP11 fuzz target (Fuzz/SCP11Fuzz.swift), GP Amd F v1.4 §7: the host reading the card's
/// receipt (§7.6.2.4) and certificate store (§7.4), the card reading the host's authenticate command (§7.6.2.3) and
/// uploaded certificates (§7.5).
///
/// Input: byte 0 picks the session (curve, key length, level, S8/S16, host ID); then records of
/// [operation, length, payload], where a length of FF takes the rest of the input. Whatever the bytes, nothing traps,
/// every failure is one of the typed errors listed for that step, and a receipt is accepted only when it is the
/// card's own, after which the session carries data both ways.
enum SCP11FuzzHarness {
    static func check(_ bytes: [UInt8]) throws(FuzzFailure) {
        var input = bytes[...]
        guard let config = input.popFirst() else { return }
        let setup = try SCP11FuzzSetup(config)
        var records = 0
        while records < 16, let operation = input.popFirst() {
            let length = Int(input.popFirst() ?? 0)
            var payload = Array(input.prefix(length))
            input = input.dropFirst(length)
            if length == 0xFF {
                payload += input
                input = []
            }
            records += 1
            switch operation % 6 {
            case 0: try setup.arbitraryReceipt(payload)
            case 1: try setup.alteredReceipt(payload)
            case 2: try setup.controlReferenceTemplate(payload)
            case 3: try setup.cardAuthenticate(payload, operation: operation)
            case 4: try setup.cardCertificateUpload(payload, operation: operation)
            default: try setup.certificateStore(payload)
            }
        }
    }

    /// Fixed key pairs per curve (the SD key, the OCE ephemeral key), made once from a seed; only read afterwards.
    nonisolated(unsafe) static let fixedKeys: [ECCurve: (sd: ECPrivateKey, ephemeral: ECPrivateKey)] = {
        var keys: [ECCurve: (sd: ECPrivateKey, ephemeral: ECPrivateKey)] = [:]
        for curve in SCP11FuzzSetup.curves {
            var random = SeededRandom(seed: 0x5C11)
            guard let sd = try? ECPrivateKey.generate(curve: curve, random: &random),
                let ephemeral = try? ECPrivateKey.generate(curve: curve, random: &random)
            else { continue }
            keys[curve] = (sd, ephemeral)
        }
        return keys
    }()
}

/// The session a configuration byte describes.
struct SCP11FuzzSetup {
    static let curves: [ECCurve] = [.p256, .p384, .brainpoolP256r1]
    /// 2025-06-01 00:00:00 UTC.
    static let verificationTime: Int64 = 1_748_736_000
    /// The SIN and SDIN the card binds with a host ID (GP Amd F §3.1.2).
    static let cardIdentity = SCP11CardIdentity(sin: [0x99, 0x99, 0x90], sdin: [0x43, 0x53, 0x48, 0x01])

    let parameters: SCP11Parameters
    let sdKey: ECPrivateKey

    init(_ config: UInt8) throws(FuzzFailure) {
        let curve = Self.curves[Int(config % 3)]
        guard let keys = SCP11FuzzHarness.fixedKeys[curve] else { throw FuzzFailure("no fixed \(curve) keys") }
        sdKey = keys.sd
        parameters = SCP11Parameters(
            variant: .b, kvn: 0x01, sdPublicKey: keys.sd.publicKey, keyLength: [16, 24, 32][Int(config >> 2) % 3],
            mode: config & 0x20 != 0 ? .s16 : .s8, level: config & 0x10 != 0 ? .cmacRmac : .cmacCdecRmacRenc,
            hostID: config & 0x40 != 0 ? [0x48, 0x4F, 0x53, 0x54] : nil, cardIdentity: Self.cardIdentity,
            ephemeralKey: keys.ephemeral)
    }

    /// A card holding the SD key under the SCP11a, b and c key identifiers, trusting the SD key for OCE chains.
    func card() -> SCP11CardSession {
        let keys = [0x11, 0x13, 0x15].map { SCP11CardKey(kid: $0, kvn: 0x01, privateKey: sdKey, certificates: []) }
        return SCP11CardSession(
            keys: keys, oceTrustAnchor: sdKey.publicKey, currentTime: Self.verificationTime,
            random: SeededRandom(seed: 0xCA4D), mode: parameters.mode, cardIdentity: Self.cardIdentity)
    }

    func opening() throws(FuzzFailure) -> SCP11Opening {
        guard let opening = try? SCP11Handshake.begin(parameters) else {
            throw FuzzFailure("SCP11b with fixed keys cannot begin")
        }
        return opening
    }

    /// Arbitrary authenticate response data: refused with a typed error.
    func arbitraryReceipt(_ payload: [UInt8]) throws(FuzzFailure) {
        let awaiting = try opening().awaiting
        switch Result(catching: { () throws(SecureChannelError) in
            try awaiting.receiveDetailed(ResponseAPDU(data: payload, sw: .success))
        }) {
        case .success: throw FuzzFailure("receipt accepted from arbitrary data \(payload.hex)")
        case .failure(.scp11(.malformed)), .failure(.scp11(.invalidCardEphemeralKey)),
            .failure(.scp11(.receiptMismatch)):
            break
        case .failure(let error): throw FuzzFailure("authenticate response \(payload.hex): unexpected \(error)")
        }
    }

    /// The card's real answer with the payload XORed in: accepted only when unchanged, and then the session carries
    /// the payload both ways.
    func alteredReceipt(_ payload: [UInt8]) throws(FuzzFailure) {
        let opening = try opening()
        let card = card()
        let answer = card.authenticate(opening.authenticateCommand)
        guard answer.sw == .success else { throw FuzzFailure("card refused the host's authenticate: \(answer.sw)") }
        var data = answer.data
        for (index, byte) in payload.prefix(data.count).enumerated() { data[index] ^= byte }
        let established: SCP11Established
        switch Result(catching: { () throws(SecureChannelError) in
            try opening.awaiting.receiveDetailed(ResponseAPDU(data: data, sw: .success))
        }) {
        case .success(let value): established = value
        case .failure(.scp11(.malformed)), .failure(.scp11(.invalidCardEphemeralKey)),
            .failure(.scp11(.receiptMismatch)):
            return
        case .failure(let error): throw FuzzFailure("altered authenticate response \(data.hex): unexpected \(error)")
        }
        guard data == answer.data else { throw FuzzFailure("altered receipt accepted: \(data.hex)") }
        let command = try! CommandAPDU(cla: 0x80, ins: 0xCA, p1: 0x00, p2: 0x66, data: payload, ne: 256)
        guard let wrapped = try? established.session.wrap(command),
            case .accepted(let plain) = card.unwrapCommand(wrapped.encoded()), plain == command
        else { throw FuzzFailure("SCP11 session does not carry \(payload.hex) to the card") }
        let response = ResponseAPDU(data: payload, sw: .success)
        guard (try? established.session.unwrap(card.wrapResponse(response))) == response else {
            throw FuzzFailure("SCP11 session does not carry \(payload.hex) to the host")
        }
    }

    /// An A6 template that parses prints to one that parses to the same fields.
    func controlReferenceTemplate(_ payload: [UInt8]) throws(FuzzFailure) {
        var input = payload[...]
        guard let tlv = try? TLV.decode(&input), let template = try? SCP11ControlReference(parsing: tlv) else { return }
        var again = template.encoded()[...]
        guard let tlvAgain = try? TLV.decode(&again), (try? SCP11ControlReference(parsing: tlvAgain)) == template else {
            throw FuzzFailure("A6 template round trip differs for \(payload.hex)")
        }
        _ = template.sharedInfo
    }

    /// Arbitrary INTERNAL or MUTUAL AUTHENTICATE data at the card: an error SW with a reason, or 9000 with the
    /// card's ephemeral key and a receipt.
    func cardAuthenticate(_ payload: [UInt8], operation: UInt8) throws(FuzzFailure) {
        let (ins, kid): (UInt8, UInt8) = [(0x88, 0x13), (0x82, 0x11), (0x82, 0x15), (0x88, 0x11)][
            Int(operation >> 3) & 3]
        guard let command = try? CommandAPDU(cla: 0x80, ins: ins, p1: 0x01, p2: kid, data: payload, ne: 256) else {
            return
        }
        let card = card()
        let answer = card.authenticate(command)
        if answer.sw == .success {
            guard card.isAuthenticated, let items = try? TLV.decodeAll(answer.data), items.count == 2,
                items[0].tag == BERTag(0x5F, 0x49), items[1].tag == BERTag(0x86), items[1].valueBytes.count == 16
            else { throw FuzzFailure("card answered 9000 without a receipt to \(payload.hex)") }
        } else if card.lastRejection == nil || card.isAuthenticated || !answer.data.isEmpty {
            throw FuzzFailure("card refused \(payload.hex) with \(answer.sw) but no reason")
        }
    }

    /// Arbitrary PERFORM SECURITY OPERATION data (one certificate, or two chained blocks split at the payload's first
    /// byte): 9000 or a refusal with a reason.
    func cardCertificateUpload(_ payload: [UInt8], operation: UInt8) throws(FuzzFailure) {
        let card = card()
        let split = payload.isEmpty ? 0 : min(Int(payload[0]), payload.count)
        let blocks = operation & 0x08 != 0 ? [Array(payload[..<split]), Array(payload[split...])] : [payload]
        for (index, block) in blocks.enumerated() {
            let last = index == blocks.count - 1
            guard
                let command = try? CommandAPDU(
                    cla: last ? 0x80 : 0x90, ins: 0x2A, p1: 0x01, p2: operation & 0x10 != 0 ? 0x90 : 0x10,
                    data: block)
            else { return }
            let answer = card.performSecurityOperation(command)
            if answer.sw != .success, card.lastRejection == nil {
                throw FuzzFailure("PSO refused \(payload.hex) with \(answer.sw) but no reason")
            }
        }
    }

    /// Arbitrary GET DATA BF21 answers: certificates or a typed refusal; certificates found are checked against
    /// the SD key as trust anchor.
    func certificateStore(_ payload: [UInt8]) throws(FuzzFailure) {
        guard payload.count >= 2, let response = try? ResponseAPDU(parsing: payload) else { return }
        let chain: [SCP11Certificate]
        switch Result(catching: { () throws(SecureChannelError) in
            try SCP11CertificateStore.certificates(from: response)
        }) {
        case .success(let certificates): chain = certificates
        case .failure(.scp11(.certificateRetrievalFailed)), .failure(.scp11(.certificate)): return
        case .failure(let error): throw FuzzFailure("certificate store \(payload.hex): unexpected \(error)")
        }
        switch Result(catching: { () throws(SecureChannelError) in
            try SCP11CertificateStore.verify(chain, trustAnchor: sdKey.publicKey, at: Self.verificationTime)
        }) {
        case .success, .failure(.scp11(.certificate)), .failure(.crypto): break
        case .failure(let error): throw FuzzFailure("certificate chain \(payload.hex): unexpected \(error)")
        }
    }
}
