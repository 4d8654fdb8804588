import AdvisorApp
@testable import AdvisorStore
import AdvisorCore
import AdvisorTestSupport
import Foundation
import Testing

/// v4 adds the probe's table beside samples in a store of the last release (v1 to v3) with samples
/// in it: its samples keep counting (they are not warm-ups) and nothing else changes.
struct MigrationV4Tests {
    @Test func aStoreOfTheLastReleaseGainsTheProbesColumns() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("advisor.sqlite")
        #expect(Schema.migrations.prefix(3).map(\.identifier) == ["v1", "v2-samples", "v3-summary-file"])
        try MigrationTests.earlierReleaseStore(
            path, migrations: 3,
            rows: """
                INSERT INTO datasets (name, kind, created_at) VALUES ('old', 'samples', 'x');
                INSERT INTO ingested_files (id, dataset, sha256, path, format, rows, skipped, ingested_at)
                    VALUES (1, 'old', 'a', 'a.csv', 'csv', 2, 0, 'x');
                INSERT INTO samples (file_id, source_region, profile, status, ttfb_ms, total_ms)
                    VALUES (1, 'eu-central-1', 'eu.m', 'ok', 700, 2400), (1, 'eu-central-1', 'eu.m', 'ok', 760, 2500);
                """)
        let store = try Store.open(path: path, now: MigrationTests.now, settings: .advisor)
        #expect(try store.dataset(named: "old").stats(source: "eu-central-1", profile: "eu.m")?.n == 2)
        try store.close()
        let columns = try Subprocess.python([
            "-c",
            #"""
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            print(",".join(r[1] for r in db.execute("pragma table_info(samples)")))
            print(",".join(r[1] for r in db.execute("pragma table_info(sample_details)")))
            print(db.execute("select count(*) from sample_details").fetchone()[0])
            """#, path,
        ])
        // samples keeps its width (other tools' rows do not pay for the probe's fields; v8 then names
        // the route by id); the details table is new and empty for the samples the store already had.
        #expect(
            columns.stdout == "file_id,route,model,ts,status,ttfb_ms,total_ms,input_tokens,output_tokens,run_id,"
                + "inference_region,first_token_ms\n"
                + "sample,warmup,attempts,call_ms,dns_ms,connect_ms,tls_ms,headers_ms,first_event_ms,server_latency_ms,request_id,"
                + "http_version,new_connection\n0\n", "\(columns.stderr)")
    }
}
