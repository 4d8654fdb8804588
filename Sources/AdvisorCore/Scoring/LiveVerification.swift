/// `advisor verify`'s judgement of one model's advice against calls just made: is the choice
/// callable from here, does its latency still agree with the dataset, and does the ranking hold.
/// Pure: the measured figures come in as statistics and refusal codes.
public enum LiveVerification {
    public struct Measured: Sendable, Equatable {
        public var stats: RouteSampleStats
        /// The error Bedrock refused the profile with, when every call was refused (ValidationException, AccessDenied …).
        public var refusal: String?
        /// Why the run stopped calling, when it gave up on the endpoint.
        public var abandoned: String?

        public init(stats: RouteSampleStats, refusal: String?, abandoned: String? = nil) {
            self.stats = stats
            self.refusal = refusal
            self.abandoned = abandoned
        }
    }

    public struct Judgement: Sendable, Equatable {
        public var model: String
        public var choice: String?
        /// nil: it could not be measured (no successful call and no refusal).
        public var holds: Bool?
        public var callable: Bool?
        public var expectedTtfbP50: Double?
        public var measuredTtfbP50: Double?
        public var expectedTotalP50: Double?
        public var measuredTotalP50: Double?
        public var runnerUp: String?
        public var runnerUpMeasuredTotalP50: Double?
        public var reasons: [String]

        public init(
            model: String, choice: String?, holds: Bool?, callable: Bool?, expectedTtfbP50: Double? = nil,
            measuredTtfbP50: Double? = nil, expectedTotalP50: Double? = nil, measuredTotalP50: Double? = nil,
            runnerUp: String? = nil, runnerUpMeasuredTotalP50: Double? = nil, reasons: [String]
        ) {
            self.model = model
            self.choice = choice
            self.holds = holds
            self.callable = callable
            self.expectedTtfbP50 = expectedTtfbP50
            self.measuredTtfbP50 = measuredTtfbP50
            self.expectedTotalP50 = expectedTotalP50
            self.measuredTotalP50 = measuredTotalP50
            self.runnerUp = runnerUp
            self.runnerUpMeasuredTotalP50 = runnerUpMeasuredTotalP50
            self.reasons = reasons
        }
    }

    /// What `advisor recommend` answers on the live calls alone: the same function, request and
    /// tie-breaks as the advice being verified, over a dataset of just these calls. verify once
    /// compared total P50s itself, and said the advice held where recommend on its own saved dataset
    /// switched to global by its tie-break; now there is one decision, made once.
    public static func liveRecommendation(
        _ recommendation: ModelRecommendation, measured: [String: Measured],
        request: RecommendationRequest, catalogue: Catalogue, dataset: String
    ) -> ModelRecommendation? {
        var routes: [RouteKey: RouteStats] = [:]
        for (profile, calls) in measured where calls.stats.n > 0 {
            routes[RouteKey(source: request.source, profile: profile)] = calls.stats.routeStats
        }
        guard !routes.isEmpty else { return nil }
        var single = request
        single.models = [recommendation.model.id]
        let live = Dataset(name: dataset, kind: .samples, routes: routes)
        return Recommender.recommend(single, catalogue: catalogue, dataset: live).models.first
    }

    /// `tolerance` is a fraction: 0.2 lets the measured P50 be up to 20% above the dataset's. A
    /// figure below the dataset's never fails (the route got faster); it is said. `live` is
    /// `liveRecommendation`: the advice holds only if it chooses the same profile.
    public static func judge(
        _ recommendation: ModelRecommendation, choice: Measured?, runnerUp: Measured?,
        live: ModelRecommendation? = nil, tolerance: Double, noise: NoiseMargin
    ) -> Judgement {
        var judgement = Judgement(
            model: recommendation.model.id, choice: recommendation.choice, holds: nil, callable: nil,
            runnerUp: recommendation.options.dropFirst().first?.option.id, reasons: [])
        guard let choiceId = recommendation.choice, let expected = recommendation.options.first, let choice else {
            judgement.holds = false
            judgement.reasons.append("nothing qualifies from here, so there is no advice to verify")
            return judgement
        }
        judgement.expectedTtfbP50 = expected.ttfbP50
        judgement.expectedTotalP50 = expected.totalP50
        if let refusal = choice.refusal {
            judgement.callable = false
            judgement.holds = false
            judgement.reasons.append("\(choiceId) is not callable from here: Bedrock answered \(refusal)")
            return judgement
        }
        guard choice.stats.n > 0, let ttfb = choice.stats.ttfb?.p50, let total = choice.stats.total?.p50 else {
            let errors = choice.stats.errors.keys.sorted().joined(separator: ", ")
            judgement.reasons.append(
                "\(choiceId) could not be measured" + (errors.isEmpty ? "" : " (\(errors))")
                    + (choice.abandoned.map { ": \($0)" } ?? ""))
            return judgement
        }
        judgement.callable = true
        judgement.measuredTtfbP50 = ttfb
        judgement.measuredTotalP50 = total
        var holds = true
        for (name, measured, expectedValue) in [("TTFB", ttfb, expected.ttfbP50), ("total", total, expected.totalP50)] {
            guard let expectedValue, expectedValue > 0 else { continue }
            let change = (measured - expectedValue) / expectedValue
            let figures = "\(name) P50 \(ms(measured)) against \(ms(expectedValue)) in the dataset (\(signedPercent(change)))"
            if change > tolerance {
                holds = false
                judgement.reasons.append(
                    "\(choiceId) is slower than the dataset says: \(figures), beyond the \(percent(tolerance)) tolerance")
            } else {
                judgement.reasons.append("\(choiceId) agrees with the dataset: \(figures)")
            }
        }
        if let runnerUpId = judgement.runnerUp, let runnerUp, let other = runnerUp.stats.total?.p50 {
            judgement.runnerUpMeasuredTotalP50 = other
            if let live, let liveChoice = live.choice, liveChoice != choiceId {
                holds = false
                let why = live.options.first?.reasons.first.map { ": \($0)" } ?? ""
                judgement.reasons.append("on these calls advisor recommend would choose \(liveChoice) instead\(why)")
            } else {
                judgement.reasons.append(
                    "the ranking holds: recommend on these calls still chooses \(choiceId) "
                        + "(the runner-up \(runnerUpId) measured \(ms(other)) in total)")
            }
        }
        judgement.holds = holds
        return judgement
    }

    static func ms(_ value: Double) -> String { "\(Int(saturating: value.rounded())) ms" }
    static func percent(_ fraction: Double) -> String { "\(Int(saturating: (fraction * 100).rounded()))%" }
    static func signedPercent(_ fraction: Double) -> String { (fraction >= 0 ? "+" : "") + percent(fraction) }
}
