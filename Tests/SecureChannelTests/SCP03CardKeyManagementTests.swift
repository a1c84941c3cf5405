import CardCore
import CardCrypto
import Testing

@testable import SecureChannel

/// PUT KEY and DELETE KEY handled by `SCP03CardSession`, driven through a real channel.
@Suite struct SCP03CardKeyManagementTests {
    let keys = testKeys(length: 16, seed: 50)
    let i70 = SCP03IParameter(rawValue: 0x70)

    /// Sends a plain command through the channel to the card's key handling and back.
    func exchange(
        _ card: EchoCard, _ session: SecureMessagingSession, _ command: CommandAPDU,
        handler: (CommandAPDU) -> ResponseAPDU
    ) throws -> ResponseAPDU {
        guard case .accepted(let plain) = card.scp.unwrapCommand(try session.wrap(command).encoded()) else {
            Issue.record("card refused the wrapped command")
            return ResponseAPDU(sw: .securityStatusNotSatisfied)
        }
        return try session.unwrap(card.scp.wrapResponse(handler(plain)))
    }

    @Test func addReplaceAndDeleteKeySets() throws {
        let card = EchoCard(keySets: [SCP03CardKeySet(kvn: 0x30, keys: keys, iParameter: i70)])
        let session = try openSession(card, SCP03Parameters(keys: keys, level: .cmacCdecRmacRenc))
        let dek = try #require(session.dek)

        // Add 31 with AES-256 keys.
        let keys31 = testKeys(length: 32, seed: 51)
        let add = try SCP03KeyManagement.putKey(keys31, newKVN: 0x31, dek: dek)
        let added = try exchange(card, session, add, handler: card.scp.putKey)
        try SCP03KeyManagement.verifyPutKeyResponse(added, newKVN: 0x31, keys: keys31)
        #expect(card.scp.keySets.map(\.kvn) == [0x30, 0x31])

        // Replace 31 by 32 with AES-192 keys.
        let keys32 = testKeys(length: 24, seed: 52)
        let replace = try SCP03KeyManagement.putKey(keys32, newKVN: 0x32, replacingKVN: 0x31, dek: dek)
        try SCP03KeyManagement.verifyPutKeyResponse(
            try exchange(card, session, replace, handler: card.scp.putKey), newKVN: 0x32, keys: keys32)
        #expect(card.scp.keySets.map(\.kvn) == [0x30, 0x32])

        // Replacing an unknown KVN: 6A88.
        let unknown = try SCP03KeyManagement.putKey(keys32, newKVN: 0x33, replacingKVN: 0x39, dek: dek)
        #expect(try exchange(card, session, unknown, handler: card.scp.putKey).sw == .referencedDataNotFound)

        // A PUT KEY encrypted with another DEK fails its KCV check: 6A80.
        let wrongDEK = try SCP03KeyManagement.putKey(keys32, newKVN: 0x34, dek: keys32.dek)
        #expect(try exchange(card, session, wrongDEK, handler: card.scp.putKey).sw == .incorrectData)

        // DELETE KEY: the open session's set is protected, unknown is 6A88, 32 goes.
        let deleteOwn = SCP03KeyManagement.deleteKey(kvn: 0x30)
        #expect(try exchange(card, session, deleteOwn, handler: card.scp.deleteKey).sw == .conditionsNotSatisfied)
        let deleteUnknown = SCP03KeyManagement.deleteKey(kvn: 0x3F, keyID: 1)
        #expect(try exchange(card, session, deleteUnknown, handler: card.scp.deleteKey).sw == .referencedDataNotFound)
        let delete = SCP03KeyManagement.deleteKey(kvn: 0x32, keyID: 1)
        let deleted = try exchange(card, session, delete, handler: card.scp.deleteKey)
        #expect(deleted == ResponseAPDU(data: [0x00], sw: .success))
        #expect(card.scp.keySets.map(\.kvn) == [0x30])
        #expect(session.isOpen)

        // The new AES-192 set was usable before deletion; the remaining set still opens.
        #expect(try openSession(card, SCP03Parameters(keys: keys, kvn: 0x30, level: .cmac)).isOpen)
    }

    @Test func keyCommandsNeedASession() throws {
        let card = EchoCard(keySets: [SCP03CardKeySet(kvn: 0x30, keys: keys, iParameter: i70)])
        let putKey = try SCP03KeyManagement.putKey(keys, newKVN: 0x31, dek: keys.dek)
        #expect(card.scp.putKey(putKey).sw == .securityStatusNotSatisfied)
        #expect(card.scp.deleteKey(SCP03KeyManagement.deleteKey(kvn: 0x30)).sw == .securityStatusNotSatisfied)
    }

    @Test func newKeySetOpensAChannel() throws {
        let card = EchoCard(keySets: [SCP03CardKeySet(kvn: 0x30, keys: keys, iParameter: i70)])
        let session = try openSession(card, SCP03Parameters(keys: keys, level: .cmacCdec))
        let keys31 = testKeys(length: 24, seed: 53)
        let add = try SCP03KeyManagement.putKey(keys31, newKVN: 0x31, dek: try #require(session.dek))
        _ = try exchange(card, session, add, handler: card.scp.putKey)
        let reopened = try openSession(card, SCP03Parameters(keys: keys31, kvn: 0x31, level: .cmacCdecRmacRenc))
        let command = try CommandAPDU(cla: 0x80, ins: 0xCA, p1: 0x00, p2: 0x66, data: [1, 2, 3], ne: 256)
        let response = try reopened.unwrap(card.transmit(try reopened.wrap(command)))
        #expect(response.data == [3, 2, 1, 0xCA])
    }
}

@Suite struct SCP03CardHandshakeTests {
    /// EXTERNAL AUTHENTICATE with Le 00 (case 4) is accepted: Le is outside the C-MAC (GP Amd D v1.2 §6.2.4).
    @Test func externalAuthenticateWithLe() throws {
        let keys = testKeys(length: 16, seed: 70)
        let card = EchoCard(keySets: [
            SCP03CardKeySet(kvn: 0x30, keys: keys, iParameter: SCP03IParameter(rawValue: 0x70))
        ])
        let (initUpdate, awaiting) = try SCP03Handshake.initializeUpdate(SCP03Parameters(keys: keys))
        let (externalAuthenticate, awaitingAuth) = try awaiting.receive(card.transmit(initUpdate))
        let withLe = try externalAuthenticate.with(ne: 256)
        let answer = card.transmit(withLe)
        #expect(answer.sw == .success)
        #expect(try awaitingAuth.receive(answer).isOpen)
    }

    @Test func levelNotAllowedByTheKeySetIs6A86AndUnknownKVNIs6A88() throws {
        let keys = testKeys(length: 16, seed: 71)
        let card = EchoCard(keySets: [
            SCP03CardKeySet(kvn: 0x30, keys: keys, iParameter: SCP03IParameter(rawValue: 0x10))
        ])
        let (initUpdate, awaiting) = try SCP03Handshake.initializeUpdate(SCP03Parameters(keys: keys))
        _ = try awaiting.receive(card.transmit(initUpdate))
        // A host that ignores the i-parameter and asks for R-MAC anyway.
        let forced = try CommandAPDU(cla: 0x84, ins: 0x82, p1: 0x11, p2: 0x00, data: [UInt8](repeating: 0, count: 16))
        #expect(card.transmit(forced).sw == .incorrectP1P2)
        let unknown = try CommandAPDU(
            cla: 0x80, ins: 0x50, p1: 0x3F, p2: 0x00, data: [1, 2, 3, 4, 5, 6, 7, 8], ne: 256)
        #expect(card.scp.initializeUpdate(unknown).sw == .referencedDataNotFound)
        let badChallenge = try CommandAPDU(cla: 0x80, ins: 0x50, p1: 0x00, p2: 0x00, data: [1, 2, 3], ne: 256)
        #expect(card.scp.initializeUpdate(badChallenge).sw == .wrongLength)
    }

    /// The pseudo-random challenge follows the sequence counter, one step per INITIALIZE UPDATE.
    @Test func sequenceCounterAdvances() throws {
        let keys = testKeys(length: 16, seed: 72)
        let card = EchoCard(keySets: [
            SCP03CardKeySet(kvn: 0x30, keys: keys, iParameter: SCP03IParameter(rawValue: 0x70))
        ])
        var counters: [[UInt8]] = []
        for _ in 0..<3 {
            let (initUpdate, _) = try SCP03Handshake.initializeUpdate(SCP03Parameters(keys: keys))
            let body = try SCP03InitializeUpdateResponse(parsing: card.transmit(initUpdate).data)
            counters.append(try #require(body.sequenceCounter))
            let expected = try SCP03KDF.pseudoRandomCardChallenge(
                staticENC: keys.enc, sequenceCounter: counters.last!, aid: isdAID, mode: .s8)
            #expect(body.cardChallenge == expected)
        }
        #expect(counters == [[0, 0, 1], [0, 0, 2], [0, 0, 3]])
        #expect(card.scp.sequenceCounter == 3)
    }
}

@Suite struct PutKeyFormatTests {
    /// Key check values of the pySim test key set: osmocom/pysim tests/unittests/test_globalplatform.py,
    /// SCP03_KCV_Test (AES, 16 × 01 encrypted, first 3 bytes).
    @Test(arguments: [
        ("000102030405060708090a0b0c0d0e0f", "C35280"), ("101112131415161718191a1b1c1d1e1f", "013808"),
        ("202122232425262728292a2b2c2d2e2f", "840DE5"),
    ])
    func keyCheckValue(key: String, kcv: String) throws {
        #expect(try SCP03StaticKeys.keyCheckValue(SecretBytes(h(key))) == h(kcv))
    }

    /// GlobalPlatformPro's layout (GPSession encode_symmetric_key): 88 || 1+Lc || Lk || cryptogram || 03 || KCV.
    @Test func builderWritesTheClearLength() throws {
        let keys = SCP03StaticKeys.gpTestKeys
        let command = try SCP03KeyManagement.putKey(keys, newKVN: 0x31, dek: keys.dek)
        #expect(command.header == [0x80, 0xD8, 0x00, 0x81])
        #expect(command.data[0] == 0x31)
        #expect(Array(command.data[1...3]) == [0x88, 0x11, 0x10])
        let encrypted = try AESCipher(key: keys.dek).encryptCBC(keys.enc.bytes, iv: [UInt8](repeating: 0, count: 16))
        #expect(Array(command.data[4..<20]) == encrypted)
        #expect(Array(command.data[20..<24]) == [0x03] + (try SCP03StaticKeys.keyCheckValue(keys.enc)))
        #expect(command.data.count == 1 + 3 * 23)
    }

    /// yubikit's layout (securitydomain.py `put_key`): 88 || 10 || cryptogram || 03 || KCV, no clear length.
    @Test func decoderAcceptsTheYubikitLayout() throws {
        let dek = SCP03StaticKeys.gpTestKeys.dek
        let newKeys = testKeys(length: 16, seed: 80)
        let cipher = try AESCipher(key: dek)
        var data: [UInt8] = [0x02]
        for key in [newKeys.enc, newKeys.mac, newKeys.dek] {
            data += [0x88, 0x10] + (try cipher.encryptCBC(key.bytes, iv: [UInt8](repeating: 0, count: 16)))
            data += [0x03] + (try SCP03StaticKeys.keyCheckValue(key))
        }
        let command = try CommandAPDU(cla: 0x80, ins: 0xD8, p1: 0x00, p2: 0x81, data: data)
        let request = try PutKeyRequest(decoding: command, dek: dek)
        #expect(request.newKVN == 0x02)
        #expect(request.keys.mac.bytes == newKeys.mac.bytes)
        #expect(request.response().data.count == 10)
    }
}

@Suite struct SCP03LogicalChannelTests {
    /// INITIALIZE UPDATE and EXTERNAL AUTHENTICATE keep the logical channel of the given CLA (GP CS v2.3.1 §11.1.4):
    /// channel 1 (81 → 85) and channel 5 (C1 → E1).
    @Test(arguments: [(UInt8(0x81), UInt8(0x85)), (0xC1, 0xE1)])
    func handshakeOnALogicalChannel(cla: UInt8, secured: UInt8) throws {
        let keys = testKeys(length: 16, seed: 90)
        let card = EchoCard(keySets: [
            SCP03CardKeySet(kvn: 0x30, keys: keys, iParameter: SCP03IParameter(rawValue: 0x70))
        ])
        let (initUpdate, awaiting) = try SCP03Handshake.initializeUpdate(SCP03Parameters(keys: keys, cla: cla))
        #expect(initUpdate.cla == cla)
        let (externalAuthenticate, awaitingAuth) = try awaiting.receive(card.transmit(initUpdate))
        #expect(externalAuthenticate.cla == secured)
        let session = try awaitingAuth.receive(card.transmit(externalAuthenticate))
        let command = try CommandAPDU(cla: cla, ins: 0xCA, p1: 0x00, p2: 0x66, ne: 256)
        let wrapped = try session.wrap(command)
        #expect(wrapped.cla == secured)
        #expect(card.transmit(wrapped).sw == .success)
        #expect(card.seenCommands.last == command)
    }
}
