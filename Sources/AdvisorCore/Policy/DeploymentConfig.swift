public import Foundation

public struct Waiver: Sendable, Equatable {
    public var rule: String
    public var reason: String
    /// The last day the waiver holds (inclusive), midnight UTC.
    public var expires: Date
    public var line: Int

    public init(rule: String, reason: String, expires: Date, line: Int) {
        self.rule = rule
        self.reason = reason
        self.expires = expires
        self.line = line
    }
}

/// One service of advisor.yaml: its fields as a value tree (what rules read) and where each is.
public struct ServiceConfig: Sendable {
    public var name: String
    public var region: String
    public var model: String
    public var value: Policy.Value
    public var line: Int
    /// Lines of the service's fields by path below the service (`model`, `client.backoff`).
    public var fieldLines: [String: Int]
    public var waivers: [Waiver]
    /// The file the service was read from when it is not the config's (a Terraform `.tf` file or
    /// plan, a CloudFormation template): findings point there.
    public var file: String?

    public init(name: String, region: String, model: String, value: Policy.Value, line: Int, fieldLines: [String: Int], waivers: [Waiver]) {
        self.name = name
        self.region = region
        self.model = model
        self.value = value
        self.line = line
        self.fieldLines = fieldLines
        self.waivers = waivers
    }
}

public struct QuotaConfig: Sendable {
    public var model: String
    public var region: String
    /// Which of the model's quotas in the region: geographic cross-Region unless advisor.yaml says
    /// `scope: global` or `scope: on-demand` (Bedrock keeps the three apart).
    public var scope: QuotaScope
    public var profile: String?
    public var rpm: Double?
    public var tpm: Double?
    /// bedrock-mantle's quotas (scope mantle): input tokens a minute (checked at admission with
    /// max_tokens) and output tokens a minute.
    public var inputTPM: Double?
    public var outputTPM: Double?
    public var line: Int
    /// "config" for advisor.yaml's, "service-quotas" for quotas imported from the account.
    public var origin: String = "config"

    public init(model: String, region: String, scope: QuotaScope = .geographic, profile: String?, rpm: Double?, tpm: Double?, line: Int) {
        self.model = model
        self.region = region
        self.scope = scope
        self.profile = profile
        self.rpm = rpm
        self.tpm = tpm
        self.line = line
    }

    public var label: String { "quota \(profile ?? model) in \(region)" + (scope == .geographic ? "" : " (\(scope.rawValue))") }
}

/// advisor.yaml's `simulate:`: check runs each quota's simulation with these settings (the services'
/// own retry settings, advisor simulate's policy config) and the capacity.simulated-slo-breach rule
/// reads the result. A fixed seed makes the gate the same on every run.
public struct SimulationSettings: Sendable, Equatable {
    public var minutes: Int
    public var seed: UInt64
    public var refill: QuotaSimulation.Refill
    public var line: Int

    public init(minutes: Int = 30, seed: UInt64 = 1, refill: QuotaSimulation.Refill = .fixedWindow, line: Int = 0) {
        self.minutes = minutes
        self.seed = seed
        self.refill = refill
        self.line = line
    }
}

/// A rule switched off or given another severity in advisor.yaml.
public enum RuleSetting: Sendable, Equatable {
    case off
    case severity(Severity)
}

public struct DeploymentConfig: Sendable {
    public var file: String
    public var services: [ServiceConfig]
    public var quotas: [QuotaConfig]
    public var ruleSettings: [String: RuleSetting]
    public var ruleSettingLines: [String: Int]
    public var dataset: String?
    /// The catalogue version to check against (a name from `advisor catalogue versions`); nil: the newest.
    public var catalogue: String?
    /// Figures older than this many days are stale (the `latency.stale-data` rule).
    public var staleAfterDays: Int
    /// `simulate:`: nil when advisor.yaml does not ask for a simulation.
    public var simulation: SimulationSettings?

    public init(
        file: String, services: [ServiceConfig], quotas: [QuotaConfig], ruleSettings: [String: RuleSetting] = [:],
        ruleSettingLines: [String: Int] = [:], dataset: String? = nil, catalogue: String? = nil,
        staleAfterDays: Int = DatasetFreshness.defaultStaleAfterDays, simulation: SimulationSettings? = nil
    ) {
        self.simulation = simulation
        self.catalogue = catalogue
        self.staleAfterDays = staleAfterDays
        self.file = file
        self.services = services
        self.quotas = quotas
        self.ruleSettings = ruleSettings
        self.ruleSettingLines = ruleSettingLines
        self.dataset = dataset
    }
}
