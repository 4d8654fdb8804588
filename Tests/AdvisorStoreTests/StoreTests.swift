import AdvisorApp
import AdvisorCore
import AdvisorFormats
@testable import AdvisorStore
import AdvisorTestSupport
import Foundation
import GRDB
import Testing

struct StoreTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    @Test func aNewStoreIsSeededWithTheBuiltInData() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try StoreAccess.withStore(
            path: directory.path("nested/advisor.sqlite"), writing: true, now: Self.now,
            settings: .advisor
        ) { _ in }
        let store = try Store.open(path: directory.path("nested/advisor.sqlite"), now: Self.now, settings: .advisor)
        #expect(try store.catalogue().name == "builtin")
        #expect(try store.datasets().map(\.name) == ["seed-lab-2026-04"])
        let dataset = try store.dataset(named: "seed-lab-2026-04")
        #expect(dataset.routes.count == 21)
        #expect(dataset.measured == "2026-04-12")
        #expect(dataset.stats(source: "eu-central-1", profile: "eu.anthropic.claude-sonnet-4-6")?.value(.total, .p50) == 2473)
        // The store answers exactly what the embedded files say.
        let embedded = try BuiltinData.seedSummary().dataset(named: "seed-lab-2026-04")
        #expect(dataset.routes == embedded.routes)
    }

    @Test func reopeningIsIdempotentAndWritesNothing() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("advisor.sqlite")
        _ = try Store.open(path: path, now: Self.now, settings: .advisor)
        let before = fileBytes(path)
        let again = try Store.open(path: path, now: Self.now.addingTimeInterval(3600), settings: .advisor)
        #expect(try again.datasets().count == 1)
        #expect(try again.catalogueVersions().count == 1)
        #expect(fileBytes(path) == before)
    }

    @Test func aReadOnANewStoreSavesTheSameContentAsOneFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("saved.sqlite")
        let memory = try Store.inMemory(now: Self.now, settings: .advisor)
        let routes = try StoreAccess.withStore(path: path, writing: false, now: Self.now, settings: .advisor) {
            try $0.dataset(named: "seed-lab-2026-04").routes
        }
        let reopened = try Store.open(path: path, now: Self.now, settings: .advisor)
        #expect(try reopened.dataset(named: "seed-lab-2026-04").routes == (try memory.dataset(named: "seed-lab-2026-04").routes))
        #expect(routes == (try memory.dataset(named: "seed-lab-2026-04").routes))
        try reopened.close()
        // No temporary file, no -wal or -shm left once the store is closed.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["saved.sqlite"])
    }

    @Test func aFileThatIsNotADatabaseIsRefusedAndLeftAlone() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("advisor.sqlite")
        try Data("this is not sqlite, just text that is long enough to look like a header\n".utf8).write(to: URL(fileURLWithPath: path))
        let before = fileBytes(path)
        #expect {
            _ = try Store.open(path: path, now: Self.now, settings: .advisor)
        } throws: { error in
            guard let error = error as? StoreError, case .notAnAdvisorStore = error else { return false }
            return error.isBadInput && error.description.hasPrefix("\(path): not an advisor store")
        }
        #expect(fileBytes(path) == before)
    }

    @Test func anotherApplicationsDatabaseIsRefusedAndLeftAlone() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("other.sqlite")
        let sqlite = try Subprocess.python([
            "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('create table t(x)'); c.commit()", path,
        ])
        try #require(sqlite.code == 0, "\(sqlite.stderr)")
        let before = fileBytes(path)
        #expect(throws: StoreError.self) { _ = try Store.open(path: path, now: Self.now, settings: .advisor) }
        #expect(fileBytes(path) == before)
    }

    @Test func unknownDatasetsSuggestTheNearest() throws {
        let store = try Store.inMemory(now: Self.now, settings: .advisor)
        #expect {
            _ = try store.dataset(named: "seed-lab-2026-4")
        } throws: { error in
            (error as? StoreError)?.description
                == "--dataset: unknown dataset 'seed-lab-2026-4' (did you mean 'seed-lab-2026-04'?); the store has: seed-lab-2026-04"
        }
    }

    @Test func theStoreLocationFollowsDesign() {
        #expect(StoreLocation.resolve(explicit: "/x/db.sqlite", environment: ["ADVISOR_HOME": "/h"]) == "/x/db.sqlite")
        #expect(StoreLocation.resolve(explicit: nil, environment: ["ADVISOR_HOME": "/h", "XDG_DATA_HOME": "/d"]) == "/h/advisor.sqlite")
        #expect(StoreLocation.resolve(explicit: nil, environment: ["XDG_DATA_HOME": "/d", "HOME": "/u"]) == "/d/advisor/advisor.sqlite")
        #expect(StoreLocation.resolve(explicit: nil, environment: ["HOME": "/u"]) == "/u/.local/share/advisor/advisor.sqlite")
    }
}

/// Issue 24: a store error keeps SQLite's parts (GRDB's way) instead of a flattened string: the
/// extended result code and the statement, for whoever handles it; the message stays readable.
struct StoreErrorPartsTests {
    @Test func aDatabaseErrorKeepsItsCodeAndStatement() {
        let failure = DatabaseError(
            resultCode: .SQLITE_CONSTRAINT_UNIQUE, message: "UNIQUE constraint failed: datasets.name",
            sql: "INSERT INTO datasets (name) VALUES (?)")
        let error = Store.classify(failure, path: "s.sqlite", settings: .advisor)
        guard case let .database(path, detail, code, sql) = error else {
            Issue.record("expected .database, got \(error)")
            return
        }
        #expect(path == "s.sqlite" && detail == "UNIQUE constraint failed: datasets.name")
        #expect(code == 2067 && sql == "INSERT INTO datasets (name) VALUES (?)")
        #expect(error.description == "s.sqlite: database error: UNIQUE constraint failed: datasets.name (SQLite code 2067)")
        #expect(error.failureKind == .runtime)
        // An I/O failure is known as one by its code, whatever its message says.
        let io = Store.classify(DatabaseError(resultCode: .SQLITE_IOERR_WRITE, message: "short write"), path: "s", settings: .advisor)
        #expect(StorePath.isOutOfSpace(io))
    }
}
