public import AdvisorCore

/// A format of `advisor check`'s output (the shape of SwiftLint's `Reporter`): an identifier for
/// `--format`, a line for `--help`, and a pure function from what the check found to text.
/// A new format is one file with one of these, one line in `FindingsReporters.all`, and its
/// golden file in Fixtures/expected/reporters (ReporterGoldenTests fails until it has one).
public protocol FindingsReporter {
    static var identifier: String { get }
    static var description: String { get }
    static func report(_ check: CheckOutcome) -> String
}

/// Everything a check produced, for a reporter to render.
public struct CheckOutcome: Sendable {
    public var findings: [Finding]
    public var summary: FindingsSummary
    /// The rules loaded and the engine's own (PolicyEngine.descriptors), in order.
    public var rules: [RuleDescriptor]
    public var config: DeploymentConfig
    public var strict: Bool
    public var toolVersion: String

    public init(
        findings: [Finding], summary: FindingsSummary, rules: [RuleDescriptor], config: DeploymentConfig,
        strict: Bool, toolVersion: String
    ) {
        self.findings = findings
        self.summary = summary
        self.rules = rules
        self.config = config
        self.strict = strict
        self.toolVersion = toolVersion
    }

    /// Whether a finding fails the check: an unwaived error, or warning under `--strict`.
    public func fails(_ finding: Finding) -> Bool {
        !finding.waived && (finding.severity == .error || (strict && finding.severity == .warning))
    }
}

public struct FindingsSummary: Sendable, Equatable {
    public var errors = 0, warnings = 0, notes = 0, waived = 0
    public var services = 0, quotas = 0
    /// Where the quotas came from when not advisor.yaml: "service-quotas" (imported from the account).
    public var quotaSource: String?
    /// The rules applied (loaded and not turned off): a gate says what it checked.
    public var rules = 0
    public var failed = false

    public init(_ findings: [Finding], services: Int, quotas: Int, rules: Int, strict: Bool) {
        self.services = services
        self.quotas = quotas
        self.rules = rules
        for finding in findings {
            if finding.waived { waived += 1; continue }
            switch finding.severity {
            case .error: errors += 1
            case .warning: warnings += 1
            case .note: notes += 1
            }
        }
        failed = errors > 0 || (strict && warnings > 0)
    }
}

/// The formats `advisor check --format` offers, by identifier.
public enum FindingsReporters {
    public static var all: [any FindingsReporter.Type] {
        [
            TextReporter.self, JSONReporter.self, SARIFReporter.self, JUnitReporter.self, GitHubReporter.self, GitLabReporter.self,
        ]
    }

    public static func named(_ identifier: String) -> (any FindingsReporter.Type)? {
        all.first { $0.identifier == identifier }
    }
}
