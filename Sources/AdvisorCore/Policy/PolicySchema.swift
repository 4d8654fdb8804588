/// The fields rules can read. The config part mirrors advisor.yaml; `target`, `data`, `advice`
/// and `quota` are derived by the engine from the catalogue, the dataset and the scorer.
public enum PolicySchema {
    static let slo: ValueType = .object(["ttfb_p50_ms": .number, "total_p50_ms": .number, "total_p95_ms": .number,
                                         "total_p99_ms": .number])
    static let traffic: ValueType = .object(["peak_rpm": .number, "input_tokens": .number, "output_tokens": .number])
    static let client: ValueType = .object([
        "max_attempts": .number,
        "backoff": .object(["base_ms": .number, "max_ms": .number, "jitter": .string]),
        "max_pool_connections": .number,
        "concurrency": .number,
        "circuit_breaker": .object(["failure_threshold": .number, "open_seconds": .number]),
    ])

    public static let service: ValueType = .object([
        "name": .string, "region": .string, "model": .string, "residency": .string, "priority": .string,
        "sensitive": .bool, "slo": slo, "traffic": traffic, "client": client,
    ])

    /// What the catalogue says of the service's `model` called from its `region`.
    public static let target: ValueType = .object([
        "known": .bool, "kind": .string, "id": .string, "model": .string, "scope": .string, "callable": .bool,
        "reason": .string, "bedrock_error": .string, "destinations": .list(.string), "needs_profile": .bool,
        "residency_outside": .list(.string),
    ])

    /// The dataset's figures for the service's route.
    public static let data: ValueType = .object([
        "dataset": .string, "measured": .bool, "n": .number, "ttfb_p50_ms": .number, "total_p50_ms": .number,
        "total_p95_ms": .number, "total_p99_ms": .number, "age_days": .number, "stale": .bool, "thin": .bool,
    ])

    /// What the scorer recommends for the service's priority and residency.
    public static let advice: ValueType = .object([
        "choice": .string, "better": .bool, "measure": .string, "gain_ms": .number, "gain_pct": .number,
        "global_id": .string, "global_compliant": .bool, "global_saving_pct": .number,
    ])

    public static let quota: ValueType = .object([
        "model": .string, "region": .string, "profile": .string, "rpm": .number, "tpm": .number,
        "services": .list(.string), "peak_rpm": .number, "peak_tpm": .number, "rpm_utilisation": .number,
        "tpm_utilisation": .number, "recommended_rpm": .number, "recommended_tpm": .number, "headroom": .number,
    ])

    public static let serviceRoots: [String: ValueType] = ["service": service, "target": target, "data": data, "advice": advice]
    public static let quotaRoots: [String: ValueType] = ["quota": quota]
}
