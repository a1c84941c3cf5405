import CardCore
import Foundation
import Testing
import TransportSim

@testable import CardshEngine

/// What goes wrong around `gp put-key` and `gp delete-key`: each a clear sentence, and the shell goes on.
@Suite struct KeyManagementErrorTests {
    static let key = "000102030405060708090A0B0C0D0E0F"
    static let testKey = "404142434445464748494A4B4C4D4E4F"

    func error(_ engine: Engine, _ line: String) -> String? {
        engine.execute(line: line).outcomes.last?.error?.message
    }

    func keyVersions(_ engine: Engine) -> [UInt8] {
        let outcome = engine.execute(line: "gp keys").outcomes.first
        guard case .gp(let output)? = outcome?.result, case .keys(let rows) = output.content else { return [] }
        return rows.map(\.key.version)
    }

    @Test func putKeyWithoutAChannelNamesScp03Open() throws {
        let engine = makeEngine()
        #expect(engine.execute(line: "select isd").ok)
        let result = engine.execute(line: "gp put-key --new-kvn 0x40 --key \(Self.key)")
        #expect(
            result.outcomes.first?.error?.message
                == "gp put-key needs an open SCP03 channel on channel 0: the new keys travel encrypted with its DEK. "
                + "Open one with `select isd; scp03 open` and the card's current keys.")
        #expect(result.outcomes.first?.exchanges.isEmpty == true)
    }

    @Test func deleteKeyWithoutAChannelNamesScp03Open() {
        let engine = makeEngine()
        #expect(
            error(engine, "gp delete-key --kvn 0x30")
                == "gp delete-key needs an open secure channel on channel 0 (a card accepts DELETE only under one). "
                + "Open one with `select isd; scp03 open`.")
    }

    @Test func notConnected() {
        let engine = makeEngine(connected: false)
        #expect(error(engine, "gp put-key --new-kvn 0x40 --key \(Self.key)") == ErrorText.notConnected)
        #expect(error(engine, "gp delete-key --kvn 0x40") == ErrorText.notConnected)
    }

    @Test func aChannelClosedWithScpCloseIsGone() {
        let engine = makeEngine()
        #expect(engine.execute(line: "select isd; scp03 open; scp close").ok)
        #expect(
            error(engine, "gp put-key --new-kvn 0x40 --key \(Self.key)")?.hasPrefix(
                "gp put-key needs an open SCP03 channel") == true)
    }

    /// The handshake proves ENC and MAC only; a wrong DEK shows when the card cannot check the new keys' KCVs.
    @Test func aWrongDEKIsRefusedByTheCard() throws {
        let engine = makeEngine()
        let open = engine.execute(
            line: "select isd; scp03 open --kvn 0x30 --enc \(Self.testKey) --mac \(Self.testKey) --dek \(Self.key)")
        #expect(open.ok)
        let result = engine.execute(line: "gp put-key --new-kvn 0x40 --key \(Self.key)")
        #expect(result.outcomes.first?.exchanges.first?.response.sw == .incorrectData)
        #expect(
            result.outcomes.first?.error?.message
                == "PUT KEY: 6A80 (checking error, incorrect parameters in the command data field). The card "
                + "could not decrypt or check the new keys: they are encrypted with the DEK this channel was opened "
                + "with; is it the card's DEK of key set 0x30? (`scp03 open --enc HEX --mac HEX --dek HEX`) If key set "
                + "0x40 exists already, replace it with --replace-kvn 0x40.")
        #expect(!keyVersions(engine).contains(0x40))
        #expect(engine.execute(line: "gp data cplc").ok)
    }

    @Test func replacingAKeySetThatDoesNotExist() {
        let engine = makeEngine()
        #expect(engine.execute(line: "select isd; scp03 open").ok)
        #expect(
            error(engine, "gp put-key --new-kvn 0x41 --replace-kvn 0x40 --key \(Self.key)")
                == "PUT KEY: 6A88 (checking error, referenced data not found (key version or key identifier)). The "
                + "card has no key set 0x40 to replace; `gp keys` lists them. Without --replace-kvn the key set is "
                + "added.")
    }

    @Test func deletingAnUnknownKeySetAndTheChannelsOwn() {
        let engine = makeEngine()
        #expect(engine.execute(line: "select isd; scp03 open --kvn 0x30").ok)
        #expect(
            error(engine, "gp delete-key --kvn 0x40")
                == "DELETE: 6A88 (checking error, referenced data not found (object to delete)). The card has no key "
                + "set 0x40; `gp keys` lists them.")
        #expect(
            error(engine, "gp delete-key --kvn 0x30")
                == "DELETE: 6985 (checking error, conditions of use not satisfied (object is referenced or not "
                + "deletable)). The card keeps key set 0x30: the open channel uses it. Open the channel with another "
                + "key set first (`scp03 open --kvn N`).")
        #expect(engine.execute(line: "gp data cplc").ok)
    }

    /// A card (here a transport changing the last KCV byte; level C-MAC, so the response is not R-MACed) that
    /// confirms other keys than those sent.
    @Test func aKeyCheckValueMismatchIsAnError() throws {
        let tamper = KCVTamperingTransport(SimulatedCardTransport(card: SimulatedCard()))
        let engine = Engine(environment: EngineEnvironment(readers: nil, clock: { 0 }, makeSimulatedCard: { tamper }))
        #expect(engine.execute(line: "connect sim; select isd; scp03 open --level cmac").ok)
        let result = engine.execute(line: "gp put-key --new-kvn 0x40 --key \(Self.key)")
        #expect(
            result.outcomes.first?.error?.message
                == "PUT KEY: the card answered key check value C35281 for the new DEK key, expected C35280 (GP CS v2.3.1 "
                + "§11.8.3): the card holds another key than the one sent (a DEK that differs on the card?). Key set 0x40 "
                + "is not usable; check with `gp keys` and delete it (`gp delete-key --kvn 0x40`).")
        guard case .none? = result.outcomes.first?.result else {
            Issue.record("a result for a failed PUT KEY")
            return
        }
        #expect(engine.execute(line: "gp delete-key --kvn 0x40").ok)
    }

    @Test func putKeyUnderAnotherSecureChannelProtocolIsRefused() throws {
        #expect(
            ErrorText.putKeyNeedsSCP03(channel: 1, open: "scp11b")
                == "gp put-key encrypts the new keys with the SCP03 static DEK, but channel 1 runs scp11b. "
                + "Open an SCP03 channel with `scp03 open`.")
    }

    @Test func putKeyOnALogicalChannel() throws {
        let engine = makeEngine()
        #expect(engine.execute(line: "channel open; select isd; scp03 open").ok)
        let result = engine.execute(line: "gp put-key --new-kvn 0x40 --key \(Self.key)")
        #expect(result.ok, "\(result.outcomes.last?.error?.message ?? "")")
        #expect(result.outcomes.first?.exchanges.first?.command.first == 0x81)
        #expect(engine.execute(line: "scp03 open --kvn 0x40 --key \(Self.key)").ok)
    }
}

/// Changes the last key check value byte of every PUT KEY response.
final class KCVTamperingTransport: CardTransport {
    let inner: any CardTransport
    init(_ inner: any CardTransport) { self.inner = inner }
    var name: String { inner.name }
    var atr: [UInt8] { inner.atr }
    var activeProtocol: String? { inner.activeProtocol }
    func transmit(_ command: [UInt8]) throws(TransportError) -> [UInt8] {
        var response = try inner.transmit(command)
        if command.count > 1, command[1] == 0xD8, response.count > 2 { response[response.count - 3] ^= 0x01 }
        return response
    }
    func reset(cold: Bool) throws(TransportError) { try inner.reset(cold: cold) }
    func disconnect() { inner.disconnect() }
}
