import CardCore
import CardCrypto
import Foundation
import SecureChannel
import Testing
import TransportSim

@testable import CardshEngine

/// The fixed wall-clock time of these tests (2026-01-01 00:00 UTC); certificates are issued relative to it.
private let now: Int64 = 1_767_225_600

/// An engine whose virtual card holds SCP11 keys from the test PKI on `curve`, with `wallClock` as its clock.
private func makeSCP11Engine(
    curve: ECCurve = .p256, mode: SCP03Mode = .s8, kdfHash: HashAlgorithm = .sha256, cardTime: Int64 = now,
    wallClock: Int64 = now, wrap: (any CardTransport) -> any CardTransport = { $0 }
) -> Engine {
    let card = SimulatedCard(configuration: .withTestSCP11(curve: curve, now: cardTime, mode: mode, kdfHash: kdfHash))
    let transport = wrap(SimulatedCardTransport(card: card))
    let engine = Engine(
        environment: EngineEnvironment(
            readers: nil, clock: { 0 }, makeSimulatedCard: { transport }, wallClock: { wallClock }))
    _ = engine.connect(.sim, quietly: true)
    return engine
}

/// Writes the test PKI's ca.pem, oce.pem (OCE CA then OCE certificate) and oce.key into a new directory.
private func exportPKI(curve: ECCurve = .p256) throws -> String {
    let directory = temporaryDirectory().path
    let pki = try SCP11TestPKI.make(curve: curve, now: now)
    try pki.cardCA.pem.write(toFile: directory + "/ca.pem", atomically: true, encoding: .utf8)
    try (pki.oceCA.pem + pki.oceCertificate.pem).write(
        toFile: directory + "/oce.pem", atomically: true, encoding: .utf8)
    try pki.oceKey.pkcs8PEM().write(toFile: directory + "/oce.key", atomically: true, encoding: .utf8)
    return directory
}

private func oceOptions(_ variant: String, _ directory: String) -> String {
    variant == "b" ? "" : " --oce-cert \(directory)/oce.pem --oce-key \(directory)/oce.key"
}

/// SCP11 through the shell against the virtual card (GP Amd F v1.4): every variant x curve x AES size, and the
/// ways it must fail.
@Suite struct SCP11ShellTests {
    static let curves: [ECCurve] = ECCurve.allCases
    static let combinations: [(String, ECCurve, Int)] = ["a", "b", "c"].flatMap { variant in
        curves.flatMap { curve in [128, 192, 256].map { (variant, curve, $0) } }
    }

    @Test(arguments: 0..<combinations.count)
    func opensAndExchanges(_ index: Int) throws {
        let (variant, curve, bits) = Self.combinations[index]
        let directory = try exportPKI(curve: curve)
        let engine = makeSCP11Engine(curve: curve)
        let line = "scp11 open \(variant)" + oceOptions(variant, directory) + " --ca \(directory)/ca.pem --aes \(bits)"
        let open = engine.execute(line: line)
        #expect(open.ok, "\(line): \(open.outcomes.last?.error?.message ?? "")")
        #expect(engine.prompt().contains("[scp11\(variant) cmac+cdec+rmac+renc]"))
        guard case .fields(let fields)? = open.outcomes.last?.result else {
            Issue.record("no fields")
            return
        }
        #expect(fields.first?.value == "SCP11\(variant) S8, AES-\(bits), level cmac+cdec+rmac+renc")
        #expect(fields.contains(Field("SD certificate", "verified against --ca")))
        // Key information (long), CPLC, and a command with data: wrapped and unwrapped.
        for command in ["apdu 80CA00E000", "gp data cplc", "apdu 80F24000 4F00 --le 256"] {
            let result = engine.execute(line: command)
            let exchange = try #require(result.outcomes.first?.exchanges.first)
            #expect(exchange.response.sw == .success, "\(command) under SCP11\(variant) \(curve) AES-\(bits)")
            #expect(exchange.wrappedCommand != nil && exchange.wrappedCommand != exchange.command)
        }
    }

    @Test(arguments: ["a", "b", "c"])
    func s16AndCMACRMACWithACardInS16(_ variant: String) throws {
        let directory = try exportPKI()
        let engine = makeSCP11Engine(mode: .s16)
        let line =
            "scp11 open \(variant)" + oceOptions(variant, directory)
            + " --ca \(directory)/ca.pem --s16 --level cmac+rmac"
        #expect(engine.execute(line: line).ok)
        #expect(engine.prompt().contains("[scp11\(variant) cmac+rmac]"))
        #expect(engine.execute(line: "gp data cplc").ok)
        // The card ends its session when the ISD is selected again (GP CS v2.3.1 §10.2).
        #expect(engine.execute(line: "scp close; select isd; gp data cplc").ok)
    }

    @Test func withoutCAItWarnsThatTheSDCertificateWasNotVerified() throws {
        let engine = makeSCP11Engine()
        let result = engine.execute(line: "scp11 open b")
        #expect(result.ok)
        let outcome = try #require(result.outcomes.last)
        #expect(
            outcome.notes.contains(
                Note(
                    .warning,
                    "the SD certificate was NOT verified (no --ca): any card could answer as this one. "
                        + "Give the card issuer's CA certificate with --ca FILE.")))
        // Key version from GET DATA E0, then GET DATA BF21, then INTERNAL AUTHENTICATE.
        #expect(outcome.exchanges.map { Hex.encode(Array($0.command[0..<4])) } == ["80CA00E0", "00CABF21", "80880113"])
    }

    /// SCP11 does not negotiate the MAC length: a card keyed for S8 accepts an S16 handshake, then refuses the
    /// first secured command with 6982 and ends its session. The shell ends its own channel too and says why.
    @Test func aMACLengthTheCardDoesNotUseEndsTheChannelAtTheFirstCommand() throws {
        let engine = makeSCP11Engine(mode: .s8)
        #expect(engine.execute(line: "scp11 open b --s16").ok)
        let result = engine.execute(line: "gp data cplc")
        let outcome = try #require(result.outcomes.last)
        #expect(outcome.exchanges.first?.response.sw == .securityStatusNotSatisfied)
        #expect(
            outcome.notes.contains(
                Note(
                    .warning,
                    "the card answered 6982 to a secured command, which ends its secure channel; it is closed here "
                        + "too (commands now go plain). Open it again with `scp11 open`. This was the first command "
                        + "of the session, so the card did not accept its MAC: the session keys or the MAC length "
                        + "differ from the card's (opened S16; try `scp11 open ... --s8`?)")))
        #expect(!engine.prompt().contains("scp11"))
        #expect(engine.execute(line: "scp11 open b --s8; gp data cplc").ok)
        #expect(engine.prompt().contains("scp11b"))
    }

    /// `--host-id`: tag 84 and i-parameter b3 in the authenticate command, and the card's SIN and SDIN (GET DATA
    /// 42 and 45) in the key derivation on both sides; the channel then carries commands.
    @Test func hostIDBindsHostAndCardIdentity() throws {
        let engine = makeSCP11Engine()
        let result = engine.execute(line: "scp11 open b --host-id 484F5354")
        #expect(result.ok)
        let outcome = try #require(result.outcomes.last)
        #expect(
            outcome.exchanges.map { Hex.encode(Array($0.command[0..<4])) }
                == ["80CA00E0", "00CABF21", "80CA0042", "80CA0045", "80880113"])
        let authenticate = try #require(outcome.exchanges.last?.command)
        #expect(Hex.encode(Array(authenticate[5..<26])) == "A6139002110495013C8001888101108404484F5354")
        #expect(engine.execute(line: "gp data cplc").ok)
        #expect(engine.prompt().contains("scp11b"))
    }

    /// A card that derives with SHA-384 refuses (receipt mismatch) the default SHA-256 and opens with --kdf-hash.
    @Test(arguments: [HashAlgorithm.sha384, .sha512])
    func kdfHashMustMatchTheCard(hash: HashAlgorithm) throws {
        let engine = makeSCP11Engine(curve: .p384, kdfHash: hash)
        let refused = engine.execute(line: "scp11 open b")
        #expect(refused.outcomes.last?.error?.message.hasPrefix("receipt mismatch") == true)
        let name = hash == .sha384 ? "sha384" : "sha512"
        let result = engine.execute(line: "scp11 open b --kdf-hash \(name) --aes 256")
        #expect(result.ok)
        guard case .fields(let fields)? = result.outcomes.last?.result else {
            Issue.record("no fields")
            return
        }
        #expect(fields.contains(Field("key derivation", "X9.63 KDF with " + (hash == .sha384 ? "SHA-384" : "SHA-512"))))
        #expect(engine.execute(line: "gp data cplc").ok)
    }

    @Test func forgedSDCertificateIsRefusedAndNoChannelOpens() throws {
        // The card's chain comes from another (unseeded) CA than the one --ca names.
        let forged = try TestPKI.make(curve: .p256, now: now)
        var configuration = SimulatedCard.Configuration()
        configuration.scp11 = SCP11CardConfiguration(pki: forged, currentTime: now)
        let card = SimulatedCardTransport(card: SimulatedCard(configuration: configuration))
        let engine = Engine(environment: EngineEnvironment(readers: nil, clock: { 0 }, makeSimulatedCard: { card }))
        _ = engine.connect(.sim, quietly: true)
        let directory = try exportPKI()
        let result = engine.execute(line: "scp11 open b --ca \(directory)/ca.pem")
        #expect(
            result.outcomes.last?.error?.message
                == "the card's SD certificate chain does not verify against --ca (/CN=cardsh test CA-KLOC): "
                + "the signature of certificate 1 above the SD's (/CN=cardsh test CA-KLOC) does not verify with the "
                + "key of /CN=cardsh test CA-KLOC. No channel was opened.")
        #expect(!engine.prompt().contains("scp11"))
        #expect(result.outcomes.last?.exchanges.contains { $0.command[1] == 0x88 } == false)
        #expect(engine.execute(line: "gp data cplc").ok)
    }

    @Test func expiredSDCertificateIsRefused() throws {
        let directory = try exportPKI()
        // The card was issued two years before the shell's clock; its certificates lasted one.
        let later = now + 2 * 365 * 86_400
        let engine = makeSCP11Engine(wallClock: later)
        let result = engine.execute(line: "scp11 open b --ca \(directory)/ca.pem")
        #expect(
            result.outcomes.last?.error?.message
                == "the card's SD certificate chain does not verify against --ca (/CN=cardsh test CA-KLOC): "
                + "certificate 1 above the SD's (/CN=cardsh test CA-KLOC) expired on 2027-01-01 (now 2028-01-01). "
                + "No channel was opened.")
        #expect(!engine.prompt().contains("scp11"))
        #expect(engine.execute(line: "gp data cplc").ok)
    }

    @Test func alteredReceiptIsRefusedAndTheShellGoesOn() throws {
        var tamper: ReceiptTamperingTransport?
        let engine = makeSCP11Engine(wrap: { inner in
            let wrapper = ReceiptTamperingTransport(inner)
            tamper = wrapper
            return wrapper
        })
        let result = engine.execute(line: "scp11 open b")
        #expect(
            result.outcomes.last?.error?.message
                == "receipt mismatch (GP Amd F §3.1.2): the card does not hold the private key of the SD certificate, "
                + "derives its keys otherwise (--kdf-hash, --host-id), or the exchange was altered. No channel was opened.")
        #expect(!engine.prompt().contains("scp11"))
        tamper?.enabled = false
        #expect(engine.execute(line: "scp11 open b; gp data cplc").ok)
    }

    @Test func anOCEChainTheCardDoesNotTrustIsRefused() throws {
        let directory = try exportPKI()
        let engine = makeSCP11Engine()
        // The card issuer's CA certificate is not signed by the OCE CA the card trusts.
        let result = engine.execute(
            line: "scp11 open a --oce-cert \(directory)/ca.pem --oce-key \(directory)/oce.key --ca \(directory)/ca.pem")
        #expect(
            result.outcomes.last?.error?.message
                == "the card refused OCE certificate 1 of 1 (PERFORM SECURITY OPERATION: 6A80 checking error, "
                + "incorrect parameters in the command data field). The card does not accept it: is the chain signed "
                + "by the OCE CA the card trusts, in order (CA side first), and still valid?")
        #expect(!engine.prompt().contains("scp11"))
        #expect(engine.execute(line: "scp11 open a" + oceOptions("a", directory)).ok)
    }

    @Test func reopeningUnderAnOpenChannelWorks() throws {
        let directory = try exportPKI()
        let engine = makeSCP11Engine()
        #expect(engine.execute(line: "scp11 open b").ok)
        #expect(engine.execute(line: "scp11 open c" + oceOptions("c", directory) + " --ca \(directory)/ca.pem").ok)
        #expect(engine.prompt().contains("[scp11c cmac+cdec+rmac+renc]"))
        #expect(engine.execute(line: "gp data cplc").ok)
    }

    @Test func missingOCEFilesFailBeforeAnyAPDU() throws {
        let engine = makeSCP11Engine()
        let noKey = engine.execute(line: "scp11 open a --oce-cert x.pem")
        #expect(
            noKey.outcomes.last?.error?.message
                == "scp11 open a needs the OCE private key: --oce-key FILE (and --oce-cert FILE).")
        let missing = engine.execute(line: "scp11 open c --oce-cert /nonexistent/oce.pem --oce-key /nonexistent/k")
        #expect(
            missing.outcomes.last?.error?.message
                == "--oce-key /nonexistent/k: cannot open (No such file or directory).")
        #expect(missing.outcomes.last?.exchanges.isEmpty == true)
    }

    @Test func unknownKeyVersionNamesTheKeys() throws {
        let engine = makeSCP11Engine()
        let result = engine.execute(line: "scp11 open b --kvn 2")
        #expect(
            result.outcomes.last?.error?.message
                == "GET DATA BF21 (SD certificates): 6A88 (checking error, referenced data or reference data "
                + "not found). No SCP11 key with KID 0x13 KVN 0x02: `gp keys` lists the keys.")
        let noKID = engine.execute(line: "scp11 open b --kid 0x17")
        #expect(
            noKID.outcomes.last?.error?.message.hasPrefix("no key with KID 0x17 in the key information template")
                == true)
    }

    @Test func gpCertsShowsTheChainAndExportsATestPKIThatOpensSCP11a() throws {
        let engine = makeSCP11Engine()
        let directory = temporaryDirectory().path + "/pki"
        let result = engine.execute(line: "gp certs --export \(directory)")
        #expect(result.ok)
        guard case .fields(let fields)? = result.outcomes.last?.result else {
            Issue.record("no fields")
            return
        }
        #expect(fields.first == Field("certificate 1", "/CN=cardsh test CA-KLOC"))
        #expect(fields.contains(Field("SD ECKA certificate", "/CN=cardsh test SD ECKA")))
        #expect(fields.contains(Field("  key usage", "keyAgreement")))
        #expect(fields.contains(Field("  valid", "2025-12-31 to 2027-01-01")))
        #expect(fields.contains(Field("  curve", "P-256")))
        for name in ["sd-chain.pem", "ca.pem", "oce.pem", "oce.key"] {
            #expect(FileManager.default.fileExists(atPath: directory + "/" + name), "\(name)")
        }
        let line =
            "scp11 open a --oce-cert \(directory)/oce.pem --oce-key \(directory)/oce.key --ca \(directory)/ca.pem"
        #expect(engine.execute(line: line).ok)
        #expect(engine.execute(line: "gp certs --kid 0x15").ok)
    }

    @Test func scp11TranscriptReplaysOnAnotherCard() throws {
        let directory = try exportPKI()
        let path = temporaryDirectory().appendingPathComponent("scp11.cardsh").path
        // One card for both sessions: a card issues its SD certificates once, with ECDSA signatures whose DER
        // length varies from card to card, and a masked byte still stands for exactly one byte.
        let card = SimulatedCardTransport(card: SimulatedCard(configuration: .withTestSCP11(now: now)))
        func engineOnCard() -> Engine {
            let engine = Engine(environment: EngineEnvironment(readers: nil, clock: { 0 }, makeSimulatedCard: { card }))
            _ = engine.connect(.sim, quietly: true)
            return engine
        }
        let engine = engineOnCard()
        #expect(engine.startRecording(to: path) == nil)
        let line = "scp11 open a" + oceOptions("a", directory) + " --ca \(directory)/ca.pem; gp data cplc"
        #expect(engine.execute(line: line).ok)
        engine.stopRecording()
        // Selecting the ISD again ends the card's session (GP CS v2.3.1 §10.2).
        #expect(engine.execute(line: "scp close; select isd").ok)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        // The ephemeral keys, receipt and SD certificates are masked; the answers under the channel are not.
        #expect(text.contains("# => 00CABF2106A60483021101"))
        #expect(text.contains("# => 80820111"))
        #expect(text.contains("5F4941" + String(repeating: "??", count: 65) + "00\n"))
        #expect(text.contains("# <= 9F7F2A"))
        // A new session: other ephemeral keys, receipt and session keys.
        let replay = engineOnCard().execute(line: "replay \(path) --check")
        #expect(replay.ok, "\(replay.outcomes.last?.error?.message ?? "")")
    }

    @Test func aCardThatAnswersGetDataLikeAYubiKeyWorksToo() throws {
        // E0 and BF21 without their outer tag, as a YubiKey answers.
        var configuration = SimulatedCard.Configuration.withTestSCP11(now: now)
        configuration.getDataOmitsTemplateTag = true
        let card = SimulatedCardTransport(card: SimulatedCard(configuration: configuration))
        let engine = Engine(environment: EngineEnvironment(readers: nil, clock: { 0 }, makeSimulatedCard: { card }))
        _ = engine.connect(.sim, quietly: true)
        let directory = try exportPKI()
        #expect(engine.execute(line: "scp11 open b --ca \(directory)/ca.pem; gp data cplc").ok)
        #expect(engine.execute(line: "gp certs --kid 0x11").ok)
    }

    @Test func calendarDates() {
        #expect(CalendarText.date(0) == "1970-01-01")
        #expect(CalendarText.date(now) == "2026-01-01")
        #expect(CalendarText.date(951_782_400) == "2000-02-29")
        #expect(CalendarText.date(-1) == "1969-12-31")
    }

    @Test func gpPEMMatchesBase64OfRFC4648() {
        // RFC 4648 §10 test vector "foobar" -> "Zm9vYmFy"; "fo" -> "Zm8=".
        #expect(
            PEMText.encode(label: "X", der: Array("foobar".utf8)) == "-----BEGIN X-----\nZm9vYmFy\n-----END X-----\n")
        #expect(PEMText.encode(label: "X", der: Array("fo".utf8)) == "-----BEGIN X-----\nZm8=\n-----END X-----\n")
    }
}

/// Flips the last byte of the answer to INTERNAL / MUTUAL AUTHENTICATE (the end of the receipt, tag 86).
final class ReceiptTamperingTransport: CardTransport {
    let inner: any CardTransport
    var enabled = true
    init(_ inner: any CardTransport) { self.inner = inner }
    var name: String { inner.name }
    var atr: [UInt8] { inner.atr }
    var activeProtocol: String? { inner.activeProtocol }
    func transmit(_ command: [UInt8]) throws(TransportError) -> [UInt8] {
        var response = try inner.transmit(command)
        if enabled, command.count > 1, command[1] == 0x88 || command[1] == 0x82, response.count > 2 {
            response[response.count - 3] ^= 0x01
        }
        return response
    }
    func reset(cold: Bool) throws(TransportError) { try inner.reset(cold: cold) }
    func disconnect() { inner.disconnect() }
}
