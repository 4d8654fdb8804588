public import AdvisorCore
public import Foundation
import GRDB

extension Store {
    /// Runs `body` in one write transaction that adds account evidence: a malformed record anywhere
    /// (the reader throws inside `body`) leaves the store as it was.
    public func addEvidence<T>(_ body: (EvidenceWriter) throws -> T) throws(StoreError) -> T {
        try write { db in try body(EvidenceWriter(db: db)) }
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
            try Row.fetchAll(
                db,
                sql: """
                    SELECT endpoint, source_region, profile, served_region, error_code IS NULL AS ok, count(*) AS calls, min(time) AS first, max(time) AS last
                    FROM observed_calls \(filter) GROUP BY endpoint, source_region, profile, served_region, ok
                    """, arguments: StatementArguments(arguments))
        }
        return rows.map { row in
            ObservedCount(
                source: row["source_region"], profile: row["profile"], servedRegion: row["served_region"],
                succeeded: row["ok"], calls: row["calls"], first: row["first"], last: row["last"], endpoint: row["endpoint"])
        }
    }

    /// Every stored minute from a Region (or all).
    public func observedMinutes(source: String? = nil) throws(StoreError) -> [MetricMinute] {
        let rows = try read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT source_region, profile, metric, minute, value FROM observed_minutes"
                    + (source == nil ? "" : " WHERE source_region = ?"), arguments: source.map { [$0] } ?? [])
        }
        return rows.map {
            MetricMinute(
                source: $0["source_region"], profile: $0["profile"], metric: $0["metric"], minute: $0["minute"], value: $0["value"])
        }
    }

    public func importedQuotas() throws(StoreError) -> [ImportedQuota] {
        let rows = try read { db in
            try Row.fetchAll(
                db, sql: "SELECT region, code, name, model, scope, kind, per, value FROM imported_quotas ORDER BY region, model, code")
        }
        return rows.compactMap { row in
            guard let kind = ImportedQuota.Kind(rawValue: row["kind"]), let per = ImportedQuota.Period(rawValue: row["per"]) else {
                return nil
            }
            return ImportedQuota(
                region: row["region"], model: row["model"], scope: (row["scope"] as String?).flatMap(QuotaScope.init(rawValue:)),
                kind: kind, per: per, value: row["value"], code: row["code"], name: row["name"])
        }
    }
}

/// Adds the account's evidence inside one transaction (`Store.addEvidence`).
public struct EvidenceWriter {
    let db: Database

    /// Stores Bedrock runtime calls; an event already stored (same event id) is not stored again.
    /// Returns how many were new.
    public func addCalls(_ calls: [ObservedCall]) throws -> Int {
        let insert = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO observed_calls (event_id, time, operation, source_region, profile, served_region, error_code, request_id,
                                                      endpoint, service_tier, bearer_token)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        var added = 0
        for call in calls {
            try insert.execute(arguments: [
                call.eventId, call.time, call.operation, call.source, call.profile,
                call.servedRegion, call.errorCode, call.requestId, call.endpoint, call.serviceTier,
                call.bearerToken.map { $0 ? 1 : 0 },
            ])
            added += db.changesCount
        }
        return added
    }

    /// Stores CloudWatch minutes. A minute already stored for the same series is replaced:
    /// re-exporting a span does not double it.
    public func addMinutes(_ minutes: [MetricMinute]) throws {
        let insert = try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO observed_minutes (source_region, profile, metric, minute, value) VALUES (?, ?, ?, ?, ?)
                """)
        for minute in minutes {
            try insert.execute(arguments: [minute.source, minute.profile, minute.metric, minute.minute, minute.value])
        }
    }

    /// Stores a Service Quotas quota, replacing the Region's earlier value of the same code.
    public func addQuota(_ quota: ImportedQuota) throws {
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO imported_quotas (region, code, name, model, scope, kind, per, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            quota.region, quota.code, quota.name, quota.model, quota.scope?.rawValue,
            quota.kind.rawValue, quota.per.rawValue, quota.value,
        ])
    }
}
