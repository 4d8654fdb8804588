/// What a rule is, as reports, docs, waivers and `rules show` see it: the rule file's fields
/// without its logic. The engine's own rules (PolicyEngine.engineRules) are descriptors only.
public struct RuleDescriptor: Sendable, Equatable {
    public var id: String
    public var title: String
    public var severity: Severity
    public var subject: RuleSubject
    public var description: String
    public var rationale: String
    public var remediation: String
    public var docs: String?

    public init(
        id: String, title: String, severity: Severity, subject: RuleSubject, description: String,
        rationale: String, remediation: String, docs: String? = nil
    ) {
        self.id = id
        self.title = title
        self.severity = severity
        self.subject = subject
        self.description = description
        self.rationale = rationale
        self.remediation = remediation
        self.docs = docs
    }

    /// The rule's pack: the part of its id before the first dot (`routing`, `resilience`).
    public var pack: String { String(id.split(separator: ".").first ?? "") }
}

public enum Severity: String, Sendable, CaseIterable, Comparable {
    case error, warning, note

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        let order: [Severity] = [.note, .warning, .error]
        return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
    }
}

/// What a rule is evaluated for: each service, or each quota.
public enum RuleSubject: String, Sendable {
    case service, quota

    /// The names a condition of this subject may read, and their types.
    public var roots: [String: Policy.ValueType] {
        switch self {
        case .service: return PolicySchema.serviceRoots
        case .quota: return PolicySchema.quotaRoots
        }
    }
}
