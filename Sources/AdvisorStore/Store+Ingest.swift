public import AdvisorCore
public import Foundation
internal import GRDB

/// What an earlier file of a dataset was, when `--replace` removed it: "NAME (N rows, ingested AT)".
public typealias ReplacedFile = String

extension Store {
    /// Runs `body` in one write transaction on a dataset: files added through the `DatasetIngest`
    /// either all go in, or (on any error) none does.
    public func ingest<T>(
        into dataset: String, replace: Bool, now: Date,
        _ body: (DatasetIngest) throws -> T
    ) throws(StoreError) -> T {
        let stamp = RFC3339.dateTimeString(now)
        return try write { db in
            try body(DatasetIngest(db: db, dataset: dataset, replace: replace, stamp: stamp))
        }
    }

    public func removeDataset(_ name: String) throws(StoreError) {
        // The built-in data has no copy to come back from: every default answer rests on it.
        if name == settings.content.datasetName {
            throw .badData(
                path: path,
                detail: "\(name) is advisor's built-in dataset, which every command "
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

/// One ingest inside its transaction: the dataset's files are added as values (rows, figures and
/// each file's content hash, which the caller computed); the store reads no file.
public struct DatasetIngest {
    let db: Database
    public let dataset: String
    let replace: Bool
    let stamp: String

    /// Starts a file of raw samples (creating the dataset if new): its rows go in through the
    /// returned writer, then `finish` records its hash and counts.
    public func beginSamples(file: String, format: String) throws -> SampleFileWriter {
        try ensureDataset(kind: .samples, file: file)
        try db.execute(
            sql: """
                INSERT INTO ingested_files (dataset, sha256, path, format, rows, skipped, ingested_at)
                VALUES (?, ?, ?, ?, 0, 0, ?)
                """, arguments: [dataset, "pending-\(UUID().uuidString)", file, format, stamp])
        let fileId = db.lastInsertedRowID
        return SampleFileWriter(file: file, fileId: fileId, inserter: try SampleInserter(db: db, fileId: fileId))
    }

    /// Ends a file of raw samples: refuses one whose content is already in the dataset (unless
    /// replacing) and returns the earlier files it replaced.
    public func finish(_ writer: inout SampleFileWriter, sha256: String, rows: Int, skipped: Int) throws -> [ReplacedFile] {
        try writer.flush()
        let replaced = try checkDuplicate(sha256: sha256, file: writer.file, fileId: writer.fileId)
        try db.execute(
            sql: "UPDATE ingested_files SET sha256 = ?, rows = ?, skipped = ? WHERE id = ?",
            arguments: [sha256, rows, skipped, writer.fileId])
        return replaced
    }

    /// Adds a summary file's published figures.
    public func addSummary(_ summary: SummaryFile, file: String, sha256: String) throws -> [ReplacedFile] {
        try ensureDataset(kind: .summary, file: file)
        try db.execute(
            sql: """
                INSERT INTO ingested_files (dataset, sha256, path, format, rows, skipped, ingested_at)
                VALUES (?, ?, ?, 'summary', ?, 0, ?)
                """, arguments: [dataset, "pending-\(UUID().uuidString)", file, summary.rows.count, stamp])
        let fileId = db.lastInsertedRowID
        // --replace drops the earlier copy's own figures (by file), never the other files' figures.
        let replaced = try checkDuplicate(sha256: sha256, file: file, fileId: fileId)
        try db.execute(sql: "UPDATE ingested_files SET sha256 = ? WHERE id = ?", arguments: [sha256, fileId])
        if let measured = summary.measured {
            try db.execute(sql: "UPDATE datasets SET measured = ? WHERE name = ?", arguments: [measured, dataset])
        }
        try SummaryStats.insert(summary, dataset: dataset, fileId: fileId, file: file, db: db)
        return replaced
    }

    /// After the files: the dataset's newest timestamp. `newest` is the newest of the rows added;
    /// after a replacement it is counted again from what remains.
    public func updateMeasured(replacedAny: Bool, newest: String?) throws {
        if replacedAny {
            try db.execute(
                sql: """
                    UPDATE datasets SET measured = (SELECT max(ts) FROM samples WHERE file_id IN (SELECT id FROM ingested_files WHERE dataset = ?))
                    WHERE name = ? AND kind = 'samples'
                    """, arguments: [dataset, dataset])
        } else if let newest {
            // Rows were only added: the larger of what it was and the newest added (the same text
            // order as SQL's max(ts)). Recomputing max(ts) scanned every sample of the dataset, a
            // seventh of a million-row ingest.
            try db.execute(
                sql: """
                    UPDATE datasets SET measured = ?1 WHERE name = ?2 AND kind = 'samples' AND (measured IS NULL OR measured < ?1)
                    """, arguments: [newest, dataset])
        }
    }

    /// Creates the dataset, or checks that an existing one holds the same kind of figures.
    func ensureDataset(kind: DatasetKind, file: String) throws {
        if let existing = try String.fetchOne(db, sql: "SELECT kind FROM datasets WHERE name = ?", arguments: [dataset]) {
            guard existing == kind.rawValue else {
                throw StoreError.datasetKindMismatch(dataset: dataset, existing: existing, incoming: "\(file) (\(kind.rawValue))")
            }
            return
        }
        try db.execute(
            sql: "INSERT INTO datasets (name, kind, origin, created_at) VALUES (?, ?, ?, ?)",
            arguments: [dataset, kind.rawValue, "advisor ingest", stamp])
    }

    /// Refuses a file whose content is already in the dataset, unless replacing, which drops every
    /// earlier file of the dataset that is this file: the same content, or the same file name (a
    /// region's export made again after more calls has new content under its old name, and
    /// replacing by content alone counted its calls twice). Returns what it removed.
    func checkDuplicate(sha256: String, file: String, fileId: Int64) throws -> [ReplacedFile] {
        let earlier = try Row.fetchAll(
            db,
            sql: """
                SELECT id, sha256, path, rows, ingested_at FROM ingested_files WHERE dataset = ? AND id != ? ORDER BY id
                """, arguments: [dataset, fileId])
        let name = PathText.name(of: file)
        let same = earlier.filter { row in
            (row["sha256"] as String) == sha256 || (replace && PathText.name(of: row["path"] as String) == name)
        }
        guard !same.isEmpty else { return [] }
        guard replace else {
            throw StoreError.duplicateFile(file: file, dataset: dataset, ingestedAt: same[0]["ingested_at"])
        }
        var removed: [ReplacedFile] = []
        for row in same {
            let oldId: Int64 = row["id"]
            try db.execute(sql: "DELETE FROM samples WHERE file_id = ?", arguments: [oldId])
            try db.execute(sql: "DELETE FROM summary_stats WHERE file_id = ?", arguments: [oldId])
            try db.execute(sql: "DELETE FROM ingested_files WHERE id = ?", arguments: [oldId])
            removed.append("\(row["path"] as String) (\(row["rows"] as Int) rows, ingested \(row["ingested_at"] as String))")
        }
        return removed
    }
}

/// Where one file's raw samples go: batches copied on a reading thread, or single rows (a row with
/// the probe's fields goes in on its own, with its details).
public struct SampleFileWriter {
    public let file: String
    let fileId: Int64
    var inserter: SampleInserter

    public mutating func insert(_ batch: SampleBatch) throws { try inserter.insert(batch) }
    public mutating func insert(_ row: SampleRow) throws { try inserter.insert(row) }
    public mutating func flush() throws { try inserter.flush() }
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
    public func appendProbeSamples(
        _ rows: [SampleRow], dataset: String, runId: String, origin: String,
        now: Date
    ) throws(StoreError) {
        let stamp = RFC3339.dateTimeString(now)
        return try write { db in
            // Cached statements: the probe calls this once per call, in a transaction of its own.
            if let existing = try String.fetchOne(db.cachedStatement(sql: "SELECT kind FROM datasets WHERE name = ?"), arguments: [dataset])
            {
                guard existing == DatasetKind.samples.rawValue else {
                    throw StoreError.datasetKindMismatch(dataset: dataset, existing: existing, incoming: "a probe run (samples)")
                }
            } else {
                try db.execute(
                    sql: "INSERT INTO datasets (name, kind, origin, created_at) VALUES (?, 'samples', ?, ?)",
                    arguments: [dataset, origin, stamp])
            }
            let key = "probe-run:" + runId
            let fileId: Int64
            if let id = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM ingested_files WHERE dataset = ? AND sha256 = ?"),
                arguments: [dataset, key])
            {
                fileId = id
            } else {
                try db.execute(
                    sql: """
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
                try db.cachedStatement(
                    sql: """
                        UPDATE datasets SET measured = ?1 WHERE name = ?2 AND (measured IS NULL OR measured < ?1)
                        """
                ).execute(arguments: [newest, dataset])
            }
        }
    }
}
