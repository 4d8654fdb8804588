import AdvisorApp
import AdvisorCore
import AdvisorReporting
import ArgumentParser
import Foundation

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract:
            "Check the current recommendation live: is the choice callable from here, does its latency still match the data, does the ranking hold?",
        discussion: """
            Makes the recommendation `advisor recommend` would make, then calls each model's choice and \
            its runner-up a few times, interleaved, from --source (one warm-up each, stored and not \
            counted). The advice holds when the choice answers, its P50 TTFB and total are at most \
            --tolerance-pct above the dataset's, and the runner-up is not faster beyond the noise \
            margin. Calls use the seed lab's prompt and maxTokens 200, so totals compare with its \
            figures. Every call is stored in a dataset (--save). Exits 0 when the advice holds, 1 when \
            it does not (naming the check and the figures), 3 when it could not be measured.

            Example: advisor verify --source eu-central-1 --priority latency
            """)

    @Option(help: ArgumentHelp("The region the calls are made from.", valueName: "region"))
    var source: String

    @Option(
        name: .customLong("model"),
        help: ArgumentHelp(
            "A model to verify (repeatable; default every model the dataset measured from --source).",
            valueName: "id"))
    var models: [String] = []

    @Option(help: ArgumentHelp("The priority the advice is for.", valueName: "priority"))
    var priority: Priority = .latency

    @Option(help: ArgumentHelp("A geography every destination must stay in, or any.", valueName: "geography"))
    var residency: String = "any"

    @Option(help: ArgumentHelp("The dataset the advice comes from.", valueName: "name"))
    var dataset: String = Builtin.datasetName

    @Option(help: ArgumentHelp("Measured calls per profile.", valueName: "n"), transform: DecimalFlag.int)
    var runs: Int = 5

    @Option(
        name: .customLong("tolerance-pct"),
        help: ArgumentHelp("How far above the dataset's P50 a measured P50 may be.", valueName: "percent"), transform: DecimalFlag.double)
    var tolerancePct: Double = 20

    @Option(name: .customLong("interval-ms"), help: ArgumentHelp("The pause after each call.", valueName: "ms"), transform: DecimalFlag.int)
    var intervalMs: Int = 500

    @Option(help: ArgumentHelp("The dataset to store the calls in (default: verify-REGION-DATE).", valueName: "name"))
    var save: String?

    @Option(name: .customLong("endpoint-url"), help: ArgumentHelp("Another Bedrock Runtime endpoint.", valueName: "url"))
    var endpointURL: String?

    @Option(help: FormatOption<VerifyOutput>.help)
    var format = FormatOption<VerifyOutput>()

    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard (1...1_000).contains(runs) else { throw ValidationError("--runs: expected 1 to 1000 calls per profile") }
        guard tolerancePct.isFinite, tolerancePct >= 0, tolerancePct <= 1_000 else {
            throw ValidationError("--tolerance-pct: expected 0 to 1000")
        }
        guard (0...600_000).contains(intervalMs) else { throw ValidationError("--interval-ms: expected 0 to 600000") }
        if let save { try DatasetName.check(save, flag: "--save") }
    }

    mutating func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let now = Date()
        var interrupted = false
        // Failures are thrown after the store's scope: a store this command created is published only
        // when the body returns, with the calls made.
        try store.ensureExists()
        let judgements = try store.withStore(writing: true) { store -> [LiveVerification.Judgement] in
            let catalogue = try store.catalogue()
            let source = try catalogue.resolveRegion(self.source, field: "--source").code
            let residency = try catalogue.resolveResidency(residency, field: "--residency")
            let modelIds = try models.map { try catalogue.resolveModel($0, field: "--model").id }
            let request = VerifyAdvice.Request(
                source: source, models: modelIds, priority: priority, residency: residency, dataset: dataset,
                runs: runs, intervalSeconds: Double(intervalMs) / 1000, tolerance: tolerancePct / 100,
                saveAs: save, now: now)
            // Each model is a run of its own: the choice and the runner-up, one warm-up each.
            let interaction = Interaction(total: 2 * (request.runs + 1), interval: request.intervalSeconds)
            defer { interaction.finish() }
            let result = try VerifyAdvice.verify(
                request, workspace: store, catalogue: catalogue,
                session: {
                    try ProbeSession(source: source, endpointURL: endpointURL, newConnection: false, environment: environment, now: now)
                }, shouldStop: Interaction.shouldStop, onSample: interaction.update)
            interaction.finish()
            interrupted = result.interrupted
            print(
                format.render(
                    VerifyOutput.Subject(
                        judgements: result.judgements, source: source, priority: priority.rawValue, dataset: result.dataset,
                        saved: result.saved)), terminator: "")
            return result.judgements
        }
        if interrupted { throw ExitCode(130) }
        if judgements.contains(where: { $0.holds == false }) { throw ExitCodes.no }
        if judgements.contains(where: { $0.holds == nil }) {
            throw CommandFailure.runtime("the advice could not be verified: no call succeeded (see above)")
        }
    }
}
