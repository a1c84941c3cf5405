import CardCore
import CardCrypto

/// Host side of the SCP11 handshake as a pure state machine (GP Amd F v1.4 §7): the caller sends the commands
/// and feeds back the responses.
///
/// ```
/// let opening = try SCP11Handshake.begin(parameters)
/// for (i, c) in opening.certificateCommands.enumerated() { try SCP11Handshake.checkCertificateResponse(send(c), index: i) }
/// let session = try opening.awaiting.receive(send(opening.authenticateCommand))
/// ```
public enum SCP11Handshake {
    /// Builds the PERFORM SECURITY OPERATION commands (SCP11a/c) and the authenticate command.
    /// - Throws: `.scp11(.missingOCEKey / .missingOCECertificates / .unsupportedKeyLength / .unsupportedLevel /
    ///   .curveMismatch / .malformed(.hostID))` (a host ID over 255 bytes), `.apdu`.
    public static func begin(
        _ parameters: SCP11Parameters, random: inout some RandomSource
    ) throws(SecureChannelError) -> SCP11Opening {
        let curve = parameters.sdPublicKey.curve
        let variant = parameters.variant
        var certificateCommands: [CommandAPDU] = []
        if variant != .b {
            guard let oceKey = parameters.oceKey else { throw .scp11(.missingOCEKey(variant: variant)) }
            guard oceKey.curve == curve else { throw .scp11(.curveMismatch(expected: curve, actual: oceKey.curve)) }
            guard !parameters.oceCertificates.isEmpty else {
                throw .scp11(.missingOCECertificates(variant: variant))
            }
            certificateCommands = try performSecurityOperations(parameters)
        }
        let n = parameters.keyLength
        guard n == 16 || n == 24 || n == 32 else { throw .scp11(.unsupportedKeyLength(n)) }
        // GP Amd F §3.1.2: SharedInfo carries the host ID behind a one-byte length, then the card's identity.
        if let hostID = parameters.hostID {
            guard (1...255).contains(hostID.count) else { throw .scp11(.hostIDLength(hostID.count)) }
            guard parameters.cardIdentity != nil else { throw .scp11(.hostIDWithoutCardIdentity(length: hostID.count)) }
        }
        let template = SCP11ControlReference(
            iParameter: variant.iParameter | (parameters.hostID == nil ? 0 : 0x04),
            keyUsage: try SCP11ControlReference.keyUsage(for: parameters.level),
            keyLength: n, hostID: parameters.hostID)
        let ephemeral: ECPrivateKey
        if let fixed = parameters.ephemeralKey {
            ephemeral = fixed
        } else {
            ephemeral = try Self.ephemeralKey(curve: curve, random: &random)
        }
        guard ephemeral.curve == curve else { throw .scp11(.curveMismatch(expected: curve, actual: ephemeral.curve)) }
        let point = ephemeral.publicKey.uncompressedPoint
        // GP Amd F §7.6.2.3: A6 template, then 5F49 with ePK.OCE.ECKA.
        let data = template.encoded() + TLV(tag: BERTag(0x5F, 0x49), bytes: point).encoded()
        let command = try Self.command(
            cla: parameters.cla, ins: variant.authenticateINS, p1: parameters.kvn, p2: parameters.kid, data: data)
        let awaiting = SCP11AwaitingReceipt(
            parameters: parameters, template: template, ephemeralKey: ephemeral, commandData: data)
        return SCP11Opening(certificateCommands: certificateCommands, authenticateCommand: command, awaiting: awaiting)
    }

    /// `begin` with the system random generator for the ephemeral key.
    public static func begin(_ parameters: SCP11Parameters) throws(SecureChannelError) -> SCP11Opening {
        var random = SystemRandom()
        return try begin(parameters, random: &random)
    }

    /// Checks the answer to certificate command `index`: 9000 or a typed error.
    public static func checkCertificateResponse(_ response: ResponseAPDU, index: Int) throws(SecureChannelError) {
        guard response.sw == .success else {
            throw .scp11(.performSecurityOperationFailed(index: index, sw: response.sw))
        }
    }

    /// An ephemeral key with its scalar drawn from `random`.
    static func ephemeralKey(curve: ECCurve, random: inout some RandomSource) throws(SecureChannelError)
        -> ECPrivateKey
    {
        do {
            return try ECPrivateKey.generate(curve: curve, random: &random)
        } catch {
            throw .crypto(error)
        }
    }

    /// GP Amd F §7.5: one PSO per certificate, P1 = OCE KVN, P2 = OCE KID with b8 set while more follow.
    static func performSecurityOperations(_ parameters: SCP11Parameters) throws(SecureChannelError) -> [CommandAPDU] {
        var out: [CommandAPDU] = []
        let last = parameters.oceCertificates.count - 1
        for (i, certificate) in parameters.oceCertificates.enumerated() {
            let p2 = parameters.oceKID | (i < last ? 0x80 : 0x00)
            switch parameters.certificateTransfer {
            case .extendedLength:
                out.append(
                    try command(cla: parameters.cla, ins: 0x2A, p1: parameters.oceKVN, p2: p2, data: certificate))
            case .commandChaining(let blockSize):
                precondition(blockSize >= 1 && blockSize <= 255, "block size \(blockSize)")
                var offset = 0
                while certificate.count - offset > blockSize {
                    let block = Array(certificate[offset..<(offset + blockSize)])
                    out.append(
                        try command(
                            cla: parameters.cla | 0x10, ins: 0x2A, p1: parameters.oceKVN | 0x80, p2: p2, data: block))
                    offset += blockSize
                }
                out.append(
                    try command(
                        cla: parameters.cla, ins: 0x2A, p1: parameters.oceKVN, p2: p2,
                        data: Array(certificate[offset...])))
            }
        }
        return out
    }

    static func command(cla: UInt8, ins: UInt8, p1: UInt8, p2: UInt8, data: [UInt8]) throws(SecureChannelError)
        -> CommandAPDU
    {
        do {
            return try CommandAPDU(cla: cla, ins: ins, p1: p1, p2: p2, data: data, ne: 256)
        } catch {
            throw .apdu(error)
        }
    }
}

/// The commands that open SCP11, in sending order, and the state waiting for the card's receipt.
public struct SCP11Opening {
    /// PERFORM SECURITY OPERATION commands uploading the OCE chain (empty for SCP11b).
    public let certificateCommands: [CommandAPDU]
    /// INTERNAL AUTHENTICATE (SCP11b) or MUTUAL AUTHENTICATE (SCP11a/c).
    public let authenticateCommand: CommandAPDU
    public let awaiting: SCP11AwaitingReceipt
}

@available(*, unavailable)
extension SCP11Opening: Sendable {}

/// After the authenticate command was sent: checks the card's ephemeral key and receipt.
public struct SCP11AwaitingReceipt {
    public let parameters: SCP11Parameters
    public let template: SCP11ControlReference
    let ephemeralKey: ECPrivateKey
    let commandData: [UInt8]

    /// The OCE ephemeral public key sent (ePK.OCE.ECKA).
    public var ephemeralPublicKey: ECPublicKey { ephemeralKey.publicKey }

    /// Derives the session keys and returns the open session, whose MAC chaining value starts at the receipt.
    /// - Throws: `.scp11(.authenticateFailed)` for a non-9000 SW, `.scp11(.malformed)` naming 5F49 or 86,
    ///   `.scp11(.invalidCardEphemeralKey)`, `.scp11(.receiptMismatch)`.
    public func receive(_ response: ResponseAPDU) throws(SecureChannelError) -> SecureMessagingSession {
        try receiveDetailed(response).session
    }

    /// `receive`, also returning the receipt and the card's ephemeral key for display.
    public func receiveDetailed(_ response: ResponseAPDU) throws(SecureChannelError) -> SCP11Established {
        guard response.sw == .success else {
            throw .scp11(.authenticateFailed(variant: parameters.variant, sw: response.sw))
        }
        let (cardPoint, cardObject, receipt) = try Self.parseResponse(response.data)
        let curve = parameters.sdPublicKey.curve
        let cardEphemeral: ECPublicKey
        do {
            cardEphemeral = try ECPublicKey(curve: curve, uncompressedPoint: cardPoint)
        } catch {
            throw .scp11(.invalidCardEphemeralKey(curve: curve, length: cardPoint.count))
        }
        let shSee = try SCP11KDF.agree(ephemeralKey, cardEphemeral)
        let shSes = try SCP11KDF.agree(parameters.oceKey ?? ephemeralKey, parameters.sdPublicKey)
        let keys = try SCP11KDF.derive(
            shSee: shSee, shSes: shSes, template: template, hash: parameters.kdfHash,
            cardIdentity: parameters.cardIdentity)
        let expected = try SCP11KDF.receipt(key: keys.receiptKey, keyAgreementData: commandData + cardObject)
        guard Bytes.constantTimeEqual(expected, receipt) else {
            throw .scp11(.receiptMismatch(expected: expected, actual: receipt))
        }
        let session = try SecureMessagingSession(
            keys: keys.session, level: parameters.level, macLength: parameters.mode.length,
            initialChainingValue: receipt, options: parameters.options)
        return SCP11Established(session: session, receipt: receipt, cardEphemeralKey: cardEphemeral)
    }

    /// GP Amd F §7.6.2.4: 5F49 with ePK.SD.ECKA, then 86 with the 16-byte receipt. Returns the point, the 5F49
    /// object as received, and the receipt.
    static func parseResponse(_ data: [UInt8]) throws(SecureChannelError) -> ([UInt8], [UInt8], [UInt8]) {
        var input = data[...]
        let first: TLV
        do {
            first = try TLV.decode(&input)
        } catch {
            throw .scp11(.malformed(field: .ephemeralPublicKey, offset: 0))
        }
        guard first.tag == BERTag(0x5F, 0x49), case .primitive(let point) = first.value else {
            throw .scp11(.malformed(field: .ephemeralPublicKey, offset: 0))
        }
        let object = Array(data[data.startIndex..<input.startIndex])
        let receiptOffset = input.startIndex
        let second: TLV
        do {
            second = try TLV.decode(&input)
        } catch {
            throw .scp11(.malformed(field: .receipt, offset: receiptOffset))
        }
        guard second.tag == BERTag(0x86), case .primitive(let receipt) = second.value, receipt.count == 16,
            input.isEmpty
        else { throw .scp11(.malformed(field: .receipt, offset: receiptOffset)) }
        return (point, object, receipt)
    }
}

@available(*, unavailable)
extension SCP11AwaitingReceipt: Sendable {}

/// An open SCP11 session with what the handshake established.
public struct SCP11Established {
    public let session: SecureMessagingSession
    /// The card's receipt (also the initial MAC chaining value).
    public let receipt: [UInt8]
    /// ePK.SD.ECKA.
    public let cardEphemeralKey: ECPublicKey
}

@available(*, unavailable)
extension SCP11Established: Sendable {}
