import CardCore
import TransportReplay

extension Engine {
    /// `connect transcript FILE`: a card that answers from a recorded transcript.
    func transcriptCard(path: String) throws(CommandError) -> ReplayTransport {
        let transcript: Transcript
        do {
            transcript = try Transcript(lines: try TextFile.readLines(path))
        } catch let error as TextFile.Failure {
            throw CommandError(Engine.describe(error))
        } catch let error as TranscriptError {
            throw CommandError(ErrorText.transcript(error, path: path))
        } catch {
            throw CommandError("\(error)")
        }
        let transport = ReplayTransport(transcript: transcript, path: path)
        guard !transport.entries.isEmpty else {
            throw CommandError("\(path) records no exchanges (`# =>` / `# <=` lines); record one with `record FILE`.")
        }
        return transport
    }
}
