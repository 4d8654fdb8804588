public import Foundation
/// A deployment a rule's example runs on, and whether the rule must fire on it.
public struct RuleExample: Sendable {
    public var triggers: Bool
    public var config: DeploymentConfig
    /// Figures the example brings with it, instead of the built-in dataset.
    public var dataset: Dataset?
    /// CloudTrail evidence the example brings with it (none by default).
    public var observed: [ObservedCount]
    /// The day the example is checked on (`as_of`), for facts that change with the date (a model's
    /// lifecycle); nil means the day the examples are run.
    public var asOf: Date?
    public var line: Int

    public init(
        triggers: Bool, config: DeploymentConfig, dataset: Dataset? = nil, observed: [ObservedCount] = [], asOf: Date? = nil,
        line: Int
    ) {
        self.triggers = triggers
        self.config = config
        self.dataset = dataset
        self.observed = observed
        self.asOf = asOf
        self.line = line
    }
}

/// A rule from a rule file: its descriptor, the condition that makes it fire, the message it
/// prints and the examples that test it. Reads its descriptor's fields as its own (`rule.id`).
@dynamicMemberLookup
public struct Rule: Sendable {
    public var descriptor: RuleDescriptor
    public var condition: Policy.Expression
    public var conditionSource: String
    public var message: MessageTemplate
    /// The config field a finding points at (its line), e.g. `service.client.backoff`.
    public var location: [String]?
    public var examples: [RuleExample]
    /// The rule file, for messages and docs.
    public var file: String

    public init(
        descriptor: RuleDescriptor, condition: Policy.Expression, conditionSource: String, message: MessageTemplate,
        location: [String]?, examples: [RuleExample], file: String
    ) {
        self.descriptor = descriptor
        self.condition = condition
        self.conditionSource = conditionSource
        self.message = message
        self.location = location
        self.examples = examples
        self.file = file
    }

    public subscript<T>(dynamicMember keyPath: WritableKeyPath<RuleDescriptor, T>) -> T {
        get { descriptor[keyPath: keyPath] }
        set { descriptor[keyPath: keyPath] = newValue }
    }
}
