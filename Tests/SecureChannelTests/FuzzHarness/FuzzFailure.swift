/// A property that a fuzz input breaks. The files of this folder are compiled both into this test target (which
/// replays the committed corpus and records the failure) and into the libFuzzer target of Fuzz/run.sh (which traps
/// with the description, so libFuzzer keeps the input).
struct FuzzFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
