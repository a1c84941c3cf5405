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
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

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
