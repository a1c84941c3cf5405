import CardCore
@testable import CardshEngine
import Foundation

/// An engine on the in-process virtual card with a fixed clock, so output is reproducible.
func makeEngine(connected: Bool = true) -> Engine {
    let engine = Engine(environment: EngineEnvironment(readers: nil, clock: { 0 }))
    if connected { _ = engine.connect(.sim, quietly: true) }
    return engine
}

/// Runs lines and returns the text a person would see (stdout then stderr per outcome).
func transcriptText(_ engine: Engine, _ lines: [String]) -> String {
    var text = ""
    for line in lines {
        text += engine.prompt() + line + "\n"
        for outcome in engine.execute(line: line).outcomes {
            let (out, err) = TextRenderer(color: false, trace: engine.settings.trace).render(outcome)
            text += out + err
        }
    }
    return text
}

func temporaryDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("cardsh-tests-" + UUID().uuidString)
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
