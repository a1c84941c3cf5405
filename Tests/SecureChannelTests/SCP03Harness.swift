import CardCore
import CardCrypto

@testable import SecureChannel

let isdAID = h("A000000151000000")

/// Deterministic keys of a given length from a seed.
func testKeys(length: Int, seed: UInt64) -> SCP03StaticKeys {
    var random = SeededRandom(seed: seed)
    return try! SCP03StaticKeys(
        enc: SecretBytes(random.fill(length)), mac: SecretBytes(random.fill(length)),
        dek: SecretBytes(random.fill(length)))
}

/// A card that answers the SCP03 handshake through `SCP03CardSession`, then echoes each plain command it sees:
/// response data = reversed command data || INS, SW 9000 (or the SW in `nextStatus`).
final class EchoCard {
    let scp: SCP03CardSession
    var seenCommands: [CommandAPDU] = []
    var nextStatus: StatusWord = .success
    /// Send every command with extended length fields, as a host does for extended-only cards.
    var sendExtended = false

    init(keySets: [SCP03CardKeySet], seed: UInt64 = 7, options: SecureMessagingOptions = .init()) {
        scp = SCP03CardSession(
            keySets: keySets, random: SeededRandom(seed: seed), securityDomainAID: isdAID,
            keyDiversificationData: h("00010203040506070809"), options: options)
    }

    /// Everything goes through bytes, as on the wire.
    func transmit(_ command: CommandAPDU) -> ResponseAPDU {
        let bytes = command.encoded(forceExtended: sendExtended)
        let parsed = try! CommandAPDU(parsing: bytes)
        if parsed.ins == 0x50 && parsed.cla & 0x04 == 0 { return scp.initializeUpdate(parsed) }
        if parsed.ins == 0x82 { return scp.externalAuthenticate(bytes: bytes) }
        guard scp.isAuthenticated else { return ResponseAPDU(sw: .securityStatusNotSatisfied) }
        switch scp.unwrapCommand(bytes) {
        case .rejected(let sw):
            return ResponseAPDU(sw: sw)
        case .accepted(let plain):
            seenCommands.append(plain)
            let sw = nextStatus
            nextStatus = .success
            return scp.wrapResponse(ResponseAPDU(data: plain.data.reversed() + [plain.ins], sw: sw))
        }
    }
}

/// Runs the whole host handshake against a card.
func openSession(
    _ card: EchoCard, _ parameters: SCP03Parameters, seed: UInt64 = 99
) throws -> SecureMessagingSession {
    var random = SeededRandom(seed: seed)
    let (initUpdate, awaiting) = try SCP03Handshake.initializeUpdate(parameters, random: &random)
    let (externalAuthenticate, awaitingAuth) = try awaiting.receive(card.transmit(initUpdate))
    return try awaitingAuth.receive(card.transmit(externalAuthenticate))
}
