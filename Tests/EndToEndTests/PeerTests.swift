import CardCore
import Testing
import TransportPCSC

extension EndToEnd {
    /// cardsh-sim seen by PC/SC programs we did not write.
    @Suite struct Peers {
        init() throws { try PCSCStack.ensureMainCard() }

        static let unknownInstruction: [UInt8] = [0x00, 0x01, 0x02, 0x03, 0x00]

        /// pcsc-tools' scriptor sends a script of APDUs; its answers are the virtual card's.
        @Test func scriptorRunsAScript() throws {
            let commands = [selectISD, Self.unknownInstruction]
            let script = commands.map { Hex.encode($0, separator: " ") }.joined(separator: "\n") + "\n"
            let result = try PCSCStack.run("/usr/bin/scriptor", ["-r", mainReader], input: script)
            #expect(result.status == 0, "scriptor: \(result.stdout)\(result.stderr)")
            // scriptor prints "< 6D 00 : meaning" and may wrap long answers: compare without spaces.
            let answers = result.stdout.split(separator: "\n").filter { $0.hasPrefix("<") }
            #expect(answers.count == commands.count, "\(result.stdout)")
            let flat = result.stdout.uppercased().filter { !$0.isWhitespace }
            for expected in expectedAnswer(commands) {
                #expect(flat.contains("<" + Hex.encode(expected)), "\(result.stdout)")
            }
        }

        /// OpenSC's opensc-tool prints the ATR of the card in the reader.
        @Test func openscToolPrintsOurATR() throws {
            let result = try PCSCStack.run("/usr/bin/opensc-tool", ["-r", mainReader, "-a"])
            #expect(result.status == 0, "opensc-tool: \(result.stderr)")
            let expected = Hex.encode(defaultATR, separator: ":").lowercased()
            #expect(result.stdout.split(separator: "\n").contains { $0 == expected }, "\(result.stdout)")
        }

        /// pyscard (Debian's python3-pyscard, for /usr/bin/python3) connects and transmits.
        @Test func pyscardTransmits() throws {
            let program = """
                import sys
                from smartcard.System import readers
                reader = [r for r in readers() if str(r) == sys.argv[1]][0]
                connection = reader.createConnection()
                connection.connect()
                print("ATR " + "".join("%02X" % b for b in connection.getATR()))
                for apdu in sys.argv[2:]:
                    data, sw1, sw2 = connection.transmit(list(bytes.fromhex(apdu)))
                    print("RESPONSE " + "".join("%02X" % b for b in data + [sw1, sw2]))
                connection.disconnect()
                """
            let commands = [selectISD, Self.unknownInstruction]
            let result = try PCSCStack.run(
                "/usr/bin/python3", ["-c", program, mainReader] + commands.map { Hex.encode($0) })
            #expect(result.status == 0, "python3: \(result.stderr)")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(
                lines == ["ATR " + Hex.encode(defaultATR)]
                    + expectedAnswer(commands).map { "RESPONSE " + Hex.encode($0) })
        }
    }
}
