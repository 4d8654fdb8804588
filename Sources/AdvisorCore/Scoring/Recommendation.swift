public struct Recommendation: Sendable {
    public var request: RecommendationRequest
    public var dataset: String
    public var models: [ModelRecommendation]
    /// What the data is and how old: named in every answer so a reader can judge it.
    public var datasetNotes: [String] = []

    /// True when some model has no qualifying option: the answer is "no".
    public var hasUnansweredModel: Bool { models.contains { $0.choice == nil } }
}

public struct ModelRecommendation: Sendable {
    public var model: Model
    /// The chosen identifier, nil when nothing qualifies.
    public var choice: String?
    public var options: [AssessedOption]
    public var excluded: [Exclusion]
    /// Why nothing qualifies, or caveats about the choice (e.g. it rests on no measurement).
    public var notes: [String]
    /// Where the account's calls through these options really ran (CloudTrail), when the store knows.
    public var observed: [RouteObservation] = []
    /// The measure the choice was decided on when it is not the priority's usual one (`tail` on P50
    /// where the data has no P99): said in the headline.
    public var decidedOn: String?
}

extension RouteObservation {
    /// Beside the catalogue's answer: "global. from eu-central-1: 33% us-east-1, … over 6 calls
    /// (CloudTrail; the catalogue allows 29 Regions)".
    /// `fullId`: name the profile by its id rather than its scope.
    public func besideCatalogue(_ option: RouteOption?, fullId: Bool = false) -> String {
        var text = "\(fullId ? profile : option?.label ?? profile) from \(source): \(summary) (CloudTrail"
        if let option { text += "; the catalogue allows \(option.destinations.count) Region\(option.destinations.count == 1 ? "" : "s")" }
        if !outsideCatalogue.isEmpty { text += "; outside it: \(outsideCatalogue.joined(separator: ", "))" }
        return text + ")"
    }
}

extension Recommendation {
    /// Attaches the observations of each model's options from the request's source.
    public mutating func attach(_ observations: [RouteObservation]) {
        for index in models.indices {
            let ids = Set(models[index].options.map(\.option.id))
            models[index].observed = observations.filter { $0.source == request.source && ids.contains($0.profile) }
        }
    }
}
