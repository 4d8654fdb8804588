import AdvisorCore

/// Seconds on a monotonic clock: the probe's only notion of time, so every wait, window and
/// timer is driven by an injected clock in tests and by the system's monotonic clock in use.
public protocol MonotonicClock: Sendable {
    func now() -> Double
}

/// A source of uniform random numbers in [0, 1): injected, so jitter is reproducible in tests.
public protocol RandomSource {
    mutating func nextUnit() -> Double
}

/// The probe's jitter: Core's SplitMix64 (SimulationRandom, the simulator's generator), so a seed
/// means the same numbers in both.
public struct SeededRandomSource: RandomSource, Sendable {
    private var generator: SimulationRandom

    public init(seed: UInt64) { generator = SimulationRandom(seed: seed) }

    public mutating func nextUnit() -> Double { generator.unit() }
}
