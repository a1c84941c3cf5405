#if canImport(Glibc)
import Glibc
#endif
import CardshEngine

/// Writes outcomes to standard output (results; JSON lines) and standard error (text-mode errors).
final class OutputPrinter {
    let engine: Engine
    /// Prefix for error locations in scripts, e.g. `script.cardsh:3: `.
    var location: String?

    init(engine: Engine) { self.engine = engine }

    /// Prints one line's outcomes; returns whether all succeeded.
    @discardableResult
    func emit(_ result: Engine.LineResult) -> Bool {
        for outcome in result.outcomes { emit(outcome) }
        return result.ok
    }

    func emit(_ outcome: CommandOutcome) {
        if let pipeline = Console.pipeline {
            // Rendered on the pipeline's thread, with the settings in force now.
            let renderer = TextRenderer(color: engine.useColor, trace: engine.settings.trace)
            pipeline.submit(
                .outcome(outcome, renderer: renderer, json: engine.settings.output == .json, location: location))
            return
        }
        if engine.settings.output == .json {
            Console.out(JSONRenderer.render(outcome) + "\n")
            return
        }
        let renderer = TextRenderer(color: engine.useColor, trace: engine.settings.trace)
        let (out, err) = renderer.render(outcome)
        if !out.isEmpty { Console.out(out) }
        if !err.isEmpty {
            Console.flush()
            Console.err((location ?? "") + err)
        }
    }
}
