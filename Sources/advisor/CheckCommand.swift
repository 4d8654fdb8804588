import AdvisorCore
import AdvisorFormats
import AdvisorReporting
import AdvisorStore
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

    @Option(help: ArgumentHelp("Output format: " + FindingsReporters.all.map { "\($0.identifier) (\($0.description))" }
                                   .joined(separator: ", ") + ".", valueName: "format"))
    var format: CheckFormat = CheckFormat(TextReporter.self)

    @Flag(help: "Fail on warnings too.")
    var strict = false

    @Option(help: ArgumentHelp("The latency dataset (default: the config's dataset:, else seed-lab-2026-04).", valueName: "name"))
    var dataset: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Judge waivers and data age as of this date (default: today).", valueName: "date"))
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
            let assessment = try PolicyInput.assess(declared, rules: ruleSet, store: store, catalogue: catalogue, dataset: dataset, now: now)
            let deployment = assessment.deployment, findings = assessment.findings
            clock.lap("evaluate \(deployment.services.count) services x \(ruleSet.count) rules")
            defer {
                clock.lap("render \(format.reporter.identifier)")
                clock.report()
            }
            let applied = ruleSet.filter { rule in
                if case .off? = deployment.ruleSettings[rule.id] { return false }
                return true
            }.count
            var summary = FindingsSummary(findings, services: deployment.services.count, quotas: deployment.quotas.count,
                                          rules: applied, strict: strict)
            if declared.quotas.isEmpty, !deployment.quotas.isEmpty { summary.quotaSource = "service-quotas" }
            let report = CheckReport(findings: findings, summary: summary, rules: PolicyEngine.descriptors(ruleSet),
                                     config: deployment, strict: strict, toolVersion: Advisor.configuration.version)
            let output = format.reporter.report(report)
            print(output, terminator: "")
            if summary.failed { throw ExitCodes.no }
        }
    }
}

/// `--format` of `advisor check`: any reporter of FindingsReporters, by its identifier, so a new
/// format never touches this command.
struct CheckFormat: ExpressibleByArgument {
    let reporter: any FindingsReporter.Type

    init(_ reporter: any FindingsReporter.Type) { self.reporter = reporter }

    init?(argument: String) {
        guard let reporter = FindingsReporters.named(argument) else { return nil }
        self.reporter = reporter
    }

    var defaultValueDescription: String { reporter.identifier }
    static var allValueStrings: [String] { FindingsReporters.all.map { $0.identifier } }
}

enum PolicyInput {
    static func readConfig(_ path: String, rules: [Rule]) throws -> DeploymentConfig {
        let text = try InputFile.text(path, flag: "--config")
        let config = try ConfigReader.read(text, file: path)
        try ConfigReader.validate(config, ruleIds: PolicyEngine.ruleIds(rules), catalogue: nil)
        return config
    }

    /// advisor.yaml's quotas, or, where it declares none, the account's own (ingest --format
    /// service-quotas) for the regions, models and scopes its services use.
    static func withImportedQuotas(_ config: DeploymentConfig, store: Store, catalogue: Catalogue) throws -> DeploymentConfig {
        guard config.quotas.isEmpty else { return config }
        let imported = try store.importedQuotas()
        guard !imported.isEmpty else { return config }
        var withQuotas = config
        let targets = config.services.map { PolicyFacts.target($0, catalogue: catalogue, residency: nil) }
        withQuotas.quotas = ImportedQuota.quotaConfigs(imported, services: config.services, targets: targets)
        return withQuotas
    }

    /// What `check` finds for a config, and the capacity figures behind its quota findings: the
    /// one assembly check and report share, so the report shows everything check fails on. The
    /// dataset is `dataset` when given, else the config's `dataset:`, else the seed lab's.
    struct Assessment {
        var deployment: DeploymentConfig
        var dataset: Dataset
        var observed: [RouteObservation]
        var findings: [Finding]
        var capacity: [CapacityRow]
    }

    static func assess(_ declared: DeploymentConfig, rules: [Rule], store: Store, catalogue: Catalogue, dataset: String?,
                       now: Date) throws -> Assessment {
        try validate(declared, catalogue: catalogue, rules: rules)
        let deployment = try withImportedQuotas(declared, store: store, catalogue: catalogue)
        let data = try dataset.map { name throws(StoreError) in try store.dataset(named: name) }
            ?? deployment.dataset.map { name throws(StoreError) in try store.dataset(named: name, field: "\(deployment.file): dataset") }
            ?? store.dataset(named: BuiltinData.seedDatasetName)
        let observed = RouteObservation.from(try store.observedCounts(), catalogue: catalogue)
        let findings = PolicyEngine.check(deployment, rules: rules,
                                          environment: PolicyEnvironment(catalogue: catalogue, dataset: data, observed: observed),
                                          now: now, parallelism: Advisor.parallelism)
        let targets = deployment.services.map { PolicyFacts.target($0, catalogue: catalogue, residency: nil) }
        let capacity = PolicyFacts.quotas(deployment.quotas, services: deployment.services, targets: targets, catalogue: catalogue)
            .map { CapacityRow(quota: $0.0, facts: $0.1) }
        return Assessment(deployment: deployment, dataset: data, observed: observed, findings: findings, capacity: capacity)
    }

    /// Residencies need the catalogue, which the store holds.
    static func validate(_ config: DeploymentConfig, catalogue: Catalogue, rules: [Rule]) throws {
        try ConfigReader.validate(config, ruleIds: PolicyEngine.ruleIds(rules), catalogue: catalogue)
    }
}
