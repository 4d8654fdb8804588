import AdvisorCore
import AdvisorFormats
import Foundation
internal import GRDB

/// Puts the built-in catalogue and the seed lab's figures into a store. Idempotent: it records what
/// it seeded and does nothing while the embedded data is unchanged, so a dataset the user removed
/// stays removed until a new advisor ships new figures.
enum Seeder {
    static let catalogueKey = "seed.catalogue"
    static let datasetKey = "seed.dataset"

    /// Whether the embedded data differs from what the store recorded seeding (a store without the
    /// meta table, new or from before v1, is due).
    static func isDue(_ db: Database) throws -> Bool {
        guard try db.tableExists("meta") else { return true }
        return try meta(db, catalogueKey) != catalogueFingerprint || meta(db, datasetKey) != datasetFingerprint
    }

    static let catalogueFingerprint = ContentFingerprint.fnv1a64(BuiltinData.catalogueText)
    static let datasetFingerprint = ContentFingerprint.fnv1a64(BuiltinData.seedDatasetText)

    static func seed(_ db: Database, now: Date) throws {
        let stamp = Timestamp.string(now)
        let catalogueText = BuiltinData.catalogueText
        if try meta(db, catalogueKey) != catalogueFingerprint {
            let catalogue = try BuiltinData.catalogue()
            let seq = try Int.fetchOne(db, sql: "SELECT seq FROM catalogue_versions WHERE name = ?",
                                       arguments: [catalogue.name])
                ?? (try Int.fetchOne(db, sql: "SELECT coalesce(max(seq), 0) + 1 FROM catalogue_versions") ?? 1)
            try db.execute(sql: """
                INSERT OR REPLACE INTO catalogue_versions (name, seq, created_at, origin, fingerprint, body)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [catalogue.name, seq, stamp, "built-in " + BuiltinData.cataloguePath,
                                 catalogueFingerprint, catalogueText])
            try setMeta(db, catalogueKey, catalogueFingerprint)
        }
        if try meta(db, datasetKey) != datasetFingerprint {
            let summary = try BuiltinData.seedSummary()
            try DatasetWriter.replaceSummary(db, name: BuiltinData.seedDatasetName, summary: summary,
                                             fingerprint: datasetFingerprint, now: now)
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

enum DatasetWriter {
    static func replaceSummary(_ db: Database, name: String, summary: SummaryFile, fingerprint: String,
                               now: Date) throws {
        try db.execute(sql: "DELETE FROM datasets WHERE name = ?", arguments: [name])
        try db.execute(sql: """
            INSERT INTO datasets (name, kind, measured, origin, description, created_at, fingerprint)
            VALUES (?, 'summary', ?, ?, ?, ?, ?)
            """, arguments: [name, summary.measured, summary.origin, summary.description,
                             Timestamp.string(now), fingerprint])
        let statement = try db.makeStatement(sql: """
            INSERT INTO summary_stats (dataset, source_region, profile, metric, statistic, value_ms, n)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for row in summary.rows {
            try statement.execute(arguments: [name, row.source, row.profile, row.metric.rawValue,
                                              row.statistic.rawValue, row.valueMs, row.n])
        }
    }
}

enum Timestamp {
    static func string(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// An RFC 3339 date-time, or a bare date (taken as midnight UTC).
    static func parse(_ text: String) -> Date? {
        SummaryReader.parseDate(text)
    }
}
