public import AdvisorCore
import AdvisorProbe
public import AdvisorReporting
public import Foundation

/// `advisor verify`: decide as recommend does on a dataset, call the choice and the runner-up live,
/// and judge whether the advice holds (LiveVerification, deciding again with the same function on
/// what was measured).
public enum VerifyAdvice {
    public struct Request: Sendable {
        public var source: String
        /// Model ids; empty means every model the dataset measured from `source`.
        public var models: [String]
        public var priority: Priority
        public var residency: String?
        public var dataset: String
        public var runs: Int
        public var intervalSeconds: Double
        /// How far above the dataset's P50 a measured P50 may be (0.2 = 20%).
        public var tolerance: Double
        /// The dataset the calls are stored in (default verify-REGION-DATE).
        public var saveAs: String?
        public var now: Date

        public init(
            source: String, models: [String], priority: Priority, residency: String?, dataset: String, runs: Int,
            intervalSeconds: Double, tolerance: Double, saveAs: String?, now: Date
        ) {
            self.source = source
            self.models = models
            self.priority = priority
            self.residency = residency
            self.dataset = dataset
            self.runs = runs
            self.intervalSeconds = intervalSeconds
            self.tolerance = tolerance
            self.saveAs = saveAs
            self.now = now
        }
    }

    public struct Result: Sendable {
        public var judgements: [LiveVerification.Judgement]
        public var interrupted: Bool
        /// The dataset the advice came from, and the one the calls went into.
        public var dataset: String
        public var saved: String
    }

    /// Runs the verification on the session `session()` opens at the first call (a bad dataset or
    /// model is named before credentials are looked for); the command adds Ctrl-C and progress.
    public static func verify(
        _ request: Request, workspace: Workspace, catalogue: Catalogue, session: () throws -> ProbeSession,
        shouldStop: @escaping @Sendable () -> Bool = { false },
        onSample: (ProbeOutput.Sample, _ index: Int) -> Void = { _, _ in }
    ) throws -> Result {
        var opened: ProbeSession?
        func run(_ plan: ProbePlan, _ dataset: String, _ model: String) throws -> ProbeRunner.Outcome {
            let live = try opened ?? session()
            opened = live
            return try live.run(
                plan, workspace: workspace, dataset: dataset, model: model, command: "advisor verify",
                shouldStop: shouldStop
            ) { sample, index in onSample(ProbeRecords.reported(sample), index) }
        }
        let data = try workspace.dataset(named: request.dataset)
        var modelIds = request.models
        if modelIds.isEmpty { modelIds = Recommender.modelsWithData(from: request.source, catalogue: catalogue, dataset: data) }
        guard !modelIds.isEmpty else {
            throw RequestError(
                field: "--model", message: "dataset \(data.name) has no measurements from \(request.source); name the models with --model")
        }
        let recommendation = Recommender.recommend(
            RecommendationRequest(
                source: request.source, models: modelIds, priority: request.priority, residency: request.residency,
                now: request.now),
            catalogue: catalogue, dataset: data)
        let saved = request.saveAs ?? "verify-\(request.source)-\(RFC3339.dateString(request.now))"
        var judgements: [LiveVerification.Judgement] = []
        for model in recommendation.models {
            let runnerUpId = model.options.dropFirst().first?.option.id
            let profiles = [model.choice, runnerUpId].compactMap { $0 }
            guard !profiles.isEmpty else {
                judgements.append(
                    LiveVerification.judge(
                        model, choice: nil, runnerUp: nil, tolerance: request.tolerance,
                        noise: recommendation.request.noise))
                continue
            }
            let plan = ProbePlan(
                source: request.source, model: model.model.id, profiles: profiles, runs: request.runs, warmup: 1,
                intervalSeconds: request.intervalSeconds)
            let outcome = try run(plan, saved, model.model.id)
            if outcome.interrupted {
                return Result(judgements: judgements, interrupted: true, dataset: data.name, saved: saved)
            }
            let choiceCalls = ProbeRecords.measured(model.choice, in: outcome, source: request.source)
            let runnerUpCalls = ProbeRecords.measured(runnerUpId, in: outcome, source: request.source)
            var byProfile: [String: LiveVerification.Measured] = [:]
            if let id = model.choice, let choiceCalls { byProfile[id] = choiceCalls }
            if let id = runnerUpId, let runnerUpCalls { byProfile[id] = runnerUpCalls }
            let live = LiveVerification.liveRecommendation(
                model, measured: byProfile, request: recommendation.request,
                catalogue: catalogue, dataset: saved)
            judgements.append(
                LiveVerification.judge(
                    model, choice: choiceCalls, runnerUp: runnerUpCalls, live: live,
                    tolerance: request.tolerance, noise: recommendation.request.noise))
        }
        return Result(judgements: judgements, interrupted: false, dataset: data.name, saved: saved)
    }
}
