import AdvisorApp
import AdvisorCore
import ArgumentParser
import Foundation

struct EvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Queries that gather an organisation's evidence where it lives, for advisor to read back.",
        subcommands: [EvidenceAthena.self])
}

struct EvidenceAthena: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "athena",
        abstract: "Print the SQL that counts the organisation's Bedrock calls in Athena (or CloudTrail Lake), for ingest --format athena.",
        discussion: """
            advisor does not scan terabytes of CloudTrail itself: Athena does, and advisor reads the \
            result. This prints, for Athena, a CloudTrail table with partition projection (account, Region \
            and day, so a query reads only the prefixes it names) and the query; for CloudTrail Lake \
            (--engine cloudtrail-lake), the query over an event data store. The query counts \
            bedrock-runtime and bedrock-mantle inference calls per account, source Region, model or \
            profile, served Region, endpoint, operation, error, caller (IAM principal), SDK, retry mode \
            and day. Save its result as CSV and run advisor ingest --format athena FILE; then routes, \
            routes --clients, recommend, report and check use it. See docs/account-evidence.md.

            Examples:
              advisor evidence athena --bucket s3://my-trail --accounts 111122223333 \\
                --organization o-a1b2c3d4e5 --since 2026-11-01 --until 2026-11-30
              advisor evidence athena --engine cloudtrail-lake --event-data-store ID
            """)

    @Option(help: ArgumentHelp("athena or cloudtrail-lake.", valueName: "engine"))
    var engine: String = "athena"

    @Option(
        help: ArgumentHelp("Where CloudTrail delivers (athena): s3://bucket or s3://bucket/prefix, above AWSLogs/.", valueName: "s3-url"))
    var bucket: String?

    @Option(help: ArgumentHelp("An organisation trail's id (athena): its files sit under AWSLogs/<org id>/<account>/.", valueName: "o-id"))
    var organization: String?

    @Option(help: ArgumentHelp("The accounts to count, comma-separated 12-digit ids (required for athena).", valueName: "id,…"))
    var accounts: String?

    @Option(
        help: ArgumentHelp("The source Regions to count, comma-separated (default: every Region advisor knows).", valueName: "region,…"))
    var regions: String?

    @Option(help: ArgumentHelp("The first day counted (UTC; default: 30 days before --until).", valueName: "YYYY-MM-DD"))
    var since: String?

    @Option(help: ArgumentHelp("The last day counted, included (UTC; default: today).", valueName: "YYYY-MM-DD"))
    var until: String?

    @Option(help: ArgumentHelp("The Athena table to create and query.", valueName: "name"))
    var table: String = "cloudtrail_bedrock"

    @Option(
        name: .customLong("event-data-store"),
        help: ArgumentHelp("CloudTrail Lake's event data store id (cloudtrail-lake).", valueName: "id"))
    var eventDataStore: String?

    @Option(help: ArgumentHelp("Print only the table or only the query (athena): table or query.", valueName: "part"))
    var only: String?

    @OptionGroup var store: StoreOptions

    func day(_ text: String?, flag: String, default fallback: Date) throws -> Date {
        guard let text else { return fallback }
        guard text.count == 10, let date = RFC3339.parseDateOrDateTime(text) else {
            throw CommandFailure.badInput("\(flag): '\(Sanitize.excerpt(text))' is not a day such as 2026-11-01")
        }
        return date
    }

    func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    mutating func run() throws {
        guard let engine = AthenaQuery.Engine(rawValue: engine) else {
            throw CommandFailure.badInput("--engine: '\(Sanitize.excerpt(engine))' is not athena or cloudtrail-lake")
        }
        if let only, !["table", "query"].contains(only) {
            throw CommandFailure.badInput("--only: '\(Sanitize.excerpt(only))' is not table or query")
        }
        switch engine {
        case .athena:
            guard bucket != nil else {
                throw CommandFailure.badInput(
                    "--bucket: name where CloudTrail delivers (s3://bucket or s3://bucket/prefix, above AWSLogs/)")
            }
            if eventDataStore != nil { throw CommandFailure.badInput("--event-data-store is for --engine cloudtrail-lake") }
        case .cloudtrailLake:
            guard eventDataStore != nil else { throw CommandFailure.badInput("--event-data-store: name the event data store's id") }
            if bucket != nil || organization != nil || only != nil {
                throw CommandFailure.badInput("--bucket, --organization and --only are for --engine athena (the table is Athena's)")
            }
        }
        let today = RFC3339.parseDateOrDateTime(RFC3339.dateString(Date()))!
        let until = try day(until, flag: "--until", default: today)
        let since = try day(since, flag: "--since", default: until.addingTimeInterval(-30 * 86_400))
        let accounts = list(accounts), regionNames = list(regions)
        let query = try store.withStore { store in
            let catalogue = try store.catalogue()
            let regions = try regionNames.map { try catalogue.resolveRegion($0, field: "--regions").code }
            return try AthenaQuery(
                engine: engine, table: engine == .athena ? table : eventDataStore ?? "", accounts: accounts, regions: regions,
                allRegions: catalogue.regions.map(\.code).sorted(), since: since, until: until, bucket: bucket ?? "",
                organization: organization
            ).validated()
        }
        if engine == .athena, only != "query" { print(query.tableDDL) }
        if only != "table" { print(query.query, terminator: "") }
    }
}
