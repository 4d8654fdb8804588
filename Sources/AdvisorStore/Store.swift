import AdvisorCore
public import Foundation
internal import GRDB

/// The SQLite store: catalogue versions and latency datasets. Every change runs in one transaction,
/// so a failed command leaves the store exactly as it was.
public final class Store: Sendable {
    /// PRAGMA application_id of an advisor store ("ADVS"), to refuse other SQLite files.
    static let applicationID: Int32 = 0x4144_5653
    public let path: String
    let queue: DatabaseQueue
    let settings: StoreSettings

    private init(path: String, queue: DatabaseQueue, settings: StoreSettings) {
        self.path = path
        self.queue = queue
        self.settings = settings
    }

    /// Opens the store at `path`, migrating and seeding it as needed. `displayPath` is the path errors
    /// name: a store being created lives in a temporary file until it is complete.
    public static func open(
        path: String, displayPath: String? = nil, now: Date,
        settings: StoreSettings
    ) throws(StoreError) -> Store {
        let shownPath = displayPath ?? path
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration(settings))
        } catch {
            throw classify(error, path: shownPath, settings: settings)
        }
        let store = Store(path: shownPath, queue: queue, settings: settings)
        try store.prepare(now: now, wal: true)
        return store
    }

    /// Opens a store this user cannot write (a team's shared store, a read-only directory) for
    /// reading. A WAL database needs its `-shm` file, which cannot be created there, so it is opened
    /// immutable: SQLite then reads the file as it is, which is right while nobody writes it.
    public static func openReadOnly(path: String, now: Date, settings: StoreSettings) throws(StoreError) -> Store {
        var configuration = configuration(settings)
        configuration.readonly = true
        let escaped = path.unicodeScalars.map { scalar -> String in
            "%?#".unicodeScalars.contains(scalar) ? String(format: "%%%02X", scalar.value) : String(scalar)
        }.joined()
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: "file:\(escaped)?immutable=1", configuration: configuration)
        } catch {
            throw classify(error, path: path, settings: settings)
        }
        let store = Store(path: path, queue: queue, settings: settings)
        try store.prepare(now: now, wal: false, readOnly: true)
        return store
    }

    /// A seeded store that lives only in memory: what a new on-disk store would hold.
    public static func inMemory(now: Date, settings: StoreSettings) throws(StoreError) -> Store {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(configuration: configuration(settings))
        } catch {
            throw classify(error, path: ":memory:", settings: settings)
        }
        let store = Store(path: ":memory:", queue: queue, settings: settings)
        try store.prepare(now: now, wal: false)
        return store
    }

    /// Copies this store into a new file at `path` (which must not exist yet), complete and closed.
    func copy(toNewFile path: String) throws(StoreError) {
        do {
            let target = try DatabaseQueue(path: path, configuration: Store.configuration(settings))
            try queue.backup(to: target)
            try Store.switchToWAL(target)
            try target.close()
        } catch {
            throw Store.classify(error, path: path, settings: settings)
        }
    }

    /// Moves every committed page from the `-wal` file into the main file and empties the WAL, or
    /// fails. A new store is published as its main file alone (`link` moves one name), so a commit
    /// still in the WAL would be left behind in the temporary `-wal`, which the next command deletes
    /// as a dead creator's debris: on a nearly full disk the checkpoint is exactly what fails.
    func checkpointIntoMainFile() throws(StoreError) {
        let path = self.path
        try writeWithoutTransaction { db in
            let row = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            let busy: Int = row?[0] ?? 1, log: Int = row?[1] ?? -1, moved: Int = row?[2] ?? -2
            guard busy == 0, log == moved else {
                throw StoreError.io(
                    path: path,
                    detail: "could not move the new store's pages out of its write-ahead log "
                        + "(busy \(busy), \(moved) of \(log) pages); nothing was written")
            }
        }
    }

    /// Closes the connection: in WAL mode the last connection to close checkpoints and removes the
    /// `-wal` and `-shm` files, so a finished command leaves the store as one file.
    public func close() throws(StoreError) {
        do { try queue.close() } catch { throw Store.classify(error, path: path, settings: settings) }
    }

    /// WAL: readers keep reading while a writer runs, and a failed or killed write never touches the
    /// main file (its frames are discarded). Persistent in the file; switched once, after the file
    /// is known to be ours, so a foreign database is never written.
    static func switchToWAL(_ queue: DatabaseQueue) throws {
        try queue.writeWithoutTransaction { db in
            guard try String.fetchOne(db, sql: "PRAGMA journal_mode")?.lowercased() != "wal" else { return }
            let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            if mode?.lowercased() != "wal" {
                throw DatabaseError(resultCode: .SQLITE_CANTOPEN, message: "cannot switch the store to WAL mode (\(mode ?? "no answer"))")
            }
        }
    }

    static func configuration(_ settings: StoreSettings) -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.label = "advisor"
        // Another advisor command may hold the write lock (a long ingest): wait for it, for a stated
        // time, instead of failing at once with "database is locked".
        configuration.busyMode = .timeout(settings.lockTimeout)
        let maxBytes = settings.maxBytes
        configuration.prepareDatabase { db in
            // FULL, not WAL's usual NORMAL: a command that reported success keeps its data across a
            // power cut.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            if let maxBytes {
                // A cap on the file's size (ADVISOR_STORE_MAX_BYTES): what a full disk looks like to SQLite.
                let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
                try db.execute(sql: "PRAGMA max_page_count = \(max(1, maxBytes / pageSize))")
            }
        }
        return configuration
    }

    static func classify(_ error: any Error, path: String, settings: StoreSettings) -> StoreError {
        if let storeError = error as? StoreError { return storeError }
        // A reader's error inside a transaction: the input was bad, the transaction rolled back.
        if let formatError = error as? FormatError { return .invalidInput(formatError) }
        if let databaseError = error as? DatabaseError {
            switch databaseError.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return .busy(path: path, waited: settings.lockTimeout)
            case .SQLITE_READONLY:
                return .io(path: path, detail: "cannot be written by this user (file or directory permissions); nothing was written")
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                return .notAnAdvisorStore(path: path, detail: databaseError.message ?? "file is not a database")
            case .SQLITE_FULL:
                return .full(path: path)
            default:
                return .database(
                    path: path, detail: databaseError.message ?? "\(databaseError)",
                    resultCode: databaseError.extendedResultCode.rawValue, sql: databaseError.sql)
            }
        }
        return .database(path: path, detail: "\(error)")
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try queue.read(body)
        } catch {
            throw Store.classify(error, path: path, settings: settings)
        }
    }

    /// One write transaction, begun IMMEDIATE (GRDB's default for writes): it takes the write lock
    /// first, waiting up to the lock timeout, so it never fails half-way on a lock another took.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try queue.write(body)
        } catch {
            throw Store.classify(error, path: path, settings: settings)
        }
    }

    func writeWithoutTransaction<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try queue.writeWithoutTransaction(body)
        } catch {
            throw Store.classify(error, path: path, settings: settings)
        }
    }

    /// Refuses foreign files, applies migrations and seeds the built-in data. A read first sees
    /// whether anything is due, so opening an up-to-date store writes nothing; what is due runs in
    /// one transaction that re-checks under the write lock, so two commands opening an old store at
    /// once migrate it once.
    private func prepare(now: Date, wal: Bool, readOnly: Bool = false) throws(StoreError) {
        let path = self.path
        func checkOwner(_ db: Database) throws {
            let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
            let tableCount = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
            if applicationID == 0 && tableCount > 0 {
                throw StoreError.notAnAdvisorStore(path: path, detail: "an SQLite database of another application")
            }
            if applicationID != 0 && applicationID != Store.applicationID {
                throw StoreError.notAnAdvisorStore(path: path, detail: "application_id \(applicationID)")
            }
        }
        func isDue(_ db: Database) throws -> Bool {
            try checkOwner(db)
            return try Schema.pending(db, path: path) || Seeder.isDue(db, content: settings.content)
        }
        let due = try read(isDue)
        if readOnly {
            guard !due else {
                throw .io(
                    path: path,
                    detail: "cannot be written by this user, and this advisor must upgrade it "
                        + "(new schema or built-in data); run any command as its owner first")
            }
            return
        }
        if wal {
            do { try Store.switchToWAL(queue) } catch { throw Store.classify(error, path: path, settings: settings) }
        }
        guard due else { return }
        try write { db in
            guard try isDue(db) else { return }
            try Schema.migrate(db, path: path)
            if try Int32.fetchOne(db, sql: "PRAGMA application_id") != Store.applicationID {
                try db.execute(sql: "PRAGMA application_id = \(Store.applicationID)")
            }
            try Seeder.seed(db, now: now, content: settings.content)
        }
    }
}
