import Testing

@testable import CardshEngine

/// A long script or a piped soak keeps the newest `Engine.historyLimit` lines, not every line ever run.
@Suite struct HistoryLimitTests {
    @Test func historyKeepsTheNewestLines() {
        let engine = makeEngine(connected: false)
        let total = Engine.historyLimit + Engine.historyLimit / 10 + 1
        for i in 0..<total {
            #expect(engine.execute(line: "sw \(i % 2 == 0 ? "9000" : "6A82") # \(i)").ok)
        }
        #expect(engine.history.count == Engine.historyLimit)
        #expect(engine.history.last == "sw 6A82 # \(total - 1)" || engine.history.last == "sw 9000 # \(total - 1)")
        #expect(engine.history.first?.hasSuffix("# \(total - Engine.historyLimit)") == true)
        #expect(engine.execute(line: "history 1").ok)
        let path = temporaryDirectory().path + "/saved.cardsh"
        let saved = engine.execute(line: "save \(path)")
        #expect(
            saved.outcomes.last?.notes.first?.text
                == "saved \(Engine.historyLimit + 1) lines to \(path). The \(total - Engine.historyLimit) oldest lines "
                + "of this session were no longer kept (a session keeps about the newest \(Engine.historyLimit)).")
    }
}
