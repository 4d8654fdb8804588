import Foundation
public import AdvisorCore

/// `advisor stats`: per source region × profile, n, errors, quantiles and the P50's 95% interval.
public enum StatsOutput {
    static let statistics: [(String, Statistic)] = [("p50", .p50), ("p90", .p90), ("p95", .p95), ("p99", .p99), ("max", .max)]

    static func sortedRoutes(_ dataset: Dataset, source: String?) -> [(RouteKey, RouteStats)] {
        dataset.routes.filter { source == nil || $0.key.source == source }.sorted { $0.key < $1.key }
    }

    public static func json(_ dataset: Dataset, source: String?) -> String {
        func metric(_ stats: RouteStats, _ metric: LatencyMetric) -> JSONValue {
            var members: [(String, JSONValue)] = statistics.map { ($0.0, number(stats.value(metric, $0.1))) }
            members.append(("p50_ci", stats.p50Intervals[metric].map { .array([number($0.lowerBound), number($0.upperBound)]) } ?? .null))
            return .object(members)
        }
        let groups: [JSONValue] = sortedRoutes(dataset, source: source).map { key, stats in
            .object([
                ("source_region", .string(key.source)),
                ("profile", .string(key.profile)),
                ("n", stats.n.map(JSONValue.int) ?? .null),
                ("errors", .object(stats.errors.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
                ("ttfb_ms", metric(stats, .ttfb)),
                ("total_ms", metric(stats, .total)),
            ])
        }
        return JSONValue.object([("dataset", .string(dataset.name)), ("groups", .array(groups))]).rendered() + "\n"
    }

    /// Full precision: these figures are for other programs.
    static func number(_ value: Double?) -> JSONValue {
        guard let value else { return .null }
        return .milliseconds(value)
    }

    public static func csv(_ dataset: Dataset, source: String?) -> String {
        var header = ["source_region", "profile", "n", "errors"]
        for metric in ["ttfb", "total"] {
            header += statistics.map { "\(metric)_\($0.0)_ms" } + ["\(metric)_p50_ci_low_ms", "\(metric)_p50_ci_high_ms"]
        }
        var lines = [header.joined(separator: ",")]
        for (key, stats) in sortedRoutes(dataset, source: source) {
            var row = [
                key.source, key.profile, stats.n.map(String.init) ?? "",
                stats.errors.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";"),
            ]
            for metric in [LatencyMetric.ttfb, .total] {
                row += statistics.map { stats.value(metric, $0.1).map { String($0) } ?? "" }
                let interval = stats.p50Intervals[metric]
                row += [interval.map { String($0.lowerBound) } ?? "", interval.map { String($0.upperBound) } ?? ""]
            }
            lines.append(row.map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func text(_ dataset: Dataset, source: String?) -> String {
        var lines = [
            "Dataset \(dataset.name) (\(dataset.kind == .samples ? "raw samples; quantiles are type 7 over successful calls" : "published figures")):",
            "",
        ]
        let routes = sortedRoutes(dataset, source: source)
        guard !routes.isEmpty else { return lines[0] + " no routes" + (source.map { " from \($0)" } ?? "") + "\n" }
        let headers = [
            "source", "profile", "n", "errors", "TTFB p50", "p50 95% CI", "p90", "p99",
            "total p50", "p50 95% CI", "p90", "p95", "p99", "max",
        ]
        let rows: [[String]] = routes.map { key, stats in
            func cell(_ metric: LatencyMetric, _ statistic: Statistic) -> String { stats.value(metric, statistic).map(ms) ?? "—" }
            func interval(_ metric: LatencyMetric) -> String {
                stats.p50Intervals[metric].map { "\(ms($0.lowerBound))–\(ms($0.upperBound))" } ?? "—"
            }
            let errors =
                stats.errors.isEmpty ? "0" : stats.errors.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            return [
                key.source, key.profile, stats.n.map(String.init) ?? "—", errors,
                cell(.ttfb, .p50), interval(.ttfb), cell(.ttfb, .p90), cell(.ttfb, .p99),
                cell(.total, .p50), interval(.total), cell(.total, .p90), cell(.total, .p95), cell(.total, .p99), cell(.total, .max),
            ]
        }
        lines.append(TextTable(headers: headers, rows: rows, rightAligned: [2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]).rendered())
        lines.append("")
        lines.append("Milliseconds. The P50 interval is the exact order-statistic 95% interval (none below 6 calls).")
        return lines.joined(separator: "\n") + "\n"
    }
}

public enum DatasetsOutput {
    public struct Entry: Sendable {
        public var name: String
        public var kind: String
        public var count: Int
        public var failed: Int
        public var files: Int
        public var first: String?
        public var last: String?
        public var measured: String?
        public var sources: [String]

        public init(
            name: String, kind: String, count: Int, failed: Int, files: Int, first: String?, last: String?,
            measured: String?, sources: [String]
        ) {
            self.name = name
            self.kind = kind
            self.count = count
            self.failed = failed
            self.files = files
            self.first = first
            self.last = last
            self.measured = measured
            self.sources = sources
        }
    }

    public static func text(_ entries: [Entry]) -> String {
        guard !entries.isEmpty else { return "No datasets. Add one with: advisor ingest FILE --dataset NAME\n" }
        let rows = entries.map { entry -> [String] in
            let span = entry.first.map { "\($0) … \(entry.last ?? $0)" } ?? (entry.measured.map { "measured \($0)" } ?? "—")
            let count = entry.kind == "samples" ? "\(entry.count) calls (\(entry.failed) failed)" : "\(entry.count) figures"
            return [entry.name, entry.kind, count, span, entry.sources.joined(separator: ", ")]
        }
        return TextTable(headers: ["dataset", "kind", "holds", "time span", "source regions"], rows: rows).rendered() + "\n"
    }

    public static func json(_ entries: [Entry]) -> String {
        JSONValue.object([
            (
                "datasets",
                .array(
                    entries.map { entry in
                        .object([
                            ("name", .string(entry.name)), ("kind", .string(entry.kind)), ("count", .int(entry.count)),
                            ("failed", .int(entry.failed)), ("files", .int(entry.files)),
                            ("first", .optional(entry.first)), ("last", .optional(entry.last)),
                            ("measured", .optional(entry.measured)),
                            ("source_regions", .array(entry.sources.map(JSONValue.string))),
                        ])
                    })
            )
        ]).rendered() + "\n"
    }
}
