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
                        WHERE NOT (CASE WHEN e.account IS NULL
                            THEN EXISTS (SELECT 1 FROM observed_call_counts c
                                         WHERE c.day = substr(e.time, 1, 10) AND c.source_region = e.source_region)
                            ELSE EXISTS (SELECT 1 FROM observed_call_counts c
                                         WHERE c.day = substr(e.time, 1, 10) AND c.account = e.account
                                           AND c.source_region = e.source_region) END)
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

    /// Starts one result file: a number no earlier file used, which its rows carry (`addCounts`).
    public func beginCounts() throws -> Int64 {
        let last = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'counts_ingest'").flatMap { Int64($0) } ?? 0
        try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('counts_ingest', ?)", arguments: [String(last + 1)])
        return last + 1
    }

    /// Files a batch of one result's day counts. A (day, route, outcome, caller, client) not yet
    /// stored is added. One stored by an earlier file keeps the larger count: the same result
    /// ingested again changes nothing, and two results covering a day are not added up. Rows of
    /// the same file that fold into one key (a Local Zone and its Region, an ARN and its id) are
    /// summed first: `file_calls` is the file's running sum, `prior` what earlier files had. In
    /// SQLite's upsert every right-hand side reads the row as it was.
    public func addCounts(_ counts: [ObservedDayCount], ingest: Int64) throws {
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO observed_call_counts (day, account, source_region, profile, served_region, endpoint, operation, error_code,
                                                  caller, sdk, retry_mode, calls, first, last, ingest, prior, file_calls)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?12, ?, ?, ?, 0, ?12)
                ON CONFLICT DO UPDATE SET
                    prior = CASE WHEN ingest = excluded.ingest THEN prior ELSE calls END,
                    file_calls = CASE WHEN ingest = excluded.ingest THEN file_calls + excluded.calls ELSE excluded.calls END,
                    calls = max(CASE WHEN ingest = excluded.ingest THEN prior ELSE calls END,
                                CASE WHEN ingest = excluded.ingest THEN file_calls + excluded.calls ELSE excluded.calls END),
                    first = min(first, excluded.first), last = max(last, excluded.last), ingest = excluded.ingest
                """)
        for count in counts {
            try upsert.execute(arguments: [
                count.day, count.account, count.source, count.profile, count.servedRegion, count.endpoint, count.operation,
                count.errorCode, count.caller, count.client.sdk, count.client.retryMode, count.calls, count.first, count.last, ingest,
            ])
        }
    }

    /// The stored counts' rows and calls, to say what a file changed.
    public func countTotals() throws -> (rows: Int, calls: Int) {
        let row = try Row.fetchOne(db, sql: "SELECT count(*) AS rows, coalesce(sum(calls), 0) AS calls FROM observed_call_counts")
        return (row?["rows"] ?? 0, row?["calls"] ?? 0)
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
