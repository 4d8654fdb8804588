@testable import AdvisorCore
import AdvisorFormats
import Foundation
import Testing

/// The policy schema is declared once (PolicySchema): the config reader walks it and the facts are
/// built from it. These tests fail when a declared field is never filled — a rule on it would
/// silently never fire — or when advisor.yaml cannot set a field the schema says it may.
struct PolicySchemaTests {
    static let now = Date(timeIntervalSince1970: 1_776_000_000)  // 2026-04-12

    /// A service of advisor.yaml with every field PolicySchema.service declares, from the schema itself.
    static func fullySpecifiedYAML(name: String, region: String, model: String) -> String {
        func lines(_ fields: [SchemaField], indent: String) -> [String] {
            fields.flatMap { field -> [String] in
                switch field.kind {
                case .object(let children): return ["\(indent)\(field.name):"] + lines(children, indent: indent + "  ")
                case .bool: return ["\(indent)\(field.name): true"]
                case .number: return ["\(indent)\(field.name): 1000"]
                case .list: return []
                case .string:
                    let value: String
                    switch field.name {
                    case "name": value = name
                    case "region": value = region
                    case "model": value = model
                    case "residency": value = "any"
                    // A service named mantle-… calls bedrock-mantle, so mantle's quota facts get filled too.
                    case "endpoint": value = name.hasPrefix("mantle") ? QuotaScope.Endpoint.mantle : QuotaScope.Endpoint.runtime
                    default: value = field.choices?.first ?? "x"
                    }
                    return ["\(indent)\(field.name): \"\(value)\""]
                }
            }
        }
        return (["  - " + lines(PolicySchema.service.children, indent: "").joined(separator: "\n    ")]).joined()
    }

    static func config(_ services: [(String, String, String)], quotas: String = "") throws -> DeploymentConfig {
        let yaml =
            "services:\n" + services.map { fullySpecifiedYAML(name: $0.0, region: $0.1, model: $0.2) }.joined(separator: "\n")
            + "\n" + quotas
        return try ConfigReader.read(yaml, file: "advisor.yaml")
    }

    /// The non-null leaf paths of a fact value (`slo.ttfb_p50_ms`); lists and empty lists count as filled.
    static func filledPaths(_ value: Policy.Value, prefix: String) -> Set<String> {
        guard case .object(let fields) = value else { return value == .null ? [] : [prefix] }
        return fields.reduce(into: Set<String>()) { result, entry in
            result.formUnion(filledPaths(entry.value, prefix: prefix + "." + entry.key))
        }
    }

    static func declaredPaths(_ field: SchemaField) -> Set<String> { Set(field.leafPaths) }

    @Test func advisorYamlCanSetEveryServiceFieldTheSchemaDeclares() throws {
        let config = try Self.config([("svc", "eu-central-1", "global.anthropic.claude-sonnet-4-6")])
        let service = try #require(config.services.first)
        #expect(Self.filledPaths(service.value, prefix: "service") == Self.declaredPaths(PolicySchema.service))
        #expect(Set(service.fieldLines.keys.map { "service." + $0 }).isSuperset(of: Self.declaredPaths(PolicySchema.service)))
    }

    @Test func everyDerivedFieldIsFilledForSomeFullySpecifiedService() throws {
        let catalogue = try BuiltinData.catalogue()
        let dataset = try BuiltinData.seedDataset()
        // Callable and measured, with a faster route (global from Frankfurt); not callable (jp. from
        // Singapore); a bare model id; a route with tail figures (Virginia); and a quota with both limits.
        let config = try Self.config(
            [
                ("global-from-frankfurt", "eu-central-1", "global.anthropic.claude-sonnet-4-6"),
                ("jp-from-singapore", "ap-southeast-1", "jp.anthropic.claude-sonnet-4-6"),
                ("bare", "eu-central-1", "anthropic.claude-sonnet-4-6"),
                ("tails-from-virginia", "us-east-1", "global.anthropic.claude-sonnet-4-6"),
                ("retired-model", "eu-central-1", "eu.anthropic.claude-sonnet-4-20250514-v1:0"),
                ("unknown-geography", "eu-central-1", "xx.anthropic.claude-sonnet-4-6"),
                ("mantle-agent", "eu-west-1", "anthropic.claude-opus-4-7"),
            ],
            quotas:
                "quotas:\n  - { model: anthropic.claude-sonnet-4-6, region: eu-central-1, scope: global, profile: global.anthropic.claude-sonnet-4-6, rpm: 100, tpm: 100000 }\n"
                + "  - { model: anthropic.claude-opus-4-7, region: eu-west-1, scope: mantle, input_tpm: 100000, output_tpm: 10000 }\n"
        )
        var filled: [String: Set<String>] = [:]
        var targets: [Policy.Value] = []
        // CloudTrail saw global from Frankfurt served in two Regions, one call failing.
        let observed = RouteObservation.from(
            [
                ObservedCount(
                    source: "eu-central-1", profile: "global.anthropic.claude-sonnet-4-6", servedRegion: "us-east-1", succeeded: true,
                    calls: 3, first: "2026-04-01T00:00:00Z", last: "2026-04-10T00:00:00Z"),
                ObservedCount(
                    source: "eu-central-1", profile: "global.anthropic.claude-sonnet-4-6", servedRegion: "eu-central-1", succeeded: false,
                    calls: 1, first: "2026-04-01T00:00:00Z", last: "2026-04-10T00:00:00Z"),
            ], catalogue: catalogue)
        let environment = PolicyEnvironment(catalogue: catalogue, dataset: dataset, observed: observed)
        for service in config.services {
            let target = PolicyFacts.target(service, catalogue: catalogue, residency: "eu", now: Self.now)
            targets.append(target)
            let roots: [String: Policy.Value] = [
                "target": target,
                "data": PolicyFacts.data(service, target: target, dataset: dataset, now: Self.now),
                "advice": PolicyFacts.advice(service, target: target, catalogue: catalogue, dataset: dataset, now: Self.now),
                "observed": PolicyFacts.observed(service, target: target, environment: environment, now: Self.now),
            ]
            for (root, value) in roots { filled[root, default: []].formUnion(Self.filledPaths(value, prefix: root)) }
        }
        for (_, quota) in PolicyFacts.quotas(config.quotas, services: config.services, targets: targets, catalogue: catalogue) {
            filled["quota", default: []].formUnion(Self.filledPaths(quota, prefix: "quota"))
        }
        for schema in [PolicySchema.target, PolicySchema.data, PolicySchema.advice, PolicySchema.observed, PolicySchema.quota] {
            let declared = Self.declaredPaths(schema)
            let got = filled[schema.name] ?? []
            #expect(
                declared.subtracting(got).isEmpty,
                "declared in PolicySchema.\(schema.name) but never filled: \(declared.subtracting(got).sorted())")
            #expect(
                got.subtracting(declared).isEmpty,
                "filled but not declared in PolicySchema.\(schema.name): \(got.subtracting(declared).sorted())")
        }
    }

    @Test func theCheckerSeesExactlyTheDeclaredFields() throws {
        for path in Self.declaredPaths(PolicySchema.service).union(Self.declaredPaths(PolicySchema.data)) {
            _ = try Policy.Checker.check(try Policy.Parser.parse(path), roots: PolicySchema.serviceRoots)
        }
        #expect(throws: Policy.ExpressionError.self) {
            _ = try Policy.Checker.check(try Policy.Parser.parse("data.no_such_field"), roots: PolicySchema.serviceRoots)
        }
    }

    @Test func staleDataUsesTheConfiguredLimit() throws {
        let catalogue = try BuiltinData.catalogue()
        let dataset = try BuiltinData.seedDataset()
        let config = try Self.config([("svc", "eu-central-1", "eu.anthropic.claude-sonnet-4-6")])
        let service = config.services[0]
        let target = PolicyFacts.target(service, catalogue: catalogue, residency: nil)
        let age = try #require(DatasetFreshness.ageInDays(dataset, now: Self.now))
        let within = PolicyFacts.data(service, target: target, dataset: dataset, now: Self.now, staleAfterDays: age)
        let beyond = PolicyFacts.data(service, target: target, dataset: dataset, now: Self.now, staleAfterDays: age - 1)
        #expect(within["stale"] == .bool(false))
        #expect(beyond["stale"] == .bool(true))
        let read = try ConfigReader.read("stale_after_days: 90\nservices: []\n", file: "advisor.yaml")
        #expect(read.staleAfterDays == 90)
        #expect(throws: FormatError.self) { _ = try ConfigReader.read("stale_after_days: 1.5\n", file: "advisor.yaml") }
        // And the engine passes the config's limit to the rule.
        let rules = try RuleLoader.builtin().filter { $0.id == "latency.stale-data" }
        let environment = PolicyEnvironment(catalogue: catalogue, dataset: dataset)
        var lenient = config
        lenient.staleAfterDays = age
        #expect(PolicyEngine.check(lenient, rules: rules, environment: environment, now: Self.now).isEmpty)
        lenient.staleAfterDays = age - 1
        let findings = PolicyEngine.check(lenient, rules: rules, environment: environment, now: Self.now)
        #expect(
            findings.map(\.message) == [
                "the figures for eu.anthropic.claude-sonnet-4-6 from eu-central-1 in seed-lab-2026-04 are \(age) days old (the limit is \(age - 1))"
            ])
    }
}
