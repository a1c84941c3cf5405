import CardCore

extension Engine {
    /// Connects as the command line asked (`--sim`, `--reader`), as if `connect` had been typed.
    public func connect(_ request: ConnectRequest, quietly: Bool) -> LineResult {
        var outcome = CommandOutcome(line: "connect", command: "connect")
        do {
            let result = try connect(request, protocol: .any, share: .shared)
            if !quietly { outcome.result = result }
        } catch {
            outcome.error = error
        }
        return LineResult(outcomes: [outcome])
    }

    /// With neither `--sim` nor `--reader`: connects when exactly one reader holds a card.
    /// - Returns: a one-line hint when it did not connect.
    public func connectToOnlyCard() -> String? {
        guard let provider = environment.readers else { return "No PC/SC; `connect sim` for the virtual card." }
        let readers: [ReaderInfo]
        do {
            readers = try provider.listReaders()
        } catch {
            if error == .serviceUnavailable {
                return "No PC/SC service (pcscd); `connect sim` for the built-in virtual card."
            }
            return describe(error)
        }
        let withCard = readers.filter { $0.state != .empty && $0.state != .unavailable }
        guard withCard.count == 1 else {
            if readers.isEmpty { return "No reader found; `connect sim` for the built-in virtual card." }
            if withCard.isEmpty { return "No card in any reader; `connect sim` for the built-in virtual card." }
            return "Cards in \(withCard.count) readers; `readers`, then `connect N`."
        }
        do {
            _ = try connect(.name(withCard[0].name), protocol: .any, share: .shared)
            return nil
        } catch {
            return error.message
        }
    }
}
