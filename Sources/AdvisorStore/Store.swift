import AdvisorCore
import AdvisorFormats
import Foundation
internal import GRDB

/// The SQLite store: catalogue versions and latency datasets. Every change runs in one transaction,
/// so a failed command leaves the store exactly as it was.
public final class Store: @unchecked Sendable {
    /// PRAGMA application_id of an advisor store ("ADVS"), to refuse other SQLite files.
    static let applicationID: Int32 = 0x4144_5653
    public let path: String
    let queue: DatabaseQueue

    private init(path: String, queue: DatabaseQueue) {
        self.path = path
        self.queue = queue
    }

    /// Opens the store at `path`, creating, migrating and seeding it as needed.
    public static func open(path: String, now: Date, maxBytes: Int? = nil) throws(StoreError) -> Store {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw .database(path: path, detail: "cannot create directory \(directory): \(error.localizedDescription)")
            }
        }
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration(maxBytes: maxBytes))
        } catch {
            throw classify(error, path: path)
        }
        let store = Store(path: path, queue: queue)
        try store.prepare(now: now)
        return store
    }

    /// A seeded store that lives only in memory: what a new on-disk store would hold.
    public static func inMemory(now: Date) throws(StoreError) -> Store {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(configuration: configuration())
        } catch {
            throw classify(error, path: ":memory:")
        }
        let store = Store(path: ":memory:", queue: queue)
        try store.prepare(now: now)
        return store
    }

    /// Writes this store to `path` atomically (a temporary file renamed into place).
    public func save(to destination: String) throws(StoreError) {
        let directory = (destination as NSString).deletingLastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/.advisor-\(UUID().uuidString).sqlite.tmp"
        do {
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            let target = try DatabaseQueue(path: temporary)
            try queue.backup(to: target)
            try target.close()
            if rename(temporary, destination) != 0 {
                throw CocoaError(.fileWriteUnknown)
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw .database(path: destination, detail: "cannot write the store: \(error)")
        }
    }

    static func configuration(maxBytes: Int? = nil) -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.label = "advisor"
        if let maxBytes {
            // A cap on the file's size (ADVISOR_STORE_MAX_BYTES): what a full disk looks like to SQLite.
            configuration.prepareDatabase { db in
                let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
                try db.execute(sql: "PRAGMA max_page_count = \(max(1, maxBytes / pageSize))")
            }
        }
        return configuration
    }

    static func classify(_ error: any Error, path: String) -> StoreError {
        if let storeError = error as? StoreError { return storeError }
        if let databaseError = error as? DatabaseError {
            switch databaseError.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                return .notAnAdvisorStore(path: path, detail: databaseError.message ?? "file is not a database")
            case .SQLITE_FULL:
                return .full(path: path)
            default:
                return .database(path: path, detail: databaseError.message ?? "\(databaseError)")
            }
        }
        return .database(path: path, detail: "\(error)")
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try queue.read(body)
        } catch {
            throw Store.classify(error, path: path)
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try queue.write(body)
        } catch {
            throw Store.classify(error, path: path)
        }
    }

    /// Refuses foreign files, applies migrations and seeds the built-in data, in one transaction.
    private func prepare(now: Date) throws(StoreError) {
        let path = self.path
        try write { db in
            let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
            let tableCount = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
            if applicationID == 0 && tableCount > 0 {
                throw StoreError.notAnAdvisorStore(path: path, detail: "an SQLite database of another application")
            }
            if applicationID != 0 && applicationID != Store.applicationID {
                throw StoreError.notAnAdvisorStore(path: path, detail: "application_id \(applicationID)")
            }
        }
        let migrator = Schema.migrator
        do {
            if try queue.read({ try migrator.hasBeenSuperseded($0) }) { throw StoreError.newerSchema(path: path) }
            try migrator.migrate(queue)
        } catch {
            throw Store.classify(error, path: path)
        }
        try write { db in
            if try Int32.fetchOne(db, sql: "PRAGMA application_id") != Store.applicationID {
                try db.execute(sql: "PRAGMA application_id = \(Store.applicationID)")
            }
            try Seeder.seed(db, now: now)
        }
    }
}

enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
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
                """)
        }
        migrator.registerMigration("v2-samples") { db in
            // Samples name their file, not their dataset (ingested_files says which): one integer a row
            // instead of a repeated name. No index: ingest speed matters more than stats' single scan.
            try db.execute(sql: """
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
                """)
        }
        return migrator
    }
}
