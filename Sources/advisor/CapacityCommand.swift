import AdvisorCore
import AdvisorFormats
import AdvisorReporting
import AdvisorStore
import ArgumentParser
import Foundation

struct CapacityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capacity",
        abstract: "The quota math: per quota, the services sharing it, summed peaks, utilisation and the quota to request.",
        discussion: """
            Tokens are counted the way Bedrock counts them against a quota (output tokens × the model's \
            burndown rate, from the catalogue) beside the way they are billed, with the quota reserved \
            when each request starts (input + max_tokens). Quotas are per model, source region and scope \
            (geographic, global or on-demand): a service draws on the quota of its route's scope.
            """)

    @Option(help: ArgumentHelp("The deployment config.", valueName: "file"))
    var config: String = "advisor.yaml"

    @Option(help: ArgumentHelp("Output format: text or json.", valueName: "format"))
    var format: TextOrJSON = .text

    @Flag(help: "Take each quota's peak minute from the CloudWatch minutes in the store (advisor ingest --format cloudwatch) instead of the config's declared peaks.")
    var observed = false

    @OptionGroup var store: StoreOptions

    mutating func run() throws {
        let builtin = try RuleLoader.builtin()
        let declared = try PolicyInput.readConfig(config, rules: builtin)
        try store.withStore { store in
            let catalogue = try store.catalogue(named: declared.catalogue, field: "\(declared.file): catalogue")
            // The same names check does: a quota the catalogue does not know would show an empty row.
            try PolicyInput.validate(declared, catalogue: catalogue, rules: builtin)
            let deployment = try PolicyInput.withImportedQuotas(declared, store: store, catalogue: catalogue)
            let targets = deployment.services.map { PolicyFacts.target($0, catalogue: catalogue, residency: nil) }
            let rows: [CapacityRow]
            if observed {
                let minutes = try store.observedMinutes()
                rows = deployment.quotas.map { quota in
                    CapacityRow(quota: quota, observed: ObservedLoad.of(model: quota.model, region: quota.region, scope: quota.scope,
                                                                       profile: quota.profile, minutes: minutes, catalogue: catalogue),
                                burndown: catalogue.model(quota.model)?.outputBurndown ?? 1)
                }
            } else {
                rows = PolicyFacts.quotas(deployment.quotas, services: deployment.services, targets: targets, catalogue: catalogue)
                    .map { CapacityRow(quota: $0.0, facts: $0.1) }
            }
            print(format == .json ? CapacityReport.json(rows) : CapacityReport.text(rows), terminator: "")
        }
    }
}
