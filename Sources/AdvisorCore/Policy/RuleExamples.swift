public import Foundation

/// Runs a rule's own examples: each must fire (or not) as it says. This is how the built-in rules
/// are tested, and how users test theirs (`advisor rules test DIR`).
public enum RuleExamples {
    public struct Failure: Sendable, Equatable, CustomStringConvertible {
        public var rule: String
        public var file: String
        public var line: Int
        public var expectedTrigger: Bool
        public var findings: [String]

        public var description: String {
            "\(file):\(line): \(rule): example should \(expectedTrigger ? "trigger" : "not trigger") the rule, but "
                + (expectedTrigger ? "it found nothing" : "it found: \(findings.joined(separator: "; "))")
        }
    }

    public static func run(_ rule: Rule, catalogue: Catalogue, dataset: Dataset?, now: Date) -> [Failure] {
        var failures: [Failure] = []
        for example in rule.examples {
            // A simulation the example's config asks for runs as check would run it; one that cannot
            // (a bound exceeded) simply simulates nothing, and the example says whether that fires.
            let runs =
                example.config.simulation == nil
                ? [] : (try? SimulationPlan.configRuns(example.config, catalogue: catalogue, dataset: example.dataset ?? dataset)) ?? []
            let simulated = SimulationPlan.simulatedServices(runs, settings: example.config.simulation)
            let environment = PolicyEnvironment(
                catalogue: catalogue, dataset: example.dataset ?? dataset,
                observed: RouteObservation.from(example.observed, catalogue: catalogue), simulated: simulated)
            var config = example.config
            config.ruleSettings = [:]
            let findings = PolicyEngine.check(config, rules: [rule], environment: environment, now: example.asOf ?? now, only: [rule.id])
                .filter { $0.rule == rule.id }
            if findings.isEmpty == example.triggers {
                failures.append(
                    Failure(
                        rule: rule.id, file: rule.file, line: example.line, expectedTrigger: example.triggers,
                        findings: findings.map(\.message)))
            }
        }
        return failures
    }
}
