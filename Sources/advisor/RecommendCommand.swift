import AdvisorApp
import AdvisorCore
import AdvisorReporting
public import ArgumentParser
import Foundation

extension Priority: ExpressibleByArgument {}

struct RecommendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Rank the ways to call each model from a source region, and explain the ranking.",
        discussion: """
            Hard constraints first: an option must be callable from --source, and with --residency every \
            destination it may route to must lie inside that geography (so global never qualifies). The \
            rest are ranked by --priority: latency (P50 total), ttfb (P50 time to first byte), tail \
            (P99 total), cost, throughput (size of the destination pool) or balanced. Differences within \
            the noise margin are ties, broken by cost and then by pool size. An option without a figure \
            for the measure is reported as unmeasured, never ranked as fast.

            Exits 1 when some model has no qualifying option.

            Example: advisor recommend --source eu-central-1 --priority latency
            """)

    @Option(help: ArgumentHelp("The region the calls are made from.", valueName: "region"))
    var source: String

    @Option(
        name: .customLong("model"),
        help: ArgumentHelp(
            "A model (or profile) id; repeat for several. Default: every model the dataset measured from --source.",
            valueName: "id"))
    var models: [String] = []

    @Option(
        help: ArgumentHelp(
            "What matters most: \(Priority.allCases.map(\.rawValue).joined(separator: ", ")).",
            valueName: "priority"))
    var priority: Priority = .latency

    @Option(
        help: ArgumentHelp(
            "Keep every destination inside this geography (us, eu, jp, au, apac, ca …) or any.",
            valueName: "geography"))
    var residency: String = "any"

    @Option(help: ArgumentHelp("The latency dataset to score with.", valueName: "name"))
    var dataset: String = Builtin.datasetName

    @Option(help: ArgumentHelp("The catalogue version to use (default: the newest in the store).", valueName: "name"))
    var catalogue: String?

    @Option(
        name: .customLong("noise-ms"),
        help: ArgumentHelp("Differences up to this many milliseconds are ties.", valueName: "ms"), transform: DecimalFlag.double)
    var noiseMs: Double = NoiseMargin.default.milliseconds

    @Option(
        name: .customLong("noise-pct"),
        help: ArgumentHelp("Differences up to this percentage of the faster value are ties.", valueName: "percent"),
        transform: DecimalFlag.double)
    var noisePct: Double = NoiseMargin.default.fraction * 100

    @Option(
        name: .customLong("stale-days"),
        help: ArgumentHelp("Flag data measured more than this many days ago as stale.", valueName: "days"), transform: DecimalFlag.int)
    var staleDays: Int = DatasetFreshness.defaultStaleAfterDays

    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp(
            "Judge the data's age as of this date (YYYY-MM-DD or RFC 3339; default: now), for reproducible output.",
            valueName: "date"))
    var asOf: String?

    @Option(help: FormatOption<RecommendationOutput>.help)
    var format = FormatOption<RecommendationOutput>()

    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard staleDays >= 0 else { throw ValidationError("--stale-days must be 0 or more") }
        if let asOf, RFC3339.parseDateOrDateTime(asOf) == nil {
            throw ValidationError("--as-of '\(asOf)' is not a date such as 2026-11-22 or 2026-11-22T09:00:00Z")
        }
        guard noiseMs.isFinite, noiseMs >= 0 else { throw ValidationError("--noise-ms must be a number of milliseconds ≥ 0") }
        guard noisePct.isFinite, noisePct >= 0, noisePct < 100 else {
            throw ValidationError("--noise-pct must be a percentage from 0 to below 100")
        }
    }

    mutating func run() throws {
        try store.withStore { store in
            let catalogue = try store.catalogue(named: catalogue)
            let source = try catalogue.resolveRegion(source, field: "--source").code
            let residency = try catalogue.resolveResidency(residency, field: "--residency")
            let dataset = try store.dataset(named: dataset)
            var modelIds = try models.map { try catalogue.resolveModel($0, field: "--model").id }
            if modelIds.isEmpty {
                modelIds = Recommender.modelsWithData(from: source, catalogue: catalogue, dataset: dataset)
            }
            guard !modelIds.isEmpty else {
                let measured = dataset.sourceRegions.joined(separator: ", ")
                throw CommandFailure.no(
                    "dataset \(dataset.name) has no measurements from \(source) (it measured from "
                        + "\(measured)); name the models to compare with --model")
            }
            var unique: [String] = []
            for id in modelIds where !unique.contains(id) { unique.append(id) }
            let request = RecommendationRequest(
                source: source, models: unique, priority: priority, residency: residency,
                noise: NoiseMargin(milliseconds: noiseMs, fraction: noisePct / 100),
                now: asOf.flatMap(RFC3339.parseDateOrDateTime) ?? Date(), staleAfterDays: staleDays)
            var recommendation = Recommender.recommend(request, catalogue: catalogue, dataset: dataset)
            recommendation.attach(RouteObservation.from(try store.observedCounts(source: source), catalogue: catalogue))
            print(format.render((recommendation, catalogue)), terminator: "")
            if recommendation.hasUnansweredModel { throw ExitCodes.no }
        }
    }
}
