import AdvisorCore
import Foundation
internal import GRDB

/// Puts the built-in catalogue and the seed lab's figures into a store. Idempotent: it records what
/// it seeded and does nothing while the embedded data is unchanged, so a dataset the user removed
/// stays removed until a new advisor ships new figures.
enum Seeder {
    static let catalogueKey = "seed.catalogue"
    static let datasetKey = "seed.dataset"

    /// Whether the built-in data differs from what the store recorded seeding (a store without the
    /// meta table, new or from before v1, is due).
    static func isDue(_ db: Database, content: StoreContent) throws -> Bool {
        guard try db.tableExists("meta") else { return true }
        return try meta(db, catalogueKey) != ContentFingerprint.fnv1a64(content.catalogueText)
            || meta(db, datasetKey) != ContentFingerprint.fnv1a64(content.datasetText)
    }

    static func seed(_ db: Database, now: Date, content: StoreContent) throws {
        let stamp = RFC3339.dateTimeString(now)
        let catalogueFingerprint = ContentFingerprint.fnv1a64(content.catalogueText)
        if try meta(db, catalogueKey) != catalogueFingerprint {
            let catalogue = try content.catalogue()
            let seq =
                try Int.fetchOne(
                    db, sql: "SELECT seq FROM catalogue_versions WHERE name = ?",
                    arguments: [catalogue.name])
                ?? (try Int.fetchOne(db, sql: "SELECT coalesce(max(seq), 0) + 1 FROM catalogue_versions") ?? 1)
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO catalogue_versions (name, seq, created_at, origin, fingerprint, body)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    catalogue.name, seq, stamp, "built-in " + content.catalogueOrigin,
                    catalogueFingerprint, content.catalogueText,
                ])
            try setMeta(db, catalogueKey, catalogueFingerprint)
        }
        let datasetFingerprint = ContentFingerprint.fnv1a64(content.datasetText)
        if try meta(db, datasetKey) != datasetFingerprint {
            let summary = try content.dataset()
            try db.execute(sql: "DELETE FROM datasets WHERE name = ?", arguments: [content.datasetName])
            try db.execute(
                sql: """
                    INSERT INTO datasets (name, kind, measured, origin, description, created_at, fingerprint)
                    VALUES (?, 'summary', ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    content.datasetName, summary.measured, summary.origin, summary.description,
                    stamp, datasetFingerprint,
                ])
            try SummaryStats.insert(summary, dataset: content.datasetName, fileId: nil, file: "(built-in) " + content.datasetOrigin, db: db)
            try setMeta(db, datasetKey, datasetFingerprint)
        }
    }

    static func meta(_ db: Database, _ key: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
    }

    static func setMeta(_ db: Database, _ key: String, _ value: String) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [key, value])
    }
}

/// The one path of published figures into the store, for ingest and the seed alike.
enum SummaryStats {
    /// A route's statistic may be given once per dataset: a second is an error naming the row.
    static func insert(_ summary: SummaryFile, dataset: String, fileId: Int64?, file: String, db: Database) throws {
        let insert = try db.makeStatement(
            sql: """
                INSERT INTO summary_stats (dataset, source_region, profile, metric, statistic, value_ms, n, file_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for row in summary.rows {
            do {
                try insert.execute(arguments: [
                    dataset, row.source, row.profile, row.metric.rawValue,
                    row.statistic.rawValue, row.valueMs, row.n, fileId,
                ])
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                throw FormatError(
                    file: file, line: row.line,
                    message:
                        "dataset \(dataset) already has \(row.metric.rawValue) \(row.statistic.rawValue) for \(row.profile) from \(row.source)"
                )
            }
        }
    }
}
