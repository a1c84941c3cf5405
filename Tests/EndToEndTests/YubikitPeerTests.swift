import CardCore
import Foundation
import Testing

extension EndToEnd {
    /// Yubico's yubikit (PyPI yubikey-manager) opens SCP03 to cardsh-sim through pcscd/vpcd: an SCP03
    /// client we did not write agrees with our card. yubikit picks short APDUs with command chaining or
    /// extended APDUs from the ATR (high nibble F in T0 means extended), so both ATRs are tried.
    @Suite struct Yubikit {
        static let venvPython = PCSCStack.packageRoot.appendingPathComponent(".venv-peers/bin/python").path
        static let script = PCSCStack.packageRoot.appendingPathComponent("Tests/EndToEndTests/Peers/yubikit_scp03.py").path

        init() throws {
            try PCSCStack.ensureMainCard()
            let install = try PCSCStack.run(
                PCSCStack.packageRoot.appendingPathComponent("scripts/install-peers.sh").path, [])
            try #require(install.status == 0, "scripts/install-peers.sh failed: \(install.stderr)")
        }

        func openSCP03(reader: String) throws -> [String: String] {
            let result = try PCSCStack.run(Self.venvPython, [Self.script, reader])
            try #require(result.status == 0, "yubikit SCP03 against \(reader) failed:\n\(result.stderr)")
            var lines: [String: String] = [:]
            for line in result.stdout.split(separator: "\n") {
                let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
                lines[parts[0]] = parts.count > 1 ? parts[1] : ""
            }
            return lines
        }

        func checkAnswers(_ lines: [String: String]) {
            #expect(lines["AUTHENTICATED"] != nil)
            #expect(lines["CPLC"]?.hasPrefix("9F7F2A") == true, "CPLC: \(lines["CPLC"] ?? "none")")
            #expect(lines["KEYINFO"]?.hasPrefix("E0") == true && lines["KEYINFO"]?.contains("C00401308810") == true)
            // GET STATUS in the E3 format lists the applications, among them the PIV applet.
            #expect(lines["STATUS"]?.hasPrefix("E3") == true)
            #expect(lines["STATUS"]?.contains(Hex.encode(try! Hex.parse("A000000308000010000100"))) == true)
        }

        /// The default ATR (no extended length announced in T0's way yubikit reads): short APDUs, chaining.
        @Test func scp03WithShortAPDUs() throws {
            checkAnswers(try openSCP03(reader: mainReader))
        }

        /// A YubiKey 5 NFC's ATR on the second reader: yubikit sends extended APDUs.
        @Test func scp03WithExtendedAPDUs() throws {
            let yubiKeyATR = "3BFD1300008131FE158073C021C057597562694B657940"
            try PCSCStack.script("start-sim", "--port", "35964", "--atr", yubiKeyATR)
            defer { _ = try? PCSCStack.script("stop-sim", "--port", "35964") }
            checkAnswers(try openSCP03(reader: secondReader))
        }
    }
}
