import CardCore
import TransportSim

extension Engine {
    /// `readers`: the PC/SC readers with state and ATR, then the virtual card as `sim`.
    func listReaders() -> (CommandResult, [Note]) {
        var listing: [ReaderListing] = []
        var notes: [Note] = []
        if let provider = environment.readers {
            do {
                for (i, reader) in try provider.listReaders().enumerated() {
                    listing.append(ReaderListing(index: i, name: reader.name, state: reader.state, atr: reader.atr,
                                                 cardNames: reader.atr.map(CardNames.names(forATR:)) ?? []))
                }
            } catch {
                notes.append(Note(.warning, describe(error)))
            }
        } else {
            notes.append(Note(.info, "PC/SC is not available in this build; only the virtual card."))
        }
        let simATR = SimulatedCard().atr
        listing.append(ReaderListing(index: nil, name: "sim", state: .present, atr: simATR,
                                     cardNames: ["cardsh virtual GlobalPlatform card"]))
        return (.readers(listing), notes)
    }

    /// What `connect` was asked for.
    public enum ConnectRequest: Sendable {
        case automatic
        case sim
        case index(Int)
        case name(String)
        /// A recorded transcript answering in place of a card.
        case transcript(String)
    }

    /// Connects, replacing any current connection.
    func connect(_ request: ConnectRequest, protocol choice: ProtocolChoice, share: ShareMode)
        throws(CommandError) -> CommandResult
    {
        switch request {
        case .sim:
            return attach(environment.makeSimulatedCard(), target: .sim)
        case .transcript(let path):
            return attach(try transcriptCard(path: path), target: .transcript(path))
        case .automatic:
            return try connectAutomatically(protocol: choice, share: share)
        case .index(let i):
            let readers = try pcscReaders()
            guard readers.indices.contains(i) else {
                throw CommandError("no reader with index \(i); readers: \(ErrorText.readerList(readers.map(\.name))). Use `readers`.")
            }
            return try connectReader(readers[i].name, protocol: choice, share: share)
        case .name(let text):
            let readers = try pcscReaders()
            let names = readers.map(\.name)
            if names.contains(text) { return try connectReader(text, protocol: choice, share: share) }
            let matches = names.filter { $0.lowercased().contains(text.lowercased()) }
            if matches.count == 1 { return try connectReader(matches[0], protocol: choice, share: share) }
            if matches.isEmpty {
                throw CommandError(describe(.readerNotFound(text, available: names)))
            }
            throw CommandError("\"\(text)\" matches \(matches.count) readers: \(ErrorText.readerList(matches)); be more specific or use the index.")
        }
    }

    private func pcscReaders() throws(CommandError) -> [ReaderInfo] {
        guard let provider = environment.readers else {
            throw CommandError("PC/SC is not available; use `connect sim`.")
        }
        do {
            return try provider.listReaders()
        } catch {
            throw CommandError(describe(error))
        }
    }

    private func connectAutomatically(protocol choice: ProtocolChoice, share: ShareMode) throws(CommandError) -> CommandResult {
        let readers: [ReaderInfo]
        do {
            readers = try pcscReaders()
        } catch {
            throw CommandError(error.message + " Or use `connect sim` for the virtual card.")
        }
        let withCard = readers.filter { $0.state != .empty && $0.state != .unavailable }
        switch withCard.count {
        case 1:
            return try connectReader(withCard[0].name, protocol: choice, share: share)
        case 0:
            let which = readers.isEmpty ? "no PC/SC readers" : "no card in \(ErrorText.readerList(readers.map(\.name)))"
            throw CommandError("\(which); use `connect sim` for the built-in virtual card.")
        default:
            throw CommandError("cards in \(withCard.count) readers: \(ErrorText.readerList(withCard.map(\.name))); "
                + "choose one with `connect N` or `connect NAME`.")
        }
    }

    private func connectReader(_ name: String, protocol choice: ProtocolChoice, share: ShareMode) throws(CommandError) -> CommandResult {
        guard let provider = environment.readers else { throw CommandError("PC/SC is not available; use `connect sim`.") }
        do {
            let transport = try provider.connect(reader: name, protocol: choice, share: share)
            return attach(transport, target: .reader(name))
        } catch {
            throw CommandError(describe(error))
        }
    }

    func attach(_ transport: any CardTransport, target: ConnectionTarget) -> CommandResult {
        session.disconnect()
        session.transport = transport
        session.target = target
        return .connected(target: target.label, protocol: transport.activeProtocol, atr: transport.atr)
    }

    /// `reset [warm|cold]`: the card restarts; selection and channels are gone.
    func resetCard(cold: Bool) throws(CommandError) -> CommandResult {
        guard let transport = session.transport else { throw CommandError(ErrorText.notConnected) }
        do {
            try transport.reset(cold: cold)
        } catch {
            handleTransportFailure(error)
            throw CommandError(describe(error))
        }
        session.clearCardState()
        return .connected(target: session.target?.label ?? transport.name, protocol: transport.activeProtocol,
                          atr: transport.atr)
    }
}
