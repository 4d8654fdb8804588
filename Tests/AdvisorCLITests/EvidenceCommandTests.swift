import AdvisorTestSupport
import Foundation
import Testing

/// The account's CloudTrail records end to end: ingest (gzip S3 file and lookup-events), routes, and
/// what a malformed record does. Fixtures/account/README.md says what the fixtures hold.
struct EvidenceCommandTests {
    static let s3 = Repo.file("Fixtures/account/cloudtrail-s3.json").path
    static let lookup = Repo.file("Fixtures/account/cloudtrail-lookup-events.json").path

    /// The S3 fixture as CloudTrail delivers it: gzipped, under CloudTrail's file name pattern.
    static func gzipped(in directory: TemporaryDirectory) throws -> String {
        let path = directory.path("123456789012_CloudTrail_eu-central-1_20261120T0900Z_abc123.json.gz")
        let made = try Subprocess.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "gzip -c '\(s3)' > '\(path)'"])
        try #require(made.code == 0, "\(made.stderr)")
        return path
    }

    static func routes(_ home: TemporaryDirectory, _ extra: [String] = []) throws -> [[String: Any]] {
        let result = try Advisor.run(["routes", "--format", "json"] + extra, home: home)
        try #require(result.code == 0, "\(result.stderr)")
        return try #require((try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])?["routes"] as? [[String: Any]])
    }

    @Test func routesReportTheSharesExactlyAndOverlappingExportsCountOnce() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let gz = try Self.gzipped(in: home)
        let ingest = try Advisor.run(["ingest", "--format", "cloudtrail", gz, Self.lookup], home: home)
        #expect(ingest.code == 0, "\(ingest.stderr)")
        #expect(ingest.stdout.contains("10 records, 8 Bedrock inference calls, 8 new (0 already stored)"), "\(ingest.stdout)")
        #expect(ingest.stdout.contains("5 records, 4 Bedrock inference calls, 2 new (2 already stored)"))
        let routes = try Self.routes(home)
        #expect(
            routes.map { $0["profile"] as? String } == [
                "eu.amazon.nova-2-lite-v1:0", "eu.anthropic.claude-sonnet-4-6",
                "global.anthropic.claude-sonnet-4-6",
            ])
        let global = routes[2]
        #expect(global["source"] as? String == "eu-central-1")
        #expect(global["calls"] as? Int == 6 && global["errors"] as? Int == 1, "the throttled call counts apart")
        #expect(
            global["destinations"] as? [String: Int] == [
                "us-east-1": 2, "eu-central-1": 1, "eu-west-1": 1, "ap-northeast-1": 1, "us-west-2": 1,
            ])
        #expect(global["first"] as? String == "2026-11-20T09:00:01Z" && global["last"] as? String == "2026-11-21T10:00:00Z")
        #expect((global["outside_catalogue"] as? [String])?.isEmpty == true)
        // No additionalEventData: served where it was called from.
        #expect(routes[1]["destinations"] as? [String: Int] == ["eu-central-1": 1, "eu-west-3": 1])
        #expect(routes[0]["outside_catalogue"] as? [String] == ["us-east-1"], "an eu. call served in us-east-1 is flagged")

        let again = try Advisor.run(["ingest", "--format", "cloudtrail", Self.lookup, gz], home: home)
        #expect(again.stdout.contains("0 new (4 already stored)") && again.stdout.contains("0 new (8 already stored)"), "\(again.stdout)")
        #expect(try Self.routes(home).map { $0["calls"] as? Int } == [1, 2, 6])

        let text = try Advisor.run(["routes", "--source", "eu-central-1", "--profile", "global.anthropic.claude-sonnet-4-6"], home: home)
        #expect(
            text.stdout.hasPrefix(
                "global.anthropic.claude-sonnet-4-6 from eu-central-1 via bedrock-runtime: 33% us-east-1, 17% ap-northeast-1, 17% eu-central-1, 17% eu-west-1, 17% us-west-2 over 6 calls, 1 failed"
            ),
            "\(text.stdout)")
        #expect(try Self.routes(home, ["--since", "2026-11-21"]).map { $0["calls"] as? Int } == [1, 1])
    }

    @Test func aMalformedRecordNamesTheFileAndTheRecordAndChangesNothing() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        #expect(try Advisor.run(["ingest", "--format", "cloudtrail", Self.lookup], home: home).code == 0)
        let before = try Advisor.run(["routes", "--format", "json"], home: home).stdout
        // Record 3 loses its awsRegion; record 1 is fine and must not be kept either.
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.s3))) as? [String: Any])
        var records = try #require(object["Records"] as? [[String: Any]])
        records[2].removeValue(forKey: "awsRegion")
        object["Records"] = records
        let bad = home.path("bad.json")
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: bad))
        let result = try Advisor.run(["ingest", "--format", "cloudtrail", Self.s3, bad], home: home)
        #expect(result.code == 2)
        #expect(
            result.stderr.contains("bad.json") && result.stderr.contains("record 3") && result.stderr.contains("awsRegion"),
            "\(result.stderr)")
        #expect(
            try Advisor.run(["routes", "--format", "json"], home: home).stdout == before, "the good file of the same command is not kept")

        for (text, expected) in [
            ("{\"Records\": [{\"eventSource\": ", "ends before its JSON does"), ("[1, 2]", "not a JSON object"),
            ("{\"Items\": []}", "has no \"Events\" or \"Records\" array"),
            ("{\"Records\": [{\"a\": 1}, {oops}]}", "broken.json:1:2: record 2 is not valid JSON: expected a key in quotes"),
        ] {
            try text.write(toFile: home.path("broken.json"), atomically: true, encoding: .utf8)
            let broken = try Advisor.run(["ingest", "--format", "cloudtrail", home.path("broken.json")], home: home)
            #expect(broken.code == 2 && broken.stderr.contains(expected), "\(text): \(broken.stderr)")
        }
        let flags = try Advisor.run(["ingest", "--format", "cloudtrail", Self.s3, "--dataset", "x"], home: home)
        #expect(flags.code == 2 && flags.stderr.contains("takes no --dataset"), "\(flags.stderr)")
        let fresh = try TemporaryDirectory()
        defer { fresh.remove() }
        let empty = try Advisor.run(["routes"], home: fresh)
        #expect(empty.code == 0 && empty.stdout.contains("No Bedrock inference calls in the store"))
    }

    /// A service promising residency in the EU, whose route CloudTrail saw served in us-east-1, fails
    /// check with the Region and its count; before any evidence it passes, and a service whose route
    /// has no evidence while others do gets a note that its routing is unverified.
    @Test func residencyIsCheckedAgainstWhereTheCallsRan() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let config = home.path("advisor.yaml")
        try """
        services:
          - name: eu-nova
            region: eu-central-1
            model: eu.amazon.nova-2-lite-v1:0
            residency: eu
            priority: latency
          - name: paris-claude
            region: eu-west-3
            model: eu.anthropic.claude-sonnet-4-6
            residency: eu
            priority: latency

        """.write(toFile: config, atomically: true, encoding: .utf8)
        let arguments = ["check", "--config", config, "--as-of", "2026-11-25", "--format", "json"]
        let before = try Advisor.run(arguments, home: home)
        #expect(before.code == 0, "no evidence, nothing observed to fail: \(before.stdout)\(before.stderr)")
        #expect(!before.stdout.contains("residency.observed") && !before.stdout.contains("routing-unverified"))

        #expect(try Advisor.run(["ingest", "--format", "cloudtrail", Self.lookup], home: home).code == 0)
        let after = try Advisor.run(arguments, home: home)
        #expect(after.code == 1, "\(after.stdout)")
        let findings = try #require(
            (try JSONSerialization.jsonObject(with: after.stdoutData) as? [String: Any])?["findings"] as? [[String: Any]])
        let outside = try #require(findings.first { $0["rule"] as? String == "residency.observed-outside" })
        #expect(outside["service"] as? String == "eu-nova")
        #expect(
            outside["message"] as? String
                == "CloudTrail shows eu.amazon.nova-2-lite-v1:0 from eu-central-1 served outside eu: us-east-1 (1 call), 1 of 1 calls")
        let unverified = try #require(findings.first { $0["rule"] as? String == "residency.routing-unverified" })
        #expect(unverified["service"] as? String == "paris-claude")
        #expect(!findings.contains { $0["rule"] as? String == "residency.observed-stale" }, "a record from 4 days before is fresh")
        let later = try Advisor.run(["check", "--config", config, "--as-of", "2027-03-01", "--format", "json"], home: home)
        #expect(
            later.stdout.contains("residency.observed-stale")
                && later.stdout.contains("residency was last verified on 2026-11-21T10:00:01Z"),
            "\(later.stdout)")
    }

    /// recommend and report show where an option's calls ran beside what the catalogue allows.
    @Test func recommendAndReportShowTheObservedDestinations() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        #expect(try Advisor.run(["ingest", "--format", "cloudtrail", Self.s3, Self.lookup], home: home).code == 0)
        let text = try Advisor.run(
            ["recommend", "--source", "eu-central-1", "--model", "anthropic.claude-sonnet-4-6", "--as-of", "2026-12-01"], home: home)
        #expect(
            text.stdout.contains(
                "note: observed global from eu-central-1: 33% us-east-1, 17% ap-northeast-1, 17% eu-central-1, 17% eu-west-1, 17% us-west-2 over 6 calls (CloudTrail; the catalogue allows"
            ),
            "\(text.stdout)")
        let json = try Advisor.run(
            ["recommend", "--source", "eu-central-1", "--model", "anthropic.claude-sonnet-4-6", "--format", "json"], home: home)
        let options = try #require(
            ((try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any])?["recommendations"] as? [[String: Any]])?.first?[
                "options"] as? [[String: Any]])
        let global = try #require(
            options.first { $0["profile"] as? String == "global.anthropic.claude-sonnet-4-6" }?["observed"] as? [String: Any])
        #expect(global["calls"] as? Int == 6 && global["errors"] as? Int == 1)
        let report = try Advisor.run(["report", "--source", "eu-central-1", "--as-of", "2026-12-01"], home: home)
        #expect(
            report.stdout.contains(
                "- eu.amazon.nova-2-lite-v1:0 from eu-central-1: 100% us-east-1 over 1 call (CloudTrail; the catalogue allows 6 Regions; outside it: us-east-1)"
            ),
            "\(report.stdout)")
        // Without evidence the outputs are as before (the goldens elsewhere hold them).
        let fresh = try TemporaryDirectory()
        defer { fresh.remove() }
        #expect(!(try Advisor.run(["recommend", "--source", "eu-central-1"], home: fresh).stdout.contains("observed")))
    }
}
