public import Foundation

public enum LatencyMetric: String, Sendable, Hashable, CaseIterable, Codable {
    /// Time to first byte: the first event of the stream, what a streaming user waits for.
    case ttfb
    /// Total latency: until the stream ends.
    case total
}

public enum Statistic: String, Sendable, Hashable, CaseIterable, Codable {
    case p50, p90, p95, p99, max, mean
}

public struct MetricStatistic: Sendable, Hashable {
    public var metric: LatencyMetric
    public var statistic: Statistic

    public init(_ metric: LatencyMetric, _ statistic: Statistic) {
        self.metric = metric
        self.statistic = statistic
    }
}

/// One route measured from one place: a profile (or bare model id) called from a source region.
public struct RouteKey: Sendable, Hashable, Comparable {
    public var source: String
    public var profile: String

    public init(source: String, profile: String) {
        self.source = source
        self.profile = profile
    }

    public static func < (lhs: RouteKey, rhs: RouteKey) -> Bool {
        (lhs.source, lhs.profile) < (rhs.source, rhs.profile)
    }
}

/// What a dataset knows about one route: published or computed statistics in milliseconds.
public struct RouteStats: Sendable, Hashable {
    public var values: [MetricStatistic: Double]
    /// Successful calls behind the statistics, when known.
    public var n: Int?
    /// Standard errors of the P50s, known only when the statistics come from raw samples.
    public var p50StandardErrors: [LatencyMetric: Double]
    /// 95% intervals of the P50s, known only when the statistics come from raw samples.
    public var p50Intervals: [LatencyMetric: ClosedRange<Double>]
    /// Failed calls by error code, known only for raw samples.
    public var errors: [String: Int]

    public init(
        values: [MetricStatistic: Double] = [:], n: Int? = nil,
        p50StandardErrors: [LatencyMetric: Double] = [:],
        p50Intervals: [LatencyMetric: ClosedRange<Double>] = [:], errors: [String: Int] = [:]
    ) {
        self.values = values
        self.n = n
        self.p50StandardErrors = p50StandardErrors
        self.p50Intervals = p50Intervals
        self.errors = errors
    }

    public func value(_ metric: LatencyMetric, _ statistic: Statistic) -> Double? {
        values[MetricStatistic(metric, statistic)]
    }
}

public enum DatasetKind: String, Sendable, Codable {
    /// Statistics someone published.
    case summary
    /// Raw calls, one per row.
    case samples
}

/// A named latency dataset as the scorer sees it.
public struct Dataset: Sendable {
    public var name: String
    public var kind: DatasetKind
    /// When it was measured (RFC 3339 date or date-time), if known.
    public var measured: String?
    /// The latest moment it describes: the last sample's timestamp, or the published date.
    public var measuredAt: Date?
    public var description: String?
    public var origin: String?
    public var routes: [RouteKey: RouteStats]
    /// The sorted successful values behind each route's figures: raw-sample datasets only, and only
    /// when asked for (the report draws them; scoring needs only the statistics).
    public var distributions: [RouteKey: RouteDistribution] = [:]

    public init(
        name: String, kind: DatasetKind = .summary, measured: String? = nil, measuredAt: Date? = nil,
        description: String? = nil, origin: String? = nil, routes: [RouteKey: RouteStats] = [:]
    ) {
        self.name = name
        self.kind = kind
        self.measured = measured
        self.measuredAt = measuredAt
        self.description = description
        self.origin = origin
        self.routes = routes
    }

    public func stats(source: String, profile: String) -> RouteStats? {
        routes[RouteKey(source: source, profile: profile)]
    }

    public var sourceRegions: [String] {
        Array(Set(routes.keys.map(\.source))).sorted()
    }
}

/// A route's successful calls, each metric's values sorted ascending.
public struct RouteDistribution: Sendable, Equatable {
    public var ttfb: [Double]
    public var total: [Double]

    public init(ttfb: [Double], total: [Double]) {
        self.ttfb = ttfb
        self.total = total
    }

    public func values(_ metric: LatencyMetric) -> [Double] { metric == .ttfb ? ttfb : total }
}
