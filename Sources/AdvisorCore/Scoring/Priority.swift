/// What the caller cares about most. Each priority names one measure; the rest break ties.
public enum Priority: String, Sendable, CaseIterable, Codable {
    /// P50 total latency.
    case latency
    /// P50 time to first byte, for streaming.
    case ttfb
    /// P99 total latency.
    case tail
    /// Relative price of the same tokens.
    case cost
    /// Size of the pool of destination regions the route draws capacity from.
    case throughput
    /// A weighted blend of latency, TTFB, tail and cost (see `BalancedWeights`).
    case balanced
}
