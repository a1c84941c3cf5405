import CardCore
import CardCrypto
import Testing

@testable import SecureChannel

/// Seeded random inputs: nothing a card or a host sends may trap, and nothing forged may pass.
@Suite struct SCP03RobustnessTests {
    @Test(arguments: [UInt64(1), 2, 3])
    func randomCommandsAreRefusedByTheCard(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let keys = testKeys(length: 16, seed: 40)
        for level in SecurityLevel.all where level.commandMAC {
            let card = EchoCard(keySets: [
                SCP03CardKeySet(kvn: 0x30, keys: keys, iParameter: SCP03IParameter(rawValue: 0x70))
            ])
            _ = try openSession(card, SCP03Parameters(keys: keys, level: level))
            for _ in 0..<50 {
                let length = Int(random.fill(1)[0]) % 40 + 4
                var bytes = random.fill(length)
                bytes[0] = 0x84
                if case .accepted = card.scp.unwrapCommand(bytes) {
                    Issue.record("a random command was accepted at \(level)")
                }
                // After the first refusal the session is over; a new one is opened for the next try.
                if !card.scp.isAuthenticated {
                    _ = try openSession(card, SCP03Parameters(keys: keys, level: level))
                }
            }
        }
    }

    @Test(arguments: [UInt64(4), 5])
    func randomResponsesNeverTrapTheHost(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let keys = testKeys(length: 32, seed: 41)
        for _ in 0..<40 {
            let card = EchoCard(keySets: [
                SCP03CardKeySet(kvn: 0x30, keys: keys, iParameter: SCP03IParameter(rawValue: 0x71))
            ])
            let session = try openSession(card, SCP03Parameters(keys: keys, level: .cmacCdecRmacRenc, mode: .s16))
            _ = try session.wrap(CommandAPDU(cla: 0x80, ins: 0xCA, p1: 0, p2: 0x66, ne: 256))
            let length = Int(random.fill(1)[0]) % 64
            let sw = [StatusWord.success, StatusWord(rawValue: 0x6310), .fileNotFound][Int(random.fill(1)[0]) % 3]
            let response = ResponseAPDU(data: random.fill(length), sw: sw)
            do {
                let plain = try session.unwrap(response)
                // Only an error SW without data passes unprotected.
                #expect(plain.data.isEmpty && sw == .fileNotFound)
            } catch {
                #expect(!session.isOpen)
            }
        }
    }

    @Test(arguments: [UInt64(6), 7])
    func randomInitializeUpdateResponsesNeverTrap(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        for _ in 0..<200 {
            let (_, awaiting) = try SCP03Handshake.initializeUpdate(
                SCP03Parameters(keys: .gpTestKeys, hostChallenge: random.fill(8)))
            var data = random.fill(Int(random.fill(1)[0]) % 48)
            if data.count > 12 && random.fill(1)[0] & 1 == 0 { data[11] = 0x03 }
            #expect(throws: SecureChannelError.self) { try awaiting.receive(ResponseAPDU(data: data, sw: .success)) }
        }
    }

    @Test func initializeUpdateResponseRoundTrip() throws {
        var random = SeededRandom(seed: 8)
        for i: UInt8 in [0x00, 0x10, 0x70, 0x01, 0x11, 0x71] {
            let n = SCP03IParameter(rawValue: i).mode.length
            let response = SCP03InitializeUpdateResponse(
                keyDiversificationData: random.fill(10), kvn: 0x30, iParameter: SCP03IParameter(rawValue: i),
                cardChallenge: random.fill(n), cardCryptogram: random.fill(n),
                sequenceCounter: i & 0x10 != 0 ? random.fill(3) : nil)
            #expect(try SCP03InitializeUpdateResponse(parsing: response.encoded()) == response)
        }
    }

    @Test func truncatedPutKeyCommandsThrow() throws {
        let keys = testKeys(length: 24, seed: 42)
        let command = try SCP03KeyManagement.putKey(keys, newKVN: 0x31, dek: keys.dek)
        for cut in 0..<command.data.count {
            let truncated = try command.with(data: Array(command.data.prefix(cut)))
            #expect(throws: SecureChannelError.self) { try PutKeyRequest(decoding: truncated, dek: keys.dek) }
        }
        let decoded = try PutKeyRequest(decoding: command, dek: keys.dek)
        #expect(decoded.keys.mac.bytes == keys.mac.bytes)
        #expect(decoded.newKVN == 0x31)
        #expect(decoded.firstKeyID == 1)
    }
}
