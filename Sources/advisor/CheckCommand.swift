import AdvisorApp
import AdvisorCore
import AdvisorReporting
import ArgumentParser
import Foundation

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract:
            "Check a deployment (advisor.yaml, Terraform plans, CloudFormation or CDK templates) against the routing, residency, lifecycle, latency, cost, resilience and capacity rules.",
        discussion: """
            --terraform-plan (terraform show -json PLANFILE; with --terraform-dir findings point at the \
            .tf lines) and --cloudformation (a template, YAML or JSON, or a directory such as cdk.out; \
            --region is the stack's Region) read the Bedrock models and profiles the infrastructure \
            names, each a service at its file and line; advisor.yaml, when given or present, adds \
            traffic, SLOs, residency and client settings to the service of the same name or \
            advisor:service tag. A value known only at apply is an iac.not-checked warning. Exits 1 when an unwaived error-severity finding is present (--strict: warnings too), 2 on a \
            bad config or rule file, 3 when the store or the output fails. --format lists the formats. \
            See docs/policy.md and docs/rules.md.
            """)

    @Option(
        help: ArgumentHelp(
            "The deployment config (default advisor.yaml; with IaC inputs it is optional and adds traffic, SLOs, residency and client settings to the services they define).",
            valueName: "file"))
    var config: String?

    @Option(
        name: .customLong("terraform-plan"),
        help: ArgumentHelp("A Terraform plan as JSON (terraform show -json PLANFILE); repeatable.", valueName: "file"))
    var terraformPlans: [String] = []

    @Option(
        name: .customLong("terraform-dir"),
        help: ArgumentHelp(
            "The directory of the plan's .tf files: findings point at their lines, and # advisor:waive comments apply.",
            valueName: "dir"))
    var terraformDirectory: String?

    @Option(
        name: .customLong("cloudformation"),
        help: ArgumentHelp(
            "A CloudFormation or CDK template (YAML or JSON), or a directory of them (cdk.out); repeatable.", valueName: "path"))
    var cloudFormation: [String] = []

    @Option(help: ArgumentHelp("The Region the templates deploy to (their AWS::Region).", valueName: "region"))
    var region: String?

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
        let iacInputs = IaCInputs(
            terraformPlans: terraformPlans, terraformDirectory: terraformDirectory, cloudFormation: cloudFormation, region: region)
        if terraformDirectory != nil && terraformPlans.isEmpty {
            throw CommandFailure.badInput("--terraform-dir goes with --terraform-plan: it maps the plan's resources to their .tf lines")
        }
        // With IaC, advisor.yaml is optional: read when named, or when one is here.
        let declared: DeploymentConfig
        if let config {
            declared = try PolicyInput.readConfig(config, rules: ruleSet)
        } else if iacInputs.isEmpty || FileManager.default.fileExists(atPath: "advisor.yaml") {
            declared = try PolicyInput.readConfig("advisor.yaml", rules: ruleSet)
        } else {
            declared = DeploymentConfig(file: "advisor.yaml", services: [], quotas: [])
        }
        clock.lap("read config")
        try store.withStore { store in
            let catalogue = try store.catalogue(named: declared.catalogue, field: "\(declared.file): catalogue")
            let uses = try iacInputs.read(catalogue: catalogue)
            let assessment = try PolicyAssessment.assess(
                declared, rules: ruleSet, workspace: store, catalogue: catalogue, dataset: dataset,
                now: now, parallelism: Advisor.parallelism, iac: uses)
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
            let report = CheckOutcome(
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
