import Testing

@testable import CardshLanguage

@Suite("Completion")
struct CompletionTests {
    /// Completes at the end of the line.
    func complete(_ line: String) -> CompletionResult { completionResult(line: line, cursor: line.count) }

    static let cases: [(String, [String])] = [
        ("sel", ["select"]),
        ("", CommandTable.allNames),
        ("ex", ["explain", "expect", "exit"]),
        ("set tr", ["trace"]),
        ("set trace ", ["off", "wire", "plain", "both"]),
        ("set trace w", ["wire"]),
        ("scp03 open --k", ["--kvn", "--kid", "--key", "--key-file", "--key-env", "--keyset"]),
        ("scp03 open --kvn 1 --k", ["--kid", "--key", "--key-file", "--key-env", "--keyset"]),
        ("scp03 open --level cmac+c", ["cmac+cdec", "cmac+cdec+rmac", "cmac+cdec+rmac+renc"]),
        ("scp03 ", ["open"]),
        ("apdu 00A40400 --", ["--le", "--raw", "--expect-sw"]),
        ("apdu 00A40400 --expect-sw 9000 --", ["--le", "--raw", "--expect-sw"]),
        ("connect --protocol ", ["t0", "t1", "any"]),
        ("gp data c", ["cplc", "card-data", "cin", "confirm-counter", "capabilities"]),
        ("gp ", ["status", "data", "keys", "put-key", "delete-key", "certs"]),
        ("help sc", ["scp03", "scp", "scp11"]),
        ("help gp ", ["status", "data", "keys", "put-key", "delete-key", "certs"]),
        ("reset ", ["warm", "cold"]),
        ("readers; sel", ["select"]),
        ("readers --", []),
        ("scp03 open --level=cmac+cdec+r", ["--level=cmac+cdec+rmac", "--level=cmac+cdec+rmac+renc"]),
        ("set output=", []),
        ("readers # sel", []),
        ("sw 6A", []),
        ("frob ", []),
    ]

    @Test("static candidates", arguments: cases)
    func candidates(line: String, expected: [String]) {
        #expect(completions(line: line, cursor: line.count) == expected, "\(line)")
    }

    @Test("dynamic candidates come back as a request")
    func requests() {
        #expect(complete("run ").request == .filePaths)
        #expect(complete("run \"my dir/sc").request == .filePaths)
        #expect(complete("run \"my dir/sc").word == "my dir/sc")
        #expect(complete("scp03 open --key-file ").request == .filePaths)
        #expect(complete("scp03 open --key-env C").request == .environmentNames)
        #expect(complete("select ").request == .aidNames)
        #expect(complete("connect ").request == .readerNames)
        #expect(complete("connect s").candidates == ["sim"])
        #expect(complete("record ").request == .filePaths)
        #expect(complete("record ").candidates == ["stop"])
        #expect(complete("readers").request == nil)
    }

    @Test("the word under the cursor: its start and text, with the cursor mid-line")
    func cursorInside() {
        let line = "set tr both; readers"
        let result = completionResult(line: line, cursor: 6)
        #expect(result.word == "tr")
        #expect(result.wordStart == 4)
        #expect(result.candidates == ["trace"])
        let afterSeparator = completionResult(line: "readers;sel", cursor: 11)
        #expect(afterSeparator.wordStart == 8)
        #expect(afterSeparator.candidates == ["select"])
    }
}
