import CardCore
import Foundation
import Testing
import TransportPCSC

extension EndToEnd {
    /// cardsh-sim's own behaviour as a process: signals, --once, change notification.
    @Suite struct Simulator {
        init() throws { try PCSCStack.ensureMainCard() }

        /// A card arriving in a reader wakes `waitForChange`; SIGTERM and SIGINT end cardsh-sim with
        /// status 0 and the reader empties.
        @Test(arguments: [SIGTERM, SIGINT])
        func arrivesWakesWaitersAndStopsCleanly(signal: Int32) throws {
            let provider = PCSCReaderProvider()
            try provider.waitForRemoval(reader: secondReader, timeout: .seconds(5))
            let before = try provider.listReaders()
            #expect(try provider.waitForChange(since: before, timeout: .milliseconds(100)) == false)
            let pid = try PCSCStack.spawn(PCSCStack.simBinary, ["--port", "35964"])
            var exited = false
            defer { if !exited { PCSCStack.terminate(pid, signal: SIGKILL) } }
            #expect(try provider.waitForChange(since: before, timeout: .seconds(5)))
            let info = try provider.waitForCard(reader: secondReader, timeout: .seconds(5))
            #expect(info.atr == defaultATR)
            exited = true
            #expect(PCSCStack.terminate(pid, signal: signal) == 0)
            try provider.waitForRemoval(reader: secondReader, timeout: .seconds(5))
        }

        @Test func rejectsABadATR() throws {
            let result = try PCSCStack.run(PCSCStack.simBinary, ["--atr", "3B0G"])
            #expect(result.status != 0)
            #expect(result.stderr.contains("--atr"))
        }
    }
}
