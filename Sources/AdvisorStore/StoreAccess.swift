import AdvisorCore
public import Foundation

/// How a command may use the store: how long it waits for another command's write lock, and the
/// size cap that stands in for a full disk in tests.
public struct StoreSettings: Sendable {
    public static let defaultLockTimeout: Double = 30

    /// What a new store is seeded with, and the catalogue's text form.
    public var content: StoreContent
    public var maxBytes: Int?
    /// Seconds a command waits for the write lock (or for another command creating the store).
    public var lockTimeout: Double

    public init(content: StoreContent, maxBytes: Int? = nil, lockTimeout: Double = StoreSettings.defaultLockTimeout) {
        self.content = content
        self.maxBytes = maxBytes
        self.lockTimeout = lockTimeout
    }
}

/// Runs a command on the store file at a path, safely under concurrent use:
///
/// - An existing store is opened in place (WAL mode: readers never wait for a writer; a writer waits
///   up to the lock timeout for another writer).
/// - A store that does not exist yet is created only by a command that succeeds: a writer builds it
///   in a temporary file beside it, holding the directory's lock, and links it into place when the
///   command is done; `link` never replaces a file, so nothing another command created is lost. A
///   second writer waits for the lock and then finds the store. A reader works on an in-memory copy
///   and saves it only if the lock is free and the store still missing.
/// - Temporary files of a creator that was killed are removed by the next command that holds the lock.
public enum StoreAccess {
    static let temporaryPrefix = ".advisor-new-"

    public static func withStore<T>(
        path: String, writing: Bool, now: Date, settings: StoreSettings,
        _ body: (Store) throws -> T
    ) throws -> T {
        switch try StorePath.kind(path) {
        case .file:
            if !writing, !StorePath.isWritable(path) {
                let store = try Store.openReadOnly(path: path, now: now, settings: settings)
                return try body(store)
            }
            guard !writing else { return try withExisting(path: path, now: now, settings: settings, body) }
            return try withExistingForReading(path: path, now: now, settings: settings, body)
        case .missing:
            return writing
                ? try create(path: path, now: now, settings: settings, body)
                : try readWithoutStore(path: path, now: now, settings: settings, body)
        }
    }

    /// A read command on an existing store. On a full disk WAL mode cannot create its -shm file,
    /// so opening failed ("disk I/O error") though nothing needs writing; with no -wal beside it
    /// the main file is the whole committed store, and a full disk keeps writers out: it is read
    /// as it is, immutable.
    private static func withExistingForReading<T>(
        path: String, now: Date, settings: StoreSettings,
        _ body: (Store) throws -> T
    ) throws -> T {
        removeStaleTemporaries(beside: path)
        var opened: Store?
        var failure: StoreError?
        do { opened = try Store.open(path: path, now: now, settings: settings) } catch { failure = error }
        if let failure {
            guard StorePath.isOutOfSpace(failure), !StorePath.hasWriteAheadLog(path) else { throw failure }
            return try body(try Store.openReadOnly(path: path, now: now, settings: settings))
        }
        let store = opened!
        defer { try? store.close() }
        return try body(store)
    }

    private static func withExisting<T>(
        path: String, now: Date, settings: StoreSettings,
        _ body: (Store) throws -> T
    ) throws -> T {
        removeStaleTemporaries(beside: path)
        let store = try Store.open(path: path, now: now, settings: settings)
        // Closed on every way out, not left to deinit: a caller may keep the object (the CLI keeps
        // it until exit). A failed close leaves committed data in the -wal file, which the next
        // open recovers.
        defer { try? store.close() }
        return try body(store)
    }

    private static func create<T>(
        path: String, now: Date, settings: StoreSettings,
        _ body: (Store) throws -> T
    ) throws -> T {
        let directory = StorePath.directory(of: path)
        let createdDirectory = try StorePath.makeDirectory(directory, for: path)
        let lock: DirectoryLock
        do {
            lock = try DirectoryLock.acquire(directory, waitingUpTo: settings.lockTimeout, for: path)
        } catch {
            if createdDirectory { StorePath.removeIfEmpty(directory) }
            throw error
        }
        var locked = true
        defer { if locked { lock.release() } }
        removeTemporaries(in: directory)
        if case .file = try StorePath.kind(path) {
            // Another command created it while this one waited for the lock.
            lock.release()
            locked = false
            return try withExisting(path: path, now: now, settings: settings, body)
        }
        let temporary = directory + "/" + temporaryPrefix + UUID().uuidString + ".sqlite"
        do {
            let store = try Store.open(path: temporary, displayPath: path, now: now, settings: settings)
            let result: T
            do {
                result = try body(store)
                try store.checkpointIntoMainFile()
            } catch { try? store.close(); throw error }
            try store.close()
            try StorePath.requireSingleFile(temporary, shownAs: path)
            try publish(temporary, at: path, lock: lock)
            return result
        } catch {
            StorePath.removeDatabaseFiles(temporary)
            if createdDirectory { StorePath.removeIfEmpty(directory) }
            throw error
        }
    }

    /// A read command on a store that does not exist: answer from an in-memory store seeded the same
    /// way, then keep it on disk if that can be done without waiting (best effort: a read command
    /// needs no write, so an unwritable ADVISOR_HOME is no error).
    private static func readWithoutStore<T>(
        path: String, now: Date, settings: StoreSettings,
        _ body: (Store) throws -> T
    ) throws -> T {
        let store = try Store.inMemory(now: now, settings: settings)
        let result = try body(store)
        let directory = StorePath.directory(of: path)
        guard (try? StorePath.makeDirectory(directory, for: path)) != nil,
            let lock = try? DirectoryLock.acquire(directory, waitingUpTo: 0, for: path)
        else { return result }
        defer { lock.release() }
        removeTemporaries(in: directory)
        guard case .missing? = try? StorePath.kind(path) else { return result }
        let temporary = directory + "/" + temporaryPrefix + UUID().uuidString + ".sqlite"
        do {
            try store.copy(toNewFile: temporary)
            try StorePath.requireSingleFile(temporary, shownAs: path)
            try publish(temporary, at: path, lock: lock)
        } catch {
            StorePath.removeDatabaseFiles(temporary)
        }
        return result
    }

    /// Puts a complete, closed store file in place without ever replacing an existing file.
    private static func publish(_ temporary: String, at path: String, lock: DirectoryLock) throws(StoreError) {
        if link(temporary, path) != 0 {
            let code = errno
            if code == EEXIST {
                throw .io(
                    path: path,
                    detail: "was created by another program while this command was creating it; "
                        + "nothing was written; run the command again")
            }
            // File systems without hard links: the lock keeps advisor's own creators out, and the
            // check right before keeps the window to another program's creation small.
            guard code == EPERM || code == ENOTSUP || code == EXDEV || code == EOPNOTSUPP,
                case .missing? = try? StorePath.kind(path), rename(temporary, path) == 0
            else {
                throw .io(path: path, detail: "cannot move the new store into place: \(String(cString: strerror(code)))")
            }
        } else {
            unlink(temporary)
        }
        lock.sync()
    }

    /// Removes what a killed creator left; only called while holding the directory's lock, which
    /// every creator holds for as long as its temporary file exists.
    static func removeTemporaries(in directory: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(temporaryPrefix) {
            unlink(directory + "/" + name)
        }
    }

    /// Cheap when there is nothing to clean (one directory listing); takes the lock only if there is.
    static func removeStaleTemporaries(beside path: String) {
        let directory = StorePath.directory(of: path)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory),
            names.contains(where: { $0.hasPrefix(temporaryPrefix) }),
            let lock = try? DirectoryLock.acquire(directory, waitingUpTo: 0, for: path)
        else { return }
        removeTemporaries(in: directory)
        lock.release()
    }
}

/// What a store path names, checked before SQLite would create or follow anything.
enum StorePath {
    enum Kind { case missing, file }

    static func kind(_ path: String) throws(StoreError) -> Kind {
        if path.hasSuffix("/") {
            throw .badPath(path: path, detail: "names a directory; the store is a file, such as \(PathText.join(path, "advisor.sqlite"))")
        }
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return .missing }
            throw .io(path: path, detail: "cannot be examined: \(String(cString: strerror(errno)))")
        }
        if (info.st_mode & S_IFMT) == S_IFLNK {
            var target = stat()
            guard stat(path, &target) == 0 else {
                let destination = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
                throw .badPath(
                    path: path,
                    detail: "is a symbolic link to '\(destination)', which does not exist; "
                        + "create the store there with --db '\(destination)' or remove the link")
            }
            info = target
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR:
            throw .badPath(path: path, detail: "is a directory; the store is a file, such as \(path)/advisor.sqlite")
        default:
            throw .badPath(path: path, detail: "is not a regular file; the store is an SQLite file")
        }
    }

    /// Whether this process may write the store and create its `-wal` and `-shm` beside it.
    static func isWritable(_ path: String) -> Bool {
        access(path, W_OK) == 0 && access(directory(of: path), W_OK) == 0
    }

    static func directory(of path: String) -> String {
        let directory = PathText.directory(of: path)
        return directory.isEmpty ? "." : directory
    }

    /// Creates the directory if it is missing; says whether it did.
    static func makeDirectory(_ directory: String, for path: String) throws(StoreError) -> Bool {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw .badPath(path: path, detail: "cannot be created: \(directory) is not a directory")
            }
            return false
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(path: path, detail: "cannot create the directory \(directory): \(StorePath.reason(error))")
        }
        return true
    }

    /// Whether a store failure is the disk being full (SQLite says "disk I/O error" when it cannot
    /// create or grow `-shm`, "database or disk is full" when a page cannot be written).
    static func isOutOfSpace(_ error: any Error) -> Bool {
        guard let error = error as? StoreError else { return false }
        switch error {
        case .full: return true
        case .database(_, let detail, let code?, _) where code & 0xFF == 10 || code & 0xFF == 13:
            // SQLITE_IOERR (and its extended codes), SQLITE_FULL: read from the code SQLite gave.
            _ = detail
            return true
        case .database(_, let detail, _, _), .io(_, let detail):
            return detail.contains("disk I/O error") || detail.contains("disk is full") || detail.contains("No space left")
        default: return false
        }
    }

    /// Whether committed frames may sit in the store's `-wal` (then the main file alone is not the store).
    static func hasWriteAheadLog(_ path: String) -> Bool {
        var info = stat()
        return stat(path + "-wal", &info) == 0 && info.st_size > 0
    }

    /// A closed store whose `-wal` still holds frames is not whole without it: never publish one.
    static func requireSingleFile(_ path: String, shownAs shown: String) throws(StoreError) {
        if hasWriteAheadLog(path) {
            throw .io(
                path: shown,
                detail: "the new store could not be completed (its write-ahead log was not "
                    + "emptied, most likely a full disk); nothing was written")
        }
        // The main file's pages must be on disk before its name is: fsync, then link and sync the directory.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .io(path: shown, detail: "the new store vanished: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        if fsync(descriptor) != 0 {
            throw .io(
                path: shown, detail: "the new store could not be synced to disk: \(String(cString: strerror(errno))); nothing was written")
        }
    }

    static func removeIfEmpty(_ directory: String) {
        rmdir(directory)
    }

    static func removeDatabaseFiles(_ path: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { unlink(path + suffix) }
    }

    /// The operating system's words for a Foundation file error, not "NSCocoaErrorDomain error 256".
    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        return nsError.localizedDescription
    }
}

/// An exclusive flock(2) on a directory: held by whoever creates a store in it. The kernel drops it
/// when the holder dies, so a killed command never leaves the directory locked.
final class DirectoryLock {
    private let descriptor: Int32
    private var held = true

    private init(descriptor: Int32) { self.descriptor = descriptor }

    static func acquire(_ directory: String, waitingUpTo seconds: Double, for path: String) throws(StoreError) -> DirectoryLock {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .io(path: path, detail: "cannot open the directory \(directory): \(String(cString: strerror(errno)))")
        }
        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw .io(path: path, detail: "cannot lock the directory \(directory): \(reason)")
            }
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            let elapsed = Double(now.tv_sec - start.tv_sec) + Double(now.tv_nsec - start.tv_nsec) / 1e9
            if elapsed >= seconds {
                close(descriptor)
                throw .busy(path: path, waited: seconds)
            }
            usleep(10_000)
        }
        return DirectoryLock(descriptor: descriptor)
    }

    /// Makes the new directory entry durable.
    func sync() { fsync(descriptor) }

    func release() {
        guard held else { return }
        held = false
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    deinit { release() }
}
