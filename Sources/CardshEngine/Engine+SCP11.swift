import CardCore
import CardCrypto
import CardshLanguage
import SecureChannel
import TransportSim

#if canImport(Glibc)
    import Glibc
#endif

extension Engine {
    func performSCP11(_ command: Command, into outcome: inout CommandOutcome) throws(CommandError) {
        switch command {
        case .scp11Open(let options): try openSCP11(options, into: &outcome)
        case .gpCerts(let options): try gpCertificates(options, into: &outcome)
        default: preconditionFailure("not an SCP11 command")
        }
    }

    // MARK: scp11 open

    private func openSCP11(_ options: SCP11OpenOptions, into outcome: inout CommandOutcome) throws(CommandError) {
        guard session.isConnected else { throw CommandError(ErrorText.notConnected) }
        let variant: SCP11Variant
        switch options.variant {
        case .a: variant = .a
        case .b: variant = .b
        case .c: variant = .c
        }
        let mode: SecureChannel.SCP03Mode = options.mode == .s16 ? .s16 : .s8
        let level: SecurityLevel
        switch options.level {
        case nil, .cmacCdecRmacRenc?, .raw(0x33)?: level = .cmacCdecRmacRenc
        case .cmacRmac?, .raw(0x11)?: level = .cmacRmac
        default: throw CommandError(ErrorText.scp11(.unsupportedLevel(.cmac)))
        }
        let kdfHash: HashAlgorithm
        switch options.kdfHash {
        case "sha384"?: kdfHash = .sha384
        case "sha512"?: kdfHash = .sha512
        default: kdfHash = .sha256
        }
        let cla = try scp11Class()
        // Files first: a typo in a path costs no APDU.
        var oceKey: ECPrivateKey?
        var oceCertificates: [[UInt8]] = []
        if variant != .b {
            guard let keyPath = options.oceKey else {
                throw CommandError(
                    "scp11 open \(variant.rawValue) needs the OCE private key: --oce-key FILE (and --oce-cert FILE).")
            }
            guard !options.oceCertificates.isEmpty else {
                throw CommandError(
                    "scp11 open \(variant.rawValue) needs the OCE certificate chain: --oce-cert FILE (repeatable).")
            }
            oceKey = try loadPrivateKey(keyPath, what: "--oce-key")
            for path in options.oceCertificates {
                oceCertificates += try loadCertificates(path, what: "--oce-cert").map(\.der)
            }
        } else if options.oceKey != nil || !options.oceCertificates.isEmpty {
            outcome.notes.append(
                Note(.info, "SCP11b authenticates the card only; --oce-key and --oce-cert are not used."))
        }
        let anchor = try options.ca.map { (path) throws(CommandError) -> X509Certificate in
            let certificates = try loadCertificates(path, what: "--ca")
            return certificates[0]
        }
        var ephemeral: ECPrivateKey?
        if let path = options.ephemeralKey {
            ephemeral = try loadPrivateKey(path, what: "--ephemeral-key")
            outcome.notes.append(
                Note(
                    .warning,
                    "INSECURE: a fixed OCE ephemeral key (--ephemeral-key) makes the session keys predictable."))
        }

        // Key information and certificates go through a channel that is still open; the handshake ends it.
        let kid = UInt8(truncatingIfNeeded: options.kid ?? Int(variant.defaultKID))
        let kvn: UInt8
        if let given = options.kvn {
            kvn = UInt8(truncatingIfNeeded: given)
        } else {
            kvn = try keyVersion(kid: kid, into: &outcome)
        }

        // GET DATA BF21: the SD certificate chain (GP Amd F §7.4).
        // GET DATA BF21 in the interindustry class, as yubikit and OpenSCP send it (cards take 00 and 80).
        let getDataCLA = ClassByte.withChannel(0x00, channel: session.channel) ?? 0x00
        let chain = try readCertificateStore(kid: kid, kvn: kvn, cla: getDataCLA, into: &outcome)
        let sdKey: ECPublicKey
        if let anchor {
            do {
                let anchorKey = try anchor.publicKey()
                sdKey = try SCP11CertificateStore.verify(chain, trustAnchor: anchorKey, at: environment.wallClock())
            } catch let error as SecureChannelError {
                throw CommandError(ErrorText.scp11SDChain(error, caSubject: anchor.subject))
            } catch {
                throw CommandError(ErrorText.scp11(.crypto(error as? CryptoError ?? .certificate(.emptyChain))))
            }
        } else {
            guard let leaf = chain.last, let key = try? leaf.publicKey() else {
                throw CommandError(ErrorText.scp11(.certificate(.emptyChain)))
            }
            sdKey = key
            outcome.notes.append(
                Note(
                    .warning,
                    "the SD certificate was NOT verified (no --ca): any card could answer as this one. "
                        + "Give the card issuer's CA certificate with --ca FILE."))
        }

        // With a host ID the card's identity enters the key derivation too (GP Amd F §3.1.2).
        let cardIdentity = try options.hostID.map { (_) throws(CommandError) in
            try readCardIdentity(cla: cla, into: &outcome)
        }

        secureChannels[session.channel] = nil
        // The OCE chain goes in one extended APDU when the card's ATR announces extended Lc/Le (ISO 7816-4
        // §8.1.1.2.7), otherwise as command-chained 255-byte blocks, which every card accepts.
        let extended = session.transport.flatMap { try? ATR(parsing: $0.atr).supportsExtendedLength } ?? nil
        let certificateTransfer: SCP11CertificateTransfer = extended == true ? .extendedLength : .commandChaining(blockSize: 255)
        let parameters = SCP11Parameters(
            variant: variant, kvn: kvn, kid: kid, sdPublicKey: sdKey, oceKey: oceKey,
            oceCertificates: oceCertificates, oceKVN: options.oceKVN.map { UInt8(truncatingIfNeeded: $0) },
            oceKID: UInt8(truncatingIfNeeded: options.oceKID ?? 0x10), keyLength: (options.aesBits ?? 128) / 8,
            mode: mode, level: level, kdfHash: kdfHash, hostID: options.hostID, cardIdentity: cardIdentity, ephemeralKey: ephemeral,
            certificateTransfer: certificateTransfer, cla: cla)
        let opening: SCP11Opening
        do {
            opening = try SCP11Handshake.begin(parameters, random: &random)
        } catch {
            throw CommandError(ErrorText.secureChannel(error))
        }
        // PERFORM SECURITY OPERATION per OCE certificate (GP Amd F §7.5).
        for (index, command) in opening.certificateCommands.enumerated() {
            let record = try transmit(command.encoded(), strict: false, bypassSecureChannel: true)
            outcome.exchanges.append(record)
            do {
                try SCP11Handshake.checkCertificateResponse(record.response, index: index)
            } catch {
                throw CommandError(
                    ErrorText.scp11(
                        .performSecurityOperationFailed(index: index, sw: record.response.sw),
                        certificateCount: opening.certificateCommands.count))
            }
        }
        // INTERNAL AUTHENTICATE (b) or MUTUAL AUTHENTICATE (a, c) (GP Amd F §7.6).
        let record = try transmit(opening.authenticateCommand.encoded(), strict: false, bypassSecureChannel: true)
        outcome.exchanges.append(record)
        let established: SCP11Established
        do {
            established = try opening.awaiting.receiveDetailed(record.response)
        } catch {
            throw CommandError(ErrorText.secureChannel(error))
        }
        let name = "scp11" + variant.rawValue
        secureChannels[session.channel] = SecureChannelState(
            session: established.session, protocolName: name, mode: mode, kvn: kvn,
            iParameter: opening.awaiting.template.iParameter, channel: session.channel)
        var fields = [
            Field(
                "secure channel",
                "SCP11" + variant.rawValue + " " + (mode == .s8 ? "S8" : "S16") + ", AES-\(parameters.keyLength * 8)"
                    + ", level " + established.session.level.name),
            Field(
                "SD key", "KID 0x" + Hex.encode([kid]) + ", KVN 0x" + Hex.encode([kvn]) + ", " + sdKey.curve.rawValue),
            Field("SD certificate", anchor == nil ? "not verified (no --ca)" : "verified against --ca"),
        ]
        if variant != .b {
            let count = oceCertificates.count
            fields.append(
                Field(
                    "OCE", "\(count) certificate\(count == 1 ? "" : "s") accepted, key KVN 0x"
                        + Hex.encode([parameters.oceKVN]) + " KID 0x" + Hex.encode([parameters.oceKID])))
        }
        if kdfHash != .sha256 || options.hostID != nil {
            var derivation = "X9.63 KDF with " + ["SHA-256", "SHA-384", "SHA-512"][[.sha256, .sha384, .sha512].firstIndex(of: kdfHash) ?? 0]
            if let hostID = options.hostID, let identity = cardIdentity {
                derivation += ", host ID " + Hex.encode(hostID) + ", SIN " + Hex.encode(identity.sin) + ", SDIN "
                    + Hex.encode(identity.sdin)
            }
            fields.append(Field("key derivation", derivation))
        }
        fields.append(Field("receipt", Hex.encode(established.receipt)))
        outcome.result = .fields(fields)
    }

    /// CLA 80 on the current logical channel.
    func scp11Class() throws(CommandError) -> UInt8 {
        guard session.channel != 0 else { return 0x80 }
        guard let cla = ClassByte.withChannel(0x80, channel: session.channel) else {
            throw CommandError("logical channel \(session.channel) cannot carry SCP11 commands.")
        }
        return cla
    }

    /// The key version of key `kid` from the key information template (GET DATA E0).
    func keyVersion(kid: UInt8, into outcome: inout CommandOutcome) throws(CommandError) -> UInt8 {
        let record = try transmitEndingStaleSession([0x80, 0xCA, 0x00, 0xE0, 0x00], into: &outcome)
        guard record.response.sw == .success, let keys = try? KeyInformation.parseTemplate(record.response.data) else {
            throw CommandError(
                "GET DATA E0 (key information): \(record.response.sw) (\(ErrorText.swText(record.response.sw))); "
                    + "give the key version with --kvn.")
        }
        guard let key = keys.first(where: { $0.id == kid }) else {
            let ids = keys.map { "0x" + Hex.encode([$0.id]) }
            throw CommandError(
                "no key with KID 0x" + Hex.encode([kid]) + " in the key information template (KIDs: "
                    + Array(Set(ids)).sorted().joined(separator: ", ") + "). Use `gp keys`, or give --kid and --kvn.")
        }
        return key.version
    }

    /// The SD's SIN and SDIN from GET DATA 42 and 45 (GP CS v2.3.1 §H.1), answered with or without their tag.
    func readCardIdentity(cla: UInt8, into outcome: inout CommandOutcome) throws(CommandError) -> SCP11CardIdentity {
        func value(_ tag: UInt8, _ name: String) throws(CommandError) -> [UInt8] {
            let record = try transmitEndingStaleSession([cla, 0xCA, 0x00, tag, 0x00], into: &outcome)
            let response = record.response
            guard response.sw == .success, !response.data.isEmpty else {
                throw CommandError(
                    "GET DATA " + Hex.encode([tag]) + " (\(name)): \(response.sw) (\(ErrorText.swText(response.sw))); "
                        + "--host-id binds the card's SIN and SDIN into the keys, and this card does not give them.")
            }
            if let tlv = try? TLV.decodeAll(response.data), tlv.count == 1, tlv[0].tag == BERTag(tag),
                case .primitive(let bytes) = tlv[0].value
            {
                return bytes
            }
            return response.data
        }
        return SCP11CardIdentity(sin: try value(0x42, "SD provider identification number"),
                                 sdin: try value(0x45, "SD image number"))
    }

    /// GET DATA BF21 for the key, parsed into certificates (anchor side first).
    func readCertificateStore(kid: UInt8, kvn: UInt8, cla: UInt8, into outcome: inout CommandOutcome)
        throws(CommandError) -> [SCP11Certificate]
    {
        let command = SCP11CertificateStore.getDataCommand(kid: kid, kvn: kvn, cla: cla)
        let record = try transmitEndingStaleSession(command.encoded(), into: &outcome)
        do {
            return try SCP11CertificateStore.certificates(from: record.response)
        } catch .scp11(.certificateRetrievalFailed(let sw)) {
            throw CommandError(ErrorText.scp11CertificateRetrieval(sw: sw, kid: kid, kvn: kvn))
        } catch {
            throw CommandError(ErrorText.secureChannel(error))
        }
    }

    /// Sends a command of the handshake's preamble; a plain command answered 6982 is sent once more, since the
    /// card had kept a session the shell no longer has (a handshake the shell refused) and 6982 ended it
    /// (GP CS v2.3.1 §10.2.3: a security error terminates the session).
    private func transmitEndingStaleSession(_ bytes: [UInt8], into outcome: inout CommandOutcome)
        throws(CommandError) -> ExchangeRecord
    {
        var record = try transmit(bytes)
        outcome.exchanges.append(record)
        if record.response.sw == .securityStatusNotSatisfied, secureChannels[session.channel] == nil {
            record = try transmit(bytes)
            outcome.exchanges.append(record)
        }
        return record
    }

    private func loadCertificates(_ path: String, what: String) throws(CommandError) -> [X509Certificate] {
        let bytes = try readFileBytes(path, what: what)
        do {
            return try X509Certificate.all(pemOrDER: bytes)
        } catch {
            throw CommandError("\(what) \(path): " + ErrorText.crypto(error))
        }
    }

    private func loadPrivateKey(_ path: String, what: String) throws(CommandError) -> ECPrivateKey {
        let bytes = try readFileBytes(path, what: what)
        do {
            return try ECPrivateKey.from(pemOrDER: bytes)
        } catch {
            throw CommandError("\(what) \(path): " + ErrorText.crypto(error))
        }
    }

    private func readFileBytes(_ path: String, what: String) throws(CommandError) -> [UInt8] {
        do {
            return try TextFile.readBytes(path)
        } catch .cannotOpen(_, let reason) {
            throw CommandError("\(what) \(path): cannot open (\(reason)).")
        } catch {
            throw CommandError(Engine.describe(error))
        }
    }

    /// What changes from session to session in an SCP11 handshake, masked for transcripts: the OCE ephemeral
    /// key (unless fixed with --ephemeral-key), the card's ephemeral key and receipt, and the SD certificates
    /// (a test card issues them at start; on replay `scp11 open` checks the chain itself).
    static func maskedSCP11(_ options: SCP11OpenOptions, command c: [UInt8?], data d: [UInt8?])
        -> (command: [UInt8?], data: [UInt8?])
    {
        var c = c
        var d = d
        guard c.count > 5, let ins = c[1] else { return (c, d) }
        switch (ins, c[2], c[3]) {
        case (0xCA, 0xBF, 0x21):
            d = d.map { _ in nil }
        case (0x88, _, _), (0x82, _, _):
            // GP Amd F §7.6.2.3: A6 template then 5F49; the point starts after 5F49 and its length byte.
            if options.ephemeralKey == nil,
                let start = (5..<(c.count - 1)).first(where: { c[$0] == 0x5F && c[$0 + 1] == 0x49 })
            {
                let end = min(c.count, start + 3 + Int(c[start + 2] ?? 0))
                for i in (start + 3)..<end { c[i] = nil }
            }
            d = d.map { _ in nil }
        default:
            break
        }
        return (c, d)
    }
}
