public import AdvisorCore
import AdvisorCrypto
import AdvisorFormats
import AdvisorStore
public import Foundation

/// What `advisor ingest` is asked to do with latency files.
public struct IngestOptions: Sendable {
    public var dataset: String
    public var format: SampleFormat
    public var defaults: SampleDefaults
    public var skipBadRows: Bool
    public var replace: Bool

    public init(
        dataset: String, format: SampleFormat = .auto, defaults: SampleDefaults = SampleDefaults(),
        skipBadRows: Bool = false, replace: Bool = false
    ) {
        self.dataset = dataset
        self.format = format
        self.defaults = defaults
        self.skipBadRows = skipBadRows
        self.replace = replace
    }
}

/// What an ingest of latency files added.
public struct IngestOutcome: Sendable {
    public struct File: Sendable {
        public var path: String
        public var format: SampleFormat
        public var rows: Int
        public var skipped: Int
        /// The earlier files `--replace` removed for this one, as "NAME (N rows, ingested AT)".
        public var replaced: [String]
    }

    public var dataset: String
    public var files: [File] = []
    /// The first few problems of skipped rows (all of them are counted in `skipped`).
    public var problems: [FormatError] = []
    public static let problemsKept = 5
}

/// The ingest use case for latency measurements: for each file, detect its format, read and
/// validate it on one thread while the store inserts on another, hash its content, and store it,
/// all files in one transaction.
public enum LatencyIngest {
    public static func run(in workspace: Workspace, _ paths: [String], options: IngestOptions, now: Date) throws -> IngestOutcome {
        let store = workspace.store
        try Digest.requireLibrary()  // each file is fingerprinted with SHA-256
        let catalogue = try store.catalogue()
        let regions = Set(catalogue.regions.map(\.code))
        return try store.ingest(into: options.dataset, replace: options.replace, now: now) { ingest in
            var outcome = IngestOutcome(dataset: options.dataset)
            var newest: String?
            for path in paths {
                let format = try resolveFormat(path, requested: options.format)
                if format == .summary {
                    let data = try BoundedFile.bytes(path)
                    let summary = try SummaryReader.read(try BoundedFile.decodeUTF8(data, file: path), file: path)
                    try SummaryReader.validate(summary, against: catalogue, file: path)
                    let replaced = try ingest.addSummary(summary, file: path, sha256: Digest.hex(Digest.sha256(data)))
                    outcome.files.append(
                        IngestOutcome.File(path: path, format: .summary, rows: summary.rows.count, skipped: 0, replaced: replaced))
                } else {
                    outcome.files.append(
                        try samples(
                            path, format: format, options: options, regions: regions, ingest: ingest,
                            outcome: &outcome, newest: &newest))
                }
            }
            try ingest.updateMeasured(replacedAny: outcome.files.contains { !$0.replaced.isEmpty }, newest: newest)
            return outcome
        }
    }

    static func resolveFormat(_ path: String, requested: SampleFormat) throws(FormatError) -> SampleFormat {
        let handle = FileHandle(fileDescriptor: try RegularFile.open(path, file: path), closeOnDealloc: true)
        defer { try? handle.close() }
        guard requested == .auto else { return requested }
        let head = try? handle.read(upToCount: 4096)
        var bytes = Array(head ?? Data())
        if bytes.starts(with: BoundedFile.byteOrderMark) { bytes.removeFirst(BoundedFile.byteOrderMark.count) }
        return SampleReader.detect(path: path, head: bytes)
    }

    static func samples(
        _ path: String, format: SampleFormat, options: IngestOptions, regions: Set<String>, ingest: DatasetIngest,
        outcome: inout IngestOutcome, newest: inout String?
    ) throws -> IngestOutcome.File {
        var writer = try ingest.beginSamples(file: path, format: format.rawValue)
        var defaults = options.defaults
        if format == .llmeter { defaults = try LLMeterRun.defaults(for: path, overriddenBy: defaults, knownRegions: regions) }
        let state = ReadState(skip: options.skipBadRows, problems: outcome.problems)
        let readerDefaults = defaults
        try IngestPipeline.run(inserter: &writer) { accept in
            // On the reading thread: only `state` is written there, and read here once it has finished.
            let reader = SampleReader(regions: regions, defaults: readerDefaults)
            func onProblem(_ problem: FormatError) throws(FormatError) {
                guard state.skip else { throw problem }
                state.skipped += 1
                if state.problems.count < IngestOutcome.problemsKept { state.problems.append(problem) }
            }
            func counted(_ row: SampleRow) throws(FormatError) {
                try accept(row)
                state.rows += 1
                if let timestamp = row.timestamp { state.offerTimestamp(timestamp) }
            }
            func onBytes(_ bytes: UnsafeBufferPointer<UInt8>) { state.hasher.update(bytes) }
            switch format {
            case .csv: try reader.readCSV(.file(path), file: path, onBytes: onBytes, onProblem: onProblem, counted)
            case .jsonl, .llmeter:
                try reader.readJSONLines(
                    .file(path), file: path, llmeter: format == .llmeter, onBytes: onBytes,
                    onProblem: onProblem, counted)
            case .llmperf: try reader.readLLMPerf(.file(path), file: path, onBytes: onBytes, onProblem: onProblem, counted)
            case .auto, .summary: preconditionFailure("resolved before")
            }
        }
        if let fileNewest = state.newestTimestamp, newest.map({ $0.utf8.lexicographicallyPrecedes(fileNewest.utf8) }) ?? true {
            newest = fileNewest
        }
        outcome.problems = state.problems
        guard state.rows > 0 else {
            throw FormatError(file: path, message: "has no usable rows (\(state.skipped) skipped)")
        }
        let replaced = try ingest.finish(&writer, sha256: Digest.hex(state.hasher.finalize()), rows: state.rows, skipped: state.skipped)
        return IngestOutcome.File(path: path, format: format, rows: state.rows, skipped: state.skipped, replaced: replaced)
    }
}

/// What the reading thread of an ingest counts: written only there, read once it has finished
/// (IngestPipeline.run returns after it has).
private final class ReadState: @unchecked Sendable {
    let skip: Bool
    var rows = 0
    var skipped = 0
    var problems: [FormatError]
    let hasher = SHA256Hasher()
    /// The largest timestamp text of the rows accepted, compared byte by byte as SQLite's max(ts) does.
    private var newest: [UInt8] = []
    private var sawTimestamp = false

    init(skip: Bool, problems: [FormatError]) {
        self.skip = skip
        self.problems = problems
    }

    func offerTimestamp(_ text: SampleRow.Text) {
        func offer(_ bytes: some Collection<UInt8>) {
            guard !sawTimestamp || newest.lexicographicallyPrecedes(bytes) else { return }
            newest.removeAll(keepingCapacity: true)
            newest.append(contentsOf: bytes)
            sawTimestamp = true
        }
        switch text {
        case .bytes(let bytes): offer(bytes)
        case .string(let string): offer(string.utf8)
        }
    }

    var newestTimestamp: String? { sawTimestamp ? String(decoding: newest, as: UTF8.self) : nil }
}
