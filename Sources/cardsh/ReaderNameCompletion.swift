import TransportPCSC

/// Reader names for shell completion of `--reader` (asked of pcscd when the shell completes).
enum ReaderNameCompletion {
    static func candidates() -> [String] {
        (try? PCSCReaderProvider().listReaders().map(\.name)) ?? []
    }
}
