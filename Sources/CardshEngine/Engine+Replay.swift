import CardshLanguage

extension Engine {
    func replay(path: String, check: Bool, into outcome: inout CommandOutcome) throws(CommandError) {
        throw CommandError("replay is not available yet")
    }
}
