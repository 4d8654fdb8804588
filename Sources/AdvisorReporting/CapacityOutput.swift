public import AdvisorCore

/// `advisor capacity`: per quota, who shares it, summed peaks billed and as the quota counts them,
/// the reservation at request start, utilisation, and the quota to ask for.
public enum CapacityOutput {
    /// The table's columns, in text, the report's Markdown and its HTML alike.
    static func headers(observed: Bool) -> [String] {
        [
            "quota", "region", "scope", observed ? "profiles (observed)" : "services", "peak RPM", "RPM quota", "used",
            "plan RPM", "billed TPM", "quota TPM", "reserved", "TPM quota", "used", "plan TPM",
        ]
    }
    static let numericColumns: Set<Int> = [4, 5, 6, 7, 8, 9, 10, 11, 12, 13]

    static func cells(_ row: CapacityRow) -> [String] {
        func number(_ value: Double?) -> String { value.map(ms) ?? "—" }
        func percent(_ value: Double?) -> String { value.map { "\(Int(saturating: ($0 * 100).rounded()))%" } ?? "—" }
        return [
            row.quota.profile ?? row.quota.model, row.quota.region, row.quota.scope.rawValue,
            row.services.isEmpty ? "—" : row.services.joined(separator: ", "),
            number(row.peakRPM), number(row.rpmQuota), percent(row.rpmUtilisation), number(row.planRPM),
            number(row.peakTPMBilled), number(row.peakTPMQuota), number(row.reservedTPM), number(row.tpmQuota),
            percent(row.tpmUtilisation), number(row.planTPM),
        ]
    }

    public static func text(_ rows: [CapacityRow]) -> String {
        guard !rows.isEmpty else { return "No quotas in the config (add them under quotas:).\n" }
        let observed = rows.contains { $0.source == "observed" }
        let table = rows.map(cells)
        var notes: [String] = []
        var cited: Set<String> = []
        for row in rows where row.quota.scope != .mantle && cited.insert(row.quota.model).inserted {
            notes.append(burndownNote(row))
        }
        for row in rows where row.quota.scope == .mantle {
            let input =
                row.peakInputTPM.map { "\(ms($0)) input tokens a minute at admission (input + cache write + max_tokens)" }
                ?? "input at admission unknown (a service gives no max_tokens; the model's maximum is then reserved)"
            notes.append(
                "\(row.quota.label): bedrock-mantle's own quotas: \(input) against \(row.inputTPMQuota.map(ms) ?? "no input quota"), "
                    + "\(ms(row.peakOutputTPM ?? 0)) output tokens a minute against \(row.outputTPMQuota.map(ms) ?? "no output quota") "
                    + "(generation stops there); no RPM quota, no burndown; increases through AWS Support (\(MantleQuotas.source), read \(MantleQuotas.readOn))."
            )
        }
        let withoutRPM = rows.filter { $0.rpmQuota == nil && $0.quota.scope != .mantle }.map(\.quota.label)
        if !withoutRPM.isEmpty { notes.append("\(withoutRPM.joined(separator: ", ")): \(RuntimeQuotaKinds.rpmNote)") }
        for row in rows {
            if !row.withoutMaxTokens.isEmpty {
                notes.append(
                    "\(row.quota.label): \(row.withoutMaxTokens.joined(separator: ", ")) \(row.withoutMaxTokens.count == 1 ? "gives" : "give") "
                        + "no max_tokens; Bedrock then reserves the model's maximum output at each request's start, so the "
                        + "reservation is unknown and likely far above the figures here.")
            }
            if let attempted = row.attemptedRPM, let limit = row.rpmQuota, row.peakRPM > limit, attempted > row.peakRPM {
                notes.append(
                    "\(row.quota.label): above the quota every throttled call is retried: \(ms(row.peakRPM)) RPM with retries is "
                        + "\(ms(attempted)) attempted requests a minute against \(ms(limit)).")
            }
            if row.source == "observed" {
                if row.minutes == 0 {
                    notes.append("\(row.quota.label): no CloudWatch minutes of a profile drawing on it (ingest --format cloudwatch).")
                } else {
                    notes.append(
                        "\(row.quota.label): over \(row.minutes ?? 0) observed minutes, peak \(ms(row.peakRPM)) requests at "
                            + "\(row.peakRPMMinute ?? "—") and \(ms(row.peakTPMQuota)) quota tokens at \(row.peakTPMMinute ?? "—"); "
                            + "\(row.throttledMinutes ?? 0) minute\(row.throttledMinutes == 1 ? "" : "s") throttled (\(ms(row.throttles ?? 0)) requests)."
                    )
                }
            }
        }
        let how =
            observed
            ? "Observed peaks are CloudWatch's busiest minute of the sum over every profile drawing on the quota, minute by minute "
                + "(not the sum of each profile's own peak); peak RPM is the demand, Invocations + InvocationThrottles (requests the "
                + "quota refused count too, each retried attempt once: an upper bound). Billed TPM = input + cache write + output tokens in that minute; "
                + "quota TPM counts output × the model's burndown rate, as Bedrock does. "
            : "Peaks are summed over the services calling the quota's model from its region through a route of its scope. "
                + "Billed TPM = peak RPM × (input + cache write + output tokens); quota TPM counts output × the model's burndown "
                + "rate, as Bedrock does; reserved = peak RPM × (input + cache write + max_tokens), held when each request starts. "
        return TextTable(headers: headers(observed: observed), rows: table, rightAligned: numericColumns).rendered()
            + "\n\n"
            + (rows.contains { $0.source == "service-quotas" }
                ? "Quotas are the account's own, imported from Service Quotas (advisor.yaml declares none). " : "")
            + how + "Plan = peak + \(Int(PolicyFacts.headroom * 100))% headroom, to two significant figures.\n"
            + (notes.isEmpty ? "" : "\n" + notes.map { "note: \($0)" }.joined(separator: "\n") + "\n")
    }

    /// "anthropic.claude-sonnet-4-6: output tokens count 5x against the quota (AWS, URL, read DATE)".
    static func burndownNote(_ row: CapacityRow) -> String {
        let rate = "\(ms(row.burndown))x"
        let age = row.burndownAgeDays.flatMap { days in
            days > CatalogueFact.staleAfterDays
                ? "\(days) days ago: older than \(CatalogueFact.staleAfterDays) days, check the page (AWS changes it)" : nil
        }
        let cited = [row.burndownSource, row.burndownReadOn.map { "read \($0)" }, age].compactMap { $0 }.joined(separator: ", ")
        let status =
            row.burndownConfirmed
            ? ""
            : "; unconfirmed for this model: AWS's page states it for earlier versions, and later versions of the page are reported to give more"
        return "\(row.quota.model): output tokens count \(rate) against the quota (\(cited.isEmpty ? "no source" : cited))\(status)."
    }

    /// docs/data-formats.md: `{"quotas": [{model, region, scope, services, peak_rpm, rpm_quota, peak_tpm_billed,
    /// peak_tpm_quota, reserved_tpm, tpm_quota, plan_rpm, plan_tpm, source, …}]}`.
    public static func json(_ rows: [CapacityRow]) -> String {
        func number(_ value: Double?) -> JSONValue {
            guard let value else { return .null }
            return value == value.rounded() && abs(value) < 1e15 ? .int(Int(value)) : .double(value)
        }
        return JSONValue.object([
            (
                "quotas",
                .array(
                    rows.map { row in
                        var members: [(String, JSONValue)] = [
                            ("model", .string(row.quota.model)), ("region", .string(row.quota.region)),
                            ("scope", .string(row.quota.scope.rawValue)),
                            ("services", .array(row.services.map(JSONValue.string))),
                            ("peak_rpm", number(row.peakRPM)), ("rpm_quota", number(row.rpmQuota)),
                            ("peak_tpm_billed", number(row.peakTPMBilled)), ("peak_tpm_quota", number(row.peakTPMQuota)),
                            ("reserved_tpm", number(row.reservedTPM)), ("tpm_quota", number(row.tpmQuota)),
                            ("plan_rpm", number(row.planRPM)), ("plan_tpm", number(row.planTPM)),
                            ("attempted_rpm", number(row.attemptedRPM)), ("burndown", number(row.burndown)),
                            ("input_tpm_quota", number(row.inputTPMQuota)), ("output_tpm_quota", number(row.outputTPMQuota)),
                            ("peak_input_tpm", number(row.peakInputTPM)), ("peak_output_tpm", number(row.peakOutputTPM)),
                            ("burndown_source", .optional(row.burndownSource)), ("burndown_read", .optional(row.burndownReadOn)),
                            ("burndown_confirmed", .bool(row.burndownConfirmed)),
                            ("burndown_age_days", number(row.burndownAgeDays.map(Double.init))),
                            ("source", .string(row.source)),
                        ]
                        if row.source == "observed" {
                            members += [
                                ("peak_rpm_minute", .optional(row.peakRPMMinute)), ("peak_tpm_minute", .optional(row.peakTPMMinute)),
                                ("minutes", number(row.minutes.map(Double.init))),
                                ("throttled_minutes", number(row.throttledMinutes.map(Double.init))),
                                ("throttles", number(row.throttles)),
                            ]
                        }
                        return .object(members)
                    })
            )
        ]).rendered() + "\n"
    }
}
