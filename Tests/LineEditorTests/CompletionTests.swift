import Testing

@testable import LineEditor

@Suite("Completion")
struct CompletionTests {
    @Test(
        arguments: [
            ([], ""),
            (["select"], "select"),
            (["select", "set"], "se"),
            (["set", "set"], "set"),
            (["scp03", "scp11", "scp"], "scp"),
            (["apdu", "tlv"], ""),
            (["été", "étage"], "ét"),
        ] as [([String], String)])
    func longestCommonPrefix(texts: [String], expected: String) {
        #expect(Completion.longestCommonPrefix(texts) == expected)
    }

    @Test func columnsFitOnOneRowWhenWide() {
        #expect(Completion.columns(["select", "set", "sw"], width: 80) == ["select  set     sw"])
    }

    /// Filled top to bottom, then left to right, like `ls`: the second column starts at row 0.
    @Test func columnsFillDownThenAcross() {
        #expect(Completion.columns(["select", "set", "sw"], width: 20) == ["select  sw", "set"])
        #expect(
            Completion.columns(["a", "b", "c", "d", "e"], width: 8) == ["a  c  e", "b  d"])
    }

    @Test func columnsNeverDropItemsWhenTooNarrow() {
        let items = ["explain", "expect"]
        #expect(Completion.columns(items, width: 3) == ["explain", "expect"])
        #expect(Completion.columns(items, width: 0) == ["explain", "expect"])
        #expect(Completion.columns([], width: 80) == [])
    }

    @Test func candidateIsCompleteByDefault() {
        #expect(Completion.Candidate("select").isComplete)
        #expect(!Completion.Candidate("fixtures/", isComplete: false).isComplete)
        #expect(Completion.none.candidates.isEmpty)
    }
}

@Suite("PromptText")
struct PromptTextTests {
    static let ignore = PromptText.ignore
    static let escape: UInt8 = 0x1B

    @Test func plainPromptIsUnchanged() {
        #expect(PromptText.marked("cardsh sim> ") == Array("cardsh sim> ".utf8))
    }

    /// ECMA-48 §5.4 CSI sequences (SGR colors here) are bracketed by the ignore byte.
    @Test func colorSequencesAreMarkedAsNotPrinted() {
        let marked = PromptText.marked("\u{1B}[1;32mcardsh\u{1B}[0m> ")
        let expected: [UInt8] =
            [Self.ignore, Self.escape] + Array("[1;32m".utf8) + [Self.ignore] + Array("cardsh".utf8)
            + [Self.ignore, Self.escape] + Array("[0m".utf8) + [Self.ignore] + Array("> ".utf8)
        #expect(marked == expected)
    }

    @Test func strayIgnoreBytesAreDropped() {
        #expect(PromptText.marked("a\u{1}b") == Array("ab".utf8))
    }

    @Test func truncatedEscapeAtTheEndIsStillMarked() {
        #expect(PromptText.marked("x\u{1B}") == [UInt8(ascii: "x"), Self.ignore, Self.escape, Self.ignore])
        #expect(
            PromptText.marked("x\u{1B}[1") == [UInt8(ascii: "x"), Self.ignore, Self.escape] + Array("[1".utf8) + [
                Self.ignore
            ])
    }
}
