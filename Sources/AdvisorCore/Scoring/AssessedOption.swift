public enum Verdict: String, Sendable, Codable {
    case choice
    /// Within the noise margin of the best, lost on a tie-break.
    case tie
    case slower
    case costlier
    case smallerPool = "smaller pool"
    case lowerScore = "lower score"
    /// No figure for the priority's measure: never ranked as if it were fast.
    case unmeasured
}

public struct AssessedOption: Sendable {
    public var option: RouteOption
    public var ttfbP50: Double?
    public var totalP50: Double?
    public var totalP90: Double?
    public var totalP95: Double?
    public var totalP99: Double?
    public var samples: Int?
    /// Standard errors of the P50s when the figures come from raw samples.
    public var ttfbP50StandardError: Double?
    public var totalP50StandardError: Double?
    public var relativeCost: Double?
    public var price: Price?
    public var poolSize: Int
    /// The balanced score (1.0 = best on every measure), only for `balanced`.
    public var balancedScore: Double?
    public var rank: Int = 0
    public var verdict: Verdict = .unmeasured
    public var reasons: [String] = []

    /// The total latency at a percentile the option may have.
    public func total(at statistic: Statistic) -> Double? {
        switch statistic {
        case .p50: return totalP50
        case .p90: return totalP90
        case .p95: return totalP95
        case .p99: return totalP99
        case .max, .mean: return nil
        }
    }

    /// The percentiles `tail` may be decided on, highest first: P99 when every option has it, else
    /// the highest one every measured option has (a summary may publish P50s only).
    public static let tailStatistics: [Statistic] = [.p99, .p95, .p90, .p50]
}
