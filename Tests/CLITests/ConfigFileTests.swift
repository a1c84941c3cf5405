import Foundation
import Testing

/// The config file from the command line: where it is found, what it changes, and how a bad one fails.
@Suite struct ConfigFileTests {
    let cardsh = BuiltBinary(name: "cardsh")

    func write(_ text: String, mode: Int = 0o600, name: String = "config.toml", in directory: URL? = nil) throws
        -> URL
    {
        let directory = try directory ?? BuiltBinary.temporaryDirectory()
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
        return url
    }

    @Test func aBadConfigExitsTwoNamingTheLine() throws {
        let url = try write("[aliases]\nmine = \"A000000151000000\"\n\n[keysets.lab]\nkvn = 0x30\nenc \"4041\"\n")
        let run = try cardsh.run(["--sim", "--config", url.path, "-c", "sw 9000"])
        #expect(run.status == 2)
        #expect(run.err == "cardsh: \(url.path):6: expected '=' after key \"enc\" (column 5)\n")
        #expect(run.out.isEmpty, "nothing ran")
    }

    @Test func unknownKeysAreErrorsNotIgnored() throws {
        let url = try write("[defaults]\noutput = \"json\"\ncolour = \"off\"\n")
        let run = try cardsh.run(["--sim", "--config", url.path, "-c", "sw 9000"])
        #expect(run.status == 2)
        #expect(run.err.contains(":3: unknown key \"colour\" in [defaults]; allowed: reader, output, color, trace"))
    }

    @Test func aMissingExplicitConfigIsAnError() throws {
        let run = try cardsh.run(["--sim", "--config", "/nonexistent/cardsh.toml", "-c", "sw 9000"])
        #expect(run.status == 2)
        #expect(run.err == "cardsh: config: cannot read /nonexistent/cardsh.toml (No such file or directory)\n")
        let viaEnvironment = try cardsh.run(["--sim", "-c", "sw 9000"],
                                            environment: ["CARDSH_CONFIG": "/nonexistent/cardsh.toml"])
        #expect(viaEnvironment.status == 2)
    }

    @Test func noDefaultConfigIsFine() throws {
        let home = try BuiltBinary.temporaryDirectory()
        let run = try cardsh.run(["--sim", "-c", "sw 9000"], environment: ["XDG_CONFIG_HOME": home.path])
        #expect(run.status == 0)
        #expect(run.err.isEmpty)
    }

    @Test func theXDGConfigIsReadAndItsAliasesAndDefaultsApply() throws {
        let home = try BuiltBinary.temporaryDirectory()
        _ = try write("[aliases]\nmine = \"A000000151000000\"\n[defaults]\nreader = \"sim\"\noutput = \"json\"\n",
                      name: "cardsh/config.toml", in: home)
        let run = try cardsh.run(["-c", "select mine"], environment: ["XDG_CONFIG_HOME": home.path])
        #expect(run.status == 0, "\(run.err)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any], "one JSON object: \(run.out)")
        #expect(object["ok"] as? Bool == true)
        #expect(run.out.contains("00A4040008A00000015100000000"))
    }

    @Test func configOptionWinsOverTheEnvironment() throws {
        let good = try write("[aliases]\nmine = \"A000000151000000\"\n")
        let run = try cardsh.run(["--sim", "--config", good.path, "-c", "select mine"],
                                 environment: ["CARDSH_CONFIG": "/nonexistent/cardsh.toml"])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("=> 00A40400 08 A000000151000000 00"))
    }

    @Test func literalKeysInAReadableFileGetAWarning() throws {
        let text = "[keysets.lab]\nkey = \"404142434445464748494A4B4C4D4E4F\"\nkvn = 0x30\n"
        let open = try write(text, mode: 0o644)
        let warned = try cardsh.run(["--sim", "--config", open.path, "-c", "sw 9000"])
        #expect(warned.status == 0)
        #expect(warned.err == "cardsh: warning: \(open.path) holds keys and is readable by group or others (mode 644); "
            + "chmod 600 \(open.path)\n")
        let closed = try write(text, mode: 0o600)
        let quiet = try cardsh.run(["--sim", "--config", closed.path, "-c", "sw 9000"])
        #expect(quiet.status == 0)
        #expect(quiet.err.isEmpty)
        let keyFileOnly = try write("[keysets.lab]\nkey-file = \"/etc/keys.hex\"\n", mode: 0o644)
        #expect(try cardsh.run(["--sim", "--config", keyFileOnly.path, "-c", "sw 9000"]).err.isEmpty)
    }

    @Test func keysetOptionReachesTheCard() throws {
        let url = try write("[keysets.lab]\nkey = \"404142434445464748494A4B4C4D4E4F\"\nkvn = 0x30\nmode = \"s16\"\n")
        let run = try cardsh.run(["--sim", "--config", url.path, "-c", "select isd; scp03 open --keyset lab"])
        // INITIALIZE UPDATE with the key set's version and a 16-byte (S16) host challenge.
        #expect(run.out.contains("=> 80503000 10 "))
        let unknown = try cardsh.run(["--sim", "--config", url.path, "-c", "scp03 open --keyset nosuch"])
        #expect(unknown.status == 1)
        #expect(unknown.err.contains("no key set \"nosuch\" in the config file; key sets: lab."))
    }
}
