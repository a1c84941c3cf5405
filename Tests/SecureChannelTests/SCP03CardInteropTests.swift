import CardCore
import CardCrypto
import Testing

@testable import SecureChannel

struct Combination: Sendable, CustomTestStringConvertible {
    let level: SecurityLevel
    let mode: SCP03Mode
    let keyLength: Int
    var testDescription: String { "\(level) \(mode) AES-\(keyLength * 8)" }
}

/// The client against `SCP03CardSession` for every level × mode × key size (self-agreement; the recorded sessions in
/// SCP03RecordedSessionTests tie both to an independent implementation).
@Suite struct SCP03CardInteropTests {
    static let combinations: [Combination] = SecurityLevel.all.flatMap { level in
        [SCP03Mode.s8, .s16].flatMap { mode in
            [16, 24, 32].map { Combination(level: level, mode: mode, keyLength: $0) }
        }
    }

    static let plainCommands: [CommandAPDU] = [
        try! CommandAPDU(cla: 0x80, ins: 0xF2, p1: 0x80, p2: 0x02),  // case 1
        try! CommandAPDU(cla: 0x80, ins: 0xCA, p1: 0x00, p2: 0x66, ne: 256),  // case 2
        try! CommandAPDU(cla: 0x80, ins: 0xE2, p1: 0x90, p2: 0x00, data: [0x5A]),  // case 3, one byte
        try! CommandAPDU(cla: 0x80, ins: 0xE8, p1: 0x00, p2: 0x00, data: (0..<255).map { UInt8($0) }, ne: 256),  // 255
        try! CommandAPDU(cla: 0x81, ins: 0xF2, p1: 0x40, p2: 0x00, data: [0x4F, 0x00], ne: 256),  // logical channel 1
        try! CommandAPDU(cla: 0x80, ins: 0xCA, p1: 0x9F, p2: 0x7F, ne: 256),  // after an error SW below
    ]

    @Test(arguments: combinations)
    func clientAndCardAgree(_ c: Combination) throws {
        let keys = testKeys(length: c.keyLength, seed: UInt64(c.keyLength))
        let i = SCP03IParameter(mode: c.mode, pseudoRandomChallenge: c.keyLength != 24, rmac: true, renc: true)
        let card = EchoCard(keySets: [SCP03CardKeySet(kvn: 0x30, keys: keys, iParameter: i)])
        let session = try openSession(
            card, SCP03Parameters(keys: keys, level: c.level, mode: c.mode, securityDomainAID: isdAID))
        #expect(session.level == c.level)
        #expect(session.macLength == c.mode.length)
        #expect(session.warnings.isEmpty)

        for (index, plain) in Self.plainCommands.enumerated() {
            if index == 5 {
                // The previous command got an error SW: status only, no R-MAC; the chain stays in step.
                card.nextStatus = .fileNotFound
                let wrapped = try session.wrap(plain)
                let answer = try session.unwrap(card.transmit(wrapped))
                // With R-MAC the card sends the SW alone (GP Amd D v1.2 §6.2.7); without, the echo data passes.
                let expected =
                    c.level.responseMAC
                    ? ResponseAPDU(sw: .fileNotFound) : ResponseAPDU(data: [plain.ins], sw: .fileNotFound)
                #expect(answer == expected)
            }
            let wrapped = try session.wrap(plain)
            if c.level.commandMAC {
                #expect(wrapped.cla == (plain.cla | 0x04))
                #expect(wrapped.ne == plain.ne)
                let padded =
                    c.level.commandEncryption && !plain.data.isEmpty
                    ? (plain.data.count / 16 + 1) * 16 : plain.data.count
                #expect(wrapped.data.count == padded + c.mode.length)
                if c.level.commandEncryption && !plain.data.isEmpty {
                    #expect(Array(wrapped.data.prefix(plain.data.count)) != plain.data)
                }
            } else {
                #expect(wrapped == plain)
            }
            let response = try session.unwrap(card.transmit(wrapped))
            #expect(card.seenCommands.last == plain, "card saw the plain command \(index)")
            #expect(response == ResponseAPDU(data: plain.data.reversed() + [plain.ins], sw: .success))
        }
        #expect(session.isOpen)
        #expect(card.scp.isAuthenticated)
    }

    @Test func twoHundredFiftyFiveBytesWithCDECGoExtended() throws {
        let keys = testKeys(length: 16, seed: 1)
        let card = EchoCard(keySets: [
            SCP03CardKeySet(kvn: 0x30, keys: keys, iParameter: SCP03IParameter(rawValue: 0x70))
        ])
        let session = try openSession(card, SCP03Parameters(keys: keys, level: .cmacCdecRmacRenc))
        let wrapped = try session.wrap(Self.plainCommands[3])
        #expect(wrapped.data.count == 256 + 8)
        let wire = wrapped.encoded()
        #expect(Array(wire[4..<7]) == [0x00, 0x01, 0x08])  // extended Lc
        #expect(Array(wire.suffix(2)) == [0x01, 0x00])  // extended Le for Ne = 256
        let response = try session.unwrap(card.transmit(wrapped))
        #expect(response.data.count == 256)
    }

    @Test func traceShowsCounterICVAndChaining() throws {
        let keys = testKeys(length: 16, seed: 2)
        let card = EchoCard(keySets: [
            SCP03CardKeySet(kvn: 0x30, keys: keys, iParameter: SCP03IParameter(rawValue: 0x70))
        ])
        let session = try openSession(card, SCP03Parameters(keys: keys, level: .cmacCdecRmacRenc))
        let afterAuth = session.macChainingValue
        _ = try session.unwrap(card.transmit(try session.wrap(Self.plainCommands[0])))
        let first = try #require(session.lastCommandTrace)
        #expect(first.counter == 1)
        #expect(first.icv == nil)  // no data, nothing encrypted
        #expect(first.chainingValueBefore == afterAuth)
        #expect(first.chainingValueAfter == session.macChainingValue)
        _ = try session.unwrap(card.transmit(try session.wrap(Self.plainCommands[2])))
        let second = try #require(session.lastCommandTrace)
        #expect(second.counter == 2)  // GP Amd D v1.2 §6.2.6: counted even without data
        #expect(second.icv?.count == 16)
        #expect(second.chainingValueBefore == first.chainingValueAfter)
        let response = try #require(session.lastResponseTrace)
        #expect(response.counter == 2)
        #expect(response.icv?.count == 16)
        #expect(response.mac?.count == 8)
    }

    @Test func counterQuirkOnBothSidesInteroperates() throws {
        let keys = testKeys(length: 32, seed: 3)
        let options = SecureMessagingOptions(counterIncrementsOnlyWithData: true)
        let card = EchoCard(
            keySets: [SCP03CardKeySet(kvn: 0x30, keys: keys, iParameter: SCP03IParameter(rawValue: 0x70))],
            options: options)
        let session = try openSession(card, SCP03Parameters(keys: keys, level: .cmacCdecRmacRenc, options: options))
        for plain in Self.plainCommands.prefix(4) {
            let response = try session.unwrap(card.transmit(try session.wrap(plain)))
            #expect(response.data == plain.data.reversed() + [plain.ins])
        }
        #expect(session.nextCounter == 3)  // only the two commands with data counted
    }

    @Test func counterQuirkMismatchIsDetected() throws {
        let keys = testKeys(length: 16, seed: 4)
        let card = EchoCard(keySets: [
            SCP03CardKeySet(kvn: 0x30, keys: keys, iParameter: SCP03IParameter(rawValue: 0x70))
        ])
        let session = try openSession(
            card,
            SCP03Parameters(
                keys: keys, level: .cmacCdec, options: SecureMessagingOptions(counterIncrementsOnlyWithData: true)))
        _ = try session.unwrap(card.transmit(try session.wrap(Self.plainCommands[0])))
        // The card counted the empty command, the host did not: the card decrypts garbage and refuses.
        let answer = card.transmit(try session.wrap(Self.plainCommands[2]))
        #expect(answer.sw == .securityStatusNotSatisfied)
    }

    @Test func putKeyThroughTheChannelThenOpenWithTheNewKeys() throws {
        for length in [16, 24, 32] {
            let oldKeys = testKeys(length: length, seed: 10)
            let newKeys = testKeys(length: length, seed: 11)
            let i = SCP03IParameter(rawValue: 0x70)
            let card = EchoCard(keySets: [SCP03CardKeySet(kvn: 0x30, keys: oldKeys, iParameter: i)])
            let session = try openSession(card, SCP03Parameters(keys: oldKeys, level: .cmacCdec))
            let putKey = try SCP03KeyManagement.putKey(newKeys, newKVN: 0x31, dek: try #require(session.dek))
            #expect(putKey.data.count == 1 + 3 * (3 + (length + 15) / 16 * 16 + 4))
            // Card side: unwrap, decode with its static DEK, store.
            guard case .accepted(let plain) = card.scp.unwrapCommand(try session.wrap(putKey).encoded()) else {
                Issue.record("card refused PUT KEY")
                return
            }
            #expect(plain == putKey)
            let request = try PutKeyRequest(decoding: plain, dek: oldKeys.dek)
            #expect(request.keys.enc.bytes == newKeys.enc.bytes)
            #expect(request.keys.dek.bytes == newKeys.dek.bytes)
            let answer = try session.unwrap(card.scp.wrapResponse(card.scp.apply(request, iParameter: i)))
            try SCP03KeyManagement.verifyPutKeyResponse(answer, newKVN: 0x31, keys: newKeys)
            #expect(card.scp.keySets.map(\.kvn) == [0x30, 0x31])

            let reopened = try openSession(card, SCP03Parameters(keys: newKeys, kvn: 0x31, level: .cmac))
            #expect(reopened.isOpen)
        }
    }

    @Test func putKeyResponseErrors() throws {
        let keys = SCP03StaticKeys.gpTestKeys
        let kcvs = try SCP03KeyManagement.expectedKeyCheckValues(keys)
        let good: [UInt8] = [0x31] + kcvs.flatMap { $0 }
        try SCP03KeyManagement.verifyPutKeyResponse(ResponseAPDU(data: good, sw: .success), newKVN: 0x31, keys: keys)
        #expect(throws: SecureChannelError.keyCommandFailed(.conditionsNotSatisfied)) {
            try SCP03KeyManagement.verifyPutKeyResponse(
                ResponseAPDU(sw: .conditionsNotSatisfied), newKVN: 0x31, keys: keys)
        }
        #expect(throws: SecureChannelError.putKeyVersionMismatch(expected: 0x32, actual: 0x31)) {
            try SCP03KeyManagement.verifyPutKeyResponse(
                ResponseAPDU(data: good, sw: .success), newKVN: 0x32, keys: keys)
        }
        var bad = good
        bad[5] ^= 0x01
        #expect(
            throws: SecureChannelError.keyCheckValueMismatch(keyIndex: 1, expected: kcvs[1], actual: Array(bad[4..<7]))
        ) {
            try SCP03KeyManagement.verifyPutKeyResponse(ResponseAPDU(data: bad, sw: .success), newKVN: 0x31, keys: keys)
        }
        #expect(throws: SecureChannelError.putKeyMalformed(offset: 9)) {
            try SCP03KeyManagement.verifyPutKeyResponse(
                ResponseAPDU(data: Array(good.prefix(9)), sw: .success), newKVN: 0x31, keys: keys)
        }
    }

    @Test func putKeyWithWrongKCVIsRefusedByTheCard() throws {
        let keys = SCP03StaticKeys.gpTestKeys
        var command = try SCP03KeyManagement.putKey(keys, newKVN: 0x31, dek: keys.dek)
        var data = command.data
        data[1 + 3 + 16 + 1] ^= 0xFF  // first KCV byte
        command = try command.with(data: data)
        #expect(throws: SecureChannelError.self) { try PutKeyRequest(decoding: command, dek: keys.dek) }
    }

    @Test func deleteKeyBytes() {
        // GP CS v2.3.1 §11.2.2.3: D0 (key identifier), D2 (key version number).
        #expect(SCP03KeyManagement.deleteKey(kvn: 0x30, keyID: 1).encoded() == h("80E4000006D00101D2013000"))
        #expect(SCP03KeyManagement.deleteKey(kvn: 0x31).encoded() == h("80E4000003D2013100"))
    }
}

@Suite struct SCP03ExtendedLengthTests {
    /// A host that sends every APDU in extended form MACs the 3-byte Lc; the card checks the MAC over the Lc it
    /// received, for EXTERNAL AUTHENTICATE and later commands.
    @Test(arguments: [SCP03Mode.s8, .s16])
    func extendedOnlyHostInteroperates(mode: SCP03Mode) throws {
        let keys = testKeys(length: 16, seed: 60)
        let i = SCP03IParameter(mode: mode, pseudoRandomChallenge: true, rmac: true, renc: true)
        let card = EchoCard(keySets: [SCP03CardKeySet(kvn: 0x30, keys: keys, iParameter: i)])
        card.sendExtended = true
        let options = SecureMessagingOptions(forceExtendedLength: true)
        let session = try openSession(
            card, SCP03Parameters(keys: keys, level: .cmacCdecRmacRenc, mode: mode, options: options))
        for plain in SCP03CardInteropTests.plainCommands.prefix(5) {
            let response = try session.unwrap(card.transmit(try session.wrap(plain)))
            #expect(response.data == plain.data.reversed() + [plain.ins])
        }
    }

    /// A card given only the parsed command (no raw bytes) accepts the MAC over either Lc form.
    @Test func parsedCommandAcceptsEitherLcForm() throws {
        let keys = testKeys(length: 16, seed: 62)
        for extended in [false, true] {
            let card = EchoCard(keySets: [
                SCP03CardKeySet(kvn: 0x30, keys: keys, iParameter: SCP03IParameter(rawValue: 0x70))
            ])
            card.sendExtended = extended
            let options = SecureMessagingOptions(forceExtendedLength: extended)
            let session = try openSession(card, SCP03Parameters(keys: keys, level: .cmacCdec, options: options))
            let wrapped = try session.wrap(SCP03CardInteropTests.plainCommands[2])
            let cardSession = try #require(card.scp.session)
            guard case .accepted(let plain) = cardSession.unwrapCommand(wrapped) else {
                Issue.record("refused with extended = \(extended)")
                continue
            }
            #expect(plain == SCP03CardInteropTests.plainCommands[2])
        }
    }

    /// Without the option, a short command re-sent in extended form no longer verifies at the card.
    @Test func lcFormIsPartOfTheMAC() throws {
        let keys = testKeys(length: 16, seed: 61)
        let card = EchoCard(keySets: [
            SCP03CardKeySet(kvn: 0x30, keys: keys, iParameter: SCP03IParameter(rawValue: 0x70))
        ])
        let session = try openSession(card, SCP03Parameters(keys: keys, level: .cmac))
        card.sendExtended = true
        let answer = card.transmit(try session.wrap(SCP03CardInteropTests.plainCommands[2]))
        #expect(answer.sw == .securityStatusNotSatisfied)
    }
}
