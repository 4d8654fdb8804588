import AdvisorCore
import AdvisorCrypto
public import AdvisorFormats
public import Foundation
internal import GRDB

public struct IngestOptions: Sendable {
    public var dataset: String
    public var format: SampleFormat
    public var defaults: SampleDefaults
    public var skipBadRows: Bool
    public var replace: Bool

    public init(dataset: String, format: SampleFormat = .auto, defaults: SampleDefaults = SampleDefaults(),
                skipBadRows: Bool = false, replace: Bool = false) {
        self.dataset = dataset
        self.format = format
        self.defaults = defaults
        self.skipBadRows = skipBadRows
        self.replace = replace
    }
}

public struct IngestReport: Sendable {
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

extension Store {
    /// Ingests files into a dataset in one transaction: either every file goes in, or nothing does.
    public func ingest(_ paths: [String], options: IngestOptions, now: Date) throws(StoreError) -> IngestReport {
        let catalogue = try catalogue()
        let stamp = RFC3339.dateTimeString(now)
        return try write { db in
            try Ingest(db: db, options: options, catalogue: catalogue, stamp: stamp).run(paths)
        }
    }

    public func removeDataset(_ name: String) throws(StoreError) {
        // The built-in data has no copy to come back from: every default answer rests on it.
        if name == BuiltinData.seedDatasetName {
            throw .badData(path: path, detail: "datasets rm: \(name) is advisor's built-in dataset, which every command "
                + "uses by default; it cannot be removed (name your own datasets with --dataset instead)")
        }
        let known = try datasets().map(\.name)
        guard known.contains(name) else {
            throw .unknownDataset(name: name, available: known, suggestions: Suggest.nearest(name, in: known), field: "datasets rm")
        }
        return try write { db in
            try db.execute(sql: "DELETE FROM samples WHERE file_id IN (SELECT id FROM ingested_files WHERE dataset = ?)", arguments: [name])
            try db.execute(sql: "DELETE FROM datasets WHERE name = ?", arguments: [name])
        }
    }
}

/// One ingest command inside its transaction.
private struct Ingest {
    let db: Database
    let options: IngestOptions
    let catalogue: Catalogue
    let regions: Set<String>
    let stamp: String

    init(db: Database, options: IngestOptions, catalogue: Catalogue, stamp: String) {
        self.db = db
        self.options = options
        self.catalogue = catalogue
        self.regions = Set(catalogue.regions.map(\.code))
        self.stamp = stamp
    }

    func run(_ paths: [String]) throws -> IngestReport {
        var report = IngestReport(dataset: options.dataset)
        var newest: String?
        for path in paths {
            let format = try resolveFormat(path)
            if format == .summary {
                report.files.append(try ingestSummary(path))
            } else {
                report.files.append(try ingestSamples(path, format: format, report: &report, newest: &newest))
            }
        }
        if report.files.contains(where: { !$0.replaced.isEmpty }) {
            // A replaced file's rows left the dataset: its newest timestamp is counted again from what remains.
            try db.execute(sql: """
                UPDATE datasets SET measured = (SELECT max(ts) FROM samples WHERE file_id IN (SELECT id FROM ingested_files WHERE dataset = ?))
                WHERE name = ? AND kind = 'samples'
                """, arguments: [options.dataset, options.dataset])
        } else if let newest {
            // Rows were only added: the dataset's newest timestamp is the larger of what it was and the
            // newest added (the same text order as SQL's max(ts)). Recomputing max(ts) scanned every
            // sample of the dataset, a seventh of a million-row ingest.
            try db.execute(sql: """
                UPDATE datasets SET measured = ?1 WHERE name = ?2 AND kind = 'samples' AND (measured IS NULL OR measured < ?1)
                """, arguments: [newest, options.dataset])
        }
        return report
    }

    func resolveFormat(_ path: String) throws -> SampleFormat {
        let handle = FileHandle(fileDescriptor: try RegularFile.open(path, file: path), closeOnDealloc: true)
        defer { try? handle.close() }
        guard options.format == .auto else { return options.format }
        let head = try? handle.read(upToCount: 4096)
        var bytes = Array(head ?? Data())
        if bytes.starts(with: BoundedFile.byteOrderMark) { bytes.removeFirst(BoundedFile.byteOrderMark.count) }
        return SampleReader.detect(path: path, head: bytes)
    }

    /// Creates the dataset, or checks that an existing one holds the same kind of figures.
    func ensureDataset(kind: DatasetKind, file: String) throws {
        if let existing = try String.fetchOne(db, sql: "SELECT kind FROM datasets WHERE name = ?",
                                              arguments: [options.dataset]) {
            guard existing == kind.rawValue else {
                throw StoreError.datasetKindMismatch(dataset: options.dataset, existing: existing,
                                                     incoming: "\(file) (\(kind.rawValue))")
            }
            return
        }
        try db.execute(sql: "INSERT INTO datasets (name, kind, origin, created_at) VALUES (?, ?, ?, ?)",
                       arguments: [options.dataset, kind.rawValue, "advisor ingest", stamp])
    }

    /// Refuses a file whose content is already in the dataset, unless --replace. `--replace` drops
    /// every earlier file of the dataset that is this file: the same content, or the same file name
    /// (a region's export made again after more calls has new content under its old name, and
    /// replacing by content alone counted its calls twice). Returns what it removed.
    func checkDuplicate(sha256: String, file: String, fileId: Int64) throws -> [String] {
        let earlier = try Row.fetchAll(db, sql: """
            SELECT id, sha256, path, rows, ingested_at FROM ingested_files WHERE dataset = ? AND id != ? ORDER BY id
            """, arguments: [options.dataset, fileId])
        let name = PathText.name(of: file)
        let same = earlier.filter { row in
            (row["sha256"] as String) == sha256 || (options.replace && PathText.name(of: row["path"] as String) == name)
        }
        guard !same.isEmpty else { return [] }
        guard options.replace else {
            throw StoreError.duplicateFile(file: file, dataset: options.dataset, ingestedAt: same[0]["ingested_at"])
        }
        var removed: [String] = []
        for row in same {
            let oldId: Int64 = row["id"]
            try db.execute(sql: "DELETE FROM samples WHERE file_id = ?", arguments: [oldId])
            try db.execute(sql: "DELETE FROM summary_stats WHERE file_id = ?", arguments: [oldId])
            try db.execute(sql: "DELETE FROM ingested_files WHERE id = ?", arguments: [oldId])
            removed.append("\(row["path"] as String) (\(row["rows"] as Int) rows, ingested \(row["ingested_at"] as String))")
        }
        return removed
    }

    func ingestSamples(_ path: String, format: SampleFormat, report: inout IngestReport,
                       newest: inout String?) throws -> IngestReport.File {
        try ensureDataset(kind: .samples, file: path)
        try db.execute(sql: """
            INSERT INTO ingested_files (dataset, sha256, path, format, rows, skipped, ingested_at)
            VALUES (?, ?, ?, ?, 0, 0, ?)
            """, arguments: [options.dataset, "pending-\(UUID().uuidString)", path, format.rawValue, stamp])
        let fileId = db.lastInsertedRowID
        var defaults = options.defaults
        if format == .llmeter { defaults = try LLMeterRun.defaults(for: path, overriddenBy: defaults, knownRegions: regions) }
        var inserter = try SampleInserter(db: db, fileId: fileId)
        let state = ReadState(skip: options.skipBadRows, problems: report.problems)
        let regions = regions, readerDefaults = defaults
        try IngestPipeline.run(inserter: &inserter) { accept in
            // On the reading thread: only `state` is written there, and read here once it has finished.
            let reader = SampleReader(regions: regions, defaults: readerDefaults)
            func onProblem(_ problem: FormatError) throws(FormatError) {
                guard state.skip else { throw problem }
                state.skipped += 1
                if state.problems.count < IngestReport.problemsKept { state.problems.append(problem) }
            }
            func counted(_ row: SampleRow) throws(FormatError) {
                try accept(row)
                state.rows += 1
                if let timestamp = row.timestamp { state.offerTimestamp(timestamp) }
            }
            func onBytes(_ bytes: UnsafeBufferPointer<UInt8>) { state.hasher.update(bytes) }
            switch format {
            case .csv: try reader.readCSV(path: path, file: path, onBytes: onBytes, onProblem: onProblem, counted)
            case .jsonl, .llmeter:
                try reader.readJSONLines(path: path, file: path, llmeter: format == .llmeter, onBytes: onBytes,
                                         onProblem: onProblem, counted)
            case .llmperf: try reader.readLLMPerf(path: path, file: path, onBytes: onBytes, onProblem: onProblem, counted)
            case .auto, .summary: preconditionFailure("resolved before")
            }
        }
        let rows = state.rows, skipped = state.skipped, problems = state.problems
        let hasher = state.hasher
        if let fileNewest = state.newestTimestamp, newest.map({ $0.utf8.lexicographicallyPrecedes(fileNewest.utf8) }) ?? true {
            newest = fileNewest
        }
        report.problems = problems
        guard rows > 0 else {
            throw FormatError(file: path, message: "has no usable rows (\(skipped) skipped)")
        }
        let sha = Digest.hex(hasher.finalize())
        let replaced = try checkDuplicate(sha256: sha, file: path, fileId: fileId)
        try db.execute(sql: "UPDATE ingested_files SET sha256 = ?, rows = ?, skipped = ? WHERE id = ?",
                       arguments: [sha, rows, skipped, fileId])
        return IngestReport.File(path: path, format: format, rows: rows, skipped: skipped, replaced: replaced)
    }

    func ingestSummary(_ path: String) throws -> IngestReport.File {
        let data = try BoundedFile.bytes(path)
        let summary = try SummaryReader.read(try BoundedFile.decodeUTF8(data, file: path), file: path)
        try SummaryReader.validate(summary, against: catalogue, file: path)
        try ensureDataset(kind: .summary, file: path)
        try db.execute(sql: """
            INSERT INTO ingested_files (dataset, sha256, path, format, rows, skipped, ingested_at)
            VALUES (?, ?, ?, 'summary', ?, 0, ?)
            """, arguments: [options.dataset, "pending-\(UUID().uuidString)", path, summary.rows.count, stamp])
        let fileId = db.lastInsertedRowID
        let sha = Digest.hex(Digest.sha256(data))
        // --replace drops the earlier copy's own figures (by file), never the other files' figures.
        let replaced = try checkDuplicate(sha256: sha, file: path, fileId: fileId)
        try db.execute(sql: "UPDATE ingested_files SET sha256 = ? WHERE id = ?", arguments: [sha, fileId])
        if let measured = summary.measured {
            try db.execute(sql: "UPDATE datasets SET measured = ? WHERE name = ?", arguments: [measured, options.dataset])
        }
        try SummaryStats.insert(summary, dataset: options.dataset, fileId: fileId, file: path, db: db)
        return IngestReport.File(path: path, format: .summary, rows: summary.rows.count, skipped: 0, replaced: replaced)
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

extension Store {
    /// Runs a series of small write transactions (a probe's one per call) without an fsync each.
    /// In WAL mode, `synchronous = NORMAL` keeps every commit across a killed process (the commits
    /// are in the -wal file); only a power cut or OS crash during the series could lose its newest
    /// commits, never leave one half-written. At the end one checkpoint syncs the WAL, so when the
    /// command reports, what it stored is as durable as under FULL. (fdatasync per call was a third
    /// of the probe's CPU time.) A store not in WAL mode keeps FULL throughout.
    public func withBatchedSync<T>(_ body: () throws -> T) throws -> T {
        let wal = try read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode")?.lowercased() == "wal" }
        guard wal else { return try body() }
        try writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        let result: T
        do {
            result = try body()
        } catch {
            try? syncBatched()
            throw error
        }
        try syncBatched()
        return result
    }

    private func syncBatched() throws(StoreError) {
        try writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Syncs the WAL before copying it back; PASSIVE, so a reader is never waited for.
            _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)")
        }
    }

    /// Appends one probe run's samples to a dataset (created if new), each call in a transaction
    /// of its own: a run stopped by Ctrl-C or killed keeps every sample it stored, and the store is
    /// consistent at every instant. The run is one entry of the dataset's files (format `probe`).
    public func appendProbeSamples(_ rows: [SampleRow], dataset: String, runId: String, origin: String,
                                   now: Date) throws(StoreError) {
        let stamp = RFC3339.dateTimeString(now)
        return try write { db in
            // Cached statements: the probe calls this once per call, in a transaction of its own.
            if let existing = try String.fetchOne(db.cachedStatement(sql: "SELECT kind FROM datasets WHERE name = ?"), arguments: [dataset]) {
                guard existing == DatasetKind.samples.rawValue else {
                    throw StoreError.datasetKindMismatch(dataset: dataset, existing: existing, incoming: "a probe run (samples)")
                }
            } else {
                try db.execute(sql: "INSERT INTO datasets (name, kind, origin, created_at) VALUES (?, 'samples', ?, ?)",
                               arguments: [dataset, origin, stamp])
            }
            let key = "probe-run:" + runId
            let fileId: Int64
            if let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM ingested_files WHERE dataset = ? AND sha256 = ?"),
                                           arguments: [dataset, key]) {
                fileId = id
            } else {
                try db.execute(sql: """
                    INSERT INTO ingested_files (dataset, sha256, path, format, rows, skipped, ingested_at)
                    VALUES (?, ?, ?, 'probe', 0, 0, ?)
                    """, arguments: [dataset, key, origin, stamp])
                fileId = db.lastInsertedRowID
            }
            var inserter = try SampleInserter(db: db, fileId: fileId)
            for row in rows { try inserter.insert(row) }
            try inserter.flush()
            try db.cachedStatement(sql: "UPDATE ingested_files SET rows = rows + ? WHERE id = ?").execute(arguments: [rows.count, fileId])
            // The dataset's newest timestamp, kept up to date from the rows added: recomputing
            // max(ts) over the whole dataset made every call cost more than the one before.
            if let newest = rows.compactMap({ $0.timestamp?.string }).max() {
                try db.cachedStatement(sql: """
                    UPDATE datasets SET measured = ?1 WHERE name = ?2 AND (measured IS NULL OR measured < ?1)
                    """).execute(arguments: [newest, dataset])
            }
        }
    }
}
