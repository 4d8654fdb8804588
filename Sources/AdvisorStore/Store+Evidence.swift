public import AdvisorCore
public import Foundation
import GRDB

extension Store {
    /// Runs `body` in one write transaction that adds account evidence: a malformed record anywhere
    /// (the reader throws inside `body`) leaves the store as it was.
    public func addEvidence<T>(_ body: (EvidenceWriter) throws -> T) throws(StoreError) -> T {
        try write { db in try body(EvidenceWriter(db: db)) }
    }

    /// The stored calls counted by source, profile, serving Region, outcome, caller and client,
    /// optionally narrowed: CloudTrail events and engine-counted days together. Where counts cover a
    /// source Region's day (for the event's account, or any account for events stored before
    /// advisor read accounts), that day's events are left out: the counts already hold them.
    /// `since` keeps a counted day whose last call is at or after it (days are counted whole).
    /// `clients`: keep caller, SDK and retry mode apart (the census); without it they are left out
    /// and the counts group by route alone, which is what routes and recommend need.
    public func observedCounts(source: String? = nil, profile: String? = nil, since: Date? = nil, clients: Bool = false)
        throws(StoreError) -> [ObservedCount]
    {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let source { conditions.append("source_region = ?"); arguments.append(source) }
        if let profile { conditions.append("profile = ?"); arguments.append(profile) }
        if let since { conditions.append("last >= ?"); arguments.append(RFC3339.dateTimeString(since)) }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let clientColumns = clients ? "caller, sdk, retry_mode" : "'' AS caller, '' AS sdk, '' AS retry_mode"
        let throttles = ThrottleCodes.all.sorted().map { "'\($0)'" }.joined(separator: ", ")
        let rows = try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    WITH calls AS (
                        SELECT endpoint, source_region, profile, served_region, error_code, caller, sdk, retry_mode,
                               1 AS calls, time AS first, time AS last
                        FROM observed_calls e
                        WHERE NOT EXISTS (
                            SELECT 1 FROM observed_call_counts c
                            WHERE c.source_region = e.source_region AND c.day = substr(e.time, 1, 10)
                              AND (e.account IS NULL OR c.account = e.account))
                        UNION ALL
                        SELECT endpoint, source_region, profile, served_region, NULLIF(error_code, ''), caller, sdk, retry_mode,
                               calls, first, last
                        FROM observed_call_counts
                    )
                    SELECT endpoint, source_region, profile, served_region, error_code IS NULL AS ok,
                           coalesce(error_code IN (\(throttles)), 0) AS throttled, \(clientColumns),
                           sum(calls) AS calls, min(first) AS first, max(last) AS last
                    FROM calls \(filter)
                    GROUP BY endpoint, source_region, profile, served_region, ok, throttled\(clients ? ", caller, sdk, retry_mode" : "")
                    """, arguments: StatementArguments(arguments))
        }
        return rows.map { row in
            ObservedCount(
                source: row["source_region"], profile: row["profile"], servedRegion: row["served_region"],
                succeeded: row["ok"], calls: row["calls"], first: row["first"], last: row["last"], endpoint: row["endpoint"],
                throttled: row["throttled"], caller: row["caller"], client: ClientAgent(sdk: row["sdk"], retryMode: row["retry_mode"]))
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
                                                      endpoint, service_tier, bearer_token, account, caller, sdk, retry_mode)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        var added = 0
        for call in calls {
            try insert.execute(arguments: [
                call.eventId, call.time, call.operation, call.source, call.profile,
                call.servedRegion, call.errorCode, call.requestId, call.endpoint, call.serviceTier,
                call.bearerToken.map { $0 ? 1 : 0 }, call.account, call.caller, call.client.sdk, call.client.retryMode,
            ])
            added += db.changesCount
        }
        return added
    }

    /// Adds one result file's day counts to a staging table: a plain append, no index, so a
    /// 10-million-row result is written at the speed of the file. `mergeStagedCounts` then sums the
    /// rows that fold together (a Local Zone and its Region, an ARN and its id) and files them.
    public func stageCounts(_ counts: [ObservedDayCount]) throws {
        try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS staged_call_counts AS SELECT * FROM observed_call_counts WHERE 0")
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO staged_call_counts (source_region, day, account, profile, served_region, endpoint, operation, error_code,
                                                caller, sdk, retry_mode, calls, first, last)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for count in counts {
            try insert.execute(arguments: [
                count.source, count.day, count.account, count.profile, count.servedRegion, count.endpoint, count.operation,
                count.errorCode, count.caller, count.client.sdk, count.client.retryMode, count.calls, count.first, count.last,
            ])
        }
    }

    /// Files the staged counts: a (day, route, outcome, caller, client) not yet stored is added; one
    /// already stored keeps the larger count (the same result ingested again changes nothing; two
    /// results covering the same day are not added up). Rows of one file that fold into one key are
    /// summed first. The GROUP BY sorts in the table's key order, so the stored B-tree is written
    /// in order. Returns how many stored rows were added or changed.
    public func mergeStagedCounts() throws -> Int {
        guard try Bool.fetchOne(db, sql: "SELECT count(*) > 0 FROM temp.sqlite_master WHERE name = 'staged_call_counts'") == true
        else { return 0 }
        try db.execute(
            sql: """
                INSERT INTO observed_call_counts
                SELECT source_region, day, account, profile, served_region, endpoint, operation, error_code, caller, sdk, retry_mode,
                       sum(calls), min(first), max(last)
                FROM staged_call_counts WHERE true
                GROUP BY source_region, day, account, profile, served_region, endpoint, operation, error_code, caller, sdk, retry_mode
                ON CONFLICT DO UPDATE SET calls = max(calls, excluded.calls), first = min(first, excluded.first), last = max(last, excluded.last)
                WHERE excluded.calls > calls OR excluded.first < first OR excluded.last > last
                """)
        let changed = db.changesCount
        try db.execute(sql: "DELETE FROM staged_call_counts")
        return changed
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
