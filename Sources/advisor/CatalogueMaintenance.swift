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
            print(CatalogueReport.diffText(diff), terminator: "")
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

    @Option(help: FormatOption<CatalogueReport.Diff>.help)
    var format = FormatOption<CatalogueReport.Diff>()

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

    @Option(help: FormatOption<CatalogueReport.Issues>.help)
    var format = FormatOption<CatalogueReport.Issues>()

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
