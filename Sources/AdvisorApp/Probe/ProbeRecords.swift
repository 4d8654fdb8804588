public import AdvisorCore
public import AdvisorProbe
public import AdvisorReporting

/// A probe's calls as the store keeps them, and as verify judges them.
public enum ProbeRecords {
    /// Each way the calls failed, with the first message of its kind: "ConnectionError: SSL
    /// certificate problem: self-signed certificate", so a failed run says why without --format json.
    public static func failures(_ samples: [ProbeSample]) -> String {
        var seen: [String: String] = [:]
        for sample in samples where !sample.measurement.succeeded && seen[sample.status] == nil {
            seen[sample.status] = sample.measurement.error.map { Sanitize.excerpt($0.message, limit: 160) } ?? ""
        }
        return seen.sorted { $0.key < $1.key }.map { $0.value.isEmpty ? $0.key : "\($0.key): \($0.value)" }.joined(separator: "; ")
    }

    /// One call as a stored sample: a failed call keeps its status and timings but no latency.
    public static func row(_ sample: ProbeSample, source: String, model: String, runId: String) -> SampleRow {
        let m = sample.measurement
        var row = SampleRow(
            line: 0, source: .string(source), profile: .string(sample.profile), model: .string(model),
            timestamp: .string(RFC3339.dateTimeString(sample.startedAt)),
            status: m.succeeded ? nil : .string(m.status), ttfbMs: m.succeeded ? m.firstEventMs : nil,
            totalMs: m.succeeded ? m.totalMs : nil, inputTokens: m.inputTokens, outputTokens: m.outputTokens,
            runId: .string(runId), firstTokenMs: m.firstTokenMs)
        for field in ProbeField.allCases { row.probe[field] = sample.value(field) }
        return row
    }

    /// What a run measured of one profile, for verify: the measured calls (or, when the run was
    /// abandoned during the warm-ups, the failed ones, which still say what the endpoint answered),
    /// and whether every call was refused with a final error (not callable, as opposed to not reachable).
    public static func measured(_ profile: String?, in outcome: ProbeRunner.Outcome, source: String) -> LiveVerification.Measured? {
        guard let profile else { return nil }
        var calls = outcome.samples.filter { $0.profile == profile && !$0.warmup }
        if calls.isEmpty { calls = outcome.samples.filter { $0.profile == profile && !$0.measurement.succeeded } }
        let stats = RouteSampleStats(
            key: RouteKey(source: source, profile: profile),
            samples: calls.map {
                LatencySample(
                    source: source, profile: profile, status: $0.status,
                    ttfbMs: $0.measurement.succeeded ? $0.measurement.firstEventMs : nil,
                    totalMs: $0.measurement.succeeded ? $0.measurement.totalMs : nil)
            })
        let refusals = calls.compactMap { $0.measurement.error }.filter { $0.kind == .final }
        let refusal = stats.n == 0 && !calls.isEmpty && refusals.count == calls.count ? refusals.first?.description : nil
        return LiveVerification.Measured(stats: stats, refusal: refusal, abandoned: outcome.abandoned)
    }

    /// A call as the report shows it.
    public static func reported(_ sample: ProbeSample) -> ProbeOutput.Sample {
        let m = sample.measurement
        return ProbeOutput.Sample(
            profile: sample.profile, run: sample.round, warmup: sample.warmup, status: m.status,
            attempts: sample.attempts, ttfbMs: m.succeeded ? m.firstEventMs : nil, firstEventMs: m.firstEventMs,
            firstTokenMs: m.firstTokenMs, totalMs: m.succeeded ? m.totalMs : nil, callMs: sample.callMs,
            serverLatencyMs: m.serverLatencyMs, connectMs: m.transfer?.connectMs, tlsMs: m.transfer?.tlsMs,
            inputTokens: m.inputTokens, outputTokens: m.outputTokens, requestId: m.requestId)
    }
}
