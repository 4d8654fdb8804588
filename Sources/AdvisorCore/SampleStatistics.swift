import Foundation

/// Quantiles and confidence intervals from raw latency samples.
///
/// Quantiles are Hyndman–Fan type 7 (linear interpolation between closest ranks), NumPy's default.
/// The 95% interval for a median is the exact distribution-free order-statistic interval: ranks
/// `l` and `n - l + 1` where `l` is the largest rank with `P(Binomial(n, 1/2) <= l - 1) <= 0.025`.
/// It exists from n = 6; below that no pair of order statistics reaches 95% coverage and the
/// interval is nil.
public enum SampleStatistics {
    public static let confidence = 0.95
    /// The two-sided normal quantile for 95%.
    public static let z95 = 1.959963984540054

    /// Type-7 quantile of already sorted values; nil when there are none.
    public static func quantile(sorted values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let h = Double(values.count - 1) * p
        let lower = Int(saturating: h.rounded(.down))
        let upper = min(lower + 1, values.count - 1)
        return values[lower] + (h - Double(lower)) * (values[upper] - values[lower])
    }

    /// 1-based ranks (l, u) of the exact 95% order-statistic interval for the median, or nil for n < 6.
    public static func medianIntervalRanks(count n: Int) -> (lower: Int, upper: Int)? {
        guard n >= 6 else { return nil }
        let alphaHalf = (1 - confidence) / 2
        // Walk the Binomial(n, 1/2) CDF upwards in log space; l is the largest rank with
        // P(B <= l - 1) <= alpha/2. The walk starts 12 standard deviations below the mean: the terms
        // below sum to less than exp(-72) (Hoeffding), far under a double's resolution at 0.025,
        // and a million-sample route walks ~6,000 terms instead of 500,000 (a tenth of `stats`).
        let start = max(0, Int((Double(n) / 2 - 6 * Double(n).squareRoot()).rounded(.down)))
        var logPMF = Double(n) * log(0.5)
        if start > 0 {
            let logChoose: Double = lgamma(Double(n + 1)) - lgamma(Double(start + 1)) - lgamma(Double(n - start + 1))
            logPMF += logChoose
        }
        var cumulative = 0.0
        var l = start
        for k in start..<n {
            cumulative += exp(logPMF)
            if cumulative > alphaHalf { break }
            l = k + 1
            logPMF += log(Double(n - k)) - log(Double(k + 1))
        }
        guard l >= 1 else { return nil }
        return (l, n - l + 1)
    }

    public static func medianInterval(sorted values: [Double]) -> ClosedRange<Double>? {
        guard let ranks = medianIntervalRanks(count: values.count) else { return nil }
        return values[ranks.lower - 1]...values[ranks.upper - 1]
    }

    /// Price & Bonett (2002): the standard error of a sample median from its order-statistic
    /// interval, `(x(u) - x(l)) / (2 z)`, with l and u as above. Nil for n < 6.
    public static func medianStandardError(sorted values: [Double]) -> Double? {
        medianInterval(sorted: values).map(medianStandardError(interval:))
    }

    public static func medianStandardError(interval: ClosedRange<Double>) -> Double {
        (interval.upperBound - interval.lowerBound) / (2 * z95)
    }
}

/// The statistics of one latency metric over the successful calls of one route.
public struct MetricSummary: Sendable, Equatable {
    public var n: Int
    public var p50: Double
    public var p90: Double
    public var p95: Double
    public var p99: Double
    public var max: Double
    public var p50Interval: ClosedRange<Double>?
    public var p50StandardError: Double?

    /// Nil when there are no values.
    public init?(values: [Double]) {
        guard !values.isEmpty else { return nil }
        self.init(sorted: RadixSort.ascending(values))
    }

    public init(sorted: [Double]) {
        n = sorted.count
        p50 = SampleStatistics.quantile(sorted: sorted, 0.5)!
        p90 = SampleStatistics.quantile(sorted: sorted, 0.9)!
        p95 = SampleStatistics.quantile(sorted: sorted, 0.95)!
        p99 = SampleStatistics.quantile(sorted: sorted, 0.99)!
        max = sorted.last!
        p50Interval = SampleStatistics.medianInterval(sorted: sorted)
        p50StandardError = p50Interval.map(SampleStatistics.medianStandardError(interval:))
    }
}

/// One raw call, as every ingest format is mapped to.
public struct LatencySample: Sendable, Equatable {
    public var source: String
    public var profile: String
    /// `ok`, or an error code such as `ThrottlingException`.
    public var status: String
    public var ttfbMs: Double?
    public var totalMs: Double?

    public init(source: String, profile: String, status: String = "ok", ttfbMs: Double?, totalMs: Double?) {
        self.source = source
        self.profile = profile
        self.status = status
        self.ttfbMs = ttfbMs
        self.totalMs = totalMs
    }

    public var succeeded: Bool { status == "ok" }
}

/// Stats of one route (source region × profile) computed from its samples.
public struct RouteSampleStats: Sendable, Equatable {
    public var key: RouteKey
    /// Successful calls.
    public var n: Int
    public var errors: [String: Int]
    public var ttfb: MetricSummary?
    public var total: MetricSummary?

    /// Computes a route's stats from its samples; quantiles use successful calls only.
    public init(key: RouteKey, samples: some Sequence<LatencySample>) {
        var ttfbValues: [Double] = [], totalValues: [Double] = []
        var errors: [String: Int] = [:]
        var successes = 0
        for sample in samples {
            if sample.succeeded {
                successes += 1
                if let value = sample.ttfbMs { ttfbValues.append(value) }
                if let value = sample.totalMs { totalValues.append(value) }
            } else {
                errors[sample.status, default: 0] += 1
            }
        }
        self.init(
            key: key, n: successes, errors: errors, ttfb: MetricSummary(values: ttfbValues),
            total: MetricSummary(values: totalValues))
    }

    public init(key: RouteKey, n: Int, errors: [String: Int], ttfb: MetricSummary?, total: MetricSummary?) {
        self.key = key
        self.n = n
        self.errors = errors
        self.ttfb = ttfb
        self.total = total
    }

    /// The same figures as the scorer reads them.
    public var routeStats: RouteStats {
        var stats = RouteStats(n: n, errors: errors)
        for (metric, summary) in [(LatencyMetric.ttfb, ttfb), (.total, total)] {
            guard let summary else { continue }
            stats.values[MetricStatistic(metric, .p50)] = summary.p50
            stats.values[MetricStatistic(metric, .p90)] = summary.p90
            stats.values[MetricStatistic(metric, .p95)] = summary.p95
            stats.values[MetricStatistic(metric, .p99)] = summary.p99
            stats.values[MetricStatistic(metric, .max)] = summary.max
            if let se = summary.p50StandardError { stats.p50StandardErrors[metric] = se }
            if let interval = summary.p50Interval { stats.p50Intervals[metric] = interval }
        }
        return stats
    }
}
