import AdvisorApp
import AdvisorCore
import AdvisorReporting
import ArgumentParser
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract:
            "Write the evidence for an architecture review: tables, decisions and charts, as Markdown or one self-contained HTML page.",
        discussion: """
            Per model, the seed lab's overview table regenerated from the store (P50 TTFB / total per \
            source region, global against geographic, differences the lab's way), the tail table, and \
            for each source region the choice under latency, ttfb, tail and cost with its reason. \
            --compare adds what changed against another dataset and which decisions flip; --config adds \
            each service of advisor.yaml with its recommended route and findings, its quotas as capacity \
            sizes them and, where services declare traffic, each quota simulated under their own retry \
            settings (as advisor simulate --config). --format html draws the charts as inline SVG: no \
            network, nothing outside the file. See docs/report.md.

            Examples:
              advisor report > review.md
              advisor report --config advisor.yaml --format html --out review.html
              advisor report --dataset probe-eu-central-1-2026-12-02 \\
                --compare seed-lab-2026-04 --format html --out review.html
            """)

    @Option(
        name: .customLong("dataset"),
        help: ArgumentHelp(
            "The dataset to report on (default: the seed lab's; with --config, the config's dataset: for its findings, as check).",
            valueName: "name"))
    var datasetOption: String?

    var dataset: String { datasetOption ?? Builtin.datasetName }
    var datasetGiven: Bool { datasetOption != nil }

    @Option(
        help: ArgumentHelp(
            "Compare with this dataset (the earlier figures): per route the change, and every decision that flips.",
            valueName: "name"))
    var compare: String?

    @Option(
        name: .customLong("source"),
        help: ArgumentHelp("Only this source region (repeatable; default: every one measured).", valueName: "region"))
    var sources: [String] = []

    @Option(name: .customLong("model"), help: ArgumentHelp("Only this model (repeatable; default: every one measured).", valueName: "id"))
    var models: [String] = []

    @Option(
        help: ArgumentHelp("A deployment config (advisor.yaml): its services, their recommended routes and findings.", valueName: "file"))
    var config: String?

    @OptionGroup var rules: RuleOptions

    @Option(help: FormatOption<ReviewFormats>.help)
    var format = FormatOption<ReviewFormats>()

    @Option(help: ArgumentHelp("Write to this file instead of stdout (replaced whole, never half-written).", valueName: "file"))
    var out: String?

    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp(
            "Judge the data's age as of this date (YYYY-MM-DD or RFC 3339; default: now), for reproducible output.",
            valueName: "date"))
    var asOf: String?

    @OptionGroup var store: StoreOptions

    mutating func run() throws {
        if let out, out != "-" { _ = try OutputTarget.check(out) }
        let now = try parseAsOf(asOf)
        let ruleSet = config == nil ? [] : try rules.load()
        let deployment = try config.map { try PolicyInput.readConfig($0, rules: ruleSet) }
        var ask = ReviewAssembly.Request(
            sources: sources, models: models, dataset: dataset, datasetGiven: datasetGiven, compare: compare,
            distributions: format.identifier == "html", deployment: deployment, rules: ruleSet, now: now)
        ask.advisorVersion = Advisor.configuration.version
        // The command as typed, for the page's provenance (report takes no secret on its command line).
        ask.commandLine = (["advisor"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
        let text = try store.withStore { store -> String in
            let (review, data) = try ReviewAssembly.build(ask, workspace: store, parallelism: Advisor.parallelism)
            return format.render((review, data.distributions))
        }
        try Output.emit(text, out: out)
    }
}
