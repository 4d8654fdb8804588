public import Foundation

/// Derives what rules read about a service or a quota from the catalogue, dataset and scorer.
public enum PolicyFacts {
    /// Plan quotas this much above the summed peaks: the seed guide's 175 RPM of peaks come to "about 200".
    public static let headroom = 0.15
    public static let minimumSamples = RecommendationRequest.minimumSamples

    /// `now` gives the model's lifecycle stage on that day (no lifecycle facts without it).
    public static func target(_ service: ServiceConfig, catalogue: Catalogue, residency: String?, now: Date? = nil) -> Policy.Value {
        let id = service.model
        var kind = "unknown", model: String? = nil, scope: Scope? = nil
        if let application = catalogue.applicationProfile(id) {
            kind = "application"; model = application.model
            scope = catalogue.profile(application.wraps)?.scope ?? .inRegion
        } else if let profile = catalogue.profile(id) {
            kind = "profile"; model = profile.model; scope = profile.scope
        } else if catalogue.model(id) != nil {
            kind = "model"; model = id; scope = .inRegion
        }
        let answer = catalogue.callability(of: id, from: service.region)
        var facts = Facts(PolicySchema.target)
        // A prefix advisor does not know (in., amer., uk. appear in third-party code, not in AWS's
        // docs) is an unknown geography, never "a model" that stays in its Region.
        let parts = id.split(separator: ".")
        if kind == "unknown", parts.count >= 3, !id.hasPrefix("arn:"), catalogue.geography(String(parts[0])) == nil, parts[0] != "global" {
            facts["unknown_prefix"] = .string(String(parts[0]))
        }
        facts["known"] = .bool(kind != "unknown")
        facts["kind"] = .string(kind)
        facts["id"] = .string(id)
        facts["model"] = .optional(model)
        facts["scope"] = .optional(scope?.rawValue)
        facts["callable"] = .bool(answer.isCallable)
        facts["needs_profile"] = .bool(kind == "model" && !answer.isCallable)
        switch answer {
        case .callable(let destinations):
            facts["destinations"] = .list(destinations.map(Policy.Value.string))
            facts["countries_outside"] = .list(
                catalogue.countriesOutside(destinations: destinations, source: service.region)
                    .map { .string("\($0.country) (\($0.regions.joined(separator: ", ")))") })
            facts["jurisdiction"] = .optional(catalogue.jurisdictionNote(profile: id, destinations: destinations, source: service.region))
            if let residency, residency != "any" {
                facts["residency_outside"] = .list(
                    catalogue.residencyViolations(destinations: destinations, residency: residency, source: service.region)
                        .map(Policy.Value.string))
            } else {
                facts["residency_outside"] = .list([])
            }
        case .notCallable(let reason, let error):
            facts["reason"] = .string(reason)
            facts["bedrock_error"] = .string(error)
        }
        if let now, let model {
            let lifecycle = catalogue.model(model)?.lifecycle
            facts["lifecycle"] = .string(lifecycle?.stage(on: now).rawValue ?? ModelLifecycle.Stage.active.rawValue)
            facts["end_of_life"] = .optional(lifecycle?.endOfLife)
            facts["lifecycle_dates"] = .optional(lifecycle?.dates)
            facts["successor"] = .optional(lifecycle?.successor)
            facts["lifecycle_read_on"] = .optional(lifecycle?.readOn)
            if let successor = lifecycle?.successor, catalogue.model(successor) != nil {
                // A successor without the route's geography from this Region moves the data elsewhere.
                var scopes: [String] = []
                for way in catalogue.ways(toCall: successor, from: service.region) where way.answer.isCallable {
                    if !scopes.contains(way.scope.rawValue) { scopes.append(way.scope.rawValue) }
                }
                facts["successor_scopes"] = .list(scopes.map(Policy.Value.string))
                facts["successor_keeps_scope"] = .bool(scope.map { scopes.contains($0.rawValue) } ?? false)
            }
        }
        return facts.value
    }

    /// `staleAfterDays` is advisor.yaml's `stale_after_days` (DatasetFreshness.defaultStaleAfterDays).
    public static func data(
        _ service: ServiceConfig, target: Policy.Value, dataset: Dataset?, now: Date,
        staleAfterDays: Int = DatasetFreshness.defaultStaleAfterDays
    ) -> Policy.Value {
        var facts = Facts(PolicySchema.data)
        facts["stale_after_days"] = .optional(staleAfterDays)
        guard let dataset else {
            facts["measured"] = .bool(false)
            return facts.value
        }
        let profile = Policy.Functions.string(target["id"]) ?? service.model
        let stats = dataset.stats(source: service.region, profile: profile)
        facts["dataset"] = .string(dataset.name)
        facts["measured"] = .bool(stats != nil)
        facts["n"] = .optional(stats?.n)
        facts["ttfb_p50_ms"] = .optional(stats?.value(.ttfb, .p50))
        facts["total_p50_ms"] = .optional(stats?.value(.total, .p50))
        facts["total_p95_ms"] = .optional(stats?.value(.total, .p95))
        facts["total_p99_ms"] = .optional(stats?.value(.total, .p99))
        if let age = DatasetFreshness.ageInDays(dataset, now: now) {
            facts["age_days"] = .number(Double(age))
            facts["stale"] = .bool(age > staleAfterDays)
        }
        if let stats { facts["thin"] = .bool((stats.n ?? 0) < minimumSamples) }
        return facts.value
    }

    /// What CloudTrail showed of the service's route: where its calls ran, and which of those Regions
    /// lie outside the service's residency.
    public static func observed(
        _ service: ServiceConfig, target: Policy.Value, environment: PolicyEnvironment, now: Date,
        staleAfterDays: Int = DatasetFreshness.defaultStaleAfterDays
    ) -> Policy.Value {
        var facts = Facts(PolicySchema.observed)
        facts["available"] = .bool(!environment.observed.isEmpty)
        let profile = Policy.Functions.string(target["id"]) ?? service.model
        // CloudTrail names an application profile by its ARN; advisor.yaml may name it by its id.
        let application = environment.catalogue.applicationProfile(profile)?.arn
        func same(_ observed: String) -> Bool {
            observed == profile || (application != nil && environment.catalogue.applicationProfile(observed)?.arn == application)
        }
        guard let route = environment.observed.first(where: { $0.source == service.region && same($0.profile) }) else {
            facts["calls"] = .number(0)
            return facts.value
        }
        facts["calls"] = .number(Double(route.calls))
        facts["errors"] = .number(Double(route.errors))
        facts["destinations"] = .string(route.summary)
        facts["last"] = .string(route.last)
        if let residency = Policy.Functions.string(service.value["residency"]), residency != "any" {
            let outside = route.ranked.filter { !environment.catalogue.region($0.region, satisfies: residency, from: service.region) }
            facts["outside"] = .list(outside.map { .string("\($0.region) (\($0.calls) call\($0.calls == 1 ? "" : "s"))") })
            facts["outside_calls"] = .number(Double(outside.map(\.calls).reduce(0, +)))
        } else {
            facts["outside"] = .list([])
            facts["outside_calls"] = .number(0)
        }
        if let last = RFC3339.parseDateOrDateTime(route.last) {
            let age = Int(saturating: (now.timeIntervalSince(last) / 86_400).rounded(.down))
            facts["age_days"] = .number(Double(age))
            facts["stale"] = .bool(age > staleAfterDays)
        }
        census(route, service: service, into: &facts)
        return facts.value
    }

    /// What check simulated for the service, when advisor.yaml asked (`simulate:`).
    public static func simulated(_ service: ServiceConfig, environment: PolicyEnvironment) -> Policy.Value {
        var facts = Facts(PolicySchema.simulated)
        guard let run = environment.simulated[service.name] else {
            facts["ran"] = .bool(false)
            return facts.value
        }
        facts["ran"] = .bool(true)
        facts["quota"] = .string(run.quota)
        facts["policy"] = .string(run.policy)
        facts["minutes"] = .number(Double(run.minutes))
        facts["seed"] = .number(Double(run.seed))
        facts["give_up_pct"] = .number(run.giveUpPct)
        facts["throttled_pct"] = .number(run.throttledPct)
        facts["attempts_per_request"] = .number(run.attemptsPerRequest)
        facts["added_p50_ms"] = .number(run.addedP50Ms)
        facts["added_p99_ms"] = .number(run.addedP99Ms)
        return facts.value
    }

    /// The retry-mode census of the route (who called with which SDK and mode) as facts.
    static func census(_ route: RouteObservation, service: ServiceConfig, into facts: inout Facts) {
        facts["throttled"] = .number(Double(route.clients.map(\.throttled).reduce(0, +)))
        var byMode: [String: Int] = [:]
        for use in route.clients where !use.client.retryMode.isEmpty { byMode[use.client.retryMode, default: 0] += use.calls }
        let modes = byMode.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map(\.key)
        facts["retry_modes"] = .list(modes.map { .string($0) })
        let legacy = route.clients.filter { $0.client.retryMode == "legacy" }
        facts["legacy_calls"] = .number(Double(legacy.map(\.calls).reduce(0, +)))
        facts["legacy_callers"] = .list(
            legacy.map { use in
                .string(
                    "\(use.caller.isEmpty ? "an unrecorded caller" : use.caller) (\(use.client.sdk.isEmpty ? "unknown SDK" : use.client.sdk), "
                        + "\(use.calls) call\(use.calls == 1 ? "" : "s"))")
            })
        let configured = Policy.Functions.string(service.value["client"]["retry_mode"])
        facts["retry_modes_unlike_config"] = .list(configured.map { mode in modes.filter { $0 != mode }.map { .string($0) } } ?? [])
        let seen = route.calls + route.errors > 0
        if seen, let declared = Policy.Functions.number(service.value["client"]["max_attempts"]) {
            facts["max_attempts"] = .number(declared)
            facts["max_attempts_from"] = .string("advisor.yaml client.max_attempts")
        } else if let largest = route.clients.compactMap({ use in use.defaultAttempts.map { (use, $0) } }).max(by: { $0.1 < $1.1 }) {
            facts["max_attempts"] = .number(Double(largest.1))
            facts["max_attempts_from"] = .string("the default of \(largest.0.client.sdk) in \(largest.0.client.retryMode) mode")
        }
    }

    public static func advice(_ service: ServiceConfig, target: Policy.Value, catalogue: Catalogue, dataset: Dataset?, now: Date)
        -> Policy.Value
    {
        guard let model = Policy.Functions.string(target["model"]), let dataset,
            catalogue.region(service.region) != nil
        else { return Facts(PolicySchema.advice).value }
        let priority = Policy.Functions.string(service.value["priority"]).flatMap(Priority.init(rawValue:)) ?? .latency
        let residency = Policy.Functions.string(service.value["residency"]).flatMap { $0 == "any" ? nil : $0 }
        let request = RecommendationRequest(
            source: service.region, models: [model], priority: priority,
            residency: residency, now: now)
        guard let result = Recommender.recommend(request, catalogue: catalogue, dataset: dataset).models.first else {
            return Facts(PolicySchema.advice).value
        }
        var fields = Facts(PolicySchema.advice)
        fields["choice"] = .optional(result.choice)
        let current = Policy.Functions.string(target["id"])
        let currentOption =
            result.options.first { $0.option.id == current }
            ?? result.options.first { catalogue.applicationProfile(current ?? "")?.wraps == $0.option.id }
        if let choice = result.options.first, let currentOption, choice.option.id != currentOption.option.id,
            currentOption.verdict != .tie, currentOption.verdict != .unmeasured, choice.verdict != .unmeasured
        {
            fields["better"] = .bool(true)
            switch priority {
            case .latency, .balanced: fields["gain_ms"] = difference(currentOption.totalP50, choice.totalP50)
            case .ttfb: fields["gain_ms"] = difference(currentOption.ttfbP50, choice.ttfbP50)
            case .tail: fields["gain_ms"] = difference(currentOption.totalP99, choice.totalP99)
            case .cost, .throughput: break
            }
            if case .number = fields["gain_ms"], let mine = measure(currentOption, priority), let best = measure(choice, priority) {
                let gap = RouteGap.between(currentOption.option.scope, mine, choice.option.scope, best)
                fields["gain_pct"] = .number((abs(gap.percent) * 10).rounded() / 10)
            }
        } else {
            fields["better"] = .bool(false)
        }
        fields["measure"] = .string(priority.rawValue)
        if let global = catalogue.profiles(ofModel: model).first(where: { $0.isGlobal }),
            catalogue.callability(of: global.id, from: service.region).isCallable
        {
            fields["global_id"] = .string(global.id)
            fields["global_compliant"] = .bool(residency == nil)
            let globalOption = result.options.first { $0.option.id == global.id }
            if let saving = globalOption?.relativeCost, let mine = currentOption?.relativeCost, mine > 0 {
                fields["global_saving_pct"] = .number(((mine - saving) / mine * 100).rounded())
            } else if let globalPrice = catalogue.price(model: model, scope: .global),
                let mine = catalogue.price(model: model, scope: Scope(rawValue: Policy.Functions.string(target["scope"]) ?? ""))
            {
                fields["global_saving_pct"] = .number(
                    ((mine.blendedPerMTok - globalPrice.blendedPerMTok) / mine.blendedPerMTok * 100).rounded())
            }
        } else {
            fields["global_compliant"] = .bool(false)
        }
        return fields.value
    }

    static func difference(_ current: Double?, _ better: Double?) -> Policy.Value {
        guard let current, let better else { return .null }
        return .number((current - better).rounded())
    }

    static func measure(_ option: AssessedOption, _ priority: Priority) -> Double? {
        switch priority {
        case .ttfb: return option.ttfbP50
        case .tail: return option.totalP99
        default: return option.totalP50
        }
    }

    /// Every quota with its facts, for the engine and `advisor capacity` alike: the services that
    /// draw on a quota (same model, source region and quota scope — geographic, global or on-demand —,
    /// and profile when the quota names one) and their summed peaks, counted the way Bedrock counts
    /// (QuotaUsage). Services are grouped by (source region, model, scope) once, so Q quotas and S
    /// services cost O(Q + S), not O(Q × S).
    public static func quotas(
        _ quotas: [QuotaConfig], services: [ServiceConfig], targets: [Policy.Value],
        catalogue: Catalogue
    ) -> [(QuotaConfig, Policy.Value)] {
        var groups: [String: [(ServiceConfig, Policy.Value)]] = [:]
        for (service, target) in zip(services, targets) {
            guard let model = Policy.Functions.string(target["model"]) else { continue }
            let scope = QuotaScope.of(service, target: target)
            groups[[service.region, model, scope.rawValue].joined(separator: "|"), default: []].append((service, target))
        }
        return quotas.map { quota in
            let sharing = groups[[quota.region, quota.model, quota.scope.rawValue].joined(separator: "|")] ?? []
            let burndown = quota.scope == .mantle ? 1 : catalogue.model(quota.model)?.outputBurndown ?? 1
            return (quota, self.quota(quota, sharing: sharing, burndown: burndown))
        }
    }

    /// A service's traffic as the quota math reads it, when it gives a peak.
    public static func traffic(_ service: ServiceConfig) -> TrafficShape? {
        let traffic = service.value["traffic"]
        guard let peak = Policy.Functions.number(traffic["peak_rpm"]) else { return nil }
        return TrafficShape(
            peakRPM: peak, inputTokens: Policy.Functions.number(traffic["input_tokens"]) ?? 0,
            outputTokens: Policy.Functions.number(traffic["output_tokens"]) ?? 0,
            cacheWriteTokens: Policy.Functions.number(traffic["cache_write_tokens"]) ?? 0,
            maxTokens: Policy.Functions.number(traffic["max_tokens"]))
    }

    static func quota(_ quota: QuotaConfig, sharing candidates: [(ServiceConfig, Policy.Value)], burndown: Double) -> Policy.Value {
        var names: [Policy.Value] = []
        var withoutMaxTokens: [Policy.Value] = []
        var rpm = 0.0, billed = 0.0, counted = 0.0, reserved = 0.0, attempted = 0.0, output = 0.0
        for (service, target) in candidates {
            guard service.region == quota.region, Policy.Functions.string(target["model"]) == quota.model,
                quota.profile == nil || Policy.Functions.string(target["id"]) == quota.profile
            else { continue }
            names.append(.string(service.name))
            guard let traffic = traffic(service) else { continue }
            rpm += traffic.peakRPM
            billed += traffic.billedTPM
            counted += traffic.quotaTPM(burndown: burndown)
            if let reservation = traffic.reservedTPM { reserved += reservation } else { withoutMaxTokens.append(.string(service.name)) }
            output += traffic.peakRPM * traffic.outputTokens
            // Without a retry quota every throttled call is sent again, up to max_attempts (botocore's
            // standard mode): at a peak above the quota that is what arrives.
            attempted += traffic.peakRPM * max(1, Policy.Functions.number(service.value["client"]["max_attempts"]) ?? 1)
        }
        var facts = Facts(PolicySchema.quota)
        facts["model"] = .string(quota.model)
        facts["region"] = .string(quota.region)
        facts["scope"] = .string(quota.scope.rawValue)
        facts["profile"] = .optional(quota.profile)
        facts["rpm"] = .optional(quota.rpm)
        facts["tpm"] = .optional(quota.tpm)
        if quota.scope == .mantle {
            facts["input_tpm"] = .optional(quota.inputTPM)
            facts["output_tpm"] = .optional(quota.outputTPM)
            // Admission reserves input + max_tokens against the input quota, as runtime's reservation does.
            facts["peak_input_tpm"] = withoutMaxTokens.isEmpty && !names.isEmpty ? .number(reserved) : .null
            facts["peak_output_tpm"] = .number(output)
        }
        facts["services"] = .list(names)
        facts["peak_rpm"] = .number(rpm)
        facts["peak_tpm"] = .number(counted)
        facts["peak_tpm_billed"] = .number(billed)
        facts["burndown"] = .number(burndown)
        facts["reserved_tpm"] = withoutMaxTokens.isEmpty && !names.isEmpty ? .number(reserved) : .null
        facts["without_max_tokens"] = .list(withoutMaxTokens)
        facts["attempted_rpm"] = .number(attempted)
        facts["headroom"] = .number(headroom)
        facts["recommended_rpm"] = .number(recommended(rpm))
        facts["recommended_tpm"] = .number(recommended(counted))
        if let limit = quota.rpm, limit > 0 { facts["rpm_utilisation"] = .number(rpm / limit) }
        if let limit = quota.tpm, limit > 0 { facts["tpm_utilisation"] = .number(counted / limit) }
        return facts.value
    }

    /// Summed peak plus headroom, rounded up to two significant figures, so the plan never falls
    /// below peak + 15% (rounding to nearest planned 180 RPM for a 160 RPM peak, whose +15% is 184):
    /// 175 RPM → 210; 160 → 190; 200,000 TPM → 230,000.
    public static func recommended(_ peak: Double) -> Double {
        let target = peak * (1 + headroom)
        guard target > 0, target.isFinite else { return target.isFinite ? 0 : target }
        let exponent = Int(saturating: log10(target).rounded(.down)) - 1
        let scale = pow(10, Double(abs(exponent)))
        // Multiply or divide by an exact power of ten, so 8 × 1.15 plans 9.2, not 9.200000000000001;
        // the tolerance keeps 200,000 × 1.15 = 229,999.99999999997 at 230,000 rather than 240,000.
        let scaled = exponent >= 0 ? target / scale : target * scale
        let up = (scaled - 1e-9).rounded(.up)
        return exponent >= 0 ? up * scale : up / scale
    }
}
