import AdvisorCore
import AdvisorApp
@testable import AdvisorStore
import AdvisorTestSupport
import Foundation
import GRDB
import Testing

/// Migrations run forward on a store made by the previous release (schema v1 + v2-samples, recorded
/// by GRDB's migrator in grdb_migrations), built here with Python's sqlite3 from that release's SQL.
struct MigrationTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    /// A store as an earlier release left it: the first `count` migrations' SQL run by Python's
    /// sqlite3 (not by this code), recorded in grdb_migrations, marked as ours, then `rows`.
    static func earlierReleaseStore(_ path: String, migrations count: Int, rows: String) throws {
        let previous = Schema.migrations.prefix(count)
        let recorded = previous.map { "('\($0.identifier)')" }.joined(separator: ", ")
        let script = """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            for sql in sys.stdin.read().split("\\n--next--\\n"):
                db.executescript(sql)
            db.executescript("PRAGMA application_id = 1094997587;"
                             "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);"
                             "INSERT INTO grdb_migrations VALUES \(recorded);")
            db.executescript(sys.argv[2])
            db.commit()
            """
        let made = try Subprocess.python(["-c", script, path, rows], stdin: previous.map(\.sql).joined(separator: "\n--next--\n"))
        try #require(made.code == 0, "\(made.stderr)")
    }

    @Test func aStoreOfThePreviousReleaseGainsPerFileSummaries() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("advisor.sqlite")
        #expect(Schema.migrations.prefix(2).map(\.identifier) == ["v1", "v2-samples"])
        try Self.earlierReleaseStore(
            path, migrations: 2,
            rows: """
                INSERT INTO datasets (name, kind, created_at) VALUES ('one', 'summary', 'x'), ('two', 'summary', 'x');
                INSERT INTO ingested_files (id, dataset, sha256, path, format, rows, skipped, ingested_at)
                    VALUES (1, 'one', 'a', 'a.csv', 'summary', 1, 0, 'x'), (2, 'two', 'b', 'b.csv', 'summary', 1, 0, 'x'),
                           (3, 'two', 'c', 'c.csv', 'summary', 1, 0, 'x');
                INSERT INTO summary_stats VALUES ('one', 'eu-central-1', 'eu.m', 'total', 'p50', 1000, 30),
                                                 ('two', 'eu-central-1', 'eu.m', 'total', 'p50', 1000, 30),
                                                 ('two', 'eu-central-1', 'global.m', 'total', 'p50', 1200, 30);
                """)
        let store = try Store.open(path: path, now: Self.now, settings: .advisor)
        #expect(try store.datasets().map(\.name).sorted() == ["one", "seed-lab-2026-04", "two"])
        try store.close()
        let rows = try Subprocess.python(
            [
                "-c",
                """
                import sqlite3, sys
                db = sqlite3.connect(sys.argv[1])
                print(db.execute("select group_concat(identifier) from (select identifier from grdb_migrations order by 1)").fetchone()[0])
                for row in db.execute("select dataset, profile, file_id from summary_stats where dataset != 'seed-lab-2026-04' order by 1, 2"):
                    print(*row)
                """, path,
            ], stdin: "")
        // One file: its figures are given it. Two files: which figure came from which is unknown, so none is guessed.
        let every = Schema.migrations.map { $0.identifier }.sorted().joined(separator: ",")
        #expect(
            Set(every.split(separator: ",").map(String.init)).isSuperset(of: [
                "v1", "v2-samples", "v3-summary-file", "v4-probe-samples", "v5-observed-calls", "v6-observed-minutes",
                "v7-imported-quotas", "v10-mantle-quotas",
            ]))
        #expect(rows.stdout == "\(every)\none eu.m 1\ntwo eu.m None\ntwo global.m None\n", "\(rows.stderr)")
        // Opening again applies nothing more.
        let before = fileBytes(path)
        try Store.open(path: path, now: Self.now, settings: .advisor).close()
        #expect(fileBytes(path) == before)
    }
}

/// The probe's fields are declared once (ProbeField): the store's sample_details follows the
/// declaration, a field declared after v4 getting its column from a migration made from it.
struct ProbeFieldColumnTests {
    @Test func theStoresDetailColumnsAreExactlyTheDeclaredFields() throws {
        let store = try Store.inMemory(now: MigrationTests.now, settings: .advisor)
        let columns = try store.read { db in try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info('sample_details')") }
        #expect(Set(columns) == Set(["sample"] + ProbeField.allCases.map(\.column)))
        #expect(Schema.probeFieldMigrations.isEmpty, "every field declared today is one v4 created")
    }

    @Test func aNewlyDeclaredFieldGetsItsColumnFromItsDeclaration() throws {
        let made = Schema.columnMigrations([("retry_after_ms", .milliseconds), ("warmup", .flag), ("edge", .text)])
        #expect(made.map(\.identifier) == ["probe-field-retry_after_ms", "probe-field-edge"])
        let store = try Store.inMemory(now: MigrationTests.now, settings: .advisor)
        let types = try store.write { db in
            for migration in made { try db.execute(sql: migration.sql) }
            return try Row.fetchAll(db, sql: "SELECT name, type FROM pragma_table_info('sample_details')")
                .reduce(into: [String: String]()) { $0[$1["name"]] = $1["type"] }
        }
        #expect(types["retry_after_ms"] == "REAL" && types["edge"] == "TEXT" && types["warmup"] == "INTEGER")
    }
}
