/// One field of the policy schema: what advisor.yaml may hold (ConfigReader walks these), what a
/// condition may read (the Checker type-checks against `valueType`), and what the engine fills in
/// (PolicyFacts builds each object from its declaration, and PolicySchemaTests fails when a
/// declared field is never filled or a filled one is not declared).
public struct SchemaField: Sendable {
    public indirect enum Kind: Sendable {
        case string, number, bool
        case list(Kind)
        case object([SchemaField])
    }

    public var name: String
    public var kind: Kind
    /// For strings advisor.yaml sets: the values accepted.
    public var choices: [String]?
    /// For advisor.yaml: a service without it is refused.
    public var required: Bool
    /// One line for docs/data-formats.md.
    public var summary: String

    public init(_ name: String, _ kind: Kind, choices: [String]? = nil, required: Bool = false, _ summary: String) {
        self.name = name
        self.kind = kind
        self.choices = choices
        self.required = required
        self.summary = summary
    }

    public var children: [SchemaField] {
        if case .object(let fields) = kind { return fields }
        return []
    }

    public var valueType: Policy.ValueType { kind.valueType }

    /// Every leaf below this field, as dotted paths from it (`client.backoff.jitter`).
    public var leafPaths: [String] {
        guard case .object(let fields) = kind else { return [name] }
        return fields.flatMap { $0.leafPaths.map { name + "." + $0 } }
    }
}

extension SchemaField.Kind {
    var valueType: Policy.ValueType {
        switch self {
        case .string: return .string
        case .number: return .number
        case .bool: return .bool
        case .list(let element): return .list(element.valueType)
        case .object(let fields): return .object(Dictionary(uniqueKeysWithValues: fields.map { ($0.name, $0.valueType) }))
        }
    }
}

/// The fields rules can read. `service` is advisor.yaml's service as written; `target`, `data`,
/// `advice` and `quota` are derived by the engine from the catalogue, the dataset and the scorer.
public enum PolicySchema {
    public static let jitterModes = RetrySpec.Jitter.allCases.map(\.rawValue)

    /// A service of advisor.yaml (its `waivers` are the engine's, not a field rules read).
    public static let service = SchemaField(
        "service",
        .object([
            SchemaField("name", .string, required: true, "unique name of the service"),
            SchemaField("region", .string, required: true, "the source region its calls are made from"),
            SchemaField("model", .string, required: true, "the model, inference profile or application profile id it calls"),
            SchemaField(
                "residency", .string,
                "a geography every destination must stay in (us, eu, jp, …), in-country (the source Region's own country), or any"),
            SchemaField("priority", .string, choices: Priority.allCases.map(\.rawValue), "what matters most when choosing its route"),
            SchemaField(
                "endpoint", .string, choices: [QuotaScope.Endpoint.runtime, QuotaScope.Endpoint.mantle],
                "the endpoint it calls (default bedrock-runtime); bedrock-mantle draws on mantle's own quotas"),
            SchemaField("sensitive", .bool, "its data is sensitive (residency.unspecified then asks for a residency)"),
            SchemaField(
                "slo",
                .object([
                    SchemaField("ttfb_p50_ms", .number, "P50 time to first byte it must meet"),
                    SchemaField("total_p50_ms", .number, "P50 total time it must meet"),
                    SchemaField("total_p95_ms", .number, "P95 total time it must meet"),
                    SchemaField("total_p99_ms", .number, "P99 total time it must meet"),
                    SchemaField(
                        "give_up_pct", .number,
                        "the share of requests, in percent, that may still fail after their retries (checked in simulation: simulate:)"),
                ]), "latency objectives, in milliseconds, and how many requests may give up"),
            SchemaField(
                "traffic",
                .object([
                    SchemaField("peak_rpm", .number, "requests a minute at peak"),
                    SchemaField("input_tokens", .number, "input tokens of a typical request"),
                    SchemaField("output_tokens", .number, "output tokens of a typical response"),
                    SchemaField(
                        "cache_write_tokens", .number, "prompt-cache write tokens of a typical request (they count against the TPM quota)"),
                    SchemaField(
                        "max_tokens", .number, "the max_tokens it sends: Bedrock reserves input + max_tokens of quota when a request starts"
                    ),
                    SchemaField(
                        "burst",
                        .object([
                            SchemaField("factor", .number, "the rate within a burst, as a multiple of peak_rpm (at least 1)"),
                            SchemaField("seconds", .number, "how long a burst lasts"),
                            SchemaField(
                                "every_seconds", .number,
                                "a burst starts this often; between bursts the rate drops so the average stays peak_rpm"),
                        ]), "arrivals in bursts rather than steady (the simulator's arrival shape)"),
                ]), "its load, for the quota math"),
            SchemaField(
                "client",
                .object([
                    SchemaField("max_attempts", .number, "attempts per call, the first included"),
                    SchemaField(
                        "sdk", .string, choices: RetrySpec.sdkModes.keys.sorted(),
                        "the AWS SDK its callers use (python: boto3/botocore, javascript: v3, java: v2), for the simulator's retry constants"
                    ),
                    SchemaField(
                        "retry_mode", .string, choices: ClientAgent.retryModes,
                        "the SDK retry mode its callers are configured with (checked against what CloudTrail shows them sending)"),
                    SchemaField(
                        "backoff",
                        .object([
                            SchemaField("base_ms", .number, "first retry delay"),
                            SchemaField("max_ms", .number, "largest retry delay"),
                            SchemaField("jitter", .string, choices: jitterModes, "how retry delays are randomised"),
                        ]), "retry delays"),
                    SchemaField("max_pool_connections", .number, "HTTP connections the client may keep"),
                    SchemaField("concurrency", .number, "requests in flight at once"),
                    SchemaField(
                        "circuit_breaker",
                        .object([
                            SchemaField("failure_threshold", .number, "failures that open the breaker"),
                            SchemaField("open_seconds", .number, "how long it stays open"),
                        ]), "stop calling a failing route for a while"),
                ]), "the SDK client's retry and connection settings"),
        ]), "a service of advisor.yaml")

    /// What the catalogue says of the service's `model` called from its `region`.
    public static let target = SchemaField(
        "target",
        .object([
            SchemaField("known", .bool, "the catalogue knows the id"),
            SchemaField("kind", .string, "profile, application, model or unknown"),
            SchemaField("id", .string, "the id called"),
            SchemaField("model", .string, "the model behind it"),
            SchemaField("scope", .string, "global, a geography code, or in-region"),
            SchemaField("callable", .bool, "it may be called from the region"),
            SchemaField("reason", .string, "why not, when not callable"),
            SchemaField("bedrock_error", .string, "the error Bedrock returns, when not callable"),
            SchemaField("destinations", .list(.string), "the regions a call may run in, when callable"),
            SchemaField("needs_profile", .bool, "a bare model id that needs an inference profile from this region"),
            SchemaField("residency_outside", .list(.string), "destinations outside the service's residency"),
            SchemaField("unknown_prefix", .string, "an unknown id's geography prefix advisor does not know (xx. in xx.vendor.model)"),
            SchemaField(
                "countries_outside", .list(.string), "destinations outside the service region's country, as \"Germany (eu-central-1)\""),
            SchemaField("jurisdiction", .string, "where the data may go, as a sentence, when destinations leave the region's country"),
            SchemaField(
                "lifecycle", .string, choices: ["active", "legacy", "extended-access", "end-of-life"],
                "the model's lifecycle stage on the check's date (catalogue, from AWS's lifecycle page)"),
            SchemaField("end_of_life", .string, "the model's end-of-life date, when AWS has set one (YYYY-MM-DD)"),
            SchemaField("lifecycle_dates", .string, "the model's Legacy, extended-access and end-of-life dates, as a sentence"),
            SchemaField("successor", .string, "the model the catalogue suggests instead, when it has a lifecycle"),
            SchemaField("lifecycle_read_on", .string, "when the catalogue read the lifecycle dates"),
            SchemaField(
                "successor_scopes", .list(.string),
                "the scopes (eu, global, in-region, …) the successor can be called through from the service's region"),
            SchemaField("successor_keeps_scope", .bool, "the successor offers the route's scope from the service's region"),
        ]), "the route, from the catalogue")

    /// The dataset's figures for the service's route.
    public static let data = SchemaField(
        "data",
        .object([
            SchemaField("dataset", .string, "the dataset's name"),
            SchemaField("measured", .bool, "it has figures for the route"),
            SchemaField("n", .number, "calls measured"),
            SchemaField("ttfb_p50_ms", .number, "P50 time to first byte"),
            SchemaField("total_p50_ms", .number, "P50 total time"),
            SchemaField("total_p95_ms", .number, "P95 total time"),
            SchemaField("total_p99_ms", .number, "P99 total time"),
            SchemaField("age_days", .number, "days since it was measured"),
            SchemaField("stale_after_days", .number, "the freshness limit (advisor.yaml's stale_after_days)"),
            SchemaField("stale", .bool, "older than the freshness limit"),
            SchemaField("thin", .bool, "fewer calls than the scorer trusts"),
        ]), "the route's latency figures")

    /// Where the service's calls really ran, from the account's CloudTrail records (advisor routes).
    public static let observed = SchemaField(
        "observed",
        .object([
            SchemaField("available", .bool, "the store holds CloudTrail evidence at all (advisor ingest --format cloudtrail)"),
            SchemaField("calls", .number, "successful calls seen from the service's region through its route"),
            SchemaField("errors", .number, "failed calls seen on the route"),
            SchemaField("destinations", .string, "where they ran, with shares: \"61% us-east-1, 39% eu-west-1 over 120 calls\""),
            SchemaField(
                "outside", .list(.string), "Regions outside the service's residency that served calls, with counts: \"us-east-1 (2 calls)\""
            ),
            SchemaField("outside_calls", .number, "how many calls those Regions served"),
            SchemaField("last", .string, "when the last call was seen (RFC 3339)"),
            SchemaField("age_days", .number, "days since the last call seen"),
            SchemaField("stale", .bool, "the last call seen is older than the freshness limit (stale_after_days)"),
            SchemaField("throttled", .number, "calls on the route that failed with a throttling error (ThrottlingException)"),
            SchemaField(
                "retry_modes", .list(.string), "the SDK retry modes the route's callers send (from userAgent), most calls first"),
            SchemaField("legacy_calls", .number, "calls made in legacy retry mode"),
            SchemaField(
                "legacy_callers", .list(.string), "who called in legacy mode, as \"arn:aws:iam::…:role/x (Boto3/1, 12 calls)\""),
            SchemaField(
                "retry_modes_unlike_config", .list(.string),
                "retry modes the callers send other than service.client.retry_mode (empty when advisor.yaml sets none)"),
            SchemaField(
                "max_attempts", .number,
                "the most attempts the route's callers may make, where visible: advisor.yaml's client.max_attempts when CloudTrail "
                    + "shows the route's calls, else the largest default of the SDK and retry mode seen"),
            SchemaField("max_attempts_from", .string, "where max_attempts comes from"),
        ]), "the route's observed routing")

    /// What check simulated for the service (advisor.yaml's `simulate:`), at its declared peak.
    public static let simulated = SchemaField(
        "simulated",
        .object([
            SchemaField("ran", .bool, "advisor.yaml asked for a simulation and the service draws on a quota with its traffic"),
            SchemaField("quota", .string, "the quota it was simulated against (the worst, when several)"),
            SchemaField("policy", .string, "the retry policy simulated (the service's own client settings)"),
            SchemaField("minutes", .number, "simulated minutes"),
            SchemaField("seed", .number, "the random seed"),
            SchemaField("give_up_pct", .number, "requests that failed after their retries, in percent (one decimal)"),
            SchemaField("throttled_pct", .number, "attempts the quota refused, in percent (one decimal)"),
            SchemaField("attempts_per_request", .number, "attempts a request made on average (two decimals)"),
            SchemaField("added_p50_ms", .number, "latency retries and waits added to a succeeded request, P50, ms"),
            SchemaField("added_p99_ms", .number, "the same at P99, ms"),
        ]), "the service in simulation")

    /// What the scorer recommends for the service's priority and residency.
    public static let advice = SchemaField(
        "advice",
        .object([
            SchemaField("choice", .string, "the recommended id"),
            SchemaField("better", .bool, "the choice beats the current route beyond noise"),
            SchemaField("measure", .string, "the priority the choice was made for"),
            SchemaField("gain_ms", .number, "milliseconds the choice saves"),
            SchemaField(
                "gain_pct", .number,
                "the same, as a percentage (one decimal) of the narrower route's figure, as the seed lab computes it (RouteGap)"),
            SchemaField("global_id", .string, "the model's global profile, when callable from the region"),
            SchemaField("global_compliant", .bool, "global is allowed by the service's residency"),
            SchemaField("global_saving_pct", .number, "what global would save in cost, in percent"),
        ]), "the recommendation for the service")

    /// A quota of advisor.yaml and the services that draw on it.
    public static let quota = SchemaField(
        "quota",
        .object([
            SchemaField("model", .string, "the quota's model"),
            SchemaField("region", .string, "its region"),
            SchemaField("scope", .string, "geographic, global, on-demand or mantle: which of the model's quotas in the region"),
            SchemaField("profile", .string, "the profile it is for, when it names one"),
            SchemaField("rpm", .number, "requests a minute allowed"),
            SchemaField("tpm", .number, "tokens a minute allowed"),
            SchemaField("input_tpm", .number, "bedrock-mantle: input tokens a minute allowed (checked at admission with max_tokens)"),
            SchemaField("output_tpm", .number, "bedrock-mantle: output tokens a minute allowed (generation stops when reached)"),
            SchemaField(
                "peak_input_tpm", .number,
                "bedrock-mantle: summed peak input tokens a minute as admission counts them, input + cache write + max_tokens (null without max_tokens)"
            ),
            SchemaField("peak_output_tpm", .number, "bedrock-mantle: summed peak output tokens a minute"),
            SchemaField("services", .list(.string), "the services sharing it"),
            SchemaField("peak_rpm", .number, "their summed peak requests a minute"),
            SchemaField(
                "peak_tpm", .number, "their summed peak tokens a minute as the quota counts them: input + cache write + output × burndown"),
            SchemaField("peak_tpm_billed", .number, "the same tokens as they are billed: input + cache write + output"),
            SchemaField("burndown", .number, "quota tokens per output token for the model (catalogue; 1 where AWS documents none)"),
            SchemaField(
                "reserved_tpm", .number,
                "quota reserved at the requests' start at peak, input + cache write + max_tokens (null when a service gives no max_tokens)"),
            SchemaField("without_max_tokens", .list(.string), "sharing services that give no max_tokens"),
            SchemaField("attempted_rpm", .number, "requests a minute attempted at peak with every retry (peak × max_attempts)"),
            SchemaField("rpm_utilisation", .number, "summed peak over the RPM quota"),
            SchemaField("tpm_utilisation", .number, "summed peak over the TPM quota"),
            SchemaField("recommended_rpm", .number, "the RPM quota to ask for"),
            SchemaField("recommended_tpm", .number, "the TPM quota to ask for"),
            SchemaField("headroom", .number, "the headroom planned above the summed peaks"),
        ]), "a quota and who shares it")

    public static let serviceRoots: [String: Policy.ValueType] = Dictionary(
        uniqueKeysWithValues: [service, target, data, advice, observed, simulated]
            .map { ($0.name, $0.valueType) })
    public static let quotaRoots: [String: Policy.ValueType] = [quota.name: quota.valueType]
}

/// One object of facts, built from its schema declaration: every declared field is present (null
/// until set), and a field the declaration does not name cannot be set.
struct Facts {
    private let declared: Set<String>
    private var fields: [String: Policy.Value] = [:]

    init(_ schema: SchemaField) {
        declared = Set(schema.children.map(\.name))
    }

    subscript(name: String) -> Policy.Value {
        get { fields[name] ?? .null }
        set {
            assert(declared.contains(name), "\(name) is not declared in PolicySchema")
            if declared.contains(name) { fields[name] = newValue }
        }
    }

    var value: Policy.Value {
        var all = fields
        for name in declared where all[name] == nil { all[name] = .null }
        return .object(all)
    }
}
