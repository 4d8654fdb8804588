/// Seconds on a monotonic clock: the probe's only notion of time, so every wait, window and
/// timer is driven by an injected clock in tests and by the system's monotonic clock in use.
public protocol MonotonicClock: Sendable {
    func now() -> Double
}

/// A source of uniform random numbers in [0, 1): injected, so jitter is reproducible in tests.
public protocol RandomSource {
    mutating func nextUnit() -> Double
}

/// SplitMix64: small, fast, seedable; good enough for jitter, never for secrets.
public struct SeededRandomSource: RandomSource, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func nextUnit() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }
}
