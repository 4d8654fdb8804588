import AdvisorApp
import AdvisorCore
import AdvisorReporting
import ArgumentParser
import Foundation

struct RoutesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routes",
        abstract: "Where the account's Bedrock calls really ran: per source Region and profile, the share served in each Region.",
        discussion: """
            Reads the CloudTrail records ingested with advisor ingest --format cloudtrail, and the day \
            counts of an Athena or CloudTrail Lake result (ingest --format athena; advisor evidence athena \
            prints the query). CloudTrail \
            logs a cross-Region call in its source Region and names the Region that served it \
            (additionalEventData.inferenceRegion). Shares count successful calls; failed calls are \
            counted apart. A geographic profile served outside the catalogue's destinations is flagged. \
            See docs/account-evidence.md.

            Example: advisor routes --source eu-central-1 --since 2026-11-01
            """)

    @Option(help: ArgumentHelp("Only calls made from this Region.", valueName: "region"))
    var source: String?

    @Option(help: ArgumentHelp("Only calls of this profile (or model) id.", valueName: "id"))
    var profile: String?

    @Option(help: ArgumentHelp("Only calls at or after this date (YYYY-MM-DD or RFC 3339).", valueName: "date"))
    var since: String?

    @Flag(
        help: ArgumentHelp(
            "Show the retry-mode census under each route: who called (IAM principal), with which SDK and retry mode (from userAgent), calls and throttled calls."
        ))
    var clients = false

    @Option(help: FormatOption<RoutesOutput>.help)
    var format = FormatOption<RoutesOutput>()

    @OptionGroup var store: StoreOptions

    func validate() throws {
        if let since, RFC3339.parseDateOrDateTime(since) == nil {
            throw ValidationError("--since '\(since)' is not a date such as 2026-11-22 or 2026-11-22T09:00:00Z")
        }
    }

    mutating func run() throws {
        try store.withStore { store in
            let catalogue = try store.catalogue()
            let region = try source.map { try catalogue.resolveRegion($0, field: "--source").code }
            let counts = try store.observedCounts(
                source: region, profile: profile, since: since.flatMap(RFC3339.parseDateOrDateTime), clients: clients)
            let routes = RouteObservation.from(counts, catalogue: catalogue)
            print(format.render(RoutesOutput.View(routes: routes, clients: clients)), terminator: "")
        }
    }
}
