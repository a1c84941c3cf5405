import CardCore
import Foundation
import Testing

extension EndToEnd {
    /// Yubico's yubikit (PyPI yubikey-manager) opens SCP11a, b and c to cardsh-sim through pcscd/vpcd: it reads
    /// the SD chain with its own GET DATA BF21 parser, checks it against the card CA that `cardsh-sim
    /// --export-pki` wrote, uploads the exported OCE chain (a, c), and reads data under the channel. An SCP11
    /// client we did not write agrees with our card's handshake, receipt and secure messaging.
    @Suite struct YubikitSCP11 {
        static let venvPython = PCSCStack.packageRoot.appendingPathComponent(".venv-peers/bin/python").path
        static let script = PCSCStack.packageRoot.appendingPathComponent("Tests/EndToEndTests/Peers/yubikit_scp11.py")
            .path
        /// A YubiKey 5 NFC's ATR: yubikit sends extended APDUs (the default ATR gets short ones with chaining).
        static let yubiKeyATR = "3BFD1300008131FE158073C021C057597562694B657940"

        init() throws {
            try PCSCStack.ensureMainCard()
            let install = try PCSCStack.run(
                PCSCStack.packageRoot.appendingPathComponent("scripts/install-peers.sh").path, [])
            try #require(install.status == 0, "scripts/install-peers.sh failed: \(install.stderr)")
        }

        /// The test PKI of a card on `curve`, exported by cardsh-sim into a new directory.
        func exportPKI(curve: String) throws -> String {
            let directory = NSTemporaryDirectory() + "cardsh-scp11-pki-" + UUID().uuidString
            let result = try PCSCStack.run(PCSCStack.simBinary, ["--export-pki", directory, "--curve", curve])
            try #require(result.status == 0, "cardsh-sim --export-pki failed: \(result.stderr)")
            return directory
        }

        func openSCP11(_ variant: String, pki: String) throws -> [String: String] {
            let result = try PCSCStack.run(Self.venvPython, [Self.script, secondReader, variant, pki])
            try #require(
                result.status == 0, "yubikit SCP11\(variant) against \(secondReader) failed:\n\(result.stderr)")
            var lines: [String: String] = [:]
            for line in result.stdout.split(separator: "\n") {
                let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
                lines[parts[0]] = parts.count > 1 ? parts[1] : ""
            }
            return lines
        }

        /// Short APDUs with chaining (default ATR, P-256), then extended APDUs (YubiKey ATR, P-384).
        @Test(arguments: [("P-256", nil), ("P-384", yubiKeyATR)] as [(String, String?)])
        func scp11abc(curve: String, atr: String?) throws {
            let pki = try exportPKI(curve: curve)
            defer { try? FileManager.default.removeItem(atPath: pki) }
            var arguments = ["start-sim", "--port", "35964", "--get-data-omits-template", "--curve", curve]
            if let atr { arguments += ["--atr", atr] }
            try PCSCStack.run(PCSCStack.script, arguments, environment: ["CARDSH_SIM": PCSCStack.simBinary])
                .requireSuccess("start-sim")
            defer { _ = try? PCSCStack.script("stop-sim", "--port", "35964") }
            for variant in ["a", "b", "c"] {
                let lines = try openSCP11(variant, pki: pki)
                #expect(lines["KVN"] == "01")
                #expect(lines["CHAIN"] == "CN=cardsh test CA-KLOC | CN=cardsh test SD ECKA")
                #expect(lines["CHAIN-VERIFIED"] != nil)
                #expect(lines["AUTHENTICATED"] != nil, "SCP11\(variant) on \(curve)")
                #expect(lines["CPLC"]?.hasPrefix("9F7F2A") == true, "CPLC: \(lines["CPLC"] ?? "none")")
                // Without the E0 template tag (the quirk yubikit reads); the SCP11 keys 11, 13, 15 are listed.
                let keys = lines["KEYINFO"] ?? ""
                #expect(keys.hasPrefix("C004") && keys.contains("C0061301B0"), "KEYINFO: \(keys)")
            }
        }
    }
}

extension ProcessResult {
    fileprivate func requireSuccess(_ what: String) throws {
        try #require(status == 0, "\(what) failed (\(status)):\n\(stdout)\(stderr)")
    }
}

extension EndToEnd {
    /// cardsh opens SCP11a/b/c over PC/SC to a cardsh-sim in another process, with the PKI a third process
    /// (`cardsh-sim --export-pki`) wrote: the seeded test PKI agrees across processes and start times.
    @Suite struct CardshSCP11OverPCSC {
        static let cardsh: String = {
            let own = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            let sibling = own.deletingLastPathComponent().appendingPathComponent("cardsh").path
            if FileManager.default.isExecutableFile(atPath: sibling) { return sibling }
            return PCSCStack.packageRoot.appendingPathComponent(".build/debug/cardsh").path
        }()

        init() throws { try PCSCStack.ensureMainCard() }

        /// Our client against our card through the whole stack: each SCP11 variant x each AES size, on
        /// each curve the card can be started with.
        @Test(arguments: ["P-256", "P-384", "P-521", "brainpoolP256r1", "brainpoolP384r1", "brainpoolP512r1"])
        func scp11EveryVariantAndAESSize(curve: String) throws {
            let pki = NSTemporaryDirectory() + "cardsh-scp11-pki-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: pki) }
            let export = try PCSCStack.run(PCSCStack.simBinary, ["--export-pki", pki, "--curve", curve])
            try #require(export.status == 0, "cardsh-sim --export-pki failed: \(export.stderr)")
            try PCSCStack.script("start-sim", "--port", "35964", "--curve", curve)
            defer { _ = try? PCSCStack.script("stop-sim", "--port", "35964") }
            let oce = " --oce-cert \(pki)/oce.pem --oce-key \(pki)/oce.key"
            var lines: [String] = []
            for variant in ["a", "b", "c"] {
                for aes in [128, 192, 256] {
                    lines.append("scp11 open \(variant)\(variant == "b" ? "" : oce) --ca \(pki)/ca.pem --aes \(aes)")
                    lines.append("apdu 80CA00E000 --expect-sw 9000")
                }
            }
            lines.append("scp11 open c\(oce) --ca \(pki)/ca.pem --level cmac+rmac")
            lines.append("scp status")
            let result = try PCSCStack.run(
                Self.cardsh, ["--reader", secondReader], input: lines.joined(separator: "\n"),
                environment: ["NO_COLOR": "1", "CARDSH_CONFIG": "", "CARDSH_HISTORY": ""])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            for variant in ["a", "b", "c"] {
                for aes in [128, 192, 256] {
                    #expect(result.stdout.contains("SCP11\(variant) S8, AES-\(aes), level cmac+cdec+rmac+renc"),
                            "SCP11\(variant) AES-\(aes) on \(curve)")
                }
            }
            #expect(result.stdout.contains("SCP11c S8, AES-128, level cmac+rmac"))
            #expect(result.stdout.contains("protocol            scp11c"))
            #expect(!result.stderr.contains("error"))
        }
    }
}
