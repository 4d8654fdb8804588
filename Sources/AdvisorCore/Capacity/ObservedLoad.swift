/// One minute of one CloudWatch `AWS/Bedrock` series: a metric of one profile (CloudWatch's
/// `ModelId` dimension is the profile id for cross-Region calls) in one source Region.
public struct MetricMinute: Sendable, Equatable {
    public var source: String
    public var profile: String
    public var metric: String
    /// The minute, RFC 3339 (`2026-11-20T09:03:00Z`).
    public var minute: String
    public var value: Double

    public init(source: String, profile: String, metric: String, minute: String, value: Double) {
        self.source = source
        self.profile = profile
        self.metric = metric
        self.minute = minute
        self.value = value
    }

    /// The metrics advisor reads, by CloudWatch's names.
    public static let metrics: Set<String> = [
        "Invocations", "InputTokenCount", "OutputTokenCount", "InvocationThrottles",
        "CacheWriteInputTokens", "TimeToFirstToken", "InvocationLatency",
    ]
}

/// A quota's load as the account really sent it: per minute, the sum over every profile that draws
/// on the quota, then the peak minute. (The sum of each profile's own peak would count minutes that
/// never happened together.)
public struct ObservedLoad: Sendable, Equatable {
    public var profiles: [String]
    public var peakRPM: Double
    public var peakRPMMinute: String?
    /// Quota tokens (input + cache write + output × burndown) in the peak token minute, and billed ones in that minute.
    public var peakTPMQuota: Double
    public var peakTPMBilled: Double
    public var peakTPMMinute: String?
    public var minutes: Int
    /// Minutes with at least one throttled request, and the throttled requests in all.
    public var throttledMinutes: Int
    public var throttles: Double

    /// The load on the quota of `model` in `region` for `scope`, from the minutes of every profile of
    /// that model and scope called from the region.
    /// `profile`: a quota for one profile counts that profile only.
    public static func of(
        model: String, region: String, scope: QuotaScope, profile only: String? = nil, minutes: [MetricMinute],
        catalogue: Catalogue
    ) -> ObservedLoad {
        let burndown = catalogue.model(model)?.outputBurndown ?? 1
        func drawsOnQuota(_ profile: String) -> Bool {
            if let only, profile != only { return false }
            if let known = catalogue.profile(profile) { return known.model == model && QuotaScope(route: known.scope) == scope }
            // An application profile draws on the quota of what it wraps.
            if let application = catalogue.applicationProfile(profile) {
                guard application.model == model else { return false }
                return QuotaScope(route: catalogue.profile(application.wraps)?.scope ?? .inRegion) == scope
            }
            return profile == model && scope == .onDemand
        }
        var byMinute: [String: [String: Double]] = [:]
        var profiles: Set<String> = []
        for entry in minutes where entry.source == region && drawsOnQuota(entry.profile) {
            profiles.insert(entry.profile)
            byMinute[entry.minute, default: [:]][entry.metric, default: 0] += entry.value
        }
        var load = ObservedLoad(
            profiles: profiles.sorted(), peakRPM: 0, peakRPMMinute: nil, peakTPMQuota: 0, peakTPMBilled: 0,
            peakTPMMinute: nil, minutes: byMinute.count, throttledMinutes: 0, throttles: 0)
        for (minute, metrics) in byMinute.sorted(by: { $0.key < $1.key }) {
            // The demand on the quota: the requests served and those it refused. Throttled requests
            // are not Invocations (CloudWatch counts them only in InvocationThrottles), so sizing
            // from Invocations alone planned for the capped load, never above the quota. A throttled
            // request retried counts once per attempt: an upper bound on demand, said in the note.
            let requests = metrics["Invocations", default: 0] + metrics["InvocationThrottles", default: 0]
            let input = metrics["InputTokenCount", default: 0] + metrics["CacheWriteInputTokens", default: 0]
            let output = metrics["OutputTokenCount", default: 0]
            if requests > load.peakRPM { load.peakRPM = requests; load.peakRPMMinute = minute }
            let quotaTokens = input + output * burndown
            if quotaTokens > load.peakTPMQuota {
                load.peakTPMQuota = quotaTokens; load.peakTPMBilled = input + output; load.peakTPMMinute = minute
            }
            let throttled = metrics["InvocationThrottles", default: 0]
            if throttled > 0 { load.throttledMinutes += 1; load.throttles += throttled }
        }
        return load
    }
}
