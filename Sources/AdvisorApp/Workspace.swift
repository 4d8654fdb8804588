import Synchronization
public import AdvisorCore
public import AdvisorStore
public import Foundation

/// The store a command works on, as the command line sees it: the reads it prints from, and the
/// handle the use cases take. The command line never touches the store itself.
public struct Workspace: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// Where the store is: `--db`, else ADVISOR_DB, else under ADVISOR_HOME or ~/.advisor.
    public static func path(explicit: String?, environment: [String: String]) -> String {
        StoreLocation.resolve(explicit: explicit, environment: environment)
    }

    /// How long to wait for another command's lock, and the size cap that stands in for a full disk.
    public struct Limits: Sendable {
        public static let defaultLockTimeout = StoreSettings.defaultLockTimeout
        public var maxBytes: Int?
        public var lockTimeout: Double

        public init(maxBytes: Int? = nil, lockTimeout: Double = Limits.defaultLockTimeout) {
            self.maxBytes = maxBytes
            self.lockTimeout = lockTimeout
        }
    }

    /// Runs `body` on the store at `path` (StoreAccess says how creation and concurrent use are made
    /// safe), with advisor's built-in content.
    public static func with<T>(
        path: String, writing: Bool, now: Date, limits: Limits,
        _ body: (Workspace) throws -> T
    ) throws -> T {
        let settings = StoreSettings(content: .advisor, maxBytes: limits.maxBytes, lockTimeout: limits.lockTimeout)
        return try StoreAccess.withStore(path: path, writing: writing, now: now, settings: settings) { store in
            FinishedStores.keep(store)
            return try body(Workspace(store))
        }
    }

    /// Where errors name the store.
    public var path: String { store.path }

    public func catalogue(named name: String? = nil, field: String = "--catalogue") throws(StoreError) -> Catalogue {
        try store.catalogue(named: name, field: field)
    }

    public func catalogueVersions() throws(StoreError) -> [CatalogueVersionInfo] { try store.catalogueVersions() }

    public func dataset(named name: String, field: String = "--dataset", distributions: Bool = false) throws(StoreError) -> Dataset {
        try store.dataset(named: name, field: field, distributions: distributions)
    }

    public func datasets() throws(StoreError) -> [DatasetInfo] { try store.datasets() }

    public func removeDataset(_ name: String) throws(StoreError) { try store.removeDataset(name) }

    public func rawSamples(dataset name: String, field: String = "--dataset") throws(StoreError) -> [RawSampleRecord] {
        try store.rawSamples(dataset: name, field: field)
    }

    public func observedCounts(source: String? = nil, profile: String? = nil, since: Date? = nil, clients: Bool = false)
        throws(StoreError) -> [ObservedCount]
    {
        try store.observedCounts(source: source, profile: profile, since: since, clients: clients)
    }

    /// A new catalogue version made from a base one inside one write transaction (Store.deriveCatalogue).
    public func deriveCatalogue(
        base: String?, name: String?, defaultName: String, origin: String, now: Date,
        unchanged: (Catalogue, Catalogue) -> Bool = { _, _ in false },
        _ make: (Catalogue, String) throws -> Catalogue
    ) throws(StoreError) -> DerivedCatalogue {
        try store.deriveCatalogue(
            base: base, name: name, defaultName: defaultName, origin: origin, now: now, unchanged: unchanged, make)
    }
}

/// The stores a command has used, kept until the process exits instead of being freed when the
/// command is done with them (StoreAccess has closed their connections by then). Freeing one
/// disposes its GRDB queue, and libdispatch starts a worker thread just to do that: a thread
/// created and torn down at the end of every command.
enum FinishedStores {
    private static let kept = Mutex<[Store]>([])

    static func keep(_ store: Store) {
        kept.withLock { $0.append(store) }
    }
}
