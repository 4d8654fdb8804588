import AdvisorApp
import AdvisorCore
import AdvisorReporting
import ArgumentParser
import Foundation

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a deployment config (advisor.yaml) against the routing, residency, latency, cost, resilience and capacity rules.",
        discussion: """
            Exits 1 when an unwaived error-severity finding is present (--strict: warnings too), 2 on a \
            bad config or rule file, 3 when the store or the output fails. --format lists the formats. \
            See docs/policy.md and docs/rules.md.
            """)

    @Option(help: ArgumentHelp("The deployment config.", valueName: "file"))
    var config: String = "advisor.yaml"

    @OptionGroup var rules: RuleOptions

    @Option(help: FormatOption<FindingsReporters>.help)
    var format = FormatOption<FindingsReporters>()

    @Flag(help: "Fail on warnings too.")
    var strict = false

    @Option(help: ArgumentHelp("The latency dataset (default: the config's dataset:, else seed-lab-2026-04).", valueName: "name"))
    var dataset: String?

    @Option(
        name: .customLong("as-of"), help: ArgumentHelp("Judge waivers and data age as of this date (default: today).", valueName: "date"))
    var asOf: String?

    @Flag(help: "Print how long each phase took to stderr.")
    var timings = false

    @OptionGroup var store: StoreOptions

    mutating func run() throws {
        let now = try parseAsOf(asOf)
        var clock = PhaseClock(enabled: timings)
        let ruleSet = try rules.load()
        clock.lap("load rules")
        let declared = try PolicyInput.readConfig(config, rules: ruleSet)
        clock.lap("read config")
        try store.withStore { store in
            let catalogue = try store.catalogue(named: declared.catalogue, field: "\(declared.file): catalogue")
            let assessment = try PolicyAssessment.assess(
                declared, rules: ruleSet, workspace: store, catalogue: catalogue, dataset: dataset,
                now: now, parallelism: Advisor.parallelism)
            let deployment = assessment.deployment, findings = assessment.findings
            clock.lap("evaluate \(deployment.services.count) services x \(ruleSet.count) rules")
            defer {
                clock.lap("render \(format.identifier)")
                clock.report()
            }
            let applied = ruleSet.filter { rule in
                if case .off? = deployment.ruleSettings[rule.id] { return false }
                return true
            }.count
            var summary = FindingsSummary(
                findings, services: deployment.services.count, quotas: deployment.quotas.count,
                rules: applied, strict: strict)
            if declared.quotas.isEmpty, !deployment.quotas.isEmpty { summary.quotaSource = "service-quotas" }
            let report = CheckReport(
                findings: findings, summary: summary, rules: PolicyEngine.descriptors(ruleSet),
                config: deployment, strict: strict, toolVersion: Advisor.configuration.version)
            let output = format.render(report)
            print(output, terminator: "")
            if summary.failed { throw ExitCodes.no }
        }
    }
}

enum PolicyInput {
    static func readConfig(_ path: String, rules: [Rule]) throws -> DeploymentConfig {
        let text = try InputFile.text(path, flag: "--config")
        return try PolicyRules.readConfig(text, file: path, rules: rules)
    }
}
