import Foundation

/// One published statistic: "P50 total latency from eu-central-1 through eu.… was 2473 ms over 30 calls".
public struct SummaryRow: Sendable, Equatable {
    public var line: Int
    public var source: String
    public var profile: String
    public var metric: LatencyMetric
    public var statistic: Statistic
    public var valueMs: Double
    public var n: Int?

    public init(line: Int, source: String, profile: String, metric: LatencyMetric, statistic: Statistic, valueMs: Double, n: Int?) {
        self.line = line
        self.source = source
        self.profile = profile
        self.metric = metric
        self.statistic = statistic
        self.valueMs = valueMs
        self.n = n
    }
}

/// A summary dataset file: statistics others published, for when the raw calls are not available.
public struct SummaryFile: Sendable {
    public var name: String?
    public var measured: String?
    public var origin: String?
    public var description: String?
    public var rows: [SummaryRow]

    public init(name: String?, measured: String?, origin: String?, description: String?, rows: [SummaryRow]) {
        self.name = name
        self.measured = measured
        self.origin = origin
        self.description = description
        self.rows = rows
    }

    public func dataset(named name: String) -> Dataset {
        var routes: [RouteKey: RouteStats] = [:]
        for row in rows {
            let key = RouteKey(source: row.source, profile: row.profile)
            var stats = routes[key] ?? RouteStats()
            stats.values[MetricStatistic(row.metric, row.statistic)] = row.valueMs
            if let n = row.n { stats.n = max(stats.n ?? 0, n) }
            routes[key] = stats
        }
        return Dataset(name: name, measured: measured, description: description, origin: origin, routes: routes)
    }
}
