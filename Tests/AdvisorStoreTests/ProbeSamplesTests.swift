import AdvisorApp
import AdvisorCore
import AdvisorFormats
@testable import AdvisorStore
import AdvisorTestSupport
import Foundation
import GRDB
import Testing

/// The probe's fields in the raw-sample format and in the store: read from CSV and JSON Lines,
/// kept, and warm-up calls left out of statistics.
struct ProbeSamplesTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    @Test func warmupsAreStoredButLeftOutOfStatistics() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.path("probe.jsonl")
        try """
        {"source_region":"eu-central-1","profile":"eu.m","ttfb_ms":5000,"total_ms":9000,"status":"ok","warmup":true,"attempts":1,"new_connection":true,"dns_ms":1.5,"connect_ms":2,"tls_ms":30,"headers_ms":700,"first_event_ms":5000,"server_latency_ms":8800,"call_ms":9001,"request_id":"r-1","http_version":"2"}
        {"source_region":"eu-central-1","profile":"eu.m","ttfb_ms":700,"total_ms":2400,"warmup":false,"attempts":2,"new_connection":false,"call_ms":3100}
        {"source_region":"eu-central-1","profile":"eu.m","ttfb_ms":760,"total_ms":2500,"attempts":1}

        """.write(toFile: file, atomically: true, encoding: .utf8)
        let store = try Store.inMemory(now: Self.now, settings: .advisor)
        _ = try LatencyIngest.run(in: Workspace(store), [file], options: IngestOptions(dataset: "probe"), now: Self.now)
        let stats = try #require(try store.dataset(named: "probe").stats(source: "eu-central-1", profile: "eu.m"))
        #expect(stats.n == 2)
        #expect(stats.value(.ttfb, .p50) == 730)
        #expect(try store.datasets().first { $0.name == "probe" }?.count == 3)
    }

    @Test func csvCarriesTheProbesColumnsAndBadFlagsAreNamed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let good = directory.path("probe.csv")
        try "source_region,profile,ttfb_ms,total_ms,warmup,attempts,request_id\neu-central-1,eu.m,700,2400,false,2,r-9\n"
            .write(toFile: good, atomically: true, encoding: .utf8)
        let bad = directory.path("bad.csv")
        try "source_region,profile,ttfb_ms,total_ms,warmup\neu-central-1,eu.m,700,2400,maybe\n".write(
            toFile: bad, atomically: true, encoding: .utf8)
        let store = try Store.inMemory(now: Self.now, settings: .advisor)
        _ = try LatencyIngest.run(in: Workspace(store), [good], options: IngestOptions(dataset: "csv"), now: Self.now)
        #expect(try store.dataset(named: "csv").stats(source: "eu-central-1", profile: "eu.m")?.n == 1)
        #expect {
            _ = try LatencyIngest.run(in: Workspace(store), [bad], options: IngestOptions(dataset: "bad"), now: Self.now)
        } throws: { error in
            "\(error)".contains("bad.csv:2: warmup: 'maybe' is not true or false")
        }
    }

    @Test func aProbeRunAppendsCallByCallToOneFileOfItsDataset() throws {
        let store = try Store.inMemory(now: Self.now, settings: .advisor)
        func row(_ ttfb: Double, warmup: Bool, at time: String) -> SampleRow {
            var row = SampleRow(
                line: 0, source: .string("eu-central-1"), profile: .string("eu.m"), timestamp: .string("2026-12-02T" + time + "Z"),
                ttfbMs: ttfb, totalMs: ttfb + 1000)
            row.probe[.warmup] = .flag(warmup)
            row.probe[.attempts] = .count(1)
            return row
        }
        try store.appendProbeSamples(
            [row(900, warmup: true, at: "10:00:00")], dataset: "mine", runId: "r1", origin: "advisor probe", now: Self.now)
        try store.appendProbeSamples(
            [row(700, warmup: false, at: "10:00:05")], dataset: "mine", runId: "r1", origin: "advisor probe", now: Self.now)
        #expect(try store.dataset(named: "mine").measured == "2026-12-02T10:00:05Z")
        // A call stamped earlier (a clock step back) leaves the dataset's newest timestamp alone.
        try store.appendProbeSamples(
            [row(800, warmup: false, at: "09:59:59")], dataset: "mine", runId: "r1", origin: "advisor probe", now: Self.now)
        let info = try #require(try store.datasets().first { $0.name == "mine" })
        #expect(info.count == 3 && info.files == 1)
        let stats = try #require(try store.dataset(named: "mine").stats(source: "eu-central-1", profile: "eu.m"))
        #expect(stats.n == 2 && stats.value(.ttfb, .p50) == 750)
        #expect(try store.dataset(named: "mine").measured == "2026-12-02T10:00:05Z")
    }
}

extension ProbeSamplesTests {
    /// Removing a dataset removes its calls' details too (the trigger of migration v4).
    @Test func detailsGoWithTheirSamples() throws {
        let store = try Store.inMemory(now: Self.now, settings: .advisor)
        var row = SampleRow(line: 0, source: .string("eu-central-1"), profile: .string("eu.m"), ttfbMs: 700, totalMs: 2400)
        row.probe[.attempts] = .count(2)
        try store.appendProbeSamples([row, row], dataset: "gone", runId: "r", origin: "test", now: Self.now)
        #expect(try store.rawSamples(dataset: "gone").count == 2)
        try store.removeDataset("gone")
        let left = try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sample_details") ?? -1 }
        #expect(left == 0)
    }
}

extension ProbeSamplesTests {
    static func synchronous(_ store: Store) throws -> Int {
        try store.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// A probe's calls are committed without an fsync each, and the store is back to FULL (2)
    /// afterwards, with every call stored, whether the run ends normally or with an error.
    @Test func batchedSyncKeepsEveryCallAndRestoresFullSync() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try Store.open(path: directory.path("advisor.sqlite"), now: Self.now, settings: .advisor)
        #expect(try Self.synchronous(store) == 2)
        let row = SampleRow(line: 0, source: .string("eu-central-1"), profile: .string("eu.m"), ttfbMs: 700, totalMs: 2400)
        try store.withBatchedSync {
            #expect(try Self.synchronous(store) == 1)  // NORMAL
            for _ in 0..<3 { try store.appendProbeSamples([row], dataset: "mine", runId: "r", origin: "test", now: Self.now) }
        }
        #expect(try Self.synchronous(store) == 2)
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try store.withBatchedSync {
                try store.appendProbeSamples([row], dataset: "mine", runId: "r", origin: "test", now: Self.now)
                throw Stop()
            }
        }
        #expect(try Self.synchronous(store) == 2)
        #expect(try store.rawSamples(dataset: "mine").count == 4)
        // Nothing is left only in the -wal file: a fresh connection sees every call.
        try store.close()
        #expect(
            try Store.open(path: directory.path("advisor.sqlite"), now: Self.now, settings: .advisor).rawSamples(dataset: "mine").count == 4
        )
    }
}
