import CardCore
import Testing
import Foundation
@testable import CardshEngine

@Suite struct SessionTests {
    @Test func promptFollowsConnectionChannelSelectionAndMode() {
        let engine = makeEngine(connected: false)
        #expect(engine.prompt() == "cardsh> ")
        #expect(engine.execute(line: "connect sim").ok)
        #expect(engine.prompt() == "cardsh sim> ")
        #expect(engine.execute(line: "select isd").ok)
        #expect(engine.prompt() == "cardsh sim:isd> ")
        #expect(engine.execute(line: "channel open").ok)
        #expect(engine.prompt() == "cardsh sim#1> ")
        #expect(engine.execute(line: "select ppse").ok)
        #expect(engine.prompt() == "cardsh sim#1:ppse> ")
        #expect(engine.execute(line: "channel 0").ok)
        #expect(engine.prompt() == "cardsh sim:isd> ")
        #expect(engine.execute(line: "channel close 1").ok)
        #expect(!engine.execute(line: "channel 1").ok)
        #expect(engine.execute(line: "set mode raw").ok)
        #expect(engine.prompt() == "cardsh sim:isd raw> ")
        #expect(engine.execute(line: "disconnect").ok)
        #expect(engine.prompt() == "cardsh raw> ")
    }

    @Test func commandsOnALogicalChannelCarryItsNumberInCLA() throws {
        let engine = makeEngine()
        #expect(engine.execute(line: "channel open").ok)
        let result = engine.execute(line: "select isd")
        let exchange = try #require(result.outcomes.first?.exchanges.first)
        #expect(exchange.command.first == 0x01)
        #expect(exchange.response.sw == .success)
    }

    @Test func getResponseChainingAssemblesALongObject() throws {
        let engine = makeEngine()
        #expect(engine.execute(line: "select piv").ok)
        let result = engine.execute(line: "apdu 00CB3FFF 5C035FC105")
        let exchange = try #require(result.outcomes.first?.exchanges.first)
        #expect(exchange.response.sw == .success)
        #expect(exchange.response.data.count > 256)
        #expect(exchange.wire.count > 1)
        #expect(exchange.wire.dropFirst().allSatisfy { $0.purpose == .getResponse })
    }

    @Test func rawModeSendsExactlyOneCommandAndShows61xx() throws {
        let engine = makeEngine()
        #expect(engine.execute(line: "select piv").ok)
        let result = engine.execute(line: "apdu --raw 00CB3FFF055C035FC105")
        let exchange = try #require(result.outcomes.first?.exchanges.first)
        #expect(exchange.wire.count == 1)
        #expect(exchange.response.sw.sw1 == 0x61)
    }

    @Test func apduHeaderPlusDataComputesLc() throws {
        let engine = makeEngine()
        let result = engine.execute(line: "apdu 00A40400 A000000151000000 --le 256")
        let exchange = try #require(result.outcomes.first?.exchanges.first)
        #expect(exchange.command == (try Hex.parse("00A4040008A00000015100000000")))
        #expect(exchange.response.sw == .success)
    }

    @Test func bareHexLineIsAnAPDU() throws {
        let engine = makeEngine()
        let result = engine.execute(line: "00A4040008A000000151000000")
        #expect(result.outcomes.first?.command == "apdu")
        #expect(result.outcomes.first?.exchanges.first?.response.sw.sw1 == 0x61 || result.ok)
    }

    @Test func aFailingStatementStopsTheRestOfTheLine() {
        let engine = makeEngine()
        let result = engine.execute(line: "select nosuch; select isd")
        #expect(result.outcomes.count == 1)
        #expect(engine.prompt() == "cardsh sim> ")
    }

    @Test func historyRerunsByNumber() throws {
        let engine = makeEngine()
        #expect(engine.execute(line: "sw 6A82").ok)
        #expect(engine.execute(line: "select isd").ok)
        let rerun = engine.execute(line: "!2")
        #expect(rerun.ok)
        #expect(rerun.outcomes.first?.exchanges.count == 1)
        #expect(engine.history == ["sw 6A82", "select isd", "select isd"])
    }

    @Test func aScriptsLinesStayOutOfHistoryAndSave() throws {
        let engine = makeEngine()
        let directory = temporaryDirectory().path
        try "select isd\ngp data cplc\n".write(toFile: directory + "/s.cardsh", atomically: true, encoding: .utf8)
        #expect(engine.execute(line: "sw 9000").ok)
        #expect(engine.execute(line: "run \(directory)/s.cardsh").ok)
        #expect(engine.history == ["sw 9000", "run \(directory)/s.cardsh"])
        #expect(engine.execute(line: "save \(directory)/saved.cardsh").ok)
        let saved = try String(contentsOfFile: directory + "/saved.cardsh", encoding: .utf8)
        #expect(saved == "sw 9000\nrun \(directory)/s.cardsh\n")
    }

    @Test func literalKeysAreRedactedFromHistory() {
        let engine = makeEngine()
        let line = "scp03 open --key 404142434445464748494A4B4C4D4E4F --kvn 0x30"
        let text = engine.historyText(for: line) ?? ""
        #expect(!text.contains("404142434445464748494A4B4C4D4E4F"))
        #expect(text.contains("<redacted>"))
        #expect(engine.historyText(for: "select isd # the ISD") == "select isd # the ISD")
    }
}
