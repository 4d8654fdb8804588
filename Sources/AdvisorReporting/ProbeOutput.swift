public import AdvisorCore
import Foundation

/// `advisor probe`'s output: the seed lab's table for what was measured, or JSON (docs/probe.md).
public enum ProbeOutput {
    /// One call as reported; nil where a measure does not apply.
    public struct Sample: Sendable, Equatable {
        public var profile: String
        public var run: Int
        public var warmup: Bool
        public var status: String
        public var attempts: Int
        public var ttfbMs: Double?
        public var firstEventMs: Double?
        public var firstTokenMs: Double?
        public var totalMs: Double?
        public var callMs: Double?
        public var serverLatencyMs: Double?
        public var connectMs: Double?
        public var tlsMs: Double?
        public var inputTokens: Int?
        public var outputTokens: Int?
        public var requestId: String?

        public init(
            profile: String, run: Int, warmup: Bool, status: String, attempts: Int, ttfbMs: Double?, firstEventMs: Double?,
            firstTokenMs: Double?, totalMs: Double?, callMs: Double?, serverLatencyMs: Double?, connectMs: Double?,
            tlsMs: Double?, inputTokens: Int?, outputTokens: Int?, requestId: String?
        ) {
            self.profile = profile
            self.run = run
            self.warmup = warmup
            self.status = status
            self.attempts = attempts
            self.ttfbMs = ttfbMs
            self.firstEventMs = firstEventMs
            self.firstTokenMs = firstTokenMs
            self.totalMs = totalMs
            self.callMs = callMs
            self.serverLatencyMs = serverLatencyMs
            self.connectMs = connectMs
            self.tlsMs = tlsMs
            self.inputTokens = inputTokens
            self.outputTokens = outputTokens
            self.requestId = requestId
        }
    }

    public struct Run: Sendable {
        public var source: String
        public var model: String
        public var dataset: String
        public var endpoint: String
        public var auth: String
        public var newConnection: Bool
        public var interrupted: Bool
        /// The profiles in the order they were called.
        public var profiles: [String]
        public var samples: [Sample]

        public init(
            source: String, model: String, dataset: String, endpoint: String, auth: String, newConnection: Bool,
            interrupted: Bool, profiles: [String], samples: [Sample]
        ) {
            self.source = source
            self.model = model
            self.dataset = dataset
            self.endpoint = endpoint
            self.auth = auth
            self.newConnection = newConnection
            self.interrupted = interrupted
            self.profiles = profiles
            self.samples = samples
        }

        /// Per profile, the statistics of the measured (not warm-up) calls.
        public var stats: [RouteSampleStats] {
            profiles.map { profile in
                RouteSampleStats(
                    key: RouteKey(source: source, profile: profile),
                    samples: samples.filter { $0.profile == profile && !$0.warmup }.map {
                        LatencySample(source: source, profile: profile, status: $0.status, ttfbMs: $0.ttfbMs, totalMs: $0.totalMs)
                    })
            }
        }
    }

    /// P95 from 20 calls, P99 from 100: fewer give a tail the next run would not repeat.
    static let p95Minimum = 20, p99Minimum = 100

    public static func text(_ run: Run) -> String {
        let stats = run.stats
        let measured = run.samples.filter { !$0.warmup }.count, warmups = run.samples.count - measured
        var lines = [
            "advisor probe: \(run.model) from \(run.source), \(measured) calls" + (warmups > 0 ? " (+\(warmups) warm-up)" : "")
                + ", interleaved across \(run.profiles.count) profile\(run.profiles.count == 1 ? "" : "s")",
            "endpoint \(run.endpoint); \(run.auth)",
            run.newConnection
                ? "a new connection per call (--new-connection): TTFB includes TCP and TLS set-up, as in the seed script"
                : "one connection kept and reused: TTFB is from the request to the first event-stream frame",
            "stored in dataset \(run.dataset)" + (run.interrupted ? " (interrupted: the calls made so far)" : ""), "",
        ]
        func ms(_ value: Double?) -> String { value.map { "\(Int(saturating: $0.rounded())) ms" } ?? "—" }
        let rows: [[String]] = stats.map { route in
            let errors = route.errors.values.reduce(0, +)
            return [
                route.key.profile, String(route.n), String(errors), ms(route.ttfb?.p50), ms(route.total?.p50),
                route.n >= p95Minimum ? ms(route.total?.p95) : "—", route.n >= p99Minimum ? ms(route.total?.p99) : "—",
            ]
        }
        lines.append(
            TextTable(
                headers: ["profile", "ok", "errors", "TTFB p50", "total p50", "total p95", "total p99"], rows: rows,
                rightAligned: [1, 2, 3, 4, 5, 6]
            ).rendered())
        // The lab's convention: global's difference over the geographic profile's figure.
        if let global = stats.first(where: { Scope(profileId: $0.key.profile).isGlobal }) {
            for geographic in stats where Scope(profileId: geographic.key.profile).isGeographic {
                var parts: [String] = []
                for (name, a, b) in [("TTFB", global.ttfb?.p50, geographic.ttfb?.p50), ("total", global.total?.p50, geographic.total?.p50)]
                {
                    guard let a, let b, b > 0 else { continue }
                    let difference = a - b
                    parts.append(
                        "\(name) \(difference >= 0 ? "+" : "")\(Int(saturating: difference.rounded())) ms "
                            + "(\(difference >= 0 ? "+" : "")\(String(format: "%.1f", difference / b * 100))%)")
                }
                if !parts.isEmpty {
                    lines.append("")
                    lines.append(
                        "global vs \(Scope(profileId: geographic.key.profile).label) at P50: " + parts.joined(separator: ", ")
                            + " (the difference over the geographic figure, as the seed lab gives it)")
                }
            }
        }
        let errors = stats.flatMap { route in route.errors.map { "\(route.key.profile): \($0.key) × \($0.value)" } }.sorted()
        if !errors.isEmpty { lines += ["", "errors: " + errors.joined(separator: "; ")] }
        // Everything that happened, warm-ups and retried attempts included: the table counts the
        // measured calls only, and a run that failed in its warm-ups showed "errors 0".
        let failedCalls = run.samples.filter { $0.status != "ok" }
        let attempts = run.samples.reduce(0) { $0 + $1.attempts }
        if !failedCalls.isEmpty || attempts > run.samples.count {
            let byStatus = Dictionary(grouping: failedCalls, by: \.status).map { "\($0.key) × \($0.value.count)" }.sorted()
            lines += [
                "",
                "all calls, warm-ups included: \(run.samples.count) made in \(attempts) attempts; "
                    + (failedCalls.isEmpty ? "none failed" : "\(failedCalls.count) failed (\(byStatus.joined(separator: ", ")))"),
            ]
        }
        let retried = run.samples.filter { $0.attempts > 1 }.count
        if retried > 0 {
            lines.append("\(retried) call\(retried == 1 ? "" : "s") needed retries; latencies are those of the attempt that succeeded")
        }
        if stats.contains(where: { $0.n > 0 && $0.n < p95Minimum }) {
            lines.append("P95 needs \(p95Minimum) calls and P99 \(p99Minimum); fewer are shown as —")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func json(_ run: Run) -> String {
        func number(_ value: Double?) -> JSONValue { value.map { .double(($0 * 1000).rounded() / 1000) } ?? .null }
        func int(_ value: Int?) -> JSONValue { value.map(JSONValue.int) ?? .null }
        let samples: [JSONValue] = run.samples.map { sample in
            .object([
                ("profile", .string(sample.profile)), ("run", .int(sample.run)), ("warmup", .bool(sample.warmup)),
                ("status", .string(sample.status)), ("attempts", .int(sample.attempts)), ("ttfb_ms", number(sample.ttfbMs)),
                ("first_event_ms", number(sample.firstEventMs)), ("first_token_ms", number(sample.firstTokenMs)),
                ("total_ms", number(sample.totalMs)), ("call_ms", number(sample.callMs)),
                ("server_latency_ms", number(sample.serverLatencyMs)), ("connect_ms", number(sample.connectMs)),
                ("tls_ms", number(sample.tlsMs)), ("input_tokens", int(sample.inputTokens)),
                ("output_tokens", int(sample.outputTokens)), ("request_id", sample.requestId.map(JSONValue.string) ?? .null),
            ])
        }
        let summary: [JSONValue] = run.stats.map { route in
            .object([
                ("profile", .string(route.key.profile)), ("n", .int(route.n)),
                ("errors", .object(route.errors.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.int($0.value)) })),
                ("ttfb_p50_ms", number(route.ttfb?.p50)), ("total_p50_ms", number(route.total?.p50)),
                ("total_p95_ms", route.n >= p95Minimum ? number(route.total?.p95) : .null),
                ("total_p99_ms", route.n >= p99Minimum ? number(route.total?.p99) : .null),
            ])
        }
        return JSONValue.object([
            ("source", .string(run.source)), ("model", .string(run.model)), ("dataset", .string(run.dataset)),
            ("endpoint", .string(run.endpoint)), ("new_connection", .bool(run.newConnection)), ("interrupted", .bool(run.interrupted)),
            ("samples", .array(samples)), ("summary", .array(summary)),
        ]).rendered() + "\n"
    }
}
