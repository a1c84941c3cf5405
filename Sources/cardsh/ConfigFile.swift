#if canImport(Glibc)
import Glibc
#endif
import CardshEngine

/// Finding, reading and checking the config file. Problems end the process with status 2: a config that
/// does not say what was meant is never silently replaced by defaults.
enum ConfigFile {
    /// Where the config comes from, and whether it was named explicitly (then it must exist).
    struct Location: Equatable {
        var path: String
        var explicit: Bool
    }

    /// `--config PATH`, else `$CARDSH_CONFIG` (empty: no config file), else `$XDG_CONFIG_HOME/cardsh/config.toml`,
    /// else `~/.config/cardsh/config.toml`. XDG Base Directory Specification 0.8: a relative
    /// `XDG_CONFIG_HOME` is invalid and ignored.
    static func location(option: String?, environment: (String) -> String?) -> Location? {
        if let option { return Location(path: option, explicit: true) }
        if let override = environment("CARDSH_CONFIG") {
            return override.isEmpty ? nil : Location(path: override, explicit: true)
        }
        if let base = environment("XDG_CONFIG_HOME"), base.hasPrefix("/") {
            return Location(path: base + (base.hasSuffix("/") ? "" : "/") + "cardsh/config.toml", explicit: false)
        }
        if let home = environment("HOME"), !home.isEmpty {
            let path = home + (home.hasSuffix("/") ? "" : "/") + ".config/cardsh/config.toml"
            return Location(path: path, explicit: false)
        }
        return nil
    }

    /// The parsed config (empty when there is none); on a problem, prints it and exits with status 2.
    static func loadOrExit(option: String?, environment: (String) -> String?) -> CardshConfig {
        guard let location = location(option: option, environment: environment) else { return CardshConfig() }
        let path = location.path
        var info = stat()
        if stat(path, &info) != 0 {
            let code = errno
            if code == ENOENT && !location.explicit { return CardshConfig() }
            fail("config: cannot read \(path) (\(String(cString: strerror(code))))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            fail("config: \(path) is not a regular file")
        }
        let bytes: [UInt8]
        do {
            bytes = try TextFile.readBytes(path)
        } catch {
            fail("config: " + Engine.describe(error))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            fail("config: \(path) is not UTF-8 text")
        }
        let config: CardshConfig
        do {
            config = try CardshConfig(parsing: text)
        } catch {
            fail(error.message(file: path))
        }
        // Like ssh with private keys: literal keys in a file others can read deserve a word.
        if config.keysets.values.contains(where: \.holdsLiteralKeys) && info.st_mode & 0o044 != 0 {
            let mode = String(info.st_mode & 0o777, radix: 8)
            Console.err("cardsh: warning: \(path) holds keys and is readable by group or others (mode \(mode)); "
                + "chmod 600 \(path)\n")
        }
        return config
    }

    private static func fail(_ message: String) -> Never {
        Console.err("cardsh: " + message + "\n")
        Console.flush()
        exit(2)
    }
}
