import AdvisorTestSupport
import Foundation
import Testing

/// The quota math the way Bedrock counts (../shared/reference/account-evidence.md §3), end to end.
struct CapacityCommandTests {
    /// `asOf`: the day the facts' ages are judged on (fixed, so no answer depends on the clock).
    static func capacity(_ yaml: String, asOf: String = "2026-12-05") throws -> (quotas: [[String: Any]], text: String) {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let config = home.path("advisor.yaml")
        try yaml.write(toFile: config, atomically: true, encoding: .utf8)
        let json = try Advisor.run(["capacity", "--config", config, "--format", "json", "--as-of", asOf], home: home)
        try #require(json.code == 0, "\(json.stderr)")
        let text = try Advisor.run(["capacity", "--config", config, "--as-of", asOf], home: home)
        return (
            try #require((try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any])?["quotas"] as? [[String: Any]]),
            text.stdout
        )
    }

    /// The worked example: 10 requests a minute of 15,000 input and 5,000 output tokens bill 200,000
    /// tokens a minute; a 5x model's quota counts 10 × (15,000 + 5 × 5,000) = 400,000, a 1x model's
    /// 200,000; with max_tokens 8,000 the reservation is 10 × (15,000 + 8,000) = 230,000.
    @Test func theWorkedExampleCountsBilledAndQuotaTokensApart() throws {
        let (quotas, text) = try Self.capacity(
            """
            services:
              - {name: five-x, region: us-east-1, model: us.anthropic.claude-sonnet-4-5-20250929-v1:0,
                 traffic: {peak_rpm: 10, input_tokens: 15000, output_tokens: 5000, max_tokens: 8000}}
              - {name: one-x, region: us-east-1, model: us.amazon.nova-pro-v1:0,
                 traffic: {peak_rpm: 10, input_tokens: 15000, output_tokens: 5000}}
            quotas:
              - {model: anthropic.claude-sonnet-4-5-20250929-v1:0, region: us-east-1, rpm: 100, tpm: 300000}
              - {model: amazon.nova-pro-v1:0, region: us-east-1, rpm: 100, tpm: 300000}

            """)
        let five = quotas[0], one = quotas[1]
        #expect(five["peak_tpm_billed"] as? Int == 200_000 && five["peak_tpm_quota"] as? Int == 400_000, "\(five)")
        #expect(five["burndown"] as? Int == 5 && five["reserved_tpm"] as? Int == 230_000)
        #expect(one["peak_tpm_billed"] as? Int == 200_000 && one["peak_tpm_quota"] as? Int == 200_000, "\(one)")
        #expect(one["reserved_tpm"] is NSNull, "no max_tokens: the reservation is unknown")
        #expect(five["scope"] as? String == "geographic" && five["source"] as? String == "config")
        #expect(five["plan_tpm"] as? Int == 460_000, "the plan is sized on quota tokens, not billed ones")
        #expect(text.contains("one-x gives no max_tokens; Bedrock then reserves the model's maximum output"), "\(text)")
    }

    /// us. and global. traffic of one model draw on separate quotas; attempts at a peak above the
    /// quota are shown (175 RPM × 3 attempts = 525 against 150).
    @Test func scopesAreSeparateQuotasAndRetriesAtPeakAreCounted() throws {
        let (quotas, text) = try Self.capacity(
            """
            services:
              - {name: geo-a, region: us-east-1, model: us.anthropic.claude-sonnet-4-6, client: {max_attempts: 3},
                 traffic: {peak_rpm: 100, input_tokens: 1000, output_tokens: 200, max_tokens: 400}}
              - {name: geo-b, region: us-east-1, model: us.anthropic.claude-sonnet-4-6, client: {max_attempts: 3},
                 traffic: {peak_rpm: 75, input_tokens: 1000, output_tokens: 200, max_tokens: 400}}
              - {name: world, region: us-east-1, model: global.anthropic.claude-sonnet-4-6,
                 traffic: {peak_rpm: 40, input_tokens: 1000, output_tokens: 200, max_tokens: 400}}
            quotas:
              - {model: anthropic.claude-sonnet-4-6, region: us-east-1, rpm: 150}
              - {model: anthropic.claude-sonnet-4-6, region: us-east-1, scope: global, rpm: 150}

            """)
        #expect(quotas.map { $0["services"] as? [String] } == [["geo-a", "geo-b"], ["world"]])
        #expect(quotas.map { $0["scope"] as? String } == ["geographic", "global"])
        #expect(quotas[0]["peak_rpm"] as? Int == 175 && quotas[0]["attempted_rpm"] as? Int == 525)
        #expect(text.contains("175 RPM with retries is 525 attempted requests a minute against 150"), "\(text)")
    }

    @Test func checkWarnsAboutMissingMaxTokensAndRetryStorms() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let config = home.path("advisor.yaml")
        try """
        services:
          - {name: geo-a, region: us-east-1, model: us.anthropic.claude-sonnet-4-6, client: {max_attempts: 3},
             traffic: {peak_rpm: 175, input_tokens: 1000, output_tokens: 200}}
        quotas:
          - {model: anthropic.claude-sonnet-4-6, region: us-east-1, rpm: 150}

        """.write(toFile: config, atomically: true, encoding: .utf8)
        let result = try Advisor.run(["check", "--config", config, "--format", "json"], home: home)
        let findings = try #require(
            (try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])?["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["rule"] as? String == "capacity.max-tokens-unset" && $0["service"] as? String == "geo-a" })
        let storm = try #require(findings.first { $0["rule"] as? String == "capacity.retry-storm" })
        #expect((storm["message"] as? String)?.contains("525 attempted requests a minute") == true, "\(storm)")
        let badScope = try Advisor.run(["capacity", "--config", home.path("bad.yaml")], home: home)
        #expect(badScope.code == 2)
        try "quotas:\n  - {model: anthropic.claude-sonnet-4-6, region: us-east-1, scope: worldwide, rpm: 1}\n"
            .write(toFile: home.path("bad.yaml"), atomically: true, encoding: .utf8)
        let named = try Advisor.run(["capacity", "--config", home.path("bad.yaml")], home: home)
        #expect(named.code == 2 && named.stderr.contains("expected geographic, global, on-demand or mantle"), "\(named.stderr)")
    }

    /// capacity --observed: the busiest minute of the per-minute sum over the profiles sharing a
    /// quota (us. and an application profile wrapping it: 75 at 09:01, where their own peaks would
    /// add to 115), the throttled minutes, and global traffic kept on its own quota.
    @Test func observedPeaksAreTheBusiestMinuteOfTheSum() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        #expect(
            try Advisor.run(["catalogue", "import", Repo.file("Fixtures/aws/us-east-1-application-profile.json").path], home: home).code
                == 0)
        let results = Repo.file("Fixtures/account/cloudwatch-get-metric-data.json").path
        let queries = Repo.file("Fixtures/account/cloudwatch-queries.json").path
        let ingest = try Advisor.run(
            ["ingest", "--format", "cloudwatch", results, "--queries", queries, "--source", "us-east-1"], home: home)
        #expect(ingest.code == 0, "\(ingest.stderr)")
        #expect(
            ingest.stdout.contains("8 series, 24 minutes from us-east-1")
                && ingest.stdout.contains("InvocationClientErrors is not a metric advisor uses"),
            "\(ingest.stdout)")
        // The same export again replaces its minutes instead of adding to them.
        #expect(
            try Advisor.run(["ingest", "--format", "cloudwatch", results, "--queries", queries, "--source", "us-east-1"], home: home).code
                == 0)
        let config = home.path("advisor.yaml")
        try """
        quotas:
          - {model: anthropic.claude-sonnet-4-6, region: us-east-1, rpm: 100, tpm: 300000}
          - {model: anthropic.claude-sonnet-4-6, region: us-east-1, scope: global, rpm: 400}

        """.write(toFile: config, atomically: true, encoding: .utf8)
        let json = try Advisor.run(["capacity", "--config", config, "--observed", "--format", "json"], home: home)
        #expect(json.code == 0, "\(json.stderr)")
        let quotas = try #require(
            (try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any])?["quotas"] as? [[String: Any]])
        let geographic = quotas[0], global = quotas[1]
        #expect(geographic["source"] as? String == "observed")
        // The demand peaks at 09:02, with the 3 requests the quota throttled then (issue 23: Invocations alone
        // planned for the capped load).
        #expect(geographic["peak_rpm"] as? Int == 78 && geographic["peak_rpm_minute"] as? String == "2026-11-20T09:02:00Z", "\(geographic)")
        // Output counts 5x for Sonnet 4.6: 75,000 input + 7,500 output × 5 in the busiest minute.
        #expect(geographic["peak_tpm_quota"] as? Int == 112_500 && geographic["peak_tpm_billed"] as? Int == 82_500, "\(geographic)")
        #expect(geographic["throttled_minutes"] as? Int == 1 && geographic["throttles"] as? Int == 3)
        #expect((geographic["services"] as? [String])?.count == 2, "us. and the application profile share the quota")
        #expect(global["peak_rpm"] as? Int == 500 && global["services"] as? [String] == ["global.anthropic.claude-sonnet-4-6"])
        let text = try Advisor.run(["capacity", "--config", config, "--observed"], home: home)
        #expect(
            text.stdout.contains("not the sum of each profile's own peak") && text.stdout.contains("1 minute throttled (3 requests)"),
            "\(text.stdout)")

        let noSource = try Advisor.run(["ingest", "--format", "cloudwatch", results], home: home)
        #expect(noSource.code == 2 && noSource.stderr.contains("--source"))
        let noQueries = try Advisor.run(["ingest", "--format", "cloudwatch", results, "--source", "us-east-1"], home: home)
        #expect(noQueries.code == 2 && noQueries.stderr.contains("the Label must be \"METRIC MODEL_ID\""), "\(noQueries.stderr)")
        let fiveMinute = try String(contentsOfFile: queries, encoding: .utf8).replacingOccurrences(
            of: "\"Period\": 60", with: "\"Period\": 300")
        try fiveMinute.write(toFile: home.path("q300.json"), atomically: true, encoding: .utf8)
        let coarse = try Advisor.run(
            ["ingest", "--format", "cloudwatch", results, "--queries", home.path("q300.json"), "--source", "us-east-1"], home: home)
        #expect(coarse.code == 2 && coarse.stderr.contains("Period must be 60"), "\(coarse.stderr)")
    }

    /// Service Quotas' names of three generations match their model and scope, the rest are listed;
    /// check and capacity use the imported quotas where advisor.yaml declares none, and say so.
    @Test func importedQuotasAreMatchedByNameAndUsedWhereTheConfigHasNone() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let ingest = try Advisor.run(
            ["ingest", "--format", "service-quotas", Repo.file("Fixtures/account/service-quotas.json").path], home: home)
        #expect(ingest.code == 0, "\(ingest.stderr)")
        #expect(ingest.stdout.contains("7 quotas matched, 2 not matched"), "\(ingest.stdout)")
        #expect(ingest.stdout.contains("not matched (kept out): L-0A1B2C08 Batch inference job size (in GB) for Claude 3 Haiku"))
        #expect(
            ingest.stdout.contains(
                "not matched (kept out): L-0A1B2C09 Cross-region model inference tokens per minute for Some Future Model 9"))
        let config = home.path("advisor.yaml")
        try """
        services:
          - {name: geo, region: eu-central-1, model: eu.anthropic.claude-sonnet-4-6,
             traffic: {peak_rpm: 50, input_tokens: 1000, output_tokens: 300, max_tokens: 500}}
          - {name: world, region: eu-central-1, model: global.anthropic.claude-sonnet-4-6,
             traffic: {peak_rpm: 20, input_tokens: 1000, output_tokens: 300, max_tokens: 500}}
          - {name: nova, region: eu-central-1, model: eu.amazon.nova-2-lite-v1:0,
             traffic: {peak_rpm: 20, input_tokens: 1000, output_tokens: 300, max_tokens: 500}}

        """.write(toFile: config, atomically: true, encoding: .utf8)
        let json = try Advisor.run(["capacity", "--config", config, "--format", "json"], home: home)
        let quotas = try #require(
            (try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any])?["quotas"] as? [[String: Any]])
        #expect(
            quotas.map { "\($0["model"]!) \($0["scope"]!) \($0["rpm_quota"]!) \($0["tpm_quota"]!) \($0["source"]!)" } == [
                "anthropic.claude-sonnet-4-6 geographic 10000 6000000 service-quotas",
                "anthropic.claude-sonnet-4-6 global 10000 6000000 service-quotas",
                "amazon.nova-2-lite-v1:0 geographic <null> 8000000 service-quotas",
            ], "\(quotas)")
        let check = try Advisor.run(["check", "--config", config, "--as-of", "2026-04-20"], home: home)
        #expect(check.stdout.contains("3 services, 3 quotas (imported from Service Quotas),"), "\(check.stdout)")
        // advisor.yaml's own quotas win.
        try
            (String(contentsOfFile: config, encoding: .utf8)
            + "quotas:\n  - {model: anthropic.claude-sonnet-4-6, region: eu-central-1, rpm: 40}\n")
            .write(toFile: config, atomically: true, encoding: .utf8)
        let own = try Advisor.run(["capacity", "--config", config, "--format", "json"], home: home)
        #expect(own.stdout.contains("\"source\": \"config\"") && !own.stdout.contains("service-quotas"), "\(own.stdout)")
    }

    /// Hostile numbers in the account's files are named, not stored.
    @Test func outOfRangeNumbersInTheAccountsFilesAreRefused() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        try
            #"{"MetricDataResults":[{"Id":"a","Label":"Invocations eu.anthropic.claude-sonnet-4-6","Timestamps":["2026-11-20T09:00:00Z"],"Values":[123456789012345678901234567890]}]}"#
            .write(toFile: home.path("cw.json"), atomically: true, encoding: .utf8)
        let metrics = try Advisor.run(["ingest", "--format", "cloudwatch", home.path("cw.json"), "--source", "eu-central-1"], home: home)
        #expect(
            metrics.code == 2 && metrics.stderr.contains("series 1 (Id a)") && metrics.stderr.contains("from 0 to 1e12"),
            "\(metrics.stderr)")
        try #"{"Quotas": [{"QuotaName": "x", "QuotaCode": "L-1", "Value": 1e400}]}"#.write(
            toFile: home.path("q.json"), atomically: true, encoding: .utf8)
        let quotas = try Advisor.run(["ingest", "--format", "service-quotas", home.path("q.json")], home: home)
        #expect(quotas.code == 2 && quotas.stderr.contains("q.json: quota 1 holds a number out of range"), "\(quotas.stderr)")
    }
}
