public import Foundation

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

    public init(
        source: String, models: [String], priority: Priority, residency: String? = nil,
        noise: NoiseMargin = .default, now: Date? = nil, staleAfterDays: Int = DatasetFreshness.defaultStaleAfterDays
    ) {
        self.source = source
        self.models = models
        self.priority = priority
        self.residency = residency
        self.noise = noise
        self.now = now
        self.staleAfterDays = staleAfterDays
    }
}
