import AdvisorTestSupport
import Foundation
import Testing

struct DataCommandTests {
    static let header = "source_region,profile,ttfb_ms,total_ms,status,timestamp\n"

    func samplesFile(_ home: TemporaryDirectory, name: String = "calls.csv", rows: Int = 40) throws -> String {
        var text = Self.header
        for index in 0..<rows {
            text +=
                "eu-central-1,eu.anthropic.claude-sonnet-4-6,\(700 + index),\(2400 + index * 3),ok,2026-11-20T10:00:\(String(format: "%02d", index % 60))Z\n"
            text +=
                "eu-central-1,global.anthropic.claude-sonnet-4-6,\(900 + index),\(2800 + index * 3),ok,2026-11-20T10:00:\(String(format: "%02d", index % 60))Z\n"
        }
        text += "eu-central-1,global.anthropic.claude-sonnet-4-6,,,ThrottlingException,2026-11-20T10:01:00Z\n"
        let path = home.path(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// libcrypto and libcurl are loaded by the commands that hash, sign or call out, never at start-up
    /// (a tenth and a half of a cold `recommend`): glibc's LD_DEBUG=libs lists each library as the
    /// loader maps it.
    @Test func recommendLoadsNeitherLibcryptoNorLibcurlAndIngestLoadsLibcrypto() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let recommend = try Advisor.run(["recommend", "--source", "eu-central-1"], home: home, environment: ["LD_DEBUG": "libs"])
        #expect(recommend.code == 0)
        #expect(recommend.stderr.contains("libsqlite3"), "LD_DEBUG=libs printed nothing the test can read: \(recommend.stderr.prefix(300))")
        #expect(!recommend.stderr.contains("libcrypto"))
        #expect(!recommend.stderr.contains("libcurl"))
        let file = try samplesFile(home)
        let ingest = try Advisor.run(["ingest", file, "--dataset", "frankfurt"], home: home, environment: ["LD_DEBUG": "libs"])
        #expect(ingest.code == 0)
        #expect(ingest.stderr.contains("libcrypto.so.3"))
        #expect(ingest.stdout == "\(file): 81 rows into frankfurt (csv)\n")
    }

    @Test func ingestStatsDatasetsRecommendAndRemove() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let file = try samplesFile(home)
        let ingest = try Advisor.run(["ingest", file, "--dataset", "frankfurt"], home: home)
        #expect(ingest.code == 0)
        #expect(ingest.stdout == "\(file): 81 rows into frankfurt (csv)\n")

        let again = try Advisor.run(["ingest", file, "--dataset", "frankfurt"], home: home)
        #expect(again.code == 2)
        #expect(again.stderr.contains("already ingested into dataset frankfurt"))

        let list = try Advisor.run(["datasets", "--format", "json"], home: home)
        let datasets = try #require(
            (try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])?["datasets"] as? [[String: Any]])
        let frankfurt = try #require(datasets.first { $0["name"] as? String == "frankfurt" })
        #expect(frankfurt["count"] as? Int == 81)
        #expect(frankfurt["failed"] as? Int == 1)
        #expect(frankfurt["first"] as? String == "2026-11-20T10:00:00Z")
        #expect(frankfurt["source_regions"] as? [String] == ["eu-central-1"])

        let stats = try Advisor.run(["stats", "--dataset", "frankfurt", "--format", "json"], home: home)
        #expect(stats.code == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["dataset", "groups"])
        let groups = try #require(object["groups"] as? [[String: Any]])
        #expect(groups.count == 2)
        let global = try #require(groups.first { $0["profile"] as? String == "global.anthropic.claude-sonnet-4-6" })
        #expect(Set(global.keys) == ["source_region", "profile", "n", "errors", "ttfb_ms", "total_ms"])
        #expect(global["n"] as? Int == 40)
        #expect(global["errors"] as? [String: Int] == ["ThrottlingException": 1])
        let total = try #require(global["total_ms"] as? [String: Any])
        #expect(Set(total.keys) == ["p50", "p90", "p95", "p99", "max", "p50_ci"])
        #expect(total["p50"] as? Double == 2858.5)
        #expect(total["p50_ci"] as? [Double] == [2839, 2878])  // ranks 14 and 27 of 40

        let csv = try Advisor.run(["stats", "--dataset", "frankfurt", "--format", "csv"], home: home)
        #expect(csv.stdout.hasPrefix("source_region,profile,n,errors,ttfb_p50_ms,"))
        #expect(csv.stdout.split(separator: "\n").count == 3)

        let recommend = try Advisor.run(
            ["recommend", "--source", "eu-central-1", "--dataset", "frankfurt", "--as-of", "2026-11-22"], home: home)
        #expect(recommend.code == 0)
        #expect(
            recommend.stdout.contains(
                "Dataset frankfurt: raw samples, 80 successful calls from eu-central-1 (40 a route), measured 2026-11-20T10:01:00Z (1 day ago)."
            ))
        #expect(!recommend.stdout.contains("Stale data"))
        #expect(recommend.stdout.contains("use eu.anthropic.claude-sonnet-4-6"))

        let remove = try Advisor.run(["datasets", "rm", "frankfurt"], home: home)
        #expect(remove.code == 0)
        let missing = try Advisor.run(["stats", "--dataset", "frankfurt"], home: home)
        #expect(missing.code == 2)
    }

    @Test func peersFilesIngestFromTheCommandLine() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let llmeter = try Advisor.run(
            ["ingest", Repo.file("Fixtures/peers/llmeter-run/responses.jsonl").path, "--dataset", "peers-eu"], home: home)
        #expect(llmeter.code == 0)
        #expect(llmeter.stdout.contains("40 rows into peers-eu (llmeter)"))
        let llmperf = Repo.file("Fixtures/peers/llmperf/amazon-nova-2-lite-v1-0_550_150_individual_responses.json").path
        let missingSource = try Advisor.run(["ingest", llmperf, "--dataset", "peers-us"], home: home)
        #expect(missingSource.code == 2)
        #expect(missingSource.stderr.contains("source_region: is empty; expected a region code (or pass --source)"))
        let withFlags = try Advisor.run(
            [
                "ingest", llmperf, "--dataset", "peers-us", "--source", "us-east-1",
                "--profile", "us.amazon.nova-2-lite-v1:0",
            ], home: home)
        #expect(withFlags.code == 0)
        #expect(withFlags.stdout.contains("25 rows into peers-us (llmperf)"))
    }

    static let badInputs: [(String, String)] = [
        ("source_region,profile,ttfb_ms\neu-central-1,eu.m,1\n", ":1: total_ms: missing required column; nothing was ingested"),
        (header + "eu-central-1,eu.m,fast,900,ok,\n", ":2: ttfb_ms: 'fast' is not a non-negative number of milliseconds"),
        (header + "eu-central-1,eu.m,-1,900,ok,\n", ":2: ttfb_ms: '-1' is not a non-negative number"),
        (header + "eu-central-1,eu.m,nan,900,ok,\n", ":2: ttfb_ms: 'nan' is not a non-negative number"),
        (header + "eu-central-1,eu.m,901,900,ok,\n", ":2: ttfb_ms: 901 ms is later than total_ms 900 ms"),
        (header + "mars-north-1,eu.m,100,900,ok,\n", ":2: source_region: unknown region 'mars-north-1'"),
        ("", ":1: is empty; expected a header row"),
        (header + "eu-central-1,eu.m,100,900,ok,\neu-central-1,eu.m,10", ":3: has 3 fields; the header has 6 (a truncated line?)"),
        (header + "eu-central-1,eu.m,100,900,ok,yesterday\n", ":2: timestamp: 'yesterday' is not an RFC 3339 date-time"),
    ]

    @Test("Bad files: a clear error, exit 2, the store byte for byte as before", arguments: badInputs)
    func badInput(text: String, message: String) throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let good = try samplesFile(home, name: "good.csv", rows: 3)
        #expect(try Advisor.run(["ingest", good, "--dataset", "d"], home: home).code == 0)
        let store = home.path("advisor-home/advisor.sqlite")
        let before = fileBytes(store)
        let bad = home.path("bad.csv")
        try text.write(toFile: bad, atomically: true, encoding: .utf8)
        let result = try Advisor.run(["ingest", bad, "--dataset", "d"], home: home)
        #expect(result.code == 2)
        #expect(result.stderr.hasPrefix("error: \(bad)\(message)"), "stderr: \(result.stderr)")
        #expect(fileBytes(store) == before)
    }

    @Test func aFailedFirstIngestLeavesNoStoreBehind() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let bad = home.path("bad.csv")
        try (Self.header + "eu-central-1,eu.m,fast,900,ok,\n").write(toFile: bad, atomically: true, encoding: .utf8)
        let result = try Advisor.run(["ingest", bad, "--dataset", "d"], home: home)
        #expect(result.code == 2)
        #expect(!FileManager.default.fileExists(atPath: home.path("advisor-home")))
    }

    @Test func aFullDiskIsReportedAndChangesNothing() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        #expect(try Advisor.run(["datasets"], home: home).code == 0)
        let store = home.path("advisor-home/advisor.sqlite")
        let before = try #require(fileBytes(store))
        let big = try samplesFile(home, name: "big.csv", rows: 20_000)
        let result = try Advisor.run(
            ["ingest", big, "--dataset", "big"], home: home,
            environment: ["ADVISOR_STORE_MAX_BYTES": String(before.count + 128 * 1024)])
        // A full disk is a runtime failure (exit 3), as docs/user-guide.md promises.
        #expect(result.code == 3)
        #expect(result.stderr.contains("the store is full"))
        #expect(fileBytes(store) == before)
    }

    @Test func skipBadRowsReportsCountAndFirstProblems() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        var text = Self.header
        for index in 0..<5 { text += "eu-central-1,eu.m,\(100 + index),900,ok,\n" }
        for _ in 0..<8 { text += "eu-central-1,eu.m,x,900,ok,\n" }
        let path = home.path("mixed.csv")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try Advisor.run(["ingest", path, "--dataset", "d", "--skip-bad-rows"], home: home)
        #expect(result.code == 0)
        #expect(result.stdout.contains("5 rows into d (csv), 8 bad rows skipped"))
        #expect(result.stdout.contains("  skipped: \(path):7: ttfb_ms: 'x' is not a non-negative number of milliseconds"))
        #expect(result.stdout.contains("  … and 3 more"))
    }
}
