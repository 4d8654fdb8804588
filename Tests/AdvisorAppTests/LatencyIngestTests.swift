import AdvisorApp
import AdvisorCore
import AdvisorFormats
import AdvisorStore
import AdvisorTestSupport
import Foundation
import Testing

/// Runs the independent NumPy/SciPy oracle (Tests/Oracles/stats_oracle.py) on a file.
enum Oracle {
    static var isAvailable: Bool { Subprocess.pythonHas("numpy", "scipy") }

    static func stats(format: String, path: String, source: String? = nil, profile: String? = nil) throws -> [String: [String: Any]] {
        let result = try Subprocess.python(
            [Repo.file("Tests/Oracles/stats_oracle.py").path, format, path] + [source, profile].compactMap { $0 })
        try #require(result.code == 0, "\(result.stderr)")
        return try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: [String: Any]] ?? [:]
    }

    /// Compares every figure of `dataset` with the oracle's, to 1e-9 relative.
    static func expectAgreement(_ dataset: Dataset, _ oracle: [String: [String: Any]], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Set(dataset.routes.keys.map { "\($0.source)|\($0.profile)" }) == Set(oracle.keys), sourceLocation: sourceLocation)
        for (key, stats) in dataset.routes {
            guard let expected = oracle["\(key.source)|\(key.profile)"] else { continue }
            #expect(stats.n == expected["n"] as? Int, "\(key) n", sourceLocation: sourceLocation)
            #expect(stats.errors == (expected["errors"] as? [String: Int] ?? [:]), "\(key) errors", sourceLocation: sourceLocation)
            for metric in [LatencyMetric.ttfb, .total] {
                let figures = expected[metric.rawValue] as? [String: Any]
                for (name, statistic) in [("p50", Statistic.p50), ("p90", .p90), ("p95", .p95), ("p99", .p99), ("max", .max)] {
                    let ours = stats.value(metric, statistic), theirs = figures?[name] as? Double
                    #expect(
                        close(ours, theirs), "\(key) \(metric) \(name): \(String(describing: ours)) vs \(String(describing: theirs))",
                        sourceLocation: sourceLocation)
                }
                let interval = figures?["p50_ci"] as? [Double]
                #expect(
                    close(stats.p50Intervals[metric]?.lowerBound, interval?[0])
                        && close(stats.p50Intervals[metric]?.upperBound, interval?[1]),
                    "\(key) \(metric) p50_ci", sourceLocation: sourceLocation)
            }
        }
    }

    static func close(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case let (a?, b?): return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1e-300)
        default: return false
        }
    }
}

struct RandomSamples {
    var state: UInt64
    mutating func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
    /// Lognormal-ish latencies with a long tail, like Bedrock's.
    mutating func latency(median: Double) -> Double {
        let u = max(next(), 1e-12), v = next()
        let normal = (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        return median * exp(0.35 * normal)
    }
}

@Suite(.serialized)
struct IngestTests {
    static let now = Date(timeIntervalSince1970: 1_795_305_600)
    static let header = "source_region,profile,ttfb_ms,total_ms,status\n"

    func write(_ text: String, _ directory: TemporaryDirectory, _ name: String = "samples.csv") throws -> String {
        let path = directory.path(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(.enabled(if: Oracle.isAvailable, "python3 with numpy and scipy is missing (scripts/bootstrap.sh installs them): skipped"))
    func statisticsAgreeWithNumPyAndSciPy() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var random = RandomSamples(state: 20_261_122)
        var text = Self.header
        // Sizes around every edge: 1, 2, below and at the interval's minimum of 6, the lab's 30, and large.
        for (index, count) in [1, 2, 5, 6, 7, 30, 101, 2000].enumerated() {
            let profile = "eu.route-\(index)"
            for _ in 0..<count {
                let ttfb = random.latency(median: 700)
                text += "eu-central-1,\(profile),\(ttfb),\(ttfb + random.latency(median: 1600)),ok\n"
            }
            text += "eu-central-1,\(profile),,,ThrottlingException\n"
        }
        for _ in 0..<40 { text += "us-east-1,us.ties,500,1500,ok\n" }  // every value tied
        for value in [400.0, 400, 400, 410, 410, 420, 420, 420, 420, 430] { text += "us-east-1,us.some-ties,\(value),\(value * 3),ok\n" }
        for code in ["ThrottlingException", "ServiceUnavailableException", "ThrottlingException"] {
            text += "us-east-1,us.all-errors,,,\(code)\n"  // no successful call at all
        }
        let path = try write(text, directory)
        let store = try Store.open(path: directory.path("advisor.sqlite"), now: Self.now, settings: .advisor)
        _ = try LatencyIngest.run(in: Workspace(store), [path], options: IngestOptions(dataset: "random"), now: Self.now)
        let dataset = try store.dataset(named: "random")
        Oracle.expectAgreement(dataset, try Oracle.stats(format: "csv", path: path))
        let allErrors = try #require(dataset.stats(source: "us-east-1", profile: "us.all-errors"))
        #expect(allErrors.n == 0)
        #expect(allErrors.value(.total, .p50) == nil)
    }

    @Test(.enabled(if: Oracle.isAvailable, "python3 with numpy and scipy is missing: skipped"))
    func llmeterRunFolderIngests() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try Store.open(path: directory.path("advisor.sqlite"), now: Self.now, settings: .advisor)
        let file = Repo.file("Fixtures/peers/llmeter-run/responses.jsonl").path
        let report = try LatencyIngest.run(in: Workspace(store), [file], options: IngestOptions(dataset: "llmeter"), now: Self.now)
        #expect(report.files.map(\.format) == [.llmeter])
        #expect(report.files.map(\.rows) == [40])
        let dataset = try store.dataset(named: "llmeter")
        // Region and profile come from the run's run_config.json.
        let stats = try #require(dataset.stats(source: "eu-central-1", profile: "eu.anthropic.claude-sonnet-4-6"))
        #expect(stats.n == 39)
        #expect(stats.errors == ["ThrottlingException": 1])
        #expect(dataset.measured == "2026-11-18T09:39:05Z")
        Oracle.expectAgreement(
            dataset,
            try Oracle.stats(
                format: "llmeter", path: file, source: "eu-central-1",
                profile: "eu.anthropic.claude-sonnet-4-6"))
    }

    @Test(.enabled(if: Oracle.isAvailable, "python3 with numpy and scipy is missing: skipped"))
    func llmperfResponsesIngestWithFlags() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try Store.open(path: directory.path("advisor.sqlite"), now: Self.now, settings: .advisor)
        let file = Repo.file("Fixtures/peers/llmperf/amazon-nova-2-lite-v1-0_550_150_individual_responses.json").path
        #expect(throws: StoreError.self) {  // llmperf does not say where it ran
            _ = try LatencyIngest.run(in: Workspace(store), [file], options: IngestOptions(dataset: "llmperf"), now: Self.now)
        }
        let defaults = SampleDefaults(source: "us-east-1", profile: "us.amazon.nova-2-lite-v1:0")
        let report = try LatencyIngest.run(
            in: Workspace(store), [file], options: IngestOptions(dataset: "llmperf", defaults: defaults), now: Self.now)
        #expect(report.files.map(\.format) == [.llmperf])
        let dataset = try store.dataset(named: "llmperf")
        let stats = try #require(dataset.stats(source: "us-east-1", profile: "us.amazon.nova-2-lite-v1:0"))
        #expect(stats.n == 24)
        #expect(stats.errors == ["ThrottlingException": 1])  // its zeros are not latencies
        Oracle.expectAgreement(
            dataset,
            try Oracle.stats(
                format: "llmperf", path: file, source: "us-east-1",
                profile: "us.amazon.nova-2-lite-v1:0"))
    }

    static let badFiles: [(String, String)] = [
        ("source_region,profile,ttfb_ms\neu-central-1,eu.m,1\n", "samples.csv:1: total_ms: missing required column; nothing was ingested"),
        (
            header + "eu-central-1,eu.m,fast,900,ok\n",
            "samples.csv:2: ttfb_ms: 'fast' is not a non-negative number of milliseconds; nothing was ingested"
        ),
        (
            header + "eu-central-1,eu.m,-3,900,ok\n",
            "samples.csv:2: ttfb_ms: '-3' is not a non-negative number of milliseconds; nothing was ingested"
        ),
        (
            header + "eu-central-1,eu.m,NaN,900,ok\n",
            "samples.csv:2: ttfb_ms: 'NaN' is not a non-negative number of milliseconds; nothing was ingested"
        ),
        (
            header + "eu-central-1,eu.m,950,900,ok\n",
            "samples.csv:2: ttfb_ms: 950 ms is later than total_ms 900 ms; the first byte cannot follow the end; nothing was ingested"
        ),
        (
            header + "eu-central-9,eu.m,100,900,ok\n",
            "samples.csv:2: source_region: unknown region 'eu-central-9' (did you mean 'eu-central-1'?); nothing was ingested"
        ),
        ("", "samples.csv:1: is empty; expected a header row with source_region,profile,ttfb_ms,total_ms; nothing was ingested"),
        (
            header + "eu-central-1,eu.m,100,900,ok\neu-central-1,eu.m,1",
            "samples.csv:3: has 3 fields; the header has 5 (a truncated line?); nothing was ingested"
        ),
    ]

    @Test("Bad files are rejected whole with file, line and field; the store is unchanged", arguments: badFiles)
    func badFileLeavesTheStoreUnchanged(text: String, message: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let storePath = directory.path("advisor.sqlite")
        let store = try Store.open(path: storePath, now: Self.now, settings: .advisor)
        let good = try write(Self.header + "eu-central-1,eu.m,100,900,ok\n", directory, "good.csv")
        _ = try LatencyIngest.run(in: Workspace(store), [good], options: IngestOptions(dataset: "d"), now: Self.now)
        let before = fileBytes(storePath)
        let bad = try write(text, directory)
        #expect {
            // The good file listed first goes too: one transaction per command.
            _ = try LatencyIngest.run(
                in: Workspace(store), [try write(Self.header + "eu-central-1,eu.m,200,800,ok\n", directory, "other.csv"), bad],
                options: IngestOptions(dataset: "d"), now: Self.now)
        } throws: { error in
            (error as? StoreError)?.description == directory.url.path + "/" + message
        }
        #expect(fileBytes(storePath) == before)
        #expect(try store.datasets().first { $0.name == "d" }?.count == 1)
    }

    @Test func skipBadRowsKeepsTheGoodOnesAndReportsTheFirstFew() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var text = Self.header
        for index in 0..<10 { text += "eu-central-1,eu.m,\(100 + index),900,ok\n" }
        for _ in 0..<7 { text += "eu-central-1,eu.m,oops,900,ok\n" }
        let path = try write(text, directory)
        let store = try Store.open(path: directory.path("advisor.sqlite"), now: Self.now, settings: .advisor)
        let report = try LatencyIngest.run(
            in: Workspace(store), [path], options: IngestOptions(dataset: "d", skipBadRows: true), now: Self.now)
        #expect(report.files.map(\.rows) == [10])
        #expect(report.files.map(\.skipped) == [7])
        #expect(report.problems.count == IngestOutcome.problemsKept)
        #expect(report.problems.first?.line == 12)
    }

    @Test func theSameFileTwiceIsRefusedUnlessReplaced() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try write(Self.header + "eu-central-1,eu.m,100,900,ok\neu-central-1,eu.m,110,950,ok\n", directory)
        let store = try Store.open(path: directory.path("advisor.sqlite"), now: Self.now, settings: .advisor)
        _ = try LatencyIngest.run(in: Workspace(store), [path], options: IngestOptions(dataset: "d"), now: Self.now)
        #expect {
            _ = try LatencyIngest.run(in: Workspace(store), [path], options: IngestOptions(dataset: "d"), now: Self.now)
        } throws: { error in
            (error as? StoreError)?.description.contains("already ingested into dataset d") == true
        }
        let report = try LatencyIngest.run(in: Workspace(store), [path], options: IngestOptions(dataset: "d", replace: true), now: Self.now)
        #expect(report.files.map(\.replaced.count) == [1])
        #expect(try store.datasets().first { $0.name == "d" }?.count == 2)
        // Another dataset may hold the same file.
        _ = try LatencyIngest.run(in: Workspace(store), [path], options: IngestOptions(dataset: "e"), now: Self.now)
    }

    @Test func aFullDiskRollsBackAndSaysSo() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let storePath = directory.path("advisor.sqlite")
        _ = try Store.open(path: storePath, now: Self.now, settings: .advisor)
        let before = fileBytes(storePath)
        var text = Self.header
        for index in 0..<20_000 { text += "eu-central-1,eu.anthropic.claude-sonnet-4-6,\(100 + index % 50),900,ok\n" }
        let path = try write(text, directory)
        let limited = try Store.open(
            path: storePath, now: Self.now,
            settings: StoreSettings(content: .advisor, maxBytes: (before?.count ?? 0) + 64 * 1024))
        #expect {
            _ = try LatencyIngest.run(in: Workspace(limited), [path], options: IngestOptions(dataset: "big"), now: Self.now)
        } throws: { error in
            guard let error = error as? StoreError, case .full = error else { return false }
            // A full disk is the machine failing, not the user's input: exit 3 (docs/user-guide.md).
            return !error.isBadInput && error.description.contains("the store is full")
        }
        #expect(fileBytes(storePath) == before)
    }

    /// Ingest reads on one thread and inserts on another: a bad row long after the first batches
    /// went in still leaves the store as it was, and names its line.
    @Test func aBadRowFarIntoALargeFileRollsBackEverything() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let storePath = directory.path("advisor.sqlite")
        let store = try Store.open(path: storePath, now: Self.now, settings: .advisor)
        let before = fileBytes(storePath)
        var text = Self.header
        for index in 0..<10_000 { text += "eu-central-1,eu.m,\(100 + index % 50),900,ok\n" }
        text += "eu-central-1,eu.m,fast,900,ok\n"
        for _ in 0..<3_000 { text += "eu-central-1,eu.m,100,900,ok\n" }
        let path = try write(text, directory)
        #expect {
            _ = try LatencyIngest.run(in: Workspace(store), [path], options: IngestOptions(dataset: "big"), now: Self.now)
        } throws: { error in
            (error as? StoreError)?.description.contains("samples.csv:10002:") == true
        }
        #expect(fileBytes(storePath) == before)
        #expect(try store.datasets().first { $0.name == "big" } == nil)
    }

    /// Rows with probe fields go in one at a time with their details, between batches of rows
    /// without: every row lands, in the file's order, with its own details.
    @Test func rowsWithAndWithoutProbeFieldsKeepTheirOrderAndDetails() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var text = "source_region,profile,ttfb_ms,total_ms,status,attempts\n"
        for index in 0..<1_000 { text += "eu-central-1,eu.m,\(index),\(index + 1000),ok,\(index % 7 == 0 ? String(1 + index % 3) : "")\n" }
        let path = try write(text, directory)
        let store = try Store.open(path: directory.path("advisor.sqlite"), now: Self.now, settings: .advisor)
        _ = try LatencyIngest.run(in: Workspace(store), [path], options: IngestOptions(dataset: "mixed"), now: Self.now)
        let records = try store.rawSamples(dataset: "mixed")
        #expect(records.count == 1_000)
        for (index, record) in records.enumerated() {
            let ttfb = record.fields.first { $0.name == "ttfb_ms" }?.value
            #expect(ttfb == .number(Double(index)), "row \(index)")
            let attempts = record.fields.first { $0.name == "attempts" }?.value
            #expect(attempts == (index % 7 == 0 ? .integer(1 + index % 3) : nil), "row \(index)")
        }
    }

    @Test func summariesAndSamplesDoNotMix() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try Store.open(path: directory.path("advisor.sqlite"), now: Self.now, settings: .advisor)
        let path = try write(Self.header + "eu-central-1,eu.m,100,900,ok\n", directory)
        #expect {
            _ = try LatencyIngest.run(in: Workspace(store), [path], options: IngestOptions(dataset: "seed-lab-2026-04"), now: Self.now)
        } throws: { error in
            (error as? StoreError)?.description.hasPrefix("dataset seed-lab-2026-04 holds summary figures") == true
        }
    }

    @Test func removingADatasetRemovesItsSamples() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try Store.open(path: directory.path("advisor.sqlite"), now: Self.now, settings: .advisor)
        let path = try write(Self.header + "eu-central-1,eu.m,100,900,ok\n", directory)
        _ = try LatencyIngest.run(in: Workspace(store), [path], options: IngestOptions(dataset: "d"), now: Self.now)
        try store.removeDataset("d")
        #expect(try store.datasets().map(\.name) == ["seed-lab-2026-04"])
        // The same file can now go in again: nothing of it is left.
        _ = try LatencyIngest.run(in: Workspace(store), [path], options: IngestOptions(dataset: "d"), now: Self.now)
        #expect(throws: StoreError.self) { try store.removeDataset("nope") }
    }
}

extension IngestTests {
    /// A dataset's `measured` is its newest timestamp: kept from the rows each ingest adds (no scan of
    /// the whole dataset), so it must agree with SQL's max(ts) however files arrive.
    @Test func measuredIsTheNewestTimestampWhateverOrderFilesArriveIn() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let header = "source_region,profile,ttfb_ms,total_ms,status,timestamp\n"
        func file(_ name: String, _ stamps: [String]) throws -> String {
            try write(header + stamps.map { "eu-central-1,eu.m,100,900,ok,\($0)\n" }.joined(), directory, name)
        }
        let store = try Store.open(path: directory.path("advisor.sqlite"), now: Self.now, settings: .advisor)
        // Newest in the middle of the file, one row without a timestamp.
        let first = try write(
            header + "eu-central-1,eu.m,100,900,ok,2026-11-02T10:00:00Z\n"
                + "eu-central-1,eu.m,100,900,ok,2026-11-05T10:00:00Z\n"
                + "eu-central-1,eu.m,100,900,ok,\n"
                + "eu-central-1,eu.m,100,900,ok,2026-11-03T10:00:00Z\n", directory, "a.csv")
        _ = try LatencyIngest.run(in: Workspace(store), [first], options: IngestOptions(dataset: "d"), now: Self.now)
        #expect(try store.dataset(named: "d").measured == "2026-11-05T10:00:00Z")
        // An older file leaves it; a newer one moves it; two at once take the newer of both.
        _ = try LatencyIngest.run(
            in: Workspace(store), [try file("b.csv", ["2026-10-01T00:00:00Z"])], options: IngestOptions(dataset: "d"), now: Self.now)
        #expect(try store.dataset(named: "d").measured == "2026-11-05T10:00:00Z")
        _ = try LatencyIngest.run(
            in: Workspace(store), [try file("c.csv", ["2026-11-07T08:00:00Z"]), try file("e.csv", ["2026-11-06T00:00:00Z"])],
            options: IngestOptions(dataset: "d"), now: Self.now)
        #expect(try store.dataset(named: "d").measured == "2026-11-07T08:00:00Z")
        // A file without timestamps changes nothing; --replace recounts from what remains.
        _ = try LatencyIngest.run(
            in: Workspace(store), [try write(Self.header + "eu-central-1,eu.m,100,900,ok\n", directory, "f.csv")],
            options: IngestOptions(dataset: "d"), now: Self.now)
        _ = try LatencyIngest.run(in: Workspace(store), [first], options: IngestOptions(dataset: "d", replace: true), now: Self.now)
        #expect(try store.dataset(named: "d").measured == "2026-11-07T08:00:00Z")
        // A new dataset of rows without timestamps has none.
        _ = try LatencyIngest.run(
            in: Workspace(store), [try write(Self.header + "eu-central-1,eu.m,100,900,ok\n", directory, "g.csv")],
            options: IngestOptions(dataset: "none"), now: Self.now)
        #expect(try store.dataset(named: "none").measured == nil)
    }
}
