import CardCore
import CardCrypto
import Testing

@testable import SecureChannel

@Suite struct SCP03NegativeTests {
    let keys = testKeys(length: 16, seed: 20)
    let i70 = SCP03IParameter(rawValue: 0x70)

    func card(i: SCP03IParameter? = nil, keys: SCP03StaticKeys? = nil) -> EchoCard {
        EchoCard(keySets: [SCP03CardKeySet(kvn: 0x30, keys: keys ?? self.keys, iParameter: i ?? i70)])
    }

    @Test func wrongKeysGiveCardCryptogramMismatch() throws {
        let card = card()
        let wrong = testKeys(length: 16, seed: 21)
        #expect(throws: SecureChannelError.cardCryptogramMismatch(kvn: 0x30)) {
            try openSession(card, SCP03Parameters(keys: wrong))
        }
    }

    @Test func tamperedCardCryptogramIsRejected() throws {
        let card = card()
        let (initUpdate, awaiting) = try SCP03Handshake.initializeUpdate(
            SCP03Parameters(keys: keys, hostChallenge: h("0102030405060708")))
        var response = card.transmit(initUpdate)
        response.data[10 + 3 + 8 + 2] ^= 0x40
        #expect(throws: SecureChannelError.cardCryptogramMismatch(kvn: 0x30)) { try awaiting.receive(response) }
    }

    /// The pySim recording with its last cryptogram byte changed (osmocom/pysim test_globalplatform.py,
    /// SCP03_Test_AES128_11; the same source tests this failure for SCP02).
    @Test func tamperedRecordedCardCryptogram() throws {
        let s = pySimSessions[0]
        var data = h(s.initUpdateResponse)
        data[28] ^= 0xFF
        let (_, awaiting) = try SCP03Handshake.initializeUpdate(
            SCP03Parameters(keys: s.keys, kvn: 0x30, level: .cmacRmac, hostChallenge: h("b13e5f938fc108c4")))
        #expect(throws: SecureChannelError.cardCryptogramMismatch(kvn: 0x30)) {
            try awaiting.receive(ResponseAPDU(data: data, sw: .success))
        }
    }

    @Test func tamperedRMACClosesTheSession() throws {
        let card = card()
        let session = try openSession(card, SCP03Parameters(keys: keys, level: .cmacRmac))
        var response = card.transmit(try session.wrap(SCP03CardInteropTests.plainCommands[2]))
        response.data[response.data.count - 1] ^= 0x01
        #expect(throws: SecureChannelError.responseMACMismatch(sw: .success)) { try session.unwrap(response) }
        #expect(!session.isOpen)
        #expect(throws: SecureChannelError.sessionClosed) { try session.wrap(SCP03CardInteropTests.plainCommands[0]) }
        #expect(throws: SecureChannelError.sessionClosed) { try session.unwrap(ResponseAPDU(sw: .success)) }
    }

    @Test func tamperedRMACWithWarningSWAndMissingMAC() throws {
        let card = card()
        let session = try openSession(card, SCP03Parameters(keys: keys, level: .cmacCdecRmacRenc))
        _ = card.transmit(try session.wrap(SCP03CardInteropTests.plainCommands[0]))
        // A 9000 answer without any R-MAC is refused and closes the session.
        #expect(throws: SecureChannelError.responseTooShort(length: 3, macLength: 8)) {
            try session.unwrap(ResponseAPDU(data: [1, 2, 3], sw: .success))
        }
        #expect(!session.isOpen)
    }

    @Test func badCMACAtTheCardGives6982AndEndsTheSession() throws {
        let card = card()
        let session = try openSession(card, SCP03Parameters(keys: keys, level: .cmac))
        var wrapped = try session.wrap(SCP03CardInteropTests.plainCommands[2]).encoded()
        wrapped[wrapped.count - 1] ^= 0x01
        #expect(card.scp.unwrapCommand(wrapped) == .rejected(.securityStatusNotSatisfied))
        #expect(!card.scp.isAuthenticated)
        // Even a correctly wrapped next command is refused now.
        let next = try session.wrap(SCP03CardInteropTests.plainCommands[0])
        #expect(card.transmit(next).sw == .securityStatusNotSatisfied)
    }

    @Test func missingSecureMessagingBitIsRefused() throws {
        let card = card()
        _ = try openSession(card, SCP03Parameters(keys: keys, level: .cmac))
        #expect(card.scp.unwrapCommand(h("80CA006600")) == .rejected(.securityStatusNotSatisfied))
    }

    @Test func replayedCommandIsRejected() throws {
        let card = card()
        let session = try openSession(card, SCP03Parameters(keys: keys, level: .cmacCdec))
        let wrapped = try session.wrap(SCP03CardInteropTests.plainCommands[2])
        #expect(card.transmit(wrapped).sw == .success)
        #expect(card.transmit(wrapped).sw == .securityStatusNotSatisfied)
        #expect(!card.scp.isAuthenticated)
    }

    @Test func commandsOutOfOrderAreRejected() throws {
        let card = card()
        let session = try openSession(card, SCP03Parameters(keys: keys, level: .cmac))
        let first = try session.wrap(SCP03CardInteropTests.plainCommands[0])
        let second = try session.wrap(SCP03CardInteropTests.plainCommands[2])
        #expect(card.transmit(second).sw == .securityStatusNotSatisfied)
        #expect(card.transmit(first).sw == .securityStatusNotSatisfied)
    }

    @Test func badHostCryptogramOrMACGives6982() throws {
        let card = card()
        let (initUpdate, awaiting) = try SCP03Handshake.initializeUpdate(SCP03Parameters(keys: keys))
        var (externalAuthenticate, awaitingAuth) = try awaiting.receive(card.transmit(initUpdate))
        var data = externalAuthenticate.data
        data[0] ^= 0x01
        externalAuthenticate = try externalAuthenticate.with(data: data)
        let answer = card.transmit(externalAuthenticate)
        #expect(answer.sw == .securityStatusNotSatisfied)
        #expect(!card.scp.isAuthenticated)
        #expect(throws: SecureChannelError.externalAuthenticateFailed(.securityStatusNotSatisfied)) {
            try awaitingAuth.receive(answer)
        }
        // The handshake is over: a second EXTERNAL AUTHENTICATE without INITIALIZE UPDATE is refused.
        #expect(card.transmit(externalAuthenticate).sw == .conditionsNotSatisfied)
    }

    @Test func modeMismatchSuggestsTheOtherMode() throws {
        let s16Card = card(i: SCP03IParameter(mode: .s16, pseudoRandomChallenge: false, rmac: true, renc: true))
        #expect(throws: SecureChannelError.modeMismatch(requested: .s8, card: .s16)) {
            try openSession(s16Card, SCP03Parameters(keys: keys, mode: .s8))
        }
        let s8Card = card()
        #expect(throws: SecureChannelError.modeMismatch(requested: .s16, card: .s8)) {
            try openSession(s8Card, SCP03Parameters(keys: keys, mode: .s16))
        }
    }

    @Test func levelBeyondTheIParameterIsRefused() throws {
        let noRMAC = card(i: SCP03IParameter(rawValue: 0x10))
        #expect(throws: SecureChannelError.levelNotSupported(requested: .cmacRmac, iParameter: 0x10)) {
            try openSession(noRMAC, SCP03Parameters(keys: keys, level: .cmacRmac))
        }
        let noRENC = card(i: SCP03IParameter(rawValue: 0x30))
        #expect(throws: SecureChannelError.levelNotSupported(requested: .cmacCdecRmacRenc, iParameter: 0x30)) {
            try openSession(noRENC, SCP03Parameters(keys: keys, level: .cmacCdecRmacRenc))
        }
        #expect(try openSession(noRENC, SCP03Parameters(keys: keys, level: .cmacCdecRmac)).isOpen)
    }

    @Test func pseudoRandomChallengeAgainstAnotherAIDIsAWarning() throws {
        let card = card()
        let session = try openSession(card, SCP03Parameters(keys: keys, securityDomainAID: h("A0000001510000")))
        #expect(session.isOpen)
        guard case .pseudoRandomChallengeMismatch(_, _, let aid)? = session.warnings.first else {
            Issue.record("no warning: \(session.warnings)")
            return
        }
        #expect(aid == h("A0000001510000"))
    }

    @Test func kvnAndSWAndLayoutErrors() throws {
        let card = card()
        #expect(throws: SecureChannelError.initializeUpdateFailed(.referencedDataNotFound)) {
            try openSession(card, SCP03Parameters(keys: keys, kvn: 0x31))
        }
        let (_, awaiting) = try SCP03Handshake.initializeUpdate(SCP03Parameters(keys: keys, kvn: 0x31))
        let body = h("00000000000000000000" + "300370" + "0102030405060708" + "1112131415161718" + "000001")
        #expect(throws: SecureChannelError.keyVersionMismatch(requested: 0x31, card: 0x30)) {
            try awaiting.receive(ResponseAPDU(data: body, sw: .success))
        }
        #expect(throws: SecureChannelError.notSCP03(scpID: 0x02)) {
            try awaiting.receive(
                ResponseAPDU(
                    data: h("00000000000000000000" + "310255") + [UInt8](repeating: 0, count: 16), sw: .success))
        }
        #expect(
            throws: SecureChannelError.initializeUpdateTruncated(
                field: .cardCryptogram, offset: 21, needed: 8, available: 4)
        ) {
            try awaiting.receive(ResponseAPDU(data: Array(body.prefix(25)), sw: .success))
        }
        #expect(
            throws: SecureChannelError.initializeUpdateTruncated(
                field: .sequenceCounter, offset: 29, needed: 3, available: 1)
        ) {
            try awaiting.receive(ResponseAPDU(data: Array(body.prefix(30)), sw: .success))
        }
        #expect(
            throws: SecureChannelError.initializeUpdateTruncated(
                field: .keyInformation, offset: 10, needed: 3, available: 1)
        ) {
            try awaiting.receive(ResponseAPDU(data: Array(body.prefix(11)), sw: .success))
        }
        #expect(throws: SecureChannelError.initializeUpdateTrailingBytes(expectedLength: 32, actualLength: 33)) {
            try awaiting.receive(ResponseAPDU(data: body + [0], sw: .success))
        }
        #expect(throws: SecureChannelError.hostChallengeLength(expected: 16, actual: 8)) {
            try SCP03Handshake.initializeUpdate(
                SCP03Parameters(keys: keys, mode: .s16, hostChallenge: h("0102030405060708")))
        }
    }

    @Test func keyLengthErrors() {
        #expect(throws: SecureChannelError.invalidKeyLength(20)) {
            try SCP03StaticKeys(all: SecretBytes([UInt8](repeating: 1, count: 20)))
        }
        #expect(throws: SecureChannelError.keyLengthsDiffer(enc: 16, mac: 32, dek: 16)) {
            try SCP03StaticKeys(
                enc: SecretBytes([UInt8](repeating: 1, count: 16)), mac: SecretBytes([UInt8](repeating: 1, count: 32)),
                dek: SecretBytes([UInt8](repeating: 1, count: 16)))
        }
    }

    /// The pySim recording was made with a counter that counts commands without data (GP Amd D v1.2 §6.2.6):
    /// the quirk option changes the encrypted case-3 command, so it is not the default.
    @Test func quirkOptionChangesTheRecordedCDECBytes() throws {
        let s = pySimSessions[1]  // AES-128 cmac+cdec
        let parameters = SCP03Parameters(
            keys: s.keys, kvn: 0x30, level: .cmacCdec, hostChallenge: h("8e1552d0513c60f3"),
            options: SecureMessagingOptions(counterIncrementsOnlyWithData: true))
        let (_, awaiting) = try SCP03Handshake.initializeUpdate(parameters)
        let (_, awaitingAuth) = try awaiting.receive(ResponseAPDU(data: h(s.initUpdateResponse), sw: .success))
        let session = try awaitingAuth.receive(ResponseAPDU(sw: .success))
        _ = try session.wrap(CommandAPDU(parsing: h(SCP03RecordedSessionTests.getEIDPlain)))
        _ = try session.wrap(CommandAPDU(parsing: h("80F22002")))
        _ = try session.wrap(CommandAPDU(parsing: h("80ca006600")))
        let case3 = try session.wrap(CommandAPDU(parsing: h("80F220020a4f0212345c054f9f70c5")))
        #expect(case3.encoded() != h(s.case3))
    }
}

@Suite struct SecurityLevelTests {
    @Test(arguments: [
        (SecurityLevel.none, "none", UInt8(0x00)), (.cmac, "cmac", 0x01), (.cmacCdec, "cmac+cdec", 0x03),
        (.cmacRmac, "cmac+rmac", 0x11), (.cmacCdecRmac, "cmac+cdec+rmac", 0x13),
        (.cmacCdecRmacRenc, "cmac+cdec+rmac+renc", 0x33),
    ])
    func namesAndValues(level: SecurityLevel, name: String, raw: UInt8) {
        #expect(level.name == name)
        #expect(level.rawValue == raw)
        #expect(SecurityLevel(name: name) == level)
        #expect(SecurityLevel(name: name.uppercased()) == level)
        #expect(SecurityLevel(rawValue: raw) == level)
    }

    @Test func unknownLevels() {
        #expect(SecurityLevel(rawValue: 0x02) == nil)
        #expect(SecurityLevel(rawValue: 0x31) == nil)
        #expect(SecurityLevel(name: "cdec") == nil)
        #expect(SecurityLevel(name: "rmac+cmac") == nil)
    }

    /// GP Amd D v1.2 §5.1 Table 5-1: b6 R-MAC, b7 R-ENC.
    @Test(arguments: [
        (UInt8(0x00), SecurityLevel.cmacCdec), (0x10, .cmacCdec), (0x20, .cmacCdecRmac), (0x30, .cmacCdecRmac),
        (0x60, .cmacCdecRmacRenc), (0x70, .cmacCdecRmacRenc), (0x71, .cmacCdecRmacRenc),
    ])
    func highestLevel(i: UInt8, expected: SecurityLevel) {
        #expect(SecurityLevel.highestLevel(i: i) == expected)
    }

    @Test func iParameterBits() {
        let i = SCP03IParameter(rawValue: 0x71)
        #expect(i.mode == .s16)
        #expect(i.pseudoRandomChallenge && i.supportsRMAC && i.supportsRENC)
        #expect(SCP03IParameter(mode: .s8, pseudoRandomChallenge: true, rmac: true, renc: true).rawValue == 0x70)
        #expect(SCP03IParameter(mode: .s16, pseudoRandomChallenge: false, rmac: false, renc: false).rawValue == 0x01)
    }

    /// ISO 7816-4 §5.4.1: b3 for channels 0-3 (and GP's 8x), b6 for channels 4-19.
    @Test(arguments: [(UInt8(0x80), UInt8(0x84)), (0x83, 0x87), (0x00, 0x04), (0x40, 0x60), (0xC1, 0xE1), (0x4F, 0x6F)])
    func secureMessagingCLA(plain: UInt8, secured: UInt8) {
        #expect(SecureMessagingSession.setSecureMessagingBit(plain) == secured)
        #expect(SecureMessagingSession.clearSecureMessagingBit(secured) == plain)
        #expect(SecureMessagingSession.hasSecureMessagingBit(secured))
        #expect(!SecureMessagingSession.hasSecureMessagingBit(plain))
    }

    /// GP Amd D v1.2 §6.2.4: the logical channel number is not part of the MACed CLA.
    @Test(arguments: [
        (UInt8(0x80), UInt8(0x84)), (0x81, 0x84), (0x83, 0x84), (0x00, 0x04), (0x02, 0x04), (0xC1, 0xE0), (0x4F, 0x60),
    ])
    func macCLADropsTheChannel(plain: UInt8, mac: UInt8) {
        #expect(SecureMessagingSession.macCLA(plain) == mac)
    }

    /// The same command on channel 0 and on channel 1 carries the same C-MAC (only the CLA on the wire differs).
    @Test func channelDoesNotChangeTheMAC() throws {
        let keys = testKeys(length: 16, seed: 30)
        var macs: [[UInt8]] = []
        for cla: UInt8 in [0x80, 0x81] {
            let card = EchoCard(keySets: [
                SCP03CardKeySet(kvn: 0x30, keys: keys, iParameter: SCP03IParameter(rawValue: 0x70))
            ])
            let session = try openSession(
                card, SCP03Parameters(keys: keys, level: .cmac, hostChallenge: h("0102030405060708")))
            let wrapped = try session.wrap(CommandAPDU(cla: cla, ins: 0xCA, p1: 0x00, p2: 0x66, ne: 256))
            #expect(wrapped.cla == cla | 0x04)
            #expect(card.transmit(wrapped).sw == .success)
            macs.append(wrapped.data)
        }
        #expect(macs[0] == macs[1])
    }
}
