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
}
