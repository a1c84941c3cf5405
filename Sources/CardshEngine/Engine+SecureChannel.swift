import CardCore
import CardCrypto
import CardshLanguage
import SecureChannel

/// An open secure channel on one logical channel.
final class SecureChannelState {
    let session: SecureMessagingSession
    let protocolName: String
    let mode: SecureChannel.SCP03Mode
    let kvn: UInt8
    let iParameter: UInt8
    let channel: Int
    /// Commands wrapped so far in this session.
    var commandsSent = 0

    init(session: SecureMessagingSession, protocolName: String, mode: SecureChannel.SCP03Mode, kvn: UInt8,
         iParameter: UInt8, channel: Int) {
        self.session = session
        self.protocolName = protocolName
        self.mode = mode
        self.kvn = kvn
        self.iParameter = iParameter
        self.channel = channel
    }

    var label: String { protocolName + " " + session.level.name }
}

extension Engine {
    /// `scp03` and `s8/s16` as shown in the prompt: `scp03 cmac+cdec+rmac+renc`.
    var secureChannelLabel: String? { secureChannels[session.channel]?.label }

    func performSecureChannel(_ command: Command, into outcome: inout CommandOutcome) throws(CommandError) {
        switch command {
        case .scp03Open(let options):
            try openSCP03(options, into: &outcome)
        case .scpClose:
            guard secureChannels.removeValue(forKey: session.channel) != nil else {
                throw CommandError("no secure channel is open on channel \(session.channel).")
            }
            outcome.notes.append(Note(.info, "secure channel closed; commands are sent plain."))
        case .scpStatus:
            guard let state = secureChannels[session.channel] else {
                outcome.result = .fields([Field("secure channel", "none on channel \(session.channel)")])
                return
            }
            let s = state.session
            outcome.result = .fields([
                Field("protocol", state.protocolName),
                Field("level", s.level.name + " (P1 " + Hex.encode([s.level.rawValue]) + ")"),
                Field("mode", state.mode == .s8 ? "S8" : "S16"),
                Field("key version", "0x" + Hex.encode([state.kvn])),
                Field("i-parameter", "0x" + Hex.encode([state.iParameter])),
                Field("next counter", String(s.nextCounter)),
                Field("MAC chaining value", Hex.encode(s.macChainingValue)),
                Field("logical channel", String(state.channel)),
            ])
        default:
            preconditionFailure("not a secure channel command")
        }
    }

    private func openSCP03(_ options: SCP03OpenOptions, into outcome: inout CommandOutcome) throws(CommandError) {
        guard session.isConnected else { throw CommandError(ErrorText.notConnected) }
        let options = try withKeysetDefaults(options)
        let (keys, usedTestKeys) = try staticKeys(options.keys)
        let mode: SecureChannel.SCP03Mode = options.mode == .s16 ? .s16 : .s8
        var cla: UInt8 = 0x80
        if session.channel != 0 {
            guard let c = ClassByte.withChannel(0x80, channel: session.channel) else {
                throw CommandError("logical channel \(session.channel) cannot carry SCP03 commands.")
            }
            cla = c
        }
        let requestedLevel: SecurityLevel?
        switch options.level {
        case nil: requestedLevel = nil
        case .raw(let p1)?:
            guard let level = SecurityLevel(rawValue: p1) else {
                throw CommandError("0x" + Hex.encode([p1]) + " is not an SCP03 security level; levels: "
                    + SecurityLevel.all.map { $0.name + " (" + Hex.encode([$0.rawValue]) + ")" }.joined(separator: ", ") + ".")
            }
            requestedLevel = level
        case let spec?:
            requestedLevel = SecurityLevel(rawValue: spec.p1)
        }
        var parameters = SCP03Parameters(
            keys: keys, kvn: UInt8(truncatingIfNeeded: options.kvn ?? 0), keyID: UInt8(truncatingIfNeeded: options.kid ?? 0),
            level: requestedLevel ?? .cmac, mode: mode, hostChallenge: options.hostChallenge,
            securityDomainAID: session.selected[session.channel], cla: cla)
        secureChannels[session.channel] = nil

        // INITIALIZE UPDATE (GP Amd D v1.2 §7.1.1).
        var awaiting: SCP03AwaitingCardResponse
        let initialize: CommandAPDU
        do {
            (initialize, awaiting) = try SCP03Handshake.initializeUpdate(parameters, random: &random)
        } catch {
            throw CommandError(ErrorText.secureChannel(error))
        }
        let first = try transmit(initialize.encoded(), strict: false, bypassSecureChannel: true)
        outcome.exchanges.append(first)
        // With no --level, the highest level the card's i-parameter allows (Amd D §5.1); with --diversify, the
        // card's keys from its key diversification data. Both rebuild the state with the same host challenge.
        var diversified: Diversification.Scheme?
        var kdd: [UInt8] = []
        if requestedLevel == nil || options.diversify != nil, first.response.sw == .success,
            let parsed = try? SCP03InitializeUpdateResponse(parsing: first.response.data)
        {
            if requestedLevel == nil { parameters.level = SecurityLevel.highestLevel(i: parsed.iParameter.rawValue) }
            if let typed = options.diversify {
                let scheme = Engine.diversificationScheme(typed)
                kdd = parsed.keyDiversificationData
                parameters.keys = try Engine.diversify(keys, scheme: scheme, kdd: kdd)
                diversified = scheme
            }
            parameters.hostChallenge = awaiting.hostChallenge
            do {
                (_, awaiting) = try SCP03Handshake.initializeUpdate(parameters, random: &random)
            } catch {
                throw CommandError(ErrorText.secureChannel(error))
            }
        }
        var authenticate: CommandAPDU
        var pending: SCP03AwaitingAuthentication
        do {
            (authenticate, pending) = try awaiting.receive(first.response)
        } catch .cardCryptogramMismatch(let kvn) where usedTestKeys && diversified?.usesTripleDES != true {
            // No keys given: the GP test key exists in AES-128, -192 and -256 (404142...4F/57/5F). Which
            // one the key set (or, with kdf3, the master key) holds is found offline from the card cryptogram,
            // without another APDU.
            guard let found = try? testKeyAnswer(awaiting, first.response, diversify: diversified, kdd: kdd) else {
                throw CommandError(ErrorText.secureChannel(.cardCryptogramMismatch(kvn: kvn))
                    + " (the GP test keys 404142... of 16, 24 and 32 bytes were tried"
                    + (diversified.map { " as \($0.rawValue) master keys)" } ?? ")"))
            }
            (authenticate, pending, parameters.keys) = found
        } catch .cardCryptogramMismatch(let kvn) where diversified != nil {
            throw CommandError(ErrorText.secureChannel(.cardCryptogramMismatch(kvn: kvn))
                + " (keys derived with \(diversified?.rawValue ?? "") from master keys with KCV "
                + (try Engine.checkValues(keys, scheme: diversified)) + ")")
        } catch {
            throw CommandError(ErrorText.secureChannel(error))
        }
        if let diversified {
            let last = Hex.encode([UInt8(0x40 + parameters.keys.enc.count - 1)])
            let master = usedTestKeys ? "master key: the GlobalPlatform test key 404142...\(last); " : ""
            outcome.notes.append(Note(.info, master
                + "card keys derived with \(diversified.rawValue) from the key diversification data."))
        } else if usedTestKeys {
            let length = parameters.keys.enc.count
            outcome.notes.append(Note(.info, "using the GlobalPlatform test key 404142..." + Hex.encode([UInt8(0x40 + length - 1)])
                + " (AES-\(length * 8), no keys given)."))
        }
        // EXTERNAL AUTHENTICATE (GP Amd D v1.2 §7.1.2).
        let second = try transmit(authenticate.encoded(), strict: false, bypassSecureChannel: true)
        outcome.exchanges.append(second)
        let secure: SecureMessagingSession
        do {
            secure = try pending.receive(second.response)
        } catch {
            throw CommandError(ErrorText.secureChannel(error))
        }
        for warning in secure.warnings {
            outcome.notes.append(Note(.warning, ErrorText.secureChannelWarning(warning)))
        }
        let state = SecureChannelState(
            session: secure, protocolName: "scp03", mode: mode, kvn: pending.cardResponse.kvn,
            iParameter: pending.cardResponse.iParameter.rawValue, channel: session.channel)
        secureChannels[session.channel] = state
        outcome.result = .fields([
            Field("secure channel", "SCP03 " + (mode == .s8 ? "S8" : "S16") + ", level " + secure.level.name),
            Field("key version", "0x" + Hex.encode([pending.cardResponse.kvn])),
            Field("i-parameter", "0x" + Hex.encode([pending.cardResponse.iParameter.rawValue])),
            Field("key diversification data", Hex.encode(pending.cardResponse.keyDiversificationData)),
        ])
        if let diversified, case .fields(var fields) = outcome.result {
            fields.append(Field("diversification", diversified.rawValue))
            fields.append(Field("card key check values", try Engine.checkValues(parameters.keys, scheme: diversified)))
            outcome.result = .fields(fields)
        }
    }

    /// EXTERNAL AUTHENTICATE for the first GP test key length (24, then 32 bytes) whose card cryptogram matches;
    /// with `scheme`, the test key is the master key of the card keys derived from `kdd`.
    private func testKeyAnswer(
        _ awaiting: SCP03AwaitingCardResponse, _ response: ResponseAPDU,
        diversify scheme: Diversification.Scheme? = nil, kdd: [UInt8] = []
    ) throws -> (CommandAPDU, SCP03AwaitingAuthentication, SCP03StaticKeys) {
        for length in [24, 32] {
            var parameters = awaiting.parameters
            parameters.keys = try SCP03StaticKeys(all: SecretBytes((0..<length).map { UInt8(0x40 + $0) }))
            if let scheme { parameters.keys = try Diversification.diversify(parameters.keys, scheme: scheme, kdd: kdd) }
            parameters.hostChallenge = awaiting.hostChallenge
            var unused = SystemRandom()
            let (_, retry) = try SCP03Handshake.initializeUpdate(parameters, random: &unused)
            if let (command, pending) = try? retry.receive(response) { return (command, pending, parameters.keys) }
        }
        throw SecureChannelError.cardCryptogramMismatch(kvn: 0)
    }

    /// The static keys from the options: literal, key file, environment variable, or the GP test keys.
    func staticKeys(_ source: KeySource?) throws(CommandError) -> (SCP03StaticKeys, Bool) {
        do {
            switch source {
            case nil:
                return (.gpTestKeys, true)
            case .key(let key)?:
                return (try SCP03StaticKeys(all: SecretBytes(key)), false)
            case .keySet(let enc, let mac, let dek)?:
                return (try SCP03StaticKeys(enc: SecretBytes(enc), mac: SecretBytes(mac), dek: SecretBytes(dek)), false)
            case .file(let path)?:
                let lines: [String]
                do {
                    lines = try TextFile.readLines(path)
                } catch {
                    throw CommandError(Engine.describe(error))
                }
                return (try keysFromText(lines.joined(separator: "\n"), origin: "key file \(path)"), false)
            case .environment(let name)?:
                guard let value = environment.environmentVariable(name) else {
                    throw CommandError("environment variable \(name) is not set; it should hold one hex key or three (ENC MAC DEK).")
                }
                return (try keysFromText(value, origin: "environment variable \(name)"), false)
            case .keyset(let name)?:
                return try staticKeys(keySource(keyset: name))
            }
        } catch let error as SecureChannelError {
            throw CommandError(ErrorText.secureChannel(error))
        } catch let error as CommandError {
            throw error
        } catch {
            throw CommandError("\(error)")
        }
    }

    /// One hex key (used for ENC, MAC and DEK) or three, separated by spaces or colons.
    private func keysFromText(_ text: String, origin: String) throws(CommandError) -> SCP03StaticKeys {
        let withoutComments = text.split(separator: "\n").map { $0.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "" }
            .joined(separator: " ")
        let tokens = withoutComments.split(whereSeparator: { $0 == " " || $0 == ":" || $0 == "\t" }).map(String.init)
        var keys: [[UInt8]] = []
        if tokens.count == 1 || tokens.count == 3 {
            keys = tokens.compactMap { try? Hex.parse($0) }
            if keys.count != tokens.count || !keys.allSatisfy({ [16, 24, 32].contains($0.count) }) { keys = [] }
        }
        if keys.isEmpty, let joined = try? Hex.parse(tokens.joined()), [16, 24, 32].contains(joined.count) {
            keys = [joined]
        }
        guard keys.count == 1 || keys.count == 3 else {
            throw CommandError("\(origin) must hold one AES key (16, 24 or 32 bytes in hex) or three (ENC MAC DEK).")
        }
        do {
            return keys.count == 1
                ? try SCP03StaticKeys(all: SecretBytes(keys[0]))
                : try SCP03StaticKeys(enc: SecretBytes(keys[0]), mac: SecretBytes(keys[1]), dek: SecretBytes(keys[2]))
        } catch {
            throw CommandError(ErrorText.secureChannel(error))
        }
    }
}
