import AdvisorCore
import AdvisorApp
import AdvisorReporting
import ArgumentParser
import Foundation

/// What `advisor ingest --format` reads: latency measurements into a dataset (SampleFormat), or one
/// of the account's evidence formats (EvidenceFormats.all) into the store's evidence tables.
struct IngestFormat: ExpressibleByArgument, Equatable {
    let rawValue: String

    init?(argument: String) {
        guard Self.allValueStrings.contains(argument) else { return nil }
        rawValue = argument
    }

    static let auto = IngestFormat(argument: "auto")!
    static var allValueStrings: [String] { SampleFormat.allCases.map(\.rawValue) + EvidenceFormats.all.map(\.name) }
    var defaultValueDescription: String { rawValue }

    /// The latency format, nil for account evidence.
    var sampleFormat: SampleFormat? { SampleFormat(rawValue: rawValue) }
    var evidence: (any EvidenceFormat)? { EvidenceFormats.named(rawValue) }
    static func == (a: IngestFormat, b: IngestFormat) -> Bool { a.rawValue == b.rawValue }
}

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract:
            "Add latency measurements to a dataset, or the account's CloudTrail, CloudWatch or Service Quotas evidence, to the store.",
        discussion: """
            Formats: csv and jsonl (advisor's raw format, one call per row), llmeter (LLMeter's \
            responses.jsonl; region and model from its run_config.json when present), llmperf \
            (llmperf's *_individual_responses.json), summary (published statistics). auto picks by name \
            and content. --source and --profile supply what a file does not say.

            cloudtrail reads the account's CloudTrail records (S3 delivery files, gzip or not, or \
            `aws cloudtrail lookup-events` output) and keeps Bedrock inference calls (bedrock-runtime, and bedrock-mantle data events; records of other Bedrock event sources are counted and named): where each was made \
            from and the Region that served it, for advisor routes and the residency rules. No \
            --dataset; an event already stored is counted once. athena reads the CSV result (gzip or not) \
            of the query advisor evidence athena prints, run in Athena or CloudTrail Lake over an \
            organisation's CloudTrail: day counts per account, route, caller, SDK and retry mode; the same \
            day counted twice keeps the larger count, never the sum. cloudwatch reads `aws cloudwatch \
            get-metric-data` output for AWS/Bedrock (one-minute Sums of Invocations, token counts, \
            throttles), with --queries naming the query file that produced it (or Labels "METRIC \
            MODEL_ID") and --source the Region it was run in, for advisor capacity --observed. \
            service-quotas reads `aws service-quotas list-service-quotas --service-code bedrock` output, \
            matching each quota to its model and scope by its name and listing those it cannot match; \
            check and capacity use them where advisor.yaml declares no quotas. See docs/account-evidence.md.

            One transaction per command: a bad row rejects every file, naming the file, line and field, \
            and the store stays as it was. --skip-bad-rows keeps the good rows instead. A file already \
            in the dataset (same content) is refused unless --replace, which replaces the dataset's earlier \
            file of the same name or content and says which. Without --format, a CloudTrail file is \
            recognised; without --dataset, a summary file's '# dataset: NAME' line names it. Only \
            regular files are read (not a FIFO or /dev/zero).
            """)

    @Argument(help: ArgumentHelp("Files to ingest.", valueName: "file"))
    var files: [String]

    @Option(
        help: ArgumentHelp(
            "The dataset to add to (created if new); not for cloudtrail, athena, cloudwatch or service-quotas.", valueName: "name"))
    var dataset: String?

    @Option(
        help: ArgumentHelp(
            "auto, csv, jsonl, llmeter, llmperf, summary, cloudtrail, athena, cloudwatch or service-quotas.", valueName: "format"))
    var format: IngestFormat = .auto

    @Option(help: ArgumentHelp("cloudwatch: the query file given to get-metric-data --metric-data-queries.", valueName: "file"))
    var queries: String?

    @Option(help: ArgumentHelp("The source region, for files that do not say.", valueName: "region"))
    var source: String?

    @Option(help: ArgumentHelp("The profile (or model) id called, for files that do not say.", valueName: "id"))
    var profile: String?

    @Flag(name: .customLong("skip-bad-rows"), help: "Keep the good rows of a file with bad ones; report the rest.")
    var skipBadRows = false

    @Flag(help: "Ingest a file again that the dataset already holds, replacing the earlier copy.")
    var replace = false

    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one file to ingest") }
        if let evidence = format.evidence {
            let name = evidence.name
            switch evidence.source {
            case .required(let why): guard source != nil else { throw ValidationError("--format \(name) needs --source: \(why)") }
            case .refused:
                if source != nil { throw ValidationError("--format \(name) takes no --source: the records say where each call was made") }
            case .optional: break
            }
            if queries != nil, !evidence.takesQueries { throw ValidationError("--queries is for --format cloudwatch") }
            if dataset != nil || profile != nil || skipBadRows || replace {
                throw ValidationError(
                    "--format \(name) takes no --dataset, --profile, --skip-bad-rows or --replace: it is the account's evidence, "
                        + "not a dataset, and a record already stored is counted once")
            }
            return
        }
        if queries != nil { throw ValidationError("--queries is for --format cloudwatch") }
        if let dataset { try DatasetName.check(dataset, flag: "--dataset") }
    }

    /// Without --format or --dataset, what the first file says: a CloudTrail file is ingested as
    /// one (it asked for a --dataset it cannot take), a summary CSV names its dataset in `# dataset:`.
    func sniffed() throws -> (cloudTrail: Bool, dataset: String?) {
        guard format == .auto, dataset == nil, let first = files.first else { return (false, dataset) }
        let sniffing = IngestSniffing(path: first)
        if sniffing.cloudTrail {
            if source != nil || profile != nil || skipBadRows || replace {
                throw ValidationError("\(first) is CloudTrail records, which take no --source, --profile, --skip-bad-rows or --replace")
            }
            return (true, nil)
        }
        if let declared = sniffing.declaredDataset {
            try DatasetName.check(declared, flag: "\(first): # dataset:")
            return (false, declared)
        }
        return (false, nil)
    }

    mutating func run() throws {
        let sniff = try sniffed()
        if sniff.cloudTrail { return try ingestEvidence(EvidenceFormats.named("cloudtrail")!) }
        if dataset == nil { dataset = sniff.dataset }
        if let evidence = format.evidence { return try ingestEvidence(evidence) }
        try ingestSamples()
    }

    func ingestEvidence(_ evidence: any EvidenceFormat) throws {
        try store.withStore(writing: true) { store in
            let catalogue = try store.catalogue()
            let region = try source.map { try catalogue.resolveRegion($0, field: "--source").code }
            let request = EvidenceRequest(source: region, queries: queries, catalogue: catalogue)
            for file in try EvidenceFormats.ingest(files, format: evidence, request: request, workspace: store) {
                print("\(file.path): \(file.headline)")
                for note in file.notes { print("  \(note)") }
            }
        }
    }

    func ingestSamples() throws {
        guard let sampleFormat = format.sampleFormat, let dataset else {
            throw ValidationError(
                "--dataset: name the dataset to add the measurements to (or give a summary file a '# dataset: NAME' line)")
        }
        let options = IngestOptions(
            dataset: dataset, format: sampleFormat, defaults: SampleDefaults(source: source, profile: profile),
            skipBadRows: skipBadRows, replace: replace)
        try store.withStore(writing: true) { store in
            if let source { _ = try store.catalogue().resolveRegion(source, field: "--source") }
            let report = try LatencyIngest.run(in: store, files, options: options, now: Date())
            for file in report.files {
                var line = "\(file.path): \(Wording.count(file.rows, "row")) into \(report.dataset) (\(file.format.rawValue))"
                if file.skipped > 0 { line += ", \(Wording.count(file.skipped, "bad row")) skipped" }
                if !file.replaced.isEmpty { line += ", replacing " + file.replaced.joined(separator: " and ") }
                print(line)
            }
            for problem in report.problems { print("  skipped: \(problem)") }
            let skipped = report.files.reduce(0) { $0 + $1.skipped }
            if skipped > report.problems.count { print("  … and \(skipped - report.problems.count) more") }
        }
    }
}

struct DatasetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasets",
        abstract: "List or remove latency datasets.",
        subcommands: [DatasetsList.self, DatasetsRemove.self],
        defaultSubcommand: DatasetsList.self)
}

struct DatasetsList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Datasets with counts, time span and source regions.")

    @Option(help: FormatOption<DatasetsOutput>.help)
    var format = FormatOption<DatasetsOutput>()

    @OptionGroup var store: StoreOptions

    mutating func run() throws {
        try store.withStore { store in
            let entries = try store.datasets().map {
                DatasetsOutput.Entry(
                    name: $0.name, kind: $0.kind, count: $0.count, failed: $0.failed, files: $0.files,
                    first: $0.firstTimestamp, last: $0.lastTimestamp, measured: $0.measured,
                    sources: $0.sources)
            }
            print(format.render(entries), terminator: "")
        }
    }
}

struct DatasetsRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove a dataset and its samples.")

    @Argument(help: ArgumentHelp("The dataset to remove.", valueName: "name"))
    var name: String

    @OptionGroup var store: StoreOptions

    mutating func run() throws {
        try store.withStore(writing: true) { store in
            try store.removeDataset(name)
            print("removed dataset \(name)")
        }
    }
}

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Per source region and profile: calls, errors, quantiles and the P50's 95% interval.",
        discussion: """
            Quantiles are linear interpolation between closest ranks (Hyndman–Fan type 7, NumPy's \
            default) over successful calls. The P50 interval is the exact distribution-free \
            order-statistic interval (none below 6 calls). Summary datasets show what was published.
            """)

    @Option(help: ArgumentHelp("The dataset (default: seed-lab-2026-04, the built-in one, as for every command).", valueName: "name"))
    var dataset: String?

    @Option(help: ArgumentHelp("Only this source region.", valueName: "region"))
    var source: String?

    @Option(help: FormatOption<StatsOutput>.help)
    var format = FormatOption<StatsOutput>()

    @OptionGroup var store: StoreOptions

    mutating func run() throws {
        try store.withStore { store in
            if let source { _ = try store.catalogue().resolveRegion(source, field: "--source") }
            // The seed lab's by default, as every other command (it was the newest, unlike the rest).
            let name = dataset ?? Builtin.datasetName
            let data = try store.dataset(named: name)
            print(format.render((data, source)), terminator: "")
        }
    }
}
