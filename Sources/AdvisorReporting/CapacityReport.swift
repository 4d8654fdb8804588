public import AdvisorCore

/// `advisor capacity`: per quota, who shares it, summed peaks billed and as the quota counts them,
/// the reservation at request start, utilisation, and the quota to ask for.
public enum CapacityReport {
    public static func text(_ quotas: [(QuotaConfig, Policy.Value)]) -> String {
        guard !quotas.isEmpty else { return "No quotas in the config (add them under quotas:).\n" }
        let rows: [[String]] = quotas.map { quota, facts in
            func number(_ key: String) -> String { facts[key] == .null ? "—" : facts[key].description }
            func percent(_ key: String) -> String {
                guard case .number(let value) = facts[key] else { return "—" }
                return "\(Int(saturating: (value * 100).rounded()))%"
            }
            let services = names(facts["services"])
            return [quota.profile ?? quota.model, quota.region, quota.scope.rawValue, services.isEmpty ? "—" : services.joined(separator: ", "),
                    number("peak_rpm"), number("rpm"), percent("rpm_utilisation"), number("recommended_rpm"),
                    number("peak_tpm_billed"), number("peak_tpm"), number("reserved_tpm"), number("tpm"), percent("tpm_utilisation"),
                    number("recommended_tpm")]
        }
        var notes: [String] = []
        for (quota, facts) in quotas {
            let missing = names(facts["without_max_tokens"])
            if !missing.isEmpty {
                notes.append("\(quota.label): \(missing.joined(separator: ", ")) \(missing.count == 1 ? "gives" : "give") no max_tokens; Bedrock then reserves the model's "
                             + "maximum output at each request's start, so the reservation is unknown and likely far above the figures here.")
            }
            if case .number(let attempted) = facts["attempted_rpm"], case .number(let peak) = facts["peak_rpm"], let limit = quota.rpm,
               peak > limit, attempted > peak {
                notes.append("\(quota.label): above the quota every throttled call is retried: \(ms(peak)) RPM with retries is "
                             + "\(ms(attempted)) attempted requests a minute against \(ms(limit)).")
            }
        }
        return TextTable(headers: ["quota", "region", "scope", "services", "peak RPM", "RPM quota", "used", "plan RPM",
                                   "billed TPM", "quota TPM", "reserved", "TPM quota", "used", "plan TPM"],
                         rows: rows, rightAligned: [4, 5, 6, 7, 8, 9, 10, 11, 12, 13]).rendered()
            + "\n\nPeaks are summed over the services calling the quota's model from its region through a route of its scope. "
            + "Billed TPM = peak RPM × (input + cache write + output tokens); quota TPM counts output × the model's burndown "
            + "rate, as Bedrock does; reserved = peak RPM × (input + cache write + max_tokens), held when each request starts. "
            + "Plan = summed peak + \(Int(PolicyFacts.headroom * 100))% headroom, to two significant figures.\n"
            + (notes.isEmpty ? "" : "\n" + notes.map { "note: \($0)" }.joined(separator: "\n") + "\n")
    }

    /// docs/data-formats.md: `{"quotas": [{model, region, scope, services, peak_rpm, rpm_quota, peak_tpm_billed,
    /// peak_tpm_quota, reserved_tpm, tpm_quota, plan_rpm, plan_tpm, source}]}`.
    public static func json(_ quotas: [(QuotaConfig, Policy.Value)], source: String = "config") -> String {
        func number(_ value: Policy.Value) -> JSONValue {
            guard case .number(let n) = value else { return .null }
            return n == n.rounded() && abs(n) < 1e15 ? .int(Int(n)) : .double(n)
        }
        return JSONValue.object([
            ("quotas", .array(quotas.map { quota, facts in
                .object([
                    ("model", .string(quota.model)), ("region", .string(quota.region)), ("scope", .string(quota.scope.rawValue)),
                    ("services", .array(names(facts["services"]).map(JSONValue.string))),
                    ("peak_rpm", number(facts["peak_rpm"])), ("rpm_quota", number(facts["rpm"])),
                    ("peak_tpm_billed", number(facts["peak_tpm_billed"])), ("peak_tpm_quota", number(facts["peak_tpm"])),
                    ("reserved_tpm", number(facts["reserved_tpm"])), ("tpm_quota", number(facts["tpm"])),
                    ("plan_rpm", number(facts["recommended_rpm"])), ("plan_tpm", number(facts["recommended_tpm"])),
                    ("attempted_rpm", number(facts["attempted_rpm"])), ("burndown", number(facts["burndown"])),
                    ("source", .string(source)),
                ])
            })),
        ]).rendered() + "\n"
    }

    static func names(_ value: Policy.Value) -> [String] {
        if case .list(let items) = value { return items.map(\.description) }
        return []
    }
}
