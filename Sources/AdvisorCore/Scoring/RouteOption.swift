/// One way to call a model from the source: a profile, or the bare model id where it is served in-region.
public struct RouteOption: Sendable, Hashable {
    /// What to pass as `modelId`.
    public var id: String
    public var model: String
    public var scope: Scope
    public var destinations: [String]

    public init(id: String, model: String, scope: Scope, destinations: [String]) {
        self.id = id
        self.model = model
        self.scope = scope
        self.destinations = destinations
    }

    /// The short name used in explanations: `eu.`, `global`, `in-region`.
    public var label: String { scope.label }
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
