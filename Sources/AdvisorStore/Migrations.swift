import Foundation
import AdvisorCore
internal import GRDB

/// The store's schema as forward-only migrations, applied in order inside the caller's transaction.
/// Applied ones are recorded in `grdb_migrations`, the table earlier releases (GRDB's migrator)
/// kept, so their stores carry on where they stopped.
enum Schema {
    struct Migration {
        let identifier: String
        let sql: String
    }

    static func applied(_ db: Database) throws -> Set<String> {
        guard try db.tableExists("grdb_migrations") else { return [] }
        return Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
    }

    static func pending(_ db: Database, path: String) throws -> Bool {
        let done = try applied(db)
        if !done.isSubset(of: Set(migrations.map(\.identifier))) { throw StoreError.newerSchema(path: path) }
        return migrations.contains { !done.contains($0.identifier) }
    }

    static func migrate(_ db: Database, path: String) throws {
        try db.execute(sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
        let done = try applied(db)
        if !done.isSubset(of: Set(migrations.map(\.identifier))) { throw StoreError.newerSchema(path: path) }
        for migration in migrations where !done.contains(migration.identifier) {
            try db.execute(sql: migration.sql)
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [migration.identifier])
        }
    }

    /// The probe fields migration v4 created sample_details with. A field declared since
    /// (ProbeField) gets its column from a migration of its own, made here from the declaration,
    /// so a new measured field needs no hand-written migration (and an older advisor refuses the
    /// store it made, as for any migration it does not know).
    static let probeFieldsOfV4: Set<String> = [
        "warmup", "attempts", "call_ms", "dns_ms", "connect_ms", "tls_ms", "headers_ms", "first_event_ms", "server_latency_ms",
        "request_id", "http_version", "new_connection",
    ]

    static let probeFieldMigrations = columnMigrations(ProbeField.allCases.map { ($0.column, $0.kind) })

    /// A migration adding each declared field's column that v4 did not create.
    static func columnMigrations(_ fields: [(column: String, kind: ProbeField.Kind)]) -> [Migration] {
        fields.filter { !probeFieldsOfV4.contains($0.column) }.map { field in
            let type: String
            switch field.kind {
            case .flag, .count: type = "INTEGER"
            case .milliseconds: type = "REAL"
            case .text: type = "TEXT"
            }
            return Migration(
                identifier: "probe-field-\(field.column)", sql: "ALTER TABLE sample_details ADD COLUMN \(field.column) \(type)")
        }
    }

    static let migrations: [Migration] = handWritten + probeFieldMigrations

    static let handWritten: [Migration] = [
        Migration(
            identifier: "v1",
            sql: """
                CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                CREATE TABLE catalogue_versions (
                    name TEXT PRIMARY KEY NOT NULL,
                    seq INTEGER NOT NULL UNIQUE,
                    created_at TEXT NOT NULL,
                    origin TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    body TEXT NOT NULL
                );
                CREATE TABLE datasets (
                    name TEXT PRIMARY KEY NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('summary', 'samples')),
                    measured TEXT,
                    origin TEXT,
                    description TEXT,
                    created_at TEXT NOT NULL,
                    fingerprint TEXT
                );
                CREATE TABLE summary_stats (
                    dataset TEXT NOT NULL REFERENCES datasets(name) ON DELETE CASCADE,
                    source_region TEXT NOT NULL,
                    profile TEXT NOT NULL,
                    metric TEXT NOT NULL CHECK (metric IN ('ttfb', 'total')),
                    statistic TEXT NOT NULL,
                    value_ms REAL NOT NULL CHECK (value_ms >= 0),
                    n INTEGER CHECK (n IS NULL OR n > 0),
                    PRIMARY KEY (dataset, source_region, profile, metric, statistic)
                );
                """),
        // Samples name their file, not their dataset (ingested_files says which): one integer a row
        // instead of a repeated name. No index: ingest speed matters more than stats' single scan.
        Migration(
            identifier: "v2-samples",
            sql: """
                CREATE TABLE ingested_files (
                    id INTEGER PRIMARY KEY,
                    dataset TEXT NOT NULL REFERENCES datasets(name) ON DELETE CASCADE,
                    sha256 TEXT NOT NULL,
                    path TEXT NOT NULL,
                    format TEXT NOT NULL,
                    rows INTEGER NOT NULL,
                    skipped INTEGER NOT NULL,
                    ingested_at TEXT NOT NULL,
                    UNIQUE (dataset, sha256)
                );
                CREATE TABLE samples (
                    file_id INTEGER NOT NULL,
                    source_region TEXT NOT NULL,
                    profile TEXT NOT NULL,
                    model TEXT,
                    ts TEXT,
                    status TEXT NOT NULL,
                    ttfb_ms REAL,
                    total_ms REAL,
                    input_tokens INTEGER,
                    output_tokens INTEGER,
                    run_id TEXT,
                    inference_region TEXT,
                    first_token_ms REAL
                );
                """),
        // Published figures remember the file they came from, so `--replace` of one file of a dataset
        // swaps that file's figures and keeps the others'. Figures ingested before this migration are
        // given their file where the dataset had only one.
        Migration(
            identifier: "v3-summary-file",
            sql: """
                ALTER TABLE summary_stats ADD COLUMN file_id INTEGER REFERENCES ingested_files(id) ON DELETE CASCADE;
                UPDATE summary_stats SET file_id = (
                    SELECT min(f.id) FROM ingested_files f WHERE f.dataset = summary_stats.dataset)
                WHERE (SELECT count(*) FROM ingested_files f WHERE f.dataset = summary_stats.dataset) = 1;
                """),
        // What the probe measures (docs/probe.md), in a table beside samples: other tools' rows keep
        // their width (a 25-column row made ingest a third slower). Warm-up calls are kept but left out
        // of statistics; attempts and the whole call's time keep retries apart from latencies.
        Migration(
            identifier: "v4-probe-samples",
            sql: """
                CREATE TABLE sample_details (
                    sample INTEGER PRIMARY KEY,
                    warmup INTEGER NOT NULL DEFAULT 0,
                    attempts INTEGER,
                    call_ms REAL,
                    dns_ms REAL,
                    connect_ms REAL,
                    tls_ms REAL,
                    headers_ms REAL,
                    first_event_ms REAL,
                    server_latency_ms REAL,
                    request_id TEXT,
                    http_version TEXT,
                    new_connection INTEGER
                );
                CREATE TRIGGER sample_details_follow AFTER DELETE ON samples
                BEGIN DELETE FROM sample_details WHERE sample = old.rowid; END;
                """),
        // The account's own evidence (docs/account-evidence.md): Bedrock runtime calls from
        // CloudTrail, one row per event, keyed by CloudTrail's event id so the same event in
        // overlapping exports is stored once.
        Migration(
            identifier: "v5-observed-calls",
            sql: """
                CREATE TABLE observed_calls (
                    event_id TEXT PRIMARY KEY NOT NULL,
                    time TEXT NOT NULL,
                    operation TEXT NOT NULL,
                    source_region TEXT NOT NULL,
                    profile TEXT NOT NULL,
                    served_region TEXT NOT NULL,
                    error_code TEXT,
                    request_id TEXT
                ) WITHOUT ROWID;
                """),
        // What the account sent, minute by minute, from CloudWatch's AWS/Bedrock metrics: one value
        // per (source, profile, metric, minute), so overlapping exports replace rather than add.
        Migration(
            identifier: "v6-observed-minutes",
            sql: """
                CREATE TABLE observed_minutes (
                    source_region TEXT NOT NULL,
                    profile TEXT NOT NULL,
                    metric TEXT NOT NULL,
                    minute TEXT NOT NULL,
                    value REAL NOT NULL,
                    PRIMARY KEY (source_region, profile, metric, minute)
                ) WITHOUT ROWID;
                """),
        // What the account may send: Service Quotas' Bedrock quotas, matched to model and scope by
        // their names; a newer export of the same quota code in a Region replaces the older.
        Migration(
            identifier: "v7-imported-quotas",
            sql: """
                CREATE TABLE imported_quotas (
                    region TEXT NOT NULL,
                    code TEXT NOT NULL,
                    name TEXT NOT NULL,
                    model TEXT NOT NULL,
                    scope TEXT,
                    kind TEXT NOT NULL CHECK (kind IN ('requests', 'tokens')),
                    per TEXT NOT NULL CHECK (per IN ('minute', 'day')),
                    value REAL NOT NULL,
                    PRIMARY KEY (region, code)
                ) WITHOUT ROWID;
                """),
        // A sample names its route (source Region and profile) by a small integer instead of
        // repeating ~47 bytes of text: a million-row dataset goes from 103 to 59 MB, ingest writes
        // (twice: WAL, then checkpoint) and stats reads that much less, and stats groups by an
        // integer. Routes are few and never removed. Rowids are kept, so sample_details still
        // points at its samples. No foreign key: as for file_id, a per-row check would cost ingest.
        Migration(
            identifier: "v8-sample-routes",
            sql: """
                CREATE TABLE routes (
                    id INTEGER PRIMARY KEY,
                    source_region TEXT NOT NULL,
                    profile TEXT NOT NULL,
                    UNIQUE (source_region, profile)
                );
                INSERT INTO routes (source_region, profile)
                    SELECT DISTINCT source_region, profile FROM samples ORDER BY source_region, profile;
                CREATE TABLE samples_v8 (
                    file_id INTEGER NOT NULL,
                    route INTEGER NOT NULL,
                    model TEXT,
                    ts TEXT,
                    status TEXT NOT NULL,
                    ttfb_ms REAL,
                    total_ms REAL,
                    input_tokens INTEGER,
                    output_tokens INTEGER,
                    run_id TEXT,
                    inference_region TEXT,
                    first_token_ms REAL
                );
                INSERT INTO samples_v8 (rowid, file_id, route, model, ts, status, ttfb_ms, total_ms, input_tokens,
                                        output_tokens, run_id, inference_region, first_token_ms)
                    SELECT s.rowid, s.file_id, r.id, s.model, s.ts, s.status, s.ttfb_ms, s.total_ms, s.input_tokens,
                           s.output_tokens, s.run_id, s.inference_region, s.first_token_ms
                    FROM samples s JOIN routes r ON r.source_region = s.source_region AND r.profile = s.profile
                    ORDER BY s.rowid;
                DROP TRIGGER sample_details_follow;
                DROP TABLE samples;
                ALTER TABLE samples_v8 RENAME TO samples;
                CREATE TRIGGER sample_details_follow AFTER DELETE ON samples
                BEGIN DELETE FROM sample_details WHERE sample = old.rowid; END;
                """),
        // Issue 25: bedrock-mantle inference calls are kept beside bedrock-runtime's, with the endpoint.
        Migration(
            identifier: "v9-observed-endpoint",
            sql: """
                ALTER TABLE observed_calls ADD COLUMN endpoint TEXT NOT NULL DEFAULT 'bedrock-runtime';
                ALTER TABLE observed_calls ADD COLUMN service_tier TEXT;
                ALTER TABLE observed_calls ADD COLUMN bearer_token INTEGER;
                """),
        // Issue 25: bedrock-mantle's quotas are input and output tokens a minute, apart from
        // runtime's: the kind check takes them (SQLite cannot alter a CHECK, so the table is copied).
        Migration(
            identifier: "v10-mantle-quotas",
            sql: """
                CREATE TABLE imported_quotas_v10 (
                    region TEXT NOT NULL,
                    code TEXT NOT NULL,
                    name TEXT NOT NULL,
                    model TEXT NOT NULL,
                    scope TEXT,
                    kind TEXT NOT NULL CHECK (kind IN ('requests', 'tokens', 'input-tokens', 'output-tokens')),
                    per TEXT NOT NULL CHECK (per IN ('minute', 'day')),
                    value REAL NOT NULL,
                    PRIMARY KEY (region, code)
                ) WITHOUT ROWID;
                INSERT INTO imported_quotas_v10 SELECT region, code, name, model, scope, kind, per, value FROM imported_quotas;
                DROP TABLE imported_quotas;
                ALTER TABLE imported_quotas_v10 RENAME TO imported_quotas;
                """),
        // Issue 27: who called and with which SDK retry mode (from userAgent), and an organisation's
        // calls as Athena counts them: one row per (day, account, source Region, route, outcome,
        // caller, client) with its count, keyed in the order the shipped query sorts its result,
        // so a result is written to the B-tree in order. A day's count from two results is the
        // larger, never their sum; rows of one result that fold together (a Local Zone and its
        // Region) are summed: `ingest` names the file that last wrote the row, `file_calls` what
        // that file has counted so far, `prior` the count before it (Store+Evidence).
        Migration(
            identifier: "v11-observed-clients-and-counts",
            sql: """
                ALTER TABLE observed_calls ADD COLUMN account TEXT;
                ALTER TABLE observed_calls ADD COLUMN caller TEXT NOT NULL DEFAULT '';
                ALTER TABLE observed_calls ADD COLUMN sdk TEXT NOT NULL DEFAULT '';
                ALTER TABLE observed_calls ADD COLUMN retry_mode TEXT NOT NULL DEFAULT '';
                CREATE TABLE observed_call_counts (
                    day TEXT NOT NULL,
                    account TEXT NOT NULL,
                    source_region TEXT NOT NULL,
                    profile TEXT NOT NULL,
                    served_region TEXT NOT NULL,
                    endpoint TEXT NOT NULL,
                    operation TEXT NOT NULL,
                    error_code TEXT NOT NULL,
                    caller TEXT NOT NULL,
                    sdk TEXT NOT NULL,
                    retry_mode TEXT NOT NULL,
                    calls INTEGER NOT NULL CHECK (calls > 0),
                    first TEXT NOT NULL,
                    last TEXT NOT NULL,
                    ingest INTEGER NOT NULL,
                    prior INTEGER NOT NULL,
                    file_calls INTEGER NOT NULL,
                    PRIMARY KEY (day, account, source_region, profile, served_region, endpoint, operation, error_code, caller, sdk, retry_mode)
                ) WITHOUT ROWID;
                """),
    ]
}
