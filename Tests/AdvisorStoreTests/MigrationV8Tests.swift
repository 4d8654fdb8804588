import AdvisorApp
@testable import AdvisorStore
import AdvisorCore
import AdvisorTestSupport
import Foundation
import Testing

/// v8 names each sample's route by an id in `routes`, in a store of the last release (v1 to v7)
/// made with Python's sqlite3 from that release's SQL: every sample keeps its rowid, its details
/// (a warm-up stays a warm-up), its figures and its export, and removing the dataset still removes
/// its details (the trigger is rebuilt on the new table).
struct MigrationV8Tests {
    static func lastReleaseStore(_ path: String) throws {
        #expect(Schema.migrations[6].identifier == "v7-imported-quotas")
        try MigrationTests.earlierReleaseStore(
            path, migrations: 7,
            rows: """
                INSERT INTO datasets (name, kind, created_at) VALUES ('old', 'samples', 'x');
                INSERT INTO ingested_files (id, dataset, sha256, path, format, rows, skipped, ingested_at)
                    VALUES (1, 'old', 'a', 'a.csv', 'csv', 5, 0, 'x');
                INSERT INTO samples (rowid, file_id, source_region, profile, status, ttfb_ms, total_ms, ts)
                    VALUES (10, 1, 'eu-central-1', 'global.m', 'ok', 900, 2900, '2026-11-20T10:00:00Z'),
                           (11, 1, 'eu-central-1', 'eu.m', 'ok', 5000, 9000, '2026-11-20T10:00:01Z'),
                           (12, 1, 'eu-central-1', 'eu.m', 'ok', 700, 2400, '2026-11-20T10:00:02Z'),
                           (13, 1, 'eu-central-1', 'eu.m', 'ThrottlingException', NULL, NULL, '2026-11-20T10:00:03Z'),
                           (14, 1, 'us-east-1', 'us.m', 'ok', 600, 2000, '2026-11-20T10:00:04Z');
                INSERT INTO sample_details (sample, warmup, attempts, request_id) VALUES (11, 1, 1, 'r-11'), (12, 0, 2, 'r-12');
                """)
    }

    @Test func samplesOfTheLastReleaseNameTheirRoutesAndKeepEverythingElse() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("advisor.sqlite")
        try Self.lastReleaseStore(path)
        let store = try Store.open(path: path, now: MigrationTests.now, settings: .advisor)
        let dataset = try store.dataset(named: "old")
        // The warm-up (rowid 11) is still left out; the throttled call still counts as an error.
        let eu = try #require(dataset.stats(source: "eu-central-1", profile: "eu.m"))
        #expect(eu.n == 1)
        #expect(eu.errors == ["ThrottlingException": 1])
        #expect(eu.values[MetricStatistic(.ttfb, .p50)] == 700)
        #expect(dataset.stats(source: "eu-central-1", profile: "global.m")?.n == 1)
        #expect(dataset.stats(source: "us-east-1", profile: "us.m")?.n == 1)
        let exported = try store.rawSamples(dataset: "old")
        #expect(exported.count == 5)
        #expect(
            exported.map { $0.fields.first { $0.name == "profile" }?.value } == [
                .text("global.m"), .text("eu.m"), .text("eu.m"), .text("eu.m"), .text("us.m"),
            ])
        #expect(exported[1].fields.first { $0.name == "request_id" }?.value == .text("r-11"))
        #expect(exported[1].fields.first { $0.name == "warmup" }?.value == .flag(true))
        try store.removeDataset("old")
        try store.close()
        let tables = try Subprocess.python([
            "-c",
            #"""
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            print(",".join(r[1] for r in db.execute("pragma table_info(samples)")))
            print(db.execute("select group_concat(source_region || ' ' || profile, '; ') from (select * from routes order by id)").fetchone()[0])
            print(db.execute("select count(*) from samples").fetchone()[0], db.execute("select count(*) from sample_details").fetchone()[0])
            print(db.execute("select count(*) from sqlite_schema where name = 'samples_v8'").fetchone()[0])
            """#, path,
        ])
        #expect(
            tables.stdout == "file_id,route,model,ts,status,ttfb_ms,total_ms,input_tokens,output_tokens,run_id,inference_region,"
                + "first_token_ms\neu-central-1 eu.m; eu-central-1 global.m; us-east-1 us.m\n0 0\n0\n", "\(tables.stderr)")
    }
}
