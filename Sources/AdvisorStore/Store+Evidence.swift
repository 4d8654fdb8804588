public import AdvisorCore
import AdvisorFormats
public import Foundation
import GRDB

/// What one `ingest --format cloudtrail` added.
public struct EvidenceReport: Sendable, Equatable {
    public struct File: Sendable, Equatable {
        public var path: String
        public var records: Int
        /// Bedrock runtime calls in the file.
        public var calls: Int
        /// Of those, calls the store did not hold yet.
        public var added: Int
    }
    public var files: [File] = []
}

/// What one `ingest --format service-quotas` added, and the quotas it could not match.
public struct QuotasReport: Sendable, Equatable {
    public struct File: Sendable, Equatable {
        public var path: String
        public var matched: Int
        /// The first unmatched quotas by name, and how many there were.
        public var unmatched: [String]
        public var unmatchedCount: Int
    }
    public var files: [File] = []
}

/// What one `ingest --format cloudwatch` added.
public struct MetricsReport: Sendable, Equatable {
    public struct File: Sendable, Equatable {
        public var path: String
        public var series: Int
        public var minutes: Int
        /// The first skipped series by name, and how many there were.
        public var skipped: [String]
        public var skippedCount: Int
    }
    public var files: [File] = []
}

extension Store {
    /// Adds the Bedrock runtime calls of CloudTrail files, all in one transaction: a malformed
    /// record in any file leaves the store as it was. An event already stored (same event id) is
    /// not stored again.
    public func ingestCloudTrail(_ paths: [String]) throws(StoreError) -> EvidenceReport {
        let regions = Set(try catalogue().regions.map(\.code))
        return try write { db in
            var report = EvidenceReport()
            let insert = try db.makeStatement(sql: """
                INSERT OR IGNORE INTO observed_calls (event_id, time, operation, source_region, profile, served_region, error_code, request_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for path in paths {
                var added = 0
                let summary = try CloudTrailReader.read(path: path, file: path, knownRegions: regions) { batch in
                    for call in batch {
                        try insert.execute(arguments: [call.eventId, call.time, call.operation, call.source, call.profile,
                                                       call.servedRegion, call.errorCode, call.requestId])
                        added += db.changesCount
                    }
                }
                report.files.append(EvidenceReport.File(path: path, records: summary.records, calls: summary.calls, added: added))
            }
            return report
        }
    }

    /// The stored calls counted by source, profile, serving Region and outcome, optionally narrowed.
    public func observedCounts(source: String? = nil, profile: String? = nil, since: Date? = nil) throws(StoreError) -> [ObservedCount] {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let source { conditions.append("source_region = ?"); arguments.append(source) }
        if let profile { conditions.append("profile = ?"); arguments.append(profile) }
        if let since { conditions.append("time >= ?"); arguments.append(RFC3339.dateTimeString(since)) }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let rows = try read { db in
            try Row.fetchAll(db, sql: """
                SELECT source_region, profile, served_region, error_code IS NULL AS ok, count(*) AS calls, min(time) AS first, max(time) AS last
                FROM observed_calls \(filter) GROUP BY source_region, profile, served_region, ok
                """, arguments: StatementArguments(arguments))
        }
        return rows.map { row in
            ObservedCount(source: row["source_region"], profile: row["profile"], servedRegion: row["served_region"],
                          succeeded: row["ok"], calls: row["calls"], first: row["first"], last: row["last"])
        }
    }

    /// Adds CloudWatch minutes (CloudWatchReader), all files in one transaction. A minute already
    /// stored for the same series is replaced: re-exporting a span does not double it.
    public func ingestCloudWatch(_ paths: [String], queries: String?, source: String) throws(StoreError) -> MetricsReport {
        return try write { db in
            var report = MetricsReport()
            let insert = try db.makeStatement(sql: """
                INSERT OR REPLACE INTO observed_minutes (source_region, profile, metric, minute, value) VALUES (?, ?, ?, ?, ?)
                """)
            for path in paths {
                let result = try CloudWatchReader.read(results: path, queries: queries, source: source) { minutes in
                    for minute in minutes {
                        try insert.execute(arguments: [minute.source, minute.profile, minute.metric, minute.minute, minute.value])
                    }
                }
                report.files.append(MetricsReport.File(path: path, series: result.series, minutes: result.minutes,
                                                       skipped: result.skipped, skippedCount: result.skippedCount))
            }
            return report
        }
    }

    /// Every stored minute from a Region (or all).
    public func observedMinutes(source: String? = nil) throws(StoreError) -> [MetricMinute] {
        let rows = try read { db in
            try Row.fetchAll(db, sql: "SELECT source_region, profile, metric, minute, value FROM observed_minutes"
                             + (source == nil ? "" : " WHERE source_region = ?"), arguments: source.map { [$0] } ?? [])
        }
        return rows.map { MetricMinute(source: $0["source_region"], profile: $0["profile"], metric: $0["metric"], minute: $0["minute"], value: $0["value"]) }
    }

    /// Adds Service Quotas' Bedrock quotas, all files in one transaction.
    public func ingestServiceQuotas(_ paths: [String], region: String?) throws(StoreError) -> QuotasReport {
        let catalogue = try catalogue()
        return try write { db in
            var report = QuotasReport()
            let insert = try db.makeStatement(sql: """
                INSERT OR REPLACE INTO imported_quotas (region, code, name, model, scope, kind, per, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for path in paths {
                let result = try ServiceQuotasReader.read(path, region: region, catalogue: catalogue) { quota in
                    try insert.execute(arguments: [quota.region, quota.code, quota.name, quota.model, quota.scope?.rawValue,
                                                   quota.kind.rawValue, quota.per.rawValue, quota.value])
                }
                report.files.append(QuotasReport.File(path: path, matched: result.matched, unmatched: result.unmatched,
                                                      unmatchedCount: result.unmatchedCount))
            }
            return report
        }
    }

    public func importedQuotas() throws(StoreError) -> [ImportedQuota] {
        let rows = try read { db in try Row.fetchAll(db, sql: "SELECT region, code, name, model, scope, kind, per, value FROM imported_quotas ORDER BY region, model, code") }
        return rows.compactMap { row in
            guard let kind = ImportedQuota.Kind(rawValue: row["kind"]), let per = ImportedQuota.Period(rawValue: row["per"]) else { return nil }
            return ImportedQuota(region: row["region"], model: row["model"], scope: (row["scope"] as String?).flatMap(QuotaScope.init(rawValue:)),
                                 kind: kind, per: per, value: row["value"], code: row["code"], name: row["name"])
        }
    }
}
