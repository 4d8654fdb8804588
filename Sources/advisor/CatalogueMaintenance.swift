import AdvisorApp
import AdvisorCore
import AdvisorReporting
import ArgumentParser
import Foundation

struct CatalogueImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Refresh the catalogue from `aws bedrock list-inference-profiles` output, one file per region.",
        discussion: """
            A region's listing is authoritative for that region: what it lists is callable from there, \
            routed to the regions of its models[] ARNs; what it does not list no longer is. Other source \
            regions keep what the base catalogue says. Pages of one region (--no-paginate runs) can be \
            given as several files. The region comes from --region, or from the profiles' ARNs. \
            SYSTEM_DEFINED profiles become catalogue entries; APPLICATION profiles are recorded with \
            what they wrap; inactive profiles are kept but not callable. The result is stored as a new \
            catalogue version, the newest. See docs/catalogue.md.
            """)

    @Argument(help: ArgumentHelp("list-inference-profiles JSON files.", valueName: "file"))
    var files: [String]

    @Option(help: ArgumentHelp("The region every file was listed in (default: from the ARNs).", valueName: "region"))
    var region: String?

    @Option(help: ArgumentHelp("The new version's name (default: aws-<time>).", valueName: "name"))
    var name: String?

    @Option(help: ArgumentHelp("The version to start from (default: the newest).", valueName: "name"))
    var base: String?

    @OptionGroup var store: StoreOptions

    mutating func run() throws {
        try store.withStore(writing: true) { store in
            let (issues, listings, derived) = try CatalogueImportUseCase.run(
                files, region: region, base: base, name: name,
                workspace: store, now: Date())
            for issue in issues {
                printError("warning: \(issue.location): \(issue.message)")
            }
            let imported = derived.stored
            let diff = CatalogueDiff.compute(old: derived.base, new: imported)
            print(
                "imported \(listings.map { "\($0.region) (\($0.profiles.count) profiles)" }.joined(separator: ", ")) "
                    + "as catalogue \(imported.name), now the newest")
            print(CatalogueOutput.diffText(diff), terminator: "")
        }
    }
}

struct CatalogueDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What changed between two catalogue versions: profiles, source and destination regions.",
        discussion: "Without names, compares the two newest versions. Exits 1 when they differ (for CI).")

    @Argument(help: ArgumentHelp("The older version (default: the second newest).", valueName: "old"))
    var old: String?

    @Argument(help: ArgumentHelp("The newer version (default: the newest).", valueName: "new"))
    var new: String?

    @Option(help: FormatOption<CatalogueOutput.Diff>.help)
    var format = FormatOption<CatalogueOutput.Diff>()

    @OptionGroup var store: StoreOptions

    mutating func run() throws {
        try store.withStore { store in
            let versions = try store.catalogueVersions().map(\.name)
            let newName = new ?? versions.first
            let oldName = old ?? versions.dropFirst().first
            guard let newName, let oldName else {
                throw CommandFailure.badInput("the store has one catalogue version (\(versions.joined())); import another or name two")
            }
            let diff = CatalogueDiff.compute(old: try store.catalogue(named: oldName), new: try store.catalogue(named: newName))
            print(format.render(diff), terminator: "")
            if !(diff.isEmpty) { throw ExitCodes.no }
        }
    }
}

struct CatalogueValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Report inconsistencies in list-inference-profiles files or a catalogue YAML, without importing.",
        discussion: """
            Checks: a geographic profile whose destinations leave its geography (other than the calling \
            region itself), a prefix that is neither global nor a known geography, duplicate ids, \
            unparseable ARNs, unknown region codes. Exits 1 when an error is found.
            """)

    @Argument(help: ArgumentHelp("Files to check.", valueName: "file"))
    var files: [String]

    @Option(help: ArgumentHelp("The region every file was listed in (default: from the ARNs).", valueName: "region"))
    var region: String?

    @Option(help: FormatOption<CatalogueOutput.Issues>.help)
    var format = FormatOption<CatalogueOutput.Issues>()

    @OptionGroup var store: StoreOptions

    mutating func run() throws {
        try store.withStore { store in
            let issues = try CatalogueImportUseCase.validate(files, region: region, catalogue: try store.catalogue())
            print(
                format.render((issues, files.count)),
                terminator: "")
            if issues.contains(where: { $0.severity == .error }) { throw ExitCodes.no }
        }
    }
}

struct CatalogueVersionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "versions", abstract: "The catalogue versions in the store, newest first.")

    @OptionGroup var store: StoreOptions

    mutating func run() throws {
        try store.withStore { store in
            let rows = try store.catalogueVersions().map { [$0.name, $0.createdAt, $0.origin] }
            print(TextTable(headers: ["name", "created", "origin"], rows: rows).rendered())
        }
    }
}

struct CatalogueRefreshCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Refresh the catalogue live from Bedrock's control plane and the account's quotas from Service Quotas.",
        discussion: """
            In each Region (a few at a time): ListInferenceProfiles, both system-defined and application \
            profiles, every page; ListFoundationModels, for each model's lifecycle; and Service Quotas' \
            ListServiceQuotas for bedrock (unless --no-quotas). Calls are signed with the usual credentials \
            chain and retried on throttling and transient failures as the probe retries. The answers become \
            a new catalogue version on the newest, with its diff, and the quotas are stored as `ingest \
            --format service-quotas` stores them. A Region that fails (AccessDenied, not enabled, still \
            throttled after the retries) is named; its earlier profiles are kept and the version is marked \
            partial; the command then exits 3 after storing what it could. Nothing changed: no new version. \
            Endpoints: --endpoint-url or AWS_ENDPOINT_URL_BEDROCK for Bedrock, AWS_ENDPOINT_URL_SERVICE_QUOTAS \
            for Service Quotas, AWS_ENDPOINT_URL for both. IAM: bedrock:ListInferenceProfiles, \
            bedrock:ListFoundationModels, servicequotas:ListServiceQuotas. See docs/catalogue.md.

            Examples:
              advisor catalogue refresh --regions eu-central-1,eu-west-1,us-east-1
              advisor catalogue refresh --all-regions --no-quotas
            """)

    @Option(
        help: ArgumentHelp(
            "Comma-separated Regions to read (default: AWS_REGION or AWS_DEFAULT_REGION).", valueName: "region,…"))
    var regions: String?

    @Flag(help: "Read every Region the catalogue knows.")
    var allRegions = false

    @Flag(help: "Do not read Service Quotas (the catalogue only).")
    var noQuotas = false

    @Option(help: ArgumentHelp("Bedrock control-plane endpoint (a VPC endpoint, a test server).", valueName: "url"))
    var endpointURL: String?

    @Option(help: ArgumentHelp("The new version's name (default: aws-refresh-<time>).", valueName: "name"))
    var name: String?

    @Option(help: FormatOption<CatalogueOutput.Refresh>.help)
    var format = FormatOption<CatalogueOutput.Refresh>()

    @OptionGroup var store: StoreOptions

    mutating func validate() throws {
        if allRegions && regions != nil { throw ValidationError("--regions and --all-regions cannot be combined") }
    }

    mutating func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let result = try store.withStore(writing: true) { store -> CatalogueRefreshResult in
            let catalogue = try store.catalogue(named: nil)
            let chosen: [String]
            if allRegions {
                chosen = catalogue.regions.map(\.code)
            } else if let regions {
                chosen = try regions.split(separator: ",").map { try catalogue.resolveRegion(String($0), field: "--regions").code }
            } else if let region = [environment["AWS_REGION"], environment["AWS_DEFAULT_REGION"]].compactMap({ $0 }).first(where: {
                !$0.isEmpty
            }) {
                chosen = [try catalogue.resolveRegion(region, field: "AWS_REGION").code]
            } else {
                throw CommandFailure.badInput("say which Regions to read: --regions R,… or --all-regions (or set AWS_REGION)")
            }
            var unique: [String] = []
            for region in chosen where !unique.contains(region) { unique.append(region) }
            guard !unique.isEmpty else {
                throw CommandFailure.badInput("--regions: expected Region codes such as eu-west-1,us-east-1, found none")
            }
            return try CatalogueRefresh.run(
                CatalogueRefreshRequest(
                    regions: unique, endpointURL: endpointURL, quotas: !noQuotas, name: name, environment: environment, now: Date()),
                workspace: store)
        }
        print(format.render(result), terminator: "")
        if result.anyFailure {
            let failed = result.regions.filter { $0.failure != nil || $0.quotaFailure != nil }.map(\.region)
            throw CommandFailure.runtime(
                "not everything was read (\(failed.joined(separator: ", "))); what was read is stored"
                    + (result.partial ? ", and the failed Regions keep their earlier profiles" : ""))
        }
    }
}
