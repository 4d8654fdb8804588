public import Foundation

/// What a report covers and how it judges the data.
public struct ReviewRequest: Sendable {
    /// Source regions to cover; empty: every one the dataset measured from.
    public var sources: [String]
    /// Models to cover; empty: every one the dataset measured.
    public var models: [String]
    /// The moment the data's age is judged at.
    public var now: Date?
    public var staleAfterDays: Int
    public var noise: NoiseMargin
    /// Differences the dataset's source printed, to footnote where they differ from the data's.
    public var published: [PublishedDifference]
    /// Who printed them, as the footnotes name it: "the seed article".
    public var publishedBy: String
    /// The priorities of the decision matrix.
    public var priorities: [Priority]
    /// What the page says made it (provenance): advisor's version, the catalogue version's date
    /// and the command line; nil when not given.
    public var advisorVersion: String?
    public var catalogueDate: String?
    public var commandLine: String?

    public init(
        sources: [String] = [], models: [String] = [], now: Date? = nil,
        staleAfterDays: Int = DatasetFreshness.defaultStaleAfterDays, noise: NoiseMargin = .default,
        published: [PublishedDifference] = [], publishedBy: String = "the source",
        priorities: [Priority] = [.latency, .ttfb, .tail, .cost]
    ) {
        self.sources = sources
        self.models = models
        self.now = now
        self.staleAfterDays = staleAfterDays
        self.noise = noise
        self.published = published
        self.publishedBy = publishedBy
        self.priorities = priorities
    }
}

public enum ReviewBuilder {
    /// A P95 needs at least this many calls to rest on more than the slowest one; a P99, 100.
    public static let minimumCalls: [Statistic: Int] = [.p95: 20, .p99: 100]

    /// `observed`: the account's CloudTrail routing (advisor routes), shown beside the catalogue's.
    public static func build(
        dataset: Dataset, catalogue: Catalogue, request: ReviewRequest, baseline: Dataset? = nil,
        config: DeploymentConfig? = nil, findings: [Finding] = [], observed: [RouteObservation] = [],
        capacity: [CapacityRow] = [], simulations: [SimulationRun] = [], simulationSkipped: String? = nil
    ) -> Review {
        let sources = orderedSources(dataset, catalogue: catalogue, only: request.sources)
        let models = measuredModels(dataset, catalogue: catalogue, only: request.models)
        let routes = dataset.routes.filter {
            sources.contains($0.key.source) && models.contains(modelId(of: $0.key.profile, catalogue) ?? "")
        }
        let sections = models.compactMap { catalogue.model($0) }.map { model in
            section(model, sources: sources, dataset: dataset, catalogue: catalogue, request: request)
        }
        var provenance = provenance(dataset, routes: routes, sources: sources, request: request)
        provenance.generatedAt = request.now.map(RFC3339.dateTimeString)
        provenance.advisorVersion = request.advisorVersion
        provenance.catalogue = catalogue.name
        provenance.catalogueDate = request.catalogueDate
        provenance.commandLine = request.commandLine
        let decisions = sources.map {
            self.decisions(from: $0, models: models, dataset: dataset, catalogue: catalogue, request: request, observed: observed)
        }
        return Review(
            summary: summary(
                decisions, sections: sections, provenance: provenance, request: request, catalogue: catalogue, findings: findings),
            provenance: provenance,
            models: sections,
            decisions: decisions,
            comparison: baseline.map {
                compare(dataset, with: $0, sources: sources, models: models, catalogue: catalogue, request: request)
            },
            services: config.map { services($0, dataset: dataset, catalogue: catalogue, request: request, findings: findings) },
            capacity: config.map { _ in
                Review.Capacity(
                    rows: capacity, findings: findings.filter { $0.subjectKind == .quota }, simulations: simulations,
                    simulationSkipped: simulationSkipped)
            })
    }

    // MARK: What is covered

    static func orderedSources(_ dataset: Dataset, catalogue: Catalogue, only: [String]) -> [String] {
        let measured = Set(dataset.routes.keys.map(\.source)).filter { only.isEmpty || only.contains($0) }
        let known = catalogue.regions.map(\.code).filter(measured.contains)
        return known + measured.subtracting(known).sorted()
    }

    static func measuredModels(_ dataset: Dataset, catalogue: Catalogue, only: [String]) -> [String] {
        let measured = Set(dataset.routes.keys.compactMap { modelId(of: $0.profile, catalogue) })
        return catalogue.models.map(\.id).filter { measured.contains($0) && (only.isEmpty || only.contains($0)) }
    }

    static func modelId(of identifier: String, _ catalogue: Catalogue) -> String? {
        catalogue.profile(identifier)?.model ?? catalogue.model(identifier)?.id ?? catalogue.applicationProfile(identifier)?.model
    }

    static func scope(of identifier: String, _ catalogue: Catalogue) -> Scope {
        catalogue.profile(identifier)?.scope ?? (catalogue.model(identifier) != nil ? .inRegion : Scope(profileId: identifier))
    }

    // MARK: (1) Provenance and warnings

    static func provenance(_ dataset: Dataset, routes: [RouteKey: RouteStats], sources: [String], request: ReviewRequest)
        -> Review.Provenance
    {
        let counts = routes.values.compactMap(\.n)
        var warnings: [String] = []
        let age = request.now.flatMap { DatasetFreshness.ageInDays(dataset, now: $0) }
        if routes.isEmpty {
            warnings.append(
                dataset.routes.isEmpty
                    ? "Dataset \(dataset.name) holds no measurements: there is nothing to compare, chart or decide on."
                    : "Dataset \(dataset.name) has no measurements for the regions and models asked for.")
        }
        if let age, age > request.staleAfterDays {
            warnings.append(
                "Stale: measured \(age) days ago, more than the limit of \(request.staleAfterDays) days; routes and "
                    + "capacity may have changed since. Re-measure from your regions (advisor probe) before relying on it.")
        }
        if dataset.measured == nil { warnings.append("The date of the measurements is unknown: its age cannot be judged.") }
        let sorted = routes.sorted { $0.key < $1.key }
        let thin = sorted.filter { ($0.value.n ?? 0) > 0 && $0.value.n! < RecommendationRequest.minimumSamples }
        if !thin.isEmpty {
            warnings.append(
                "Thin: \(thin.count) route\(thin.count == 1 ? "" : "s") rest on fewer than \(RecommendationRequest.minimumSamples) "
                    + "successful calls (\(thin.map { "\(label($0.key)): \($0.value.n!)" }.joined(separator: ", "))); "
                    + "treat their figures and any decision on them as provisional.")
        }
        for statistic in [Statistic.p95, .p99] {
            let needed = minimumCalls[statistic]!
            let short = sorted.filter { entry in
                entry.value.value(.total, statistic) != nil && (entry.value.n ?? 0) < needed
            }
            guard !short.isEmpty else { continue }
            let calls = Set(short.map { $0.value.n.map(String.init) ?? "an unknown number of" })
            warnings.append(
                "\(statistic.rawValue.uppercased()) from too few calls: \(short.count) route\(short.count == 1 ? "" : "s") "
                    + "(\(short.map { label($0.key) }.joined(separator: ", "))) report a \(statistic.rawValue.uppercased()) from "
                    + "\(calls.sorted().joined(separator: " or ")) calls; it needs at least \(needed), and below that it is "
                    + "little more than the slowest call or two.")
        }
        let failedOnly = sorted.filter { ($0.value.n ?? 1) == 0 && !$0.value.errors.isEmpty }
        for (key, stats) in failedOnly {
            let errors = stats.errors.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
            warnings.append("Only errors: \(label(key)) has no successful call (\(errors)); it has no figures to compare.")
        }
        if counts.count < routes.count && dataset.kind == .summary {
            warnings.append("\(routes.count - counts.count) route\(routes.count - counts.count == 1 ? "" : "s") give no call count.")
        }
        return Review.Provenance(
            dataset: dataset.name, kind: dataset.kind, measured: dataset.measured, ageDays: age,
            origin: dataset.origin, description: dataset.description, routes: routes.count,
            calls: counts.reduce(0, +), callsPerRoute: counts.min().map { $0...counts.max()! },
            sources: sources, warnings: warnings)
    }

    static func label(_ key: RouteKey) -> String { "\(key.profile) from \(key.source)" }

    // MARK: (2, 3) The overview and tail tables

    static func figures(_ profile: String, stats: RouteStats, catalogue: Catalogue) -> Review.RouteFigures {
        Review.RouteFigures(
            profile: profile, scope: scope(of: profile, catalogue), ttfbP50: stats.value(.ttfb, .p50),
            totalP50: stats.value(.total, .p50), n: stats.n, errors: stats.errors)
    }

    static func section(
        _ model: Model, sources: [String], dataset: Dataset, catalogue: Catalogue,
        request: ReviewRequest
    ) -> Review.ModelSection {
        var rows: [Review.OverviewRow] = []
        var tails: [Review.TailRow] = []
        var footnotes: [String] = []
        var covered: [RouteKey] = []
        let globalId = catalogue.profiles(ofModel: model.id).first(where: \.isGlobal)?.id
        for source in sources {
            let mine = dataset.routes.filter { $0.key.source == source && modelId(of: $0.key.profile, catalogue) == model.id }
            guard !mine.isEmpty else { continue }
            let global = globalId.flatMap { id in
                mine[RouteKey(source: source, profile: id)].map { figures(id, stats: $0, catalogue: catalogue) }
            }
            let geographic = mine.keys.filter { scope(of: $0.profile, catalogue).isGeographic }.map(\.profile).sorted()
            if geographic.isEmpty {
                rows.append(
                    Review.OverviewRow(
                        source: source, global: global, geographic: nil,
                        note: missingGeographic(model, source: source, catalogue: catalogue)))
            }
            for profile in geographic {
                let geo = figures(profile, stats: mine[RouteKey(source: source, profile: profile)]!, catalogue: catalogue)
                var row = Review.OverviewRow(source: source, global: global, geographic: geo)
                if let g = global?.ttfbP50, let r = geo.ttfbP50 { row.ttfbGap = RouteGap(g, over: r) }
                if let g = global?.totalP50, let r = geo.totalP50 { row.totalGap = RouteGap(g, over: r) }
                row.ttfbFootnote = footnote(for: row, .ttfb, model: model, request: request, into: &footnotes)
                row.totalFootnote = footnote(for: row, .total, model: model, request: request, into: &footnotes)
                rows.append(row)
            }
            let ordered = mine.sorted {
                (scope(of: $0.key.profile, catalogue).breadth, $0.key.profile) > (
                    scope(of: $1.key.profile, catalogue).breadth, $1.key.profile
                )
            }
            covered += ordered.map(\.key)
            for (key, stats) in ordered where stats.value(.total, .p95) != nil || stats.value(.total, .p99) != nil {
                tails.append(
                    Review.TailRow(
                        source: source, profile: key.profile, scope: scope(of: key.profile, catalogue),
                        p50: stats.value(.total, .p50), p95: stats.value(.total, .p95),
                        p99: stats.value(.total, .p99), n: stats.n))
            }
        }
        return Review.ModelSection(model: model, overview: rows, tails: tails, routes: covered, footnotes: footnotes)
    }

    /// Why a region's row has no geographic side: the catalogue's reason when none is callable.
    static func missingGeographic(_ model: Model, source: String, catalogue: Catalogue) -> String {
        let callable = catalogue.ways(toCall: model.id, from: source).filter { $0.scope.isGeographic && $0.answer.isCallable }
        if callable.isEmpty { return "no geographic profile of \(model.name) is callable from \(source)" }
        return "not measured (callable: \(callable.map(\.id).joined(separator: ", ")))"
    }

    /// A footnote where the source printed another difference than its own P50s give.
    static func footnote(
        for row: Review.OverviewRow, _ metric: LatencyMetric, model: Model, request: ReviewRequest,
        into footnotes: inout [String]
    ) -> Int? {
        guard let gap = metric == .ttfb ? row.ttfbGap : row.totalGap, let geographic = row.geographic, let global = row.global,
            let printed = request.published.first(where: { $0.source == row.source && $0.model == model.id && $0.metric == metric })
        else { return nil }
        var differs: [String] = []
        var computed: [String] = []
        if let value = printed.milliseconds, value != gap.milliseconds.rounded() {
            differs.append(RouteGap(value, over: 0).signedMillisecondsText)
            computed.append(gap.signedMillisecondsText)
        }
        if let value = printed.percent, (value * 10).rounded() != (gap.percent * 10).rounded() {
            var shown = RouteGap(0, over: 1)
            shown.percent = value
            differs.append(shown.signedPercentText)
            computed.append(gap.signedPercentText)
        }
        guard !differs.isEmpty else { return nil }
        let (a, b) = metric == .ttfb ? (global.ttfbP50!, geographic.ttfbP50!) : (global.totalP50!, geographic.totalP50!)
        footnotes.append(
            "\(row.source), \(metric == .ttfb ? "TTFB" : "total"): \(request.publishedBy) printed "
                + "\(differs.joined(separator: " and ")); its P50s \(ms(a)) and \(ms(b)) ms give "
                + "\(computed.joined(separator: " and ")) (it computed the difference before rounding).")
        return footnotes.count
    }

    // MARK: (4) The decision matrix

    static func decisions(
        from source: String, models: [String], dataset: Dataset, catalogue: Catalogue,
        request: ReviewRequest, observed: [RouteObservation] = []
    ) -> Review.RegionDecisions {
        var rows: [Review.Decision] = []
        var facts: [String] = []
        var seen: [String] = []
        let measured = models.filter { model in
            dataset.routes.keys.contains { $0.source == source && modelId(of: $0.profile, catalogue) == model }
        }
        for model in measured {
            for priority in request.priorities {
                let answer = recommend(model, source: source, priority: priority, dataset: dataset, catalogue: catalogue, request: request)
                rows.append(
                    Review.Decision(
                        model: model, priority: priority, choice: answer.choice, reason: reason(answer),
                        margin: margin(answer, priority: priority)))
                if priority == request.priorities.first {
                    for option in answer.options {
                        if let route = observed.first(where: { $0.source == source && $0.profile == option.option.id }) {
                            seen.append(route.besideCatalogue(option.option, fullId: true))
                        }
                    }
                }
                if priority == request.priorities.first, !answer.options.contains(where: { $0.option.scope.isGeographic }) {
                    let name = catalogue.model(model)?.name ?? model
                    for exclusion in answer.excluded where scope(of: exclusion.id, catalogue).isGeographic {
                        facts.append(
                            "\(name): \(exclusion.id) is \(exclusion.reason)"
                                + (exclusion.bedrockError.map { " (Bedrock answers \($0))" } ?? ""))
                    }
                }
            }
        }
        return Review.RegionDecisions(
            source: source, regionName: catalogue.region(source)?.name, rows: rows, catalogueFacts: facts,
            observed: seen)
    }

    static func recommend(
        _ model: String, source: String, priority: Priority, dataset: Dataset, catalogue: Catalogue,
        request: ReviewRequest, residency: String? = nil
    ) -> ModelRecommendation {
        let ask = RecommendationRequest(
            source: source, models: [model], priority: priority, residency: residency,
            noise: request.noise, now: request.now, staleAfterDays: request.staleAfterDays)
        return Recommender.recommend(ask, catalogue: catalogue, dataset: dataset).models[0]
    }

    /// How far the choice is ahead of the runner-up on the priority's measure, when both have it.
    static func margin(_ answer: ModelRecommendation, priority: Priority) -> String? {
        guard answer.options.count >= 2 else { return nil }
        let first = answer.options[0], second = answer.options[1]
        if priority == .cost {
            guard let a = first.relativeCost, let b = second.relativeCost, b > a else { return nil }
            return "\(Int(((b - a) / b * 100).rounded()))% cheaper"
        }
        func measure(_ option: AssessedOption) -> Double? {
            switch priority {
            case .ttfb: return option.ttfbP50
            case .tail: return option.totalP99 ?? option.totalP95 ?? option.totalP90
            default: return option.totalP50
            }
        }
        guard let a = measure(first), let b = measure(second) else { return nil }
        let lead = Int((b - a).rounded())
        // Behind on the measure: the two tied within the noise margin and the tie went on cost.
        return lead >= 0 ? "\(lead) ms ahead" : "tied (\(-lead) ms behind), cheaper"
    }

    /// The one line a matrix cell gives: why the choice beat the runner-up, or why nothing was measured.
    static func reason(_ answer: ModelRecommendation) -> String {
        guard let first = answer.options.first else { return answer.notes.first ?? "no option qualifies" }
        if first.verdict == .unmeasured, let note = answer.notes.first { return note }
        return first.reasons.first ?? ""
    }

    // MARK: (5) Against another dataset

    static func compare(
        _ dataset: Dataset, with baseline: Dataset, sources: [String], models: [String], catalogue: Catalogue,
        request: ReviewRequest
    ) -> Review.Comparison {
        let covered = { (key: RouteKey) in sources.contains(key.source) && models.contains(modelId(of: key.profile, catalogue) ?? "") }
        let mine = Set(dataset.routes.keys.filter(covered))
        // The baseline's routes in the regions and models asked for (all, unless --source or --model narrowed them).
        let theirs = Set(
            baseline.routes.keys.filter { key in
                (request.sources.isEmpty || request.sources.contains(key.source))
                    && (request.models.isEmpty || request.models.contains(modelId(of: key.profile, catalogue) ?? ""))
            })
        var changes: [Review.RouteChange] = []
        for key in mine.intersection(theirs).sorted() {
            let now = dataset.routes[key]!, before = baseline.routes[key]!
            for metric in LatencyMetric.allCases {
                guard let a = now.value(metric, .p50), let b = before.value(metric, .p50) else { continue }
                var confidence = Review.Confidence.unknown
                if let x = now.p50Intervals[metric], let y = before.p50Intervals[metric] {
                    confidence = x.overlaps(y) ? .notSignificant : .significant
                }
                changes.append(
                    Review.RouteChange(
                        key: key, metric: metric, baseline: b, now: a, gap: RouteGap(a, over: b),
                        confidence: confidence))
            }
        }
        var flips: [Review.Flip] = []
        let shared = sources.filter { source in theirs.contains { $0.source == source } }
        for source in shared {
            for model in models
            where mine.contains(where: { $0.source == source && modelId(of: $0.profile, catalogue) == model })
                && theirs.contains(where: { $0.source == source && modelId(of: $0.profile, catalogue) == model })
            {
                for priority in request.priorities {
                    let after = recommend(
                        model, source: source, priority: priority, dataset: dataset, catalogue: catalogue, request: request
                    ).choice
                    let before = recommend(
                        model, source: source, priority: priority, dataset: baseline, catalogue: catalogue, request: request
                    ).choice
                    if after != before {
                        flips.append(Review.Flip(source: source, model: model, priority: priority, before: before, after: after))
                    }
                }
            }
        }
        return Review.Comparison(
            dataset: dataset.name, baseline: baseline.name, changes: changes,
            onlyInDataset: mine.subtracting(theirs).sorted(), onlyInBaseline: theirs.subtracting(mine).sorted(),
            flips: flips)
    }

    // MARK: (6) The services of advisor.yaml

    static func services(
        _ config: DeploymentConfig, dataset: Dataset, catalogue: Catalogue, request: ReviewRequest,
        findings: [Finding]
    ) -> [Review.ServiceReview] {
        config.services.map { service in
            let priority = Policy.Functions.string(service.value["priority"]).flatMap(Priority.init(rawValue:)) ?? .latency
            let residency = Policy.Functions.string(service.value["residency"]).flatMap { $0 == "any" ? nil : $0 }
            var recommended: String?
            if let model = modelId(of: service.model, catalogue), catalogue.region(service.region) != nil {
                recommended =
                    recommend(
                        model, source: service.region, priority: priority, dataset: dataset, catalogue: catalogue,
                        request: request, residency: residency
                    ).choice
            }
            return Review.ServiceReview(
                name: service.name, region: service.region, route: service.model, priority: priority,
                residency: residency, recommended: recommended,
                findings: findings.filter { $0.subjectKind == .service && $0.subject == service.name })
        }
    }
}
