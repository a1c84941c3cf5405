import ArgumentParser
import CardCore
import CardCrypto
import Glibc
import TransportSim

@main
struct CardshSim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cardsh-sim",
        abstract: "Serve the cardsh virtual card to pcscd through vsmartcard's vpcd reader driver.",
        discussion: """
            Connects to vpcd (which listens inside pcscd) and answers its messages until stopped \
            with SIGTERM or SIGINT. Port 35963 is reader "Virtual PCD 00 00", 35964 is \
            "Virtual PCD 00 01". When pcscd is not up yet, or goes away, it connects again \
            (backoff 50 ms to 1 s).

            Faults, for testing clients against a broken card (--fault KIND[@N], or KIND[@N] \
            written to the --fault-control socket; N counts command APDUs from arming, 1 is the next):
            """ + CardFault.allCases.map { "\n  \($0.rawValue): \($0.summary)" }.joined())

    @Option(help: "Host where pcscd's vpcd listens.")
    var host = "127.0.0.1"

    @Option(help: "vpcd port: 35963 is \"Virtual PCD 00 00\", 35964 is \"Virtual PCD 00 01\".")
    var port: UInt16 = 35963

    @Option(help: ArgumentHelp("Present this ATR instead of the card's own.", valueName: "hex"))
    var atr: String?

    @Flag(
        help: """
            Present the compact ATR (TD1 80, TD2 01; T0 high nibble 8): yubikit then sends short APDUs \
            with command chaining instead of extended ones.
            """)
    var compactATR = false

    @Flag(help: "Print every APDU to standard error (=> command, <= response).")
    var log = false

    @Flag(help: "Serve one connection, then exit (do not reconnect after pcscd goes away).")
    var once = false

    @Option(
        help: ArgumentHelp(
            "Curve of the SCP11 test PKI: P-256 (default), P-384, P-521, brainpoolP256r1, brainpoolP384r1, "
                + "brainpoolP512r1.", valueName: "curve"))
    var curve = "P-256"

    @Flag(help: "SCP11 sessions use 16-byte MACs (S16) instead of 8-byte ones.")
    var scp11S16 = false

    @Flag(
        help: """
            Quirk: GET DATA answers constructed objects (66, 67, E0, FF21, BF21) without their outer tag and \
            length, as a YubiKey does; yubikit's SecurityDomainSession reads only this form.
            """)
    var getDataOmitsTemplate = false

    @Flag(help: "No SCP11 keys: the ISD runs SCP03 only.")
    var noSCP11 = false

    @Option(
        name: .customLong("fault"),
        help: ArgumentHelp(
            "Arm a fault on the Nth command APDU from start (default 1); repeatable. Kinds are listed above.",
            valueName: "kind[@n]"),
        completion: .list(CardFault.allCases.map(\.rawValue)))
    var faults: [String] = []

    @Option(
        help: ArgumentHelp(
            "Listen on this Unix socket for fault requests: a line `KIND[@N] ...` or `clear`, answered `ok: ...` "
                + "or `error: ...`; N counts from the next command APDU.",
            valueName: "path"),
        completion: .file())
    var faultControl: String?

    @Option(
        help: ArgumentHelp(
            "Write the card's public SCP11 test PKI to this directory (ca.pem, oce.pem, oce.key, sd-chain.pem) "
                + "and exit.", valueName: "dir"))
    var exportPKI: String?

    func validate() throws {
        for fault in faults {
            do {
                _ = try FaultSpec(parsing: fault)
            } catch {
                throw ValidationError("--fault: " + Self.describe(error))
            }
        }
        if ECCurve(rawValue: curve) == nil {
            throw ValidationError(
                "--curve: one of " + ECCurve.allCases.map(\.rawValue).joined(separator: ", ") + "; got \(curve)")
        }
        if compactATR && atr != nil {
            throw ValidationError("--atr and --compact-atr exclude each other")
        }
        if let atr {
            let bytes: [UInt8]
            do {
                bytes = try Hex.parse(atr)
            } catch {
                throw ValidationError("--atr: not hex (\(error))")
            }
            // ISO 7816-3 §8.2: TS plus at most 32 bytes.
            guard (2...33).contains(bytes.count) else {
                throw ValidationError("--atr: an ATR has 2 to 33 bytes, got \(bytes.count)")
            }
        }
    }

    func run() throws {
        let now = Int64(time(nil))
        if let exportPKI {
            try Self.exportTestPKI(curve: ECCurve(rawValue: curve)!, now: now, to: exportPKI)
            return
        }
        installStopHandlers()
        var configuration =
            noSCP11
            ? SimulatedCard.Configuration()
            : .withTestSCP11(curve: ECCurve(rawValue: curve)!, now: now, mode: scp11S16 ? .s16 : .s8)
        if let atr { configuration.atr = try Hex.parse(atr) }
        if compactATR { configuration.atr = DefaultATR.compactBytes }
        configuration.getDataOmitsTemplateTag = getDataOmitsTemplate
        let control = try faultControl.map { path in try FaultControl(path: path) }
        control?.start()
        defer { control?.remove() }
        let server = VirtualCardServer(
            card: SimulatedCard(configuration: configuration), faults: try faults.map { try FaultSpec(parsing: $0) },
            control: control, log: log)
        var backoff = 50
        var served = false
        while !stopRequested() {
            let link: VPCDLink
            do {
                link = try VPCDLink(host: host, port: port)
            } catch .interrupted {
                break
            } catch .resolve(let host, let code) {
                throw ValidationError("--host \(host): cannot resolve (\(String(cString: gai_strerror(code))))")
            } catch {
                sleep(milliseconds: backoff)
                backoff = min(backoff * 2, 1000)
                continue
            }
            backoff = 50
            served = true
            if log { logLine("# connected to \(host):\(port)") }
            let outcome = server.serve(link)
            if log { logLine("# \(outcome)") }
            if once && served { break }
        }
    }

    static func describe(_ error: SimulatedCardError) -> String {
        switch error {
        case .unknownFault(let name):
            return "no fault \"\(name)\"; kinds: " + CardFault.allCases.map(\.rawValue).joined(separator: ", ")
        case .invalidFaultPosition(let text):
            return "after @ comes the command count (1 is the next command), not \"\(text)\""
        }
    }
}
