public import Foundation

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
    public var roots: [String: ValueType] {
        switch self {
        case .service: return PolicySchema.serviceRoots
        case .quota: return PolicySchema.quotaRoots
        }
    }
}

/// `text {expression} text`: a message whose placeholders are checked like conditions.
public struct MessageTemplate: Sendable, Equatable {
    public enum Part: Sendable, Equatable {
        case text(String)
        case expression(Expression, offset: Int)
    }

    public var parts: [Part]
    public var source: String

    /// Parses `{…}` placeholders; `{{` and `}}` stand for braces.
    public static func parse(_ source: String) throws(ExpressionError) -> MessageTemplate {
        var parts: [Part] = []
        var text = ""
        let characters = Array(source.utf8)
        var index = 0
        while index < characters.count {
            let byte = characters[index]
            if byte == UInt8(ascii: "{"), index + 1 < characters.count, characters[index + 1] == UInt8(ascii: "{") {
                text += "{"; index += 2; continue
            }
            if byte == UInt8(ascii: "}"), index + 1 < characters.count, characters[index + 1] == UInt8(ascii: "}") {
                text += "}"; index += 2; continue
            }
            if byte == UInt8(ascii: "{") {
                guard let close = characters[(index + 1)...].firstIndex(of: UInt8(ascii: "}")) else {
                    throw ExpressionError(span: SourceSpan(offset: index, length: 1), message: "'{' is not closed in the message")
                }
                if !text.isEmpty { parts.append(.text(text)); text = "" }
                let inner = String(decoding: characters[(index + 1)..<close], as: UTF8.self)
                do {
                    parts.append(.expression(try Parser.parse(inner), offset: index + 1))
                } catch {
                    throw ExpressionError(span: SourceSpan(offset: index + 1 + error.span.offset, length: error.span.length),
                                          message: error.message)
                }
                index = close + 1
                continue
            }
            text += String(decoding: [byte], as: UTF8.self)
            index += 1
        }
        if !text.isEmpty { parts.append(.text(text)) }
        return MessageTemplate(parts: parts, source: source)
    }

    public func render(_ bindings: [String: Value], _ environment: PolicyEnvironment) -> String {
        parts.map { part in
            switch part {
            case .text(let text): return text
            case .expression(let expression, _):
                let value = Evaluator.evaluate(expression, bindings, environment)
                return value == .null ? "(not given)" : value.description
            }
        }.joined()
    }
}

/// A deployment a rule's example runs on, and whether the rule must fire on it.
public struct RuleExample: Sendable {
    public var triggers: Bool
    public var config: DeploymentConfig
    /// Figures the example brings with it, instead of the built-in dataset.
    public var dataset: Dataset?
    public var line: Int

    public init(triggers: Bool, config: DeploymentConfig, dataset: Dataset? = nil, line: Int) {
        self.triggers = triggers
        self.config = config
        self.dataset = dataset
        self.line = line
    }
}

public struct Rule: Sendable {
    public var id: String
    public var title: String
    public var severity: Severity
    public var subject: RuleSubject
    public var description: String
    public var rationale: String
    public var remediation: String
    public var docs: String?
    public var condition: Expression
    public var conditionSource: String
    public var message: MessageTemplate
    /// The config field a finding points at (its line), e.g. `service.client.backoff`.
    public var location: [String]?
    public var examples: [RuleExample]
    /// The rule file, for messages and docs.
    public var file: String

    public init(id: String, title: String, severity: Severity, subject: RuleSubject, description: String,
                rationale: String, remediation: String, docs: String?, condition: Expression, conditionSource: String,
                message: MessageTemplate, location: [String]?, examples: [RuleExample], file: String) {
        self.id = id
        self.title = title
        self.severity = severity
        self.subject = subject
        self.description = description
        self.rationale = rationale
        self.remediation = remediation
        self.docs = docs
        self.condition = condition
        self.conditionSource = conditionSource
        self.message = message
        self.location = location
        self.examples = examples
        self.file = file
    }
}

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
    public var value: Value
    public var line: Int
    /// Lines of the service's fields by path below the service (`model`, `client.backoff`).
    public var fieldLines: [String: Int]
    public var waivers: [Waiver]

    public init(name: String, region: String, model: String, value: Value, line: Int, fieldLines: [String: Int], waivers: [Waiver]) {
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
    public var profile: String?
    public var rpm: Double?
    public var tpm: Double?
    public var line: Int

    public init(model: String, region: String, profile: String?, rpm: Double?, tpm: Double?, line: Int) {
        self.model = model
        self.region = region
        self.profile = profile
        self.rpm = rpm
        self.tpm = tpm
        self.line = line
    }

    public var label: String { "quota \(profile ?? model) in \(region)" }
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

    public init(file: String, services: [ServiceConfig], quotas: [QuotaConfig], ruleSettings: [String: RuleSetting] = [:],
                ruleSettingLines: [String: Int] = [:], dataset: String? = nil, catalogue: String? = nil) {
        self.catalogue = catalogue
        self.file = file
        self.services = services
        self.quotas = quotas
        self.ruleSettings = ruleSettings
        self.ruleSettingLines = ruleSettingLines
        self.dataset = dataset
    }
}

public struct Finding: Sendable, Equatable {
    public var rule: String
    public var severity: Severity
    /// The service's name, or a quota's label.
    public var subject: String
    public var message: String
    public var file: String
    public var line: Int
    public var waived: Bool
    public var waiverReason: String?

    public init(rule: String, severity: Severity, subject: String, message: String, file: String, line: Int,
                waived: Bool = false, waiverReason: String? = nil) {
        self.rule = rule
        self.severity = severity
        self.subject = subject
        self.message = message
        self.file = file
        self.line = line
        self.waived = waived
        self.waiverReason = waiverReason
    }
}
