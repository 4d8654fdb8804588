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
        public var minutes: [MetricMinute] = []
        /// Series read, and series skipped with why (a metric advisor does not use).
        public var series = 0
        public var skipped: [String] = []
    }

    struct Series {
        var metric: String
        var profile: String
    }

    public static func read(results path: String, queries: String?, source: String) throws(FormatError) -> Result {
        let known = try queries.map { (queries) throws(FormatError) in try readQueries(queries) }
        let object = try json(path)
        guard let results = object["MetricDataResults"] as? [[String: Any]] else {
            throw FormatError(file: path, message: "has no MetricDataResults array; expected `aws cloudwatch get-metric-data` output")
        }
        if let token = object["NextToken"] as? String, !token.isEmpty {
            throw FormatError(file: path, field: "NextToken",
                              message: "the answer is one page of several (NextToken '\(Sanitize.excerpt(token))'); fetch every page "
                                + "(the AWS CLI does unless --no-paginate is given) so that no minute is missing")
        }
        var result = Result()
        // One value per (model, metric, minute): a second one would silently overwrite the first.
        var seen: [String: String] = [:]
        for (index, entry) in results.enumerated() {
            let id = entry["Id"] as? String ?? ""
            let name = "series \(index + 1) (Id \(Sanitize.excerpt(id.isEmpty ? "?" : id)))"
            if let status = entry["StatusCode"] as? String, status != "Complete" {
                throw FormatError(file: path, message: "\(name) has StatusCode \(Sanitize.excerpt(status)); expected Complete (PartialData: fetch every page; Forbidden: the caller may not read the metric)")
            }
            let series: Series
            if let known {
                guard let found = known[id] else {
                    throw FormatError(file: path, message: "\(name) is not in the query file \(queries ?? ""); expected the file that produced this output")
                }
                series = found
            } else {
                let words = (entry["Label"] as? String ?? "").split(separator: " ").map(String.init)
                guard words.count == 2 else {
                    throw FormatError(file: path, message: "\(name): without --queries the Label must be \"METRIC MODEL_ID\" (e.g. \"Invocations eu.anthropic.claude-sonnet-4-6\"), found \"\(Sanitize.excerpt(entry["Label"] as? String ?? ""))\"")
                }
                series = Series(metric: words[0], profile: words[1])
            }
            guard MetricMinute.metrics.contains(series.metric) else {
                result.skipped.append("\(name): \(series.metric) is not a metric advisor uses")
                continue
            }
            guard let stamps = entry["Timestamps"] as? [String], let values = entry["Values"] as? [Any], stamps.count == values.count else {
                throw FormatError(file: path, message: "\(name): expected Timestamps and Values of the same length")
            }
            for (stamp, raw) in zip(stamps, values) {
                guard let date = RFC3339.parseDateTime(stamp) else {
                    throw FormatError(file: path, message: "\(name): timestamp '\(Sanitize.excerpt(stamp))' is not an RFC 3339 date-time")
                }
                guard date.timeIntervalSince1970.truncatingRemainder(dividingBy: 60) == 0 else {
                    throw FormatError(file: path, message: "\(name): timestamp \(stamp) is not on a whole minute; expected one-minute series (Period 60)")
                }
                guard let number = jsonNumber(raw), number.doubleValue.isFinite, number.doubleValue >= 0, number.doubleValue <= 1e12 else {
                    throw FormatError(file: path, message: "\(name): at \(stamp) the value is not a number from 0 to 1e12")
                }
                let minute = MetricMinute(source: source, profile: ObservedCall.profileId(series.profile), metric: series.metric,
                                          minute: RFC3339.dateTimeString(date), value: number.doubleValue)
                let key = minute.profile + "|" + minute.metric + "|" + minute.minute
                if let first = seen[key] {
                    throw FormatError(file: path, message: "\(name) gives \(minute.metric) of \(minute.profile) at \(minute.minute) again "
                                        + "(first in \(first)); one value a minute is expected: a duplicated series or timestamp")
                }
                seen[key] = name
                result.minutes.append(minute)
            }
            result.series += 1
        }
        return result
    }

    static func json(_ path: String) throws(FormatError) -> [String: Any] {
        let bytes = try BoundedFile.bytes(path)
        let parsed = try StrictJSON.parse(bytes, file: path)
        guard let object = parsed as? [String: Any] else { throw FormatError(file: path, message: "is not a JSON object") }
        return object
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
                  let model = dimensions.first(where: { $0["Name"] as? String == "ModelId" })?["Value"] as? String else {
                throw FormatError(file: path, message: "\(name) needs MetricName and a ModelId dimension")
            }
            guard (stat["Period"] as? NSNumber)?.intValue == 60 else {
                throw FormatError(file: path, message: "\(name): Period must be 60 (one-minute series: quotas are per minute)")
            }
            if ["Invocations", "InputTokenCount", "OutputTokenCount", "InvocationThrottles", "CacheWriteInputTokens"].contains(name0),
               stat["Stat"] as? String != "Sum" {
                throw FormatError(file: path, message: "\(name): Stat must be Sum for \(name0) (a count per minute)")
            }
            series[id] = Series(metric: name0, profile: model)
        }
        return series
    }
}
