import AdvisorApp
import AdvisorCore
import AdvisorReporting
import ArgumentParser
import Foundation

struct CapacityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capacity",
        abstract: "The quota math: per quota, the services sharing it, summed peaks, utilisation and the quota to request.",
        discussion: """
            Tokens are counted the way Bedrock counts them against a quota (output tokens × the model's \
            burndown rate: AWS's, 5 for Claude 3.7 and later and 1 for other models, with its source and \
            date) beside the way they are billed, with the quota reserved when each request starts \
            (input + cache write + max_tokens). Quotas are per model, source region and scope \
            (geographic, global or on-demand): a service draws on the quota of its route's scope.
            """)

    @Option(help: ArgumentHelp("The deployment config.", valueName: "file"))
    var config: String = "advisor.yaml"

    @Option(help: FormatOption<CapacityOutput>.help)
    var format = FormatOption<CapacityOutput>()

    @Flag(
        help:
            "Take each quota's peak minute from the CloudWatch minutes in the store (advisor ingest --format cloudwatch) instead of the config's declared peaks."
    )
    var observed = false

    @Option(help: ArgumentHelp("The date to judge the age of AWS facts on (default: today).", valueName: "YYYY-MM-DD"))
    var asOf: String?

    @OptionGroup var store: StoreOptions

    mutating func run() throws {
        let now = try parseAsOf(asOf)
        let builtin = try PolicyRules.builtin()
        let declared = try PolicyInput.readConfig(config, rules: builtin)
        try store.withStore { store in
            let catalogue = try store.catalogue(named: declared.catalogue, field: "\(declared.file): catalogue")
            // The same assembly check makes: a quota the catalogue does not know is refused, imported quotas stand in.
            let rows = try PolicyAssessment.capacityOnly(
                declared, rules: builtin, workspace: store, catalogue: catalogue,
                load: observed ? .observed : .declared, now: now)
            print(format.render(rows), terminator: "")
        }
    }
}
