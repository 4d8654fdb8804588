import AdvisorApp
import AdvisorCore
import AdvisorReporting
import ArgumentParser
import Foundation

struct CatalogueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalogue",
        abstract: "What may be called from where, and where it routes.",
        subcommands: [
            CatalogueShow.self, CatalogueCallable.self, CatalogueImportCommand.self, CatalogueDiffCommand.self,
            CatalogueValidateCommand.self, CatalogueVersionsCommand.self, CatalogueRefreshCommand.self,
        ])
}

struct CatalogueShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "List the catalogue's geographies, regions, models and profiles, with their sources.",
        discussion: """
            --facts lists instead each fact about AWS the answers rest on (quota burndown, lifecycle dates, \
            where a geography keeps data) with its source, the date it was read and its age; one older than \
            90 days is flagged for a check against the source.
            """)

    @Option(name: .customLong("model"), help: ArgumentHelp("Only this model's profiles.", valueName: "id"))
    var model: String?

    @Option(help: ArgumentHelp("The catalogue version (default: the newest).", valueName: "name"))
    var catalogue: String?

    @Option(help: FormatOption<CatalogueOutput.Show>.help)
    var format = FormatOption<CatalogueOutput.Show>()

    @Flag(help: "List each fact about AWS with its source and the date it was read.")
    var facts = false

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The date facts' ages are counted to (default: today).", valueName: "date"))
    var asOf: String?

    @OptionGroup var store: StoreOptions

    mutating func run() throws {
        let now = try parseAsOf(asOf)
        try store.withStore { store in
            let catalogue = try store.catalogue(named: catalogue)
            let modelId = try model.map { try catalogue.resolveModel($0, field: "--model").id }
            if facts {
                let selected = catalogue.facts.filter { modelId == nil || $0.subject == modelId }
                print(
                    format.render(.facts(selected, now: now)),
                    terminator: "")
                return
            }
            print(format.render(.catalogue(catalogue, model: modelId)), terminator: "")
        }
    }
}

struct CatalogueCallable: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "callable",
        abstract: "What may be called from a region, where each call may go, and why the rest may not.",
        discussion: """
            With --profile, answers for one identifier and exits 1 when it is not callable, printing the \
            error Bedrock would return.
            """)

    @Option(help: ArgumentHelp("The region the calls are made from.", valueName: "region"))
    var source: String

    @Option(name: .customLong("model"), help: ArgumentHelp("Only this model.", valueName: "id"))
    var model: String?

    @Option(help: ArgumentHelp("Check one profile or model id.", valueName: "id"))
    var profile: String?

    @Option(help: ArgumentHelp("The catalogue version (default: the newest).", valueName: "name"))
    var catalogue: String?

    @Option(help: FormatOption<CatalogueOutput.Callable>.help)
    var format = FormatOption<CatalogueOutput.Callable>()

    @OptionGroup var store: StoreOptions

    mutating func run() throws {
        try store.withStore { store in
            let catalogue = try store.catalogue(named: catalogue)
            let source = try catalogue.resolveRegion(source, field: "--source").code
            if let profile {
                guard catalogue.knows(profile) else {
                    throw InputError(
                        field: "--profile", value: profile, expected: "a profile or model id of catalogue \(catalogue.name)",
                        suggestions: Suggest.nearest(profile, in: catalogue.profiles.map(\.id) + catalogue.models.map(\.id)))
                }
                let answer = catalogue.callability(of: profile, from: source)
                print(format.render(.one(id: profile, source: source, answer)), terminator: "")
                if !(answer.isCallable) { throw ExitCodes.no }
                return  // the one answer asked for, not the whole catalogue after it
            }
            let modelIds =
                try model.map { [try catalogue.resolveModel($0, field: "--model").id] }
                ?? catalogue.models.map(\.id)
            let table = CallableTable.build(catalogue: catalogue, source: source, models: modelIds)
            print(format.render(.table(table, catalogue)), terminator: "")
        }
    }
}
