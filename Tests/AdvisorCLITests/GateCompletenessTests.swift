import AdvisorTestSupport
import Foundation
import Testing

/// A gate never passes what it did not check: rule files, waivers, quotas, capacity plans,
/// CloudTrail's served Region, paginated answers, duplicated minutes and SLOs the data cannot check
/// either apply or fail the command.
/// Each test failed on the build before the work that added it (ADVISOR_TEST_BINARY=PATH runs them against another build).
struct GateCompletenessTests {
    /// `--rules DIR` skipped `R.YAML`: a team's rule, silently not applied.
    @Test func upperCaseYAMLRuleFilesAreRules() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let rules = home.path("rules")
        try FileManager.default.createDirectory(atPath: rules, withIntermediateDirectories: true)
        try """
        id: team.always
        severity: error
        applies_to: service
        title: t
        description: d
        rationale: r
        remediation: m
        condition: "service.name != 'quiet'"
        message: "always"
        examples:
          - triggers: true
            config:
              services:
                - {name: loud, region: eu-central-1, model: eu.anthropic.claude-sonnet-4-6}
          - triggers: false
            config:
              services:
                - {name: quiet, region: eu-central-1, model: eu.anthropic.claude-sonnet-4-6}
        """.write(toFile: rules + "/ALWAYS.YAML", atomically: true, encoding: .utf8)
        let result = try Advisor.run(["check", "--config", Repo.file("Fixtures/configs/clean.yaml").path, "--rules", rules], home: home)
        #expect(result.code == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("team.always"))
    }

    /// `expires: 2026-06-15` still waived on the 16th, and `policy.waiver-expired: off` was
    /// accepted and ignored.
    @Test func aWaiverEndsTheDayAfterItsDateAndItsExpiryCannotBeSwitchedOff() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let config = """
            services:
              - name: a
                region: eu-central-1
                model: us.anthropic.claude-sonnet-4-6
                waivers:
                  - {rule: routing.not-callable, reason: "migrating", expires: 2026-06-15}
            """
        let path = try CLIFiles.write(config, "advisor.yaml", in: home)
        let onTheDay = try Advisor.run(["check", "--config", path, "--as-of", "2026-06-15"], home: home)
        #expect(onTheDay.code == 0, "\(onTheDay.stdout)")
        let dayAfter = try Advisor.run(["check", "--config", path, "--as-of", "2026-06-16"], home: home)
        #expect(dayAfter.code == 1)
        #expect(dayAfter.stdout.contains("[policy.waiver-expired]"), "\(dayAfter.stdout)")
        let off = try CLIFiles.write(config + "\nrules:\n  policy.waiver-expired: off\n", "off.yaml", in: home)
        let result = try Advisor.run(["check", "--config", off, "--as-of", "2026-06-16"], home: home)
        #expect(result.code == 2, "\(result.stdout)")
        #expect(result.stderr.contains("off.yaml:8") && result.stderr.contains("cannot be turned off"), "\(result.stderr)")
    }

    /// A quota that matches no service switched the capacity rules off without a word.
    @Test func aQuotaNamingWhatTheCatalogueDoesNotKnowIsRefusedAndAnUnusedOneReported() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let services = """
            services:
              - {name: a, region: eu-central-1, model: eu.anthropic.claude-sonnet-4-6, traffic: {peak_rpm: 500}}
            quotas:

            """
        let cases = [
            ("- {model: anthropic.claude-sonet-4-6, region: eu-central-1, rpm: 100}", "unknown model 'anthropic.claude-sonet-4-6'"),
            ("- {model: anthropic.claude-sonnet-4-6, region: eu-cenTral-1, rpm: 100}", "unknown region 'eu-cenTral-1'"),
            (
                "- {model: eu.anthropic.claude-sonnet-4-6, region: eu-central-1, rpm: 100}",
                "that is a profile: a quota names its model, anthropic.claude-sonnet-4-6"
            ),
            (
                "- {model: anthropic.claude-sonnet-4-6, region: eu-central-1, profile: eu.amazon.nova-2-lite-v1:0, rpm: 100}",
                "not of the quota's model"
            ),
        ]
        for (quota, words) in cases {
            let path = try CLIFiles.write(services + "  " + quota + "\n", "q.yaml", in: home)
            for command in ["check", "capacity"] {
                let result = try Advisor.run([command, "--config", path], home: home)
                #expect(result.code == 2, "\(command) \(quota): \(result.stdout)")
                #expect(result.stderr.contains("q.yaml:4") && result.stderr.contains(words), "\(result.stderr)")
            }
        }
        // Known names, but no service draws on it (another Region): said, not silent.
        let unused = try CLIFiles.write(
            services + "  - {model: anthropic.claude-sonnet-4-6, region: eu-west-1, rpm: 100}\n", "u.yaml", in: home)
        let result = try Advisor.run(["check", "--config", unused], home: home)
        #expect(result.stdout.contains("u.yaml:4: warning: [policy.quota-unused]"), "\(result.stdout)")
    }

    /// The plan (peak + 15%) rounded down: a 160 RPM peak was told to request 180.
    @Test func theCapacityPlanNeverFallsBelowPeakPlusHeadroom() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let path = try CLIFiles.write(
            """
            services:
              - {name: a, region: eu-central-1, model: eu.anthropic.claude-sonnet-4-6, traffic: {peak_rpm: 160}}
            quotas:
              - {model: anthropic.claude-sonnet-4-6, region: eu-central-1, rpm: 100}
            """, "p.yaml", in: home)
        let result = try Advisor.run(["check", "--config", path], home: home)
        #expect(result.stdout.contains("request about 190 RPM"), "\(result.stdout)")
    }

    /// An `inferenceRegion` of the wrong type, or `additionalEventData` as a JSON string, was read as
    /// absent: the call counted as served at home and the residency rule passed.
    @Test func cloudTrailsServedRegionIsReadInEveryFormOrRefused() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let asString = CLIFiles.trailRecord("s1", extra: #", "additionalEventData": "{\"inferenceRegion\": \"us-east-1\"}""#)
        let path = try CLIFiles.write("{\"Records\": [\(asString)]}", "string.json", in: home)
        let read = try Advisor.run(["ingest", "--format", "cloudtrail", path], home: home)
        #expect(read.code == 0, "\(read.stderr)")
        let routes = try Advisor.run(["routes", "--format", "json"], home: home)
        #expect(routes.stdout.contains("us-east-1"), "the string form was not read: \(routes.stdout)")
        for (name, value) in [("list", "[\"us-east-1\"]"), ("object", "{\"r\": 1}"), ("number", "7"), ("empty", "\"\"")] {
            let record = CLIFiles.trailRecord("t-\(name)", extra: ", \"additionalEventData\": {\"inferenceRegion\": \(value)}")
            let file = try CLIFiles.write("{\"Records\": [\(record)]}", "\(name).json", in: home)
            let result = try Advisor.run(["ingest", "--format", "cloudtrail", file], home: home)
            #expect(result.code == 2, "\(name): \(result.stdout)")
            #expect(
                result.stderr.contains("\(name).json") && result.stderr.contains("record 1") && result.stderr.contains("inferenceRegion"),
                "\(result.stderr)")
        }
        // Region names the catalogue does not know, in CloudTrail and in Service Quotas.
        for (name, source) in [("case", "eu-cenTral-1"), ("path", "../../etc/passwd")] {
            let file = try CLIFiles.write(
                "{\"Records\": [\(CLIFiles.trailRecord("r-\(name)", source: source, extra: ""))]}", "\(name).json", in: home)
            let result = try Advisor.run(["ingest", "--format", "cloudtrail", file], home: home)
            #expect(result.code == 2 && result.stderr.contains("is not a Region the catalogue knows"), "\(result.stderr)")
        }
        let quotas = try CLIFiles.write(
            #"{"Quotas": [{"QuotaName": "x", "QuotaCode": "L-1", "Value": 5, "QuotaArn": "arn:aws:servicequotas:eu-cenTral-1:1:bedrock/L-1"}]}"#,
            "q.json", in: home)
        let result = try Advisor.run(["ingest", "--format", "service-quotas", quotas], home: home)
        #expect(result.code == 2 && result.stderr.contains("eu-cenTral-1"), "\(result.stdout)\(result.stderr)")
    }

    /// Page 1 of a paginated answer was imported as the whole: page 2's profiles became "not
    /// callable", a lookup-events page dropped calls, a get-metric-data page dropped minutes.
    @Test func aPageOfAPaginatedAnswerIsNotTakenForTheWhole() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let page1 = Repo.file("Fixtures/aws/eu-central-1-page-1.json").path
        let page2 = Repo.file("Fixtures/aws/eu-central-1-page-2.json").path
        let alone = try Advisor.run(["catalogue", "import", page1], home: home)
        #expect(alone.code == 2, "\(alone.stdout)")
        #expect(
            alone.stderr.contains("eu-central-1-page-1.json") && alone.stderr.contains("nextToken")
                && alone.stderr.contains("incomplete"), "\(alone.stderr)")
        #expect(try Advisor.run(["catalogue", "import", page1, page2], home: home).code == 0)
        let events = try CLIFiles.write("{\"Events\": [], \"NextToken\": \"abc\"}", "events.json", in: home)
        let lookup = try Advisor.run(["ingest", "--format", "cloudtrail", events], home: home)
        #expect(lookup.code == 2 && lookup.stderr.contains("NextToken"), "\(lookup.stderr)")
        let metrics = try CLIFiles.write(#"{"MetricDataResults": [], "NextToken": "abc"}"#, "metrics.json", in: home)
        let cloudwatch = try Advisor.run(["ingest", "--format", "cloudwatch", "--source", "eu-central-1", metrics], home: home)
        #expect(cloudwatch.code == 2 && cloudwatch.stderr.contains("NextToken"), "\(cloudwatch.stderr)")
    }

    /// Two series for the same metric and minute overwrote each other, and the summary counted
    /// minutes that were not stored.
    @Test func aDuplicatedCloudWatchMinuteIsRefused() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let series =
            #"{"Id":"ID","Label":"Invocations eu.anthropic.claude-sonnet-4-6","Timestamps":["2026-11-20T09:00:00Z"],"Values":[5],"StatusCode":"Complete"}"#
        let twice = try CLIFiles.write(
            #"{"MetricDataResults": ["# + series.replacingOccurrences(of: "ID", with: "a") + ","
                + series.replacingOccurrences(of: "ID", with: "b") + "]}", "dup.json", in: home)
        let result = try Advisor.run(["ingest", "--format", "cloudwatch", "--source", "eu-central-1", twice], home: home)
        #expect(result.code == 2, "\(result.stdout)")
        #expect(result.stderr.contains("dup.json") && result.stderr.contains("again"), "\(result.stderr)")
    }

    /// An SLO the data cannot check passed in silence: a route the dataset never measured, or a P99
    /// SLO over P50-only figures. Now a warning, which --strict fails on.
    @Test func anSLOTheDataCannotCheckIsSaidAndStrictFailsOnIt() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let path = try CLIFiles.write(
            """
            services:
              - {name: unmeasured, region: eu-west-1, model: eu.anthropic.claude-sonnet-4-6, slo: {total_p50_ms: 3000}}
              - {name: tail, region: eu-central-1, model: eu.anthropic.claude-sonnet-4-6, slo: {total_p99_ms: 6000}}
            """, "slo.yaml", in: home)
        let result = try Advisor.run(["check", "--config", path], home: home)
        #expect(result.stdout.contains("slo.yaml:2: warning: [latency.slo-unchecked] unmeasured"), "\(result.stdout)")
        #expect(
            result.stdout.contains("slo.yaml:3: warning: [latency.slo-unchecked] tail") && result.stdout.contains("cannot check total P99"),
            "\(result.stdout)")
        #expect(try Advisor.run(["check", "--config", path, "--strict"], home: home).code == 1)
    }

    /// A burst shape that cannot keep its average, or a retry mode the named SDK does not have, is
    /// refused by every command that reads the config, not only those that simulate: check without
    /// `simulate:` used to pass it unread.
    @Test func simulationFieldsAreCheckedByEveryCommand() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        for (client, traffic, field) in [
            ("", ", burst: {factor: 10, seconds: 30, every_seconds: 60}", "services app traffic.burst"),
            (", client: {sdk: javascript, retry_mode: legacy}", "", "services app client.retry_mode"),
        ] {
            let config = try CLIFiles.write(
                """
                services:
                  - {name: app, region: us-east-1, model: global.anthropic.claude-sonnet-4-6,
                     traffic: {peak_rpm: 10, input_tokens: 100, output_tokens: 50, max_tokens: 100\(traffic)}\(client)}

                """, "advisor.yaml", in: home)
            for command in ["check", "capacity", "report"] {
                let result = try Advisor.run([command, "--config", config], home: home)
                #expect(result.code == 2 && result.stderr.contains(field), "\(command): \(result.stderr)")
            }
        }
    }
}
