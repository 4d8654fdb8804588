public import AdvisorCore
public import Foundation

// Each command's output formats (Renderer.swift says why they are lists). The functions they call
// live with their namespace; this file is the one place a command's `--format` choices are named.

extension RecommendationOutput: RendererList {
    public typealias Subject = (recommendation: Recommendation, catalogue: Catalogue)
    public static let formats: [Renderer<Subject>] = [
        Renderer("text", "a table per model") { text($0.recommendation, catalogue: $0.catalogue) },
        Renderer("json", "one document for scripts") { json($0.recommendation) },
        Renderer("markdown", "for a pull request or a review") { markdown($0.recommendation, catalogue: $0.catalogue) },
    ]
}

extension StatsOutput: RendererList {
    public typealias Subject = (dataset: Dataset, source: String?)
    public static let formats: [Renderer<Subject>] = [
        Renderer("text", "a table per model") { text($0.dataset, source: $0.source) },
        Renderer("json", "one document for scripts") { json($0.dataset, source: $0.source) },
        Renderer("csv", "one row per route") { csv($0.dataset, source: $0.source) },
    ]
}

extension DatasetsOutput: RendererList {
    public static let formats: [Renderer<[Entry]>] = [
        Renderer("text", "a line per dataset") { text($0) },
        Renderer("json", "one document for scripts") { json($0) },
    ]
}

extension CapacityOutput: RendererList {
    public static let formats: [Renderer<[CapacityRow]>] = [
        Renderer("text", "a block per quota") { text($0) },
        Renderer("json", "one document for scripts") { json($0) },
    ]
}

extension RoutesOutput: RendererList {
    public static let formats: [Renderer<RoutesOutput.View>] = [
        Renderer("text", "a table of observed routes") { text($0.routes, clients: $0.clients) },
        Renderer("json", "one document for scripts") { json($0.routes, clients: $0.clients) },
    ]
}

extension ProbeOutput: RendererList {
    public static let formats: [Renderer<Run>] = [
        Renderer("text", "the run's statistics per profile") { text($0) },
        Renderer("json", "one document for scripts") { json($0) },
    ]
}

extension VerifyOutput: RendererList {
    public struct Subject: Sendable {
        public var judgements: [LiveVerification.Judgement]
        public var source: String, priority: String, dataset: String, saved: String
        public init(judgements: [LiveVerification.Judgement], source: String, priority: String, dataset: String, saved: String) {
            self.judgements = judgements
            self.source = source
            self.priority = priority
            self.dataset = dataset
            self.saved = saved
        }
    }
    public static let formats: [Renderer<Subject>] = [
        Renderer("text", "per model, whether the advice holds") {
            text($0.judgements, source: $0.source, dataset: $0.dataset, saved: $0.saved)
        },
        Renderer("json", "one document for scripts") {
            json($0.judgements, source: $0.source, priority: $0.priority, dataset: $0.dataset)
        },
    ]
}

extension CatalogueOutput {
    /// `catalogue show`: the catalogue (or one model), or with --facts its dated facts.
    public enum Shown: Sendable {
        case catalogue(Catalogue, model: String?)
        case facts([CatalogueFact], now: Date)
    }
    public enum Show: RendererList {
        public static let formats: [Renderer<Shown>] = [
            Renderer("text", "tables") {
                switch $0 {
                case .catalogue(let catalogue, let model): showText(catalogue, model: model)
                case .facts(let facts, let now): factsText(facts, now: now)
                }
            },
            Renderer("json", "one document for scripts") {
                switch $0 {
                case .catalogue(let catalogue, let model): showJSON(catalogue, model: model)
                case .facts(let facts, let now): factsJSON(facts, now: now)
                }
            },
        ]
    }

    /// `catalogue callable`: one profile's answer, or the table of what each Region can call.
    public enum CallableAnswer: Sendable {
        case one(id: String, source: String, Callability)
        case table(CallableTable, Catalogue)
    }
    public enum Callable: RendererList {
        public static let formats: [Renderer<CallableAnswer>] = [
            Renderer("text", "a table") {
                switch $0 {
                case .one(let id, let source, let answer): callabilityText(id: id, source: source, answer)
                case .table(let table, let catalogue): callableText(table, catalogue: catalogue)
                }
            },
            Renderer("json", "one document for scripts") {
                switch $0 {
                case .one(let id, let source, let answer): callabilityJSON(id: id, source: source, answer)
                case .table(let table, _): callableJSON(table)
                }
            },
        ]
    }

    public enum Diff: RendererList {
        public static let formats: [Renderer<CatalogueDiff>] = [
            Renderer("text", "what was added, removed and changed") { diffText($0) },
            Renderer("json", "one document for scripts") { diffJSON($0) },
        ]
    }

    public enum Issues: RendererList {
        public typealias Subject = (issues: [CatalogueIssue], files: Int)
        public static let formats: [Renderer<Subject>] = [
            Renderer("text", "a line per issue") { issuesText($0.issues, files: $0.files) },
            Renderer("json", "one document for scripts") { issuesJSON($0.issues) },
        ]
    }
}

/// `advisor report`: the architecture-review document.
public enum ReviewFormats: RendererList {
    public typealias Subject = (review: Review, distributions: [RouteKey: RouteDistribution])
    public static let formats: [Renderer<Subject>] = [
        Renderer("markdown", "for a repository or a pull request") { MarkdownReview.render($0.review) },
        Renderer("html", "one self-contained page with charts") {
            HTMLReview.render($0.review, distributions: $0.distributions)
        },
    ]
}

extension FindingsReporters: RendererList {
    public static var formats: [Renderer<CheckOutcome>] {
        // The closure captures the identifier (a String), not the metatype, which is not Sendable.
        all.map { reporter in
            Renderer(reporter.identifier, reporter.description) { [identifier = reporter.identifier] check in
                FindingsReporters.named(identifier)?.report(check) ?? ""
            }
        }
    }
}

extension SimulationOutput: RendererList {
    public static let formats: [Renderer<[SimulationRun]>] = [
        Renderer("text", "a table per quota and policy") { text($0) },
        Renderer("json", "one document for scripts") { json($0) },
    ]
}

extension CatalogueOutput.Refresh: RendererList {
    public static let formats: [Renderer<CatalogueRefreshResult>] = [
        Renderer("text", "a line per Region, then the diff") { CatalogueOutput.refreshText($0) },
        Renderer("json", "one document for scripts") { CatalogueOutput.refreshJSON($0) },
    ]
}
