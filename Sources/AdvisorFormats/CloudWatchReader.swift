public import AdvisorCore
import Foundation

/// `aws cloudwatch get-metric-data` output for `AWS/Bedrock`: `{"MetricDataResults": [{"Id", "Label",
/// "Timestamps", "Values", "StatusCode"}], "Messages": []}`. The answer does not say which metric,
/// model or statistic a series is: that is in the request. So each series is identified by the query
/// file that produced it (`--metric-data-queries file://queries.json`: its `Id`, `MetricStat.Metric`
/// with the `ModelId` dimension, `Period` 60, `Stat` Sum), or, without one, by its `Label` written as
/// "METRIC MODEL_ID" (`Invocations eu.anthropic.claude-sonnet-4-6`). The Region is the one the CLI
/// was run in: the caller gives it. One-minute series only.
public enum CloudWatchReader {
    public struct Result: Sendable, Equatable {
        /// Minutes handed to `onMinutes`.
        public var minutes = 0
        /// Series read, and series skipped with why (a metric advisor does not use): the first
        /// `shownSkips` of them by name, all of them counted.
        public var series = 0
        public var skipped: [String] = []
        public var skippedCount = 0
    }

    static let shownSkips = 20

    struct Series {
        var metric: String
        var profile: String
    }

    /// Streams the answer a series at a time: memory holds one series and 8 bytes a minute for the
    /// duplicate check, not the document (whole-document parsing took ten times the file).
    /// `onMinutes` gets each series' minutes; a problem anywhere fails the file, so the caller
    /// stores inside a transaction.
    public static func read(
        results input: ReaderInput, queries: String?, source: String,
        onMinutes: ([MetricMinute]) throws -> Void
    ) throws -> Result {
        let path = input.name
        let known = try queries.map { (queries) throws(FormatError) in try readQueries(queries) }
        var splitter = JSONArrayElements(
            keys: ["MetricDataResults"], file: path, elementName: "series",
            expected: "`aws cloudwatch get-metric-data` output ({\"MetricDataResults\": […]})")
        var result = Result()
        var duplicates = DuplicateMinutes()
        try splitter.stream(input, missing: "minute") { element, index, _ in
            let entry = try StrictJSON.object(element, file: path, what: "series \(index)")
            guard
                let minutes = try series(
                    entry, index: index, path: path, queries: queries, known: known, source: source,
                    duplicates: &duplicates, result: &result)
            else { return }
            result.minutes += minutes.count
            result.series += 1
            try onMinutes(minutes)
        }
        try duplicates.check(file: path)
        return result
    }

    /// One series' minutes, or nil when it is a metric advisor does not use.
    static func series(
        _ entry: [String: Any], index: Int, path: String, queries: String?, known: [String: Series]?, source: String,
        duplicates: inout DuplicateMinutes, result: inout Result
    ) throws(FormatError) -> [MetricMinute]? {
        let id = entry["Id"] as? String ?? ""
        let name = "series \(index) (Id \(Sanitize.excerpt(id.isEmpty ? "?" : id)))"
        if let status = entry["StatusCode"] as? String, status != "Complete" {
            throw FormatError(
                file: path,
                message:
                    "\(name) has StatusCode \(Sanitize.excerpt(status)); expected Complete (PartialData: fetch every page; Forbidden: the caller may not read the metric)"
            )
        }
        let series: Series
        if let known {
            guard let found = known[id] else {
                throw FormatError(
                    file: path, message: "\(name) is not in the query file \(queries ?? ""); expected the file that produced this output")
            }
            series = found
        } else {
            let words = (entry["Label"] as? String ?? "").split(separator: " ").map(String.init)
            guard words.count == 2 else {
                throw FormatError(
                    file: path,
                    message:
                        "\(name): without --queries the Label must be \"METRIC MODEL_ID\" (e.g. \"Invocations eu.anthropic.claude-sonnet-4-6\"), found \"\(Sanitize.excerpt(entry["Label"] as? String ?? ""))\""
                )
            }
            series = Series(metric: words[0], profile: words[1])
        }
        guard MetricMinute.metrics.contains(series.metric) else {
            if result.skipped.count < shownSkips { result.skipped.append("\(name): \(series.metric) is not a metric advisor uses") }
            result.skippedCount += 1
            return nil
        }
        guard let stamps = entry["Timestamps"] as? [String], let values = entry["Values"] as? [Any], stamps.count == values.count else {
            throw FormatError(file: path, message: "\(name): expected Timestamps and Values of the same length")
        }
        let profile = ObservedCall.profileId(series.profile)
        var minutes: [MetricMinute] = []
        minutes.reserveCapacity(stamps.count)
        for (stamp, raw) in zip(stamps, values) {
            guard let date = RFC3339.parseDateTime(stamp) else {
                throw FormatError(file: path, message: "\(name): timestamp '\(Sanitize.excerpt(stamp))' is not an RFC 3339 date-time")
            }
            guard date.timeIntervalSince1970.truncatingRemainder(dividingBy: 60) == 0 else {
                throw FormatError(
                    file: path, message: "\(name): timestamp \(stamp) is not on a whole minute; expected one-minute series (Period 60)")
            }
            guard let number = jsonNumber(raw), number.doubleValue.isFinite, number.doubleValue >= 0, number.doubleValue <= 1e12 else {
                throw FormatError(file: path, message: "\(name): at \(stamp) the value is not a number from 0 to 1e12")
            }
            let minute = MetricMinute(
                source: source, profile: profile, metric: series.metric,
                minute: RFC3339.dateTimeString(date), value: number.doubleValue)
            duplicates.note(profile: profile, metric: series.metric, minute: Int64(date.timeIntervalSince1970 / 60), series: name)
            minutes.append(minute)
        }
        return minutes
    }

    /// One value per (model, metric, minute): a second one would silently overwrite the first. Kept
    /// as packed integers per series key and checked once the file is read, so a file of millions
    /// of minutes costs 8 bytes a minute here.
    struct DuplicateMinutes {
        private var minutesByKey: [String: [UInt64]] = [:]
        private var seriesNames: [String] = []

        mutating func note(profile: String, metric: String, minute: Int64, series: String) {
            if seriesNames.last != series { seriesNames.append(series) }
            let packed = UInt64(truncatingIfNeeded: minute) << 24 | UInt64(seriesNames.count - 1) & 0xFF_FFFF
            minutesByKey[profile + " " + metric, default: []].append(packed)
        }

        func check(file: String) throws(FormatError) {
            for (key, packed) in minutesByKey.sorted(by: { $0.key < $1.key }) {
                let sorted = packed.sorted()
                for (earlier, later) in zip(sorted, sorted.dropFirst()) where earlier >> 24 == later >> 24 {
                    let words = key.split(separator: " ")
                    let minute = RFC3339.dateTimeString(Date(timeIntervalSince1970: Double(Int64(truncatingIfNeeded: later >> 24)) * 60))
                    let first = seriesNames[Int(min(earlier, later) & 0xFF_FFFF)]
                    let second = seriesNames[Int(max(earlier & 0xFF_FFFF, later & 0xFF_FFFF))]
                    throw FormatError(
                        file: file,
                        message: "\(second) gives \(words[1]) of \(words[0]) at \(minute) again "
                            + "(first in \(first)); one value a minute is expected: a duplicated series or timestamp")
                }
            }
        }
    }

    /// The query file: a list of MetricDataQuery, or `{"MetricDataQueries": [...]}` (`--cli-input-json`).
    static func readQueries(_ path: String) throws(FormatError) -> [String: Series] {
        let bytes = try BoundedFile.bytes(path)
        let parsed = try StrictJSON.parse(bytes, file: path)
        guard let list = (parsed as? [[String: Any]]) ?? ((parsed as? [String: Any])?["MetricDataQueries"] as? [[String: Any]]) else {
            throw FormatError(file: path, message: "is not a list of MetricDataQuery (the file given to --metric-data-queries)")
        }
        var series: [String: Series] = [:]
        for (index, query) in list.enumerated() {
            let id = query["Id"] as? String ?? ""
            let name = "query \(index + 1) (Id \(Sanitize.excerpt(id)))"
            guard let stat = query["MetricStat"] as? [String: Any], let metric = stat["Metric"] as? [String: Any] else {
                if query["Expression"] != nil { continue }  // a math expression: its result has no metric of its own
                throw FormatError(file: path, message: "\(name) has no MetricStat.Metric")
            }
            guard metric["Namespace"] as? String == "AWS/Bedrock" else {
                throw FormatError(file: path, message: "\(name): Namespace must be AWS/Bedrock")
            }
            let dimensions = metric["Dimensions"] as? [[String: Any]] ?? []
            guard let name0 = metric["MetricName"] as? String,
                let model = dimensions.first(where: { $0["Name"] as? String == "ModelId" })?["Value"] as? String
            else {
                throw FormatError(file: path, message: "\(name) needs MetricName and a ModelId dimension")
            }
            guard (stat["Period"] as? NSNumber)?.intValue == 60 else {
                throw FormatError(file: path, message: "\(name): Period must be 60 (one-minute series: quotas are per minute)")
            }
            if ["Invocations", "InputTokenCount", "OutputTokenCount", "InvocationThrottles", "CacheWriteInputTokens"].contains(name0),
                stat["Stat"] as? String != "Sum"
            {
                throw FormatError(file: path, message: "\(name): Stat must be Sum for \(name0) (a count per minute)")
            }
            series[id] = Series(metric: name0, profile: model)
        }
        return series
    }
}
