public import Foundation

/// What the caller cares about most. Each priority names one measure; the rest break ties.
public enum Priority: String, Sendable, CaseIterable, Codable {
    /// P50 total latency.
    case latency
    /// P50 time to first byte, for streaming.
    case ttfb
    /// P99 total latency.
    case tail
    /// Relative price of the same tokens.
    case cost
    /// Size of the pool of destination regions the route draws capacity from.
    case throughput
    /// A weighted blend of latency, TTFB, tail and cost (see `BalancedWeights`).
    case balanced
}

/// Differences smaller than this are measurement noise, not a reason to choose.
///
/// Two latencies `a` and `b` are tied when `|a - b| <= max(milliseconds, fraction * min(a, b))`.
/// The default of 50 ms or 3% follows the seed lab, which calls the US differences of up to 49 ms
/// "almost no difference", and the spread of a P50 taken from 30 calls.
public struct NoiseMargin: Sendable, Equatable {
    public var milliseconds: Double
    public var fraction: Double

    public static let `default` = NoiseMargin(milliseconds: 50, fraction: 0.03)

    public init(milliseconds: Double, fraction: Double) {
        self.milliseconds = milliseconds
        self.fraction = fraction
    }

    public func allowance(_ a: Double, _ b: Double) -> Double {
        max(milliseconds, fraction * min(a, b))
    }

    public func isTie(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= allowance(a, b)
    }
}

/// Weights of the `balanced` priority. A measure is used only when every compared option has it.
public enum BalancedWeights {
    public static let totalP50 = 0.35
    public static let ttfbP50 = 0.25
    public static let totalP99 = 0.15
    public static let cost = 0.25
}

/// Relative costs closer than this are the same price.
let costTolerance = 0.005

/// One way to call a model from the source: a profile, or the bare model id where it is served in-region.
public struct RouteOption: Sendable, Hashable {
    /// What to pass as `modelId`.
    public var id: String
    public var model: String
    /// The profile's scope (`global`, `eu` …) or `in-region`.
    public var scope: String
    public var destinations: [String]

    public init(id: String, model: String, scope: String, destinations: [String]) {
        self.id = id
        self.model = model
        self.scope = scope
        self.destinations = destinations
    }

    /// The short name used in explanations: `eu.`, `global`, `in-region`.
    public var label: String {
        switch scope {
        case "global": return "global"
        case "in-region": return "in-region"
        default: return scope + "."
        }
    }
}

public enum Verdict: String, Sendable, Codable {
    case choice
    /// Within the noise margin of the best, lost on a tie-break.
    case tie
    case slower
    case costlier
    case smallerPool = "smaller pool"
    case lowerScore = "lower score"
    /// No figure for the priority's measure: never ranked as if it were fast.
    case unmeasured
}

public struct AssessedOption: Sendable {
    public var option: RouteOption
    public var ttfbP50: Double?
    public var totalP50: Double?
    public var totalP95: Double?
    public var totalP99: Double?
    public var samples: Int?
    /// Standard errors of the P50s when the figures come from raw samples.
    public var ttfbP50StandardError: Double?
    public var totalP50StandardError: Double?
    public var relativeCost: Double?
    public var price: Price?
    public var poolSize: Int
    /// The balanced score (1.0 = best on every measure), only for `balanced`.
    public var balancedScore: Double?
    public var rank: Int = 0
    public var verdict: Verdict = .unmeasured
    public var reasons: [String] = []
}

public struct Exclusion: Sendable, Equatable {
    public var id: String
    public var reason: String
    /// What Bedrock would answer if it were called anyway, when it would refuse.
    public var bedrockError: String?

    public init(id: String, reason: String, bedrockError: String? = nil) {
        self.id = id
        self.reason = reason
        self.bedrockError = bedrockError
    }
}

public struct ModelRecommendation: Sendable {
    public var model: Model
    /// The chosen identifier, nil when nothing qualifies.
    public var choice: String?
    public var options: [AssessedOption]
    public var excluded: [Exclusion]
    /// Why nothing qualifies, or caveats about the choice (e.g. it rests on no measurement).
    public var notes: [String]
}

public struct RecommendationRequest: Sendable {
    public var source: String
    public var models: [String]
    public var priority: Priority
    /// A geography code, or nil for any.
    public var residency: String?
    public var noise: NoiseMargin
    /// The moment the advice is for; data older than `staleAfterDays` before it is flagged.
    public var now: Date?
    public var staleAfterDays: Int

    /// Fewer successful calls than this behind an option, and its figures are called thin. The seed
    /// lab made 30 per endpoint; below that the interval of a median spans a third of the sample.
    public static let minimumSamples = 30

    public init(source: String, models: [String], priority: Priority, residency: String? = nil,
                noise: NoiseMargin = .default, now: Date? = nil, staleAfterDays: Int = DatasetFreshness.defaultStaleAfterDays) {
        self.source = source
        self.models = models
        self.priority = priority
        self.residency = residency
        self.noise = noise
        self.now = now
        self.staleAfterDays = staleAfterDays
    }
}

public struct Recommendation: Sendable {
    public var request: RecommendationRequest
    public var dataset: String
    public var models: [ModelRecommendation]
    /// What the data is and how old: named in every answer so a reader can judge it.
    public var datasetNotes: [String] = []

    /// True when some model has no qualifying option: the answer is "no".
    public var hasUnansweredModel: Bool { models.contains { $0.choice == nil } }
}

public enum Recommender {
    /// Models with at least one measured route from `source`, in catalogue order.
    public static func modelsWithData(from source: String, catalogue: Catalogue, dataset: Dataset) -> [String] {
        var measured: Set<String> = []
        for key in dataset.routes.keys where key.source == source {
            if let profile = catalogue.profile(key.profile) { measured.insert(profile.model) }
            else if let model = catalogue.model(key.profile) { measured.insert(model.id) }
        }
        return catalogue.models.map(\.id).filter(measured.contains)
    }

    public static func recommend(_ request: RecommendationRequest, catalogue: Catalogue,
                                 dataset: Dataset) -> Recommendation {
        let models = request.models.compactMap(catalogue.model)
        let results = models.map { recommend(model: $0, request: request, catalogue: catalogue, dataset: dataset) }
        var recommendation = Recommendation(request: request, dataset: dataset.name, models: results)
        recommendation.datasetNotes = DatasetFreshness.notes(dataset, source: request.source, now: request.now,
                                                             staleAfterDays: request.staleAfterDays)
        return recommendation
    }

    static func recommend(model: Model, request: RecommendationRequest, catalogue: Catalogue,
                          dataset: Dataset) -> ModelRecommendation {
        let (candidates, excluded) = candidates(for: model, request: request, catalogue: catalogue)
        var notes: [String] = []
        guard !candidates.isEmpty else {
            let residency = request.residency.map { " that keeps requests inside \($0)" } ?? ""
            notes.append("No way to call \(model.id) from \(request.source)\(residency): every option is ruled out below.")
            return ModelRecommendation(model: model, choice: nil, options: [], excluded: excluded, notes: notes)
        }
        var assessed = candidates.map { assess($0, source: request.source, catalogue: catalogue, dataset: dataset) }
        applyRelativeCost(&assessed, model: model.id)
        let ranking = Ranking(priority: request.priority, noise: request.noise)
        let ranked = ranking.rank(assessed)
        if ranked.first?.verdict == .unmeasured {
            notes.append("No \(ranking.measureName) figures for any option from \(request.source) in dataset "
                         + "\(dataset.name): the order is by cost, then pool size, not by measurement.")
        }
        let explained = Explainer(priority: request.priority, noise: request.noise, source: request.source,
                                  dataset: dataset.name).explain(ranked)
        let thin = explained.filter { option in
            option.verdict != .unmeasured && (option.samples ?? 0) < RecommendationRequest.minimumSamples
        }
        if !thin.isEmpty {
            let list = thin.map { "\($0.option.label) (\($0.samples.map(String.init) ?? "unknown") calls)" }
            notes.append("Thin data: \(list.joined(separator: ", ")) rest on fewer than "
                         + "\(RecommendationRequest.minimumSamples) successful calls; treat the ranking as provisional.")
        }
        return ModelRecommendation(model: model, choice: explained.first?.option.id, options: explained,
                                   excluded: excluded, notes: notes)
    }

    /// The callable, compliant ways to call `model`, and why the others are ruled out.
    static func candidates(for model: Model, request: RecommendationRequest,
                           catalogue: Catalogue) -> ([RouteOption], [Exclusion]) {
        var options: [RouteOption] = []
        var excluded: [Exclusion] = []
        let source = request.source
        var identifiers = catalogue.profiles(ofModel: model.id).map { ($0.id, $0.scope) }
        identifiers.append((model.id, "in-region"))
        for (id, scope) in identifiers {
            switch catalogue.callability(of: id, from: source) {
            case .notCallable(let reason, let bedrockError):
                excluded.append(Exclusion(id: id, reason: reason, bedrockError: bedrockError))
            case .callable(let destinations):
                let option = RouteOption(id: id, model: model.id, scope: scope, destinations: destinations)
                if let residency = request.residency {
                    let outside = catalogue.residencyViolations(destinations: destinations, residency: residency)
                    if !outside.isEmpty {
                        excluded.append(Exclusion(id: id, reason: residencyReason(option, outside: outside,
                                                                                  residency: residency)))
                        continue
                    }
                }
                options.append(option)
            }
        }
        return (options, excluded)
    }

    static func residencyReason(_ option: RouteOption, outside: [String], residency: String) -> String {
        if option.scope == "global" {
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
        let geographic = options.first { $0.option.scope != "global" && $0.option.scope != "in-region" && $0.price != nil }
        guard let reference = geographic?.price?.blendedPerMTok
            ?? options.compactMap({ $0.price?.blendedPerMTok }).max(), reference > 0 else { return }
        for index in options.indices {
            if let price = options[index].price {
                options[index].relativeCost = (price.blendedPerMTok / reference * 1000).rounded() / 1000
            }
        }
    }
}

/// How old a dataset is and how much it holds, said once per answer.
public enum DatasetFreshness {
    /// Figures older than this many days are stale, unless `--stale-days` or advisor.yaml's
    /// `stale_after_days` says otherwise: Bedrock adds regions and capacity every few weeks.
    public static let defaultStaleAfterDays = 30

    public static func ageInDays(_ dataset: Dataset, now: Date) -> Int? {
        dataset.measuredAt.map { Int(saturating: (now.timeIntervalSince($0) / 86_400).rounded(.down)) }
    }

    public static func notes(_ dataset: Dataset, source: String, now: Date?, staleAfterDays: Int) -> [String] {
        let routes = dataset.routes.filter { $0.key.source == source }
        let counts = routes.values.compactMap(\.n)
        let calls = counts.isEmpty ? "" : ", \(counts.reduce(0, +)) successful calls from \(source) "
            + "(\(counts.min()!)–\(counts.max()!) a route)"
        var describing = "Dataset \(dataset.name): \(dataset.kind == .samples ? "raw samples" : "published figures")\(calls)"
        var notes: [String] = []
        if let measured = dataset.measured {
            describing += ", measured \(measured)"
            if let now, let age = ageInDays(dataset, now: now), age < 0 {
                // Judged as of a day before the measurement (--as-of in the past, or a clock behind).
                describing += " (\(-age) day\(age == -1 ? "" : "s") after the date it is judged on)"
            } else if let now, let age = ageInDays(dataset, now: now) {
                describing += " (\(age) days ago)"
                if age > staleAfterDays {
                    notes.append("Stale data: \(dataset.name) is \(age) days old, older than \(staleAfterDays) days; "
                                 + "routes and capacity may have changed since. Re-measure before relying on it.")
                }
            }
        } else {
            describing += ", date unknown"
        }
        return [describing + "."] + notes
    }
}
