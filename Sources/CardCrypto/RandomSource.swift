import CardCore
internal import COpenSSL

/// Where random bytes come from: the system generator in use, a fixed or seeded one in tests.
public protocol RandomSource {
    /// Returns `count` random bytes.
    mutating func fill(_ count: Int) -> [UInt8]
}

/// OpenSSL's CSPRNG (RAND_bytes).
public struct SystemRandom: RandomSource, Sendable {
    public init() {}

    public mutating func fill(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        if count == 0 { return out }
        // A failing system CSPRNG leaves nothing safe to continue with.
        precondition(RAND_bytes(&out, Int32(count)) == 1, "RAND_bytes failed")
        return out
    }
}

/// Returns given bytes in order, then repeats them; for reproducible challenges in tests.
public struct FixedRandom: RandomSource, Sendable {
    private let bytes: [UInt8]
    private var position = 0

    /// - Precondition: `bytes` is not empty.
    public init(_ bytes: [UInt8]) {
        precondition(!bytes.isEmpty, "FixedRandom needs at least one byte")
        self.bytes = bytes
    }

    public mutating func fill(_ count: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        for _ in 0..<count {
            out.append(bytes[position])
            position = (position + 1) % bytes.count
        }
        return out
    }
}

/// A deterministic generator (SplitMix64) for reproducible tests; not for keys or challenges in use.
public struct SeededRandom: RandomSource, Sendable {
    private var generator: SplitMix64

    public init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    public mutating func next() -> UInt64 { generator.next() }

    public mutating func fill(_ count: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count + 8)
        while out.count < count {
            let word = next()
            for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: word >> shift)) }
        }
        return Array(out.prefix(count))
    }
}
