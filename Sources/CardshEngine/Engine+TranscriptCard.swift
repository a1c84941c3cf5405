import CardCore
import TransportReplay

extension Engine {
    /// A transcript file read and parsed, with its lines (for the recorded ATR); one sentence on failure.
    func loadTranscript(_ path: String) throws(CommandError) -> (transcript: Transcript, lines: [String]) {
        do {
            let lines = try TextFile.readLines(path)
            return (try Transcript(lines: lines), lines)
        } catch let error as TextFile.Failure {
            throw CommandError(Engine.describe(error))
        } catch let error as TranscriptError {
            throw CommandError(ErrorText.transcript(error, path: path))
        } catch {
            throw CommandError("\(error)")
        }
    }

    /// `connect transcript FILE`: a card that answers from a recorded transcript.
    func transcriptCard(path: String) throws(CommandError) -> ReplayTransport {
        let (transcript, lines) = try loadTranscript(path)
        let transport = ReplayTransport(transcript: transcript, path: path, atr: Engine.recordedATR(lines) ?? [])
        guard !transport.entries.isEmpty else {
            throw CommandError("\(path) records no exchanges (`# =>` / `# <=` lines); record one with `record FILE`.")
        }
        return transport
    }

    /// The ATR a transcript's header records (`# atr 3B...`), if any.
    static func recordedATR(_ lines: [String]) -> [UInt8]? {
        for line in lines where line.hasPrefix("# atr ") {
            return try? Hex.parse(line.dropFirst(6))
        }
        return nil
    }
}
