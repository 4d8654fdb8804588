import Foundation

public enum Recommender {
    /// Models with at least one measured route from `source`, in catalogue order.
    public static func modelsWithData(from source: String, catalogue: Catalogue, dataset: Dataset) -> [String] {
        var measured: Set<String> = []
        for key in dataset.routes.keys where key.source == source {
            if let profile = catalogue.profile(key.profile) {
                measured.insert(profile.model)
            } else if let model = catalogue.model(key.profile) {
                measured.insert(model.id)
            }
        }
        return catalogue.models.map(\.id).filter(measured.contains)
    }

    public static func recommend(
        _ request: RecommendationRequest, catalogue: Catalogue,
        dataset: Dataset
    ) -> Recommendation {
        let models = request.models.compactMap(catalogue.model)
        let results = models.map { recommend(model: $0, request: request, catalogue: catalogue, dataset: dataset) }
        var recommendation = Recommendation(request: request, dataset: dataset.name, models: results)
        recommendation.datasetNotes = DatasetFreshness.notes(
            dataset, source: request.source, now: request.now,
            staleAfterDays: request.staleAfterDays)
        return recommendation
    }

    static func recommend(
        model: Model, request: RecommendationRequest, catalogue: Catalogue,
        dataset: Dataset
    ) -> ModelRecommendation {
        var (candidates, excluded) = candidates(for: model, request: request, catalogue: catalogue)
        var notes: [String] = []
        if let lifecycle = model.lifecycle, let now = request.now {
            let stage = lifecycle.stage(on: now)
            let successor =
                lifecycle.successor.flatMap { catalogue.model($0) }
                .map { " Move to \($0.name) (\($0.id))\(lifecycle.successorNote.map { ", \($0)" } ?? "")." } ?? ""
            let age =
                CatalogueFact(subject: model.id, fact: "lifecycle", value: "", source: lifecycle.source, readOn: lifecycle.readOn)
                .ageDays(now: now).flatMap { $0 > CatalogueFact.staleAfterDays ? ", \($0) days ago: check the page" : nil } ?? ""
            let cited = "(AWS's lifecycle page, read \(lifecycle.readOn)\(age))"
            switch stage {
            case .endOfLife:
                // Never recommended: Bedrock refuses a model past its end of life.
                let reason = "\(model.name) reached end of life on \(lifecycle.endOfLife ?? "?") \(cited); Bedrock no longer serves it"
                excluded += candidates.map { Exclusion(id: $0.id, reason: reason) }
                candidates = []
                notes.append(reason + "." + successor)
            case .legacy, .extendedAccess:
                let price = stage == .extendedAccess ? " In public extended access its price is the provider's higher one." : ""
                notes.append("\(model.name) is a Legacy model: \(lifecycle.dates) \(cited).\(price)\(successor)")
            case .active:
                break
            }
        }
        guard !candidates.isEmpty else {
            let residency =
                request.residency.map { " that keeps requests inside \(catalogue.residencyName($0, source: request.source))" } ?? ""
            notes.append("No way to call \(model.id) from \(request.source)\(residency): every option is ruled out below.")
            return ModelRecommendation(model: model, choice: nil, options: [], excluded: excluded, notes: notes)
        }
        var assessed = candidates.map { assess($0, source: request.source, catalogue: catalogue, dataset: dataset) }
        applyRelativeCost(&assessed, model: model.id)
        var decidedOn: String?
        let tail = tailStatistic(assessed)
        if request.priority == .tail, let tail, tail != .p99 {
            let missing = assessed.filter { $0.totalP99 == nil }.map(\.option.label)
            decidedOn = "\(tail.rawValue.uppercased()) total latency"
            notes.append(
                "Tail latency decided on \(decidedOn!), the highest percentile every measured option has in dataset "
                    + "\(dataset.name): no P99 for \(missing.joined(separator: ", ")). Measure the tail (advisor probe) to decide on P99.")
        }
        if request.priority == .tail, tail == nil {
            notes.append(
                "No total-latency figures for any option from \(request.source) in dataset \(dataset.name): "
                    + "tail latency cannot be decided, and advisor does not fall back to cost. Measure it (advisor probe) "
                    + "or choose another --priority.")
            return ModelRecommendation(model: model, choice: nil, options: [], excluded: excluded, notes: notes)
        }
        let ranking = Ranking(priority: request.priority, noise: request.noise, tailStatistic: tail ?? .p99)
        let ranked = ranking.rank(assessed)
        if ranked.first?.verdict == .unmeasured {
            notes.append(
                "No \(ranking.measureName) figures for any option from \(request.source) in dataset "
                    + "\(dataset.name): the order is by cost, then pool size, not by measurement.")
        }
        let explained = Explainer(
            priority: request.priority, noise: request.noise, source: request.source,
            dataset: dataset.name, tailStatistic: tail ?? .p99
        ).explain(ranked)
        let thin = explained.filter { option in
            option.verdict != .unmeasured && (option.samples ?? 0) < RecommendationRequest.minimumSamples
        }
        if !thin.isEmpty {
            let list = thin.map { "\($0.option.label) (\($0.samples.map(String.init) ?? "unknown") calls)" }
            notes.append(
                "Thin data: \(list.joined(separator: ", ")) rest on fewer than "
                    + "\(RecommendationRequest.minimumSamples) successful calls; treat the ranking as provisional.")
        }
        if let chosen = explained.first?.option,
            let note = catalogue.jurisdictionNote(profile: chosen.id, destinations: chosen.destinations, source: request.source)
        {
            notes.append("Where the data goes: " + note + ".")
        }
        var result = ModelRecommendation(
            model: model, choice: explained.first?.option.id, options: explained,
            excluded: excluded, notes: notes)
        result.decidedOn = decidedOn
        return result
    }

    /// The highest percentile of total latency that every measured option has (any option with a
    /// total figure counts as measured), nil when none has any.
    static func tailStatistic(_ options: [AssessedOption]) -> Statistic? {
        let measured = options.filter { option in AssessedOption.tailStatistics.contains { option.total(at: $0) != nil } }
        guard !measured.isEmpty else { return nil }
        return AssessedOption.tailStatistics.first { statistic in measured.allSatisfy { $0.total(at: statistic) != nil } }
    }

    /// The callable, compliant ways to call `model`, and why the others are ruled out.
    static func candidates(
        for model: Model, request: RecommendationRequest,
        catalogue: Catalogue
    ) -> ([RouteOption], [Exclusion]) {
        var options: [RouteOption] = []
        var excluded: [Exclusion] = []
        for way in catalogue.ways(toCall: model.id, from: request.source) {
            switch way.answer {
            case .notCallable(let reason, let bedrockError):
                excluded.append(Exclusion(id: way.id, reason: reason, bedrockError: bedrockError))
            case .callable(let destinations):
                let option = RouteOption(id: way.id, model: model.id, scope: way.scope, destinations: destinations)
                if let residency = request.residency {
                    let outside = catalogue.residencyViolations(destinations: destinations, residency: residency, source: request.source)
                    if !outside.isEmpty {
                        excluded.append(
                            Exclusion(
                                id: way.id,
                                reason: residencyReason(
                                    option, outside: outside,
                                    residency: catalogue.residencyName(residency, source: request.source))))
                        continue
                    }
                }
                options.append(option)
            }
        }
        return (options, excluded)
    }

    static func residencyReason(_ option: RouteOption, outside: [String], residency: String) -> String {
        if option.scope.isGlobal {
            return "residency \(residency): global may route to any of \(option.destinations.count) commercial regions, "
                + "\(outside.count) of them outside \(residency)"
        }
        return "residency \(residency): from the source it routes to \(outside.joined(separator: ", ")), outside \(residency)"
    }

    static func assess(_ option: RouteOption, source: String, catalogue: Catalogue, dataset: Dataset) -> AssessedOption {
        let stats = dataset.stats(source: source, profile: option.id)
        return AssessedOption(
            option: option,
            ttfbP50: stats?.value(.ttfb, .p50),
            totalP50: stats?.value(.total, .p50),
            totalP90: stats?.value(.total, .p90),
            totalP95: stats?.value(.total, .p95),
            totalP99: stats?.value(.total, .p99),
            samples: stats?.n,
            ttfbP50StandardError: stats?.p50StandardErrors[.ttfb],
            totalP50StandardError: stats?.p50StandardErrors[.total],
            relativeCost: nil,
            price: catalogue.price(model: option.model, scope: option.scope),
            poolSize: option.destinations.count)
    }

    /// Relative cost against the geographic price of the same model (1.0), or against the dearest
    /// option when the model has no geographic price.
    static func applyRelativeCost(_ options: inout [AssessedOption], model: String) {
        let geographic = options.first { $0.option.scope.isGeographic && $0.price != nil }
        guard
            let reference = geographic?.price?.blendedPerMTok
                ?? options.compactMap({ $0.price?.blendedPerMTok }).max(), reference > 0
        else { return }
        for index in options.indices {
            if let price = options[index].price {
                options[index].relativeCost = (price.blendedPerMTok / reference * 1000).rounded() / 1000
            }
        }
    }
}
