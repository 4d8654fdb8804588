public import AdvisorCore
import AdvisorFormats
public import Foundation

/// The review behind `advisor report`: the recommendations on a dataset (by the one decision
/// function, through ReviewBuilder), the routes CloudTrail saw, and, with a config, exactly what
/// `check` finds (PolicyAssessment) with the capacity figures.
public enum ReviewAssembly {
    public struct Request: Sendable {
        public var sources: [String]
        public var models: [String]
        /// The dataset reviewed; `datasetGiven` when the user named it (else a config's `dataset:` wins for its findings).
        public var dataset: String
        public var datasetGiven: Bool
        /// A second dataset to compare with (`--compare`).
        public var compare: String?
        /// Keep every sample's figures, for the distribution charts.
        public var distributions: Bool
        public var deployment: DeploymentConfig?
        public var rules: [Rule]
        public var now: Date
        /// What the page says made it: advisor's version and the command line.
        public var advisorVersion: String?
        public var commandLine: String?

        public init(
            sources: [String], models: [String], dataset: String, datasetGiven: Bool, compare: String?, distributions: Bool,
            deployment: DeploymentConfig?, rules: [Rule], now: Date
        ) {
            self.sources = sources
            self.models = models
            self.dataset = dataset
            self.datasetGiven = datasetGiven
            self.compare = compare
            self.distributions = distributions
            self.deployment = deployment
            self.rules = rules
            self.now = now
        }
    }

    public static func build(_ ask: Request, workspace: Workspace, parallelism: Int) throws -> (review: Review, dataset: Dataset) {
        let catalogue = try workspace.catalogue(named: ask.deployment?.catalogue)
        let sourceCodes = try ask.sources.map { try catalogue.resolveRegion($0, field: "--source").code }
        let modelIds = try ask.models.map { try catalogue.resolveModel($0, field: "--model").id }
        let data = try workspace.dataset(named: ask.dataset, distributions: ask.distributions)
        let baseline = try ask.compare.map { name in try workspace.dataset(named: name, field: "--compare") }
        let published = data.name == BuiltinData.seedDatasetName ? try BuiltinData.seedPublished() : []
        var request = ReviewRequest(
            sources: sourceCodes, models: modelIds, now: ask.now, published: published,
            publishedBy: BuiltinData.seedPublisher)
        if let deployment = ask.deployment { request.staleAfterDays = deployment.staleAfterDays }
        request.advisorVersion = ask.advisorVersion
        request.commandLine = ask.commandLine
        request.catalogueDate = try workspace.catalogueVersions().first { $0.name == catalogue.name }?.createdAt
        let observed = RouteObservation.from(try workspace.observedCounts(), catalogue: catalogue)
        let assessment = try ask.deployment.map {
            try PolicyAssessment.assess(
                $0, rules: ask.rules, workspace: workspace, catalogue: catalogue,
                dataset: ask.datasetGiven ? ask.dataset : nil, now: ask.now, parallelism: parallelism, simulate: true)
        }
        let review = ReviewBuilder.build(
            dataset: data, catalogue: catalogue, request: request, baseline: baseline,
            config: assessment?.deployment, findings: assessment?.findings ?? [], observed: observed,
            capacity: assessment?.capacity ?? [], simulations: assessment?.simulations ?? [],
            simulationSkipped: assessment?.simulationSkipped)
        return (review, data)
    }
}
