import AdvisorTestSupport
import Foundation
import Testing

/// Commands agree and say what they decided on: tails without a P99, callability, gaps, the
/// report's findings and capacity, defaults and wording.
/// Each test failed on the build before the work that added it (ADVISOR_TEST_BINARY=PATH runs them against another build).
struct ConsistentAnswerTests {
    /// `--priority tail` without P99 figures chose the cheapest option (global) from Frankfurt,
    /// Sydney and Tokyo, the opposite of the lab's finding, and the report repeated it.
    @Test func tailWithoutP99DecidesOnTheHighestPercentileAndSaysSo() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        for source in ["eu-central-1", "ap-southeast-2", "ap-northeast-1"] {
            let result = try Advisor.run(
                ["recommend", "--source", source, "--priority", "tail", "--model", "anthropic.claude-sonnet-4-6"], home: home)
            #expect(result.code == 0, "\(result.stderr)")
            let headline = result.stdoutLines.first { $0.hasPrefix("Claude Sonnet 4.6") } ?? ""
            #expect(!headline.contains("use global."), "\(source): \(headline)")
            // Tokyo's data has P99s; Frankfurt's and Sydney's only P50s, which the headline says.
            #expect(headline.hasSuffix("(decided on P50 total latency)") == (source != "ap-northeast-1"), "\(source): \(headline)")
        }
        let report = try Advisor.run(["report", "--source", "eu-central-1", "--model", "anthropic.claude-sonnet-4-6"], home: home)
        #expect(!report.stdout.contains("| tail | global."), "\(report.stdout)")
        // No total figure at all: no decision (exit 1), never the cheapest by default.
        let ttfbOnly = try CLIFiles.write(
            """
            source_region,profile,metric,statistic,value_ms,n
            eu-central-1,eu.anthropic.claude-sonnet-4-6,ttfb,p50,700,30
            eu-central-1,global.anthropic.claude-sonnet-4-6,ttfb,p50,900,30

            """, "ttfb.csv", in: home)
        #expect(try Advisor.run(["ingest", ttfbOnly, "--dataset", "ttfb-only"], home: home).code == 0)
        let none = try Advisor.run(
            [
                "recommend", "--source", "eu-central-1", "--priority", "tail", "--dataset", "ttfb-only",
                "--model", "anthropic.claude-sonnet-4-6",
            ], home: home)
        #expect(none.code == 1, "\(none.stdout)")
        #expect(none.stdout.contains("no option qualifies") && none.stdout.contains("does not fall back to cost"), "\(none.stdout)")
    }

    /// `catalogue callable --profile P` printed the answer and then the whole catalogue (two JSON
    /// documents with --format json).
    @Test func callableForOneProfileAnswersOnce() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let json = try Advisor.run(
            [
                "catalogue", "callable", "--source", "eu-central-1", "--profile", "eu.anthropic.claude-sonnet-4-6",
                "--format", "json",
            ], home: home)
        #expect(json.code == 0)
        #expect((try? JSONSerialization.jsonObject(with: json.stdoutData)) != nil, "not one JSON document: \(json.stdout)")
        let text = try Advisor.run(
            ["catalogue", "callable", "--source", "eu-central-1", "--profile", "eu.anthropic.claude-sonnet-4-6"], home: home)
        #expect(!text.stdout.contains("Amazon Nova"), "\(text.stdout)")
    }

    /// "eu. is 385 ms (101.6%) faster" is no true sentence; JSON promised whole milliseconds and
    /// printed 683.2294999999999.
    @Test func gapsStayTrueAboveOneHundredPercentAndJSONMillisecondsAreRounded() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let result = try Advisor.run(
            ["recommend", "--source", "eu-central-1", "--priority", "ttfb", "--model", "amazon.nova-2-lite-v1:0"], home: home)
        #expect(
            result.stdout.contains(
                "eu. is 385 ms faster to first byte and 337 ms faster in total than global (global takes 101.6% longer to first byte)"),
            "\(result.stdout)")
        #expect(!result.stdout.contains("(101.6%) faster"))
        // A median between two raw samples: (683.229 + 683.230) / 2.
        let csv = try CLIFiles.write(
            """
            source_region,profile,ttfb_ms,total_ms,status
            eu-central-1,eu.anthropic.claude-sonnet-4-6,300,683.229,ok
            eu-central-1,eu.anthropic.claude-sonnet-4-6,300,683.23,ok

            """, "s.csv", in: home)
        #expect(try Advisor.run(["ingest", csv, "--dataset", "raw"], home: home).code == 0)
        let json = try Advisor.run(
            [
                "recommend", "--source", "eu-central-1", "--dataset", "raw", "--model", "anthropic.claude-sonnet-4-6",
                "--format", "json",
            ], home: home)
        #expect(json.stdout.contains("\"total_p50_ms\": 683.2,"), "\(json.stdout)")
    }

    /// `report --config` left out the capacity findings that fail `check`: the report now carries
    /// every finding check makes for the config, and a capacity section.
    @Test func theReportShowsEveryFindingCheckMakesWithACapacitySection() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let config = try CLIFiles.write(
            """
            services:
              - {name: a, region: eu-central-1, model: eu.anthropic.claude-sonnet-4-6, traffic: {peak_rpm: 175, max_tokens: 1000}}
            quotas:
              - {model: anthropic.claude-sonnet-4-6, region: eu-central-1, rpm: 150}
            """, "cap.yaml", in: home)
        let check = try Advisor.run(["check", "--config", config, "--format", "json"], home: home)
        #expect(check.code == 1)
        let checked = (try JSONSerialization.jsonObject(with: check.stdoutData) as? [String: Any])?["findings"] as? [[String: Any]] ?? []
        #expect(checked.contains { $0["rule"] as? String == "capacity.rpm-exceeded" })
        for format in ["markdown", "html"] {
            let report = try Advisor.run(["report", "--config", config, "--format", format], home: home)
            #expect(report.code == 0, "\(report.stderr)")
            #expect(report.stdout.contains("Capacity"), "\(format)")
            for finding in checked {
                let rule = finding["rule"] as? String ?? ""
                #expect(report.stdout.contains(rule), "\(format): the report omits \(rule), which check finds")
            }
            #expect(report.stdout.contains("210"), "\(format): the plan figure")
        }
    }

    /// Defaults and slips a new user met: stats defaulted to the newest dataset, a summary file's
    /// `# dataset:` line was ignored, a CloudTrail file without --format asked for --dataset, the
    /// built-in data could be removed for good, "(30–30 a route)", "1 rows".
    @Test func defaultsAndWordingAreConsistent() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let one = try CLIFiles.write("source_region,profile,ttfb_ms,total_ms,status\neu-central-1,eu.m,1,2,ok\n", "one.csv", in: home)
        let ingest = try Advisor.run(["ingest", one, "--dataset", "newest"], home: home)
        #expect(ingest.stdout.contains(": 1 row into newest"), "\(ingest.stdout)")
        let stats = try Advisor.run(["stats"], home: home)
        #expect(
            stats.stdout.contains("seed-lab-2026-04"),
            "stats answers on the seed lab by default, as every command: \(stats.stdout.prefix(200))")
        let summary = try CLIFiles.write(
            """
            # dataset: declared-name
            source_region,profile,metric,statistic,value_ms,n
            eu-central-1,eu.anthropic.claude-sonnet-4-6,total,p50,2400,30

            """, "summary.csv", in: home)
        let declared = try Advisor.run(["ingest", summary], home: home)
        #expect(declared.code == 0 && declared.stdout.contains("into declared-name"), "\(declared.stdout)\(declared.stderr)")
        let trail = try Advisor.run(["ingest", Repo.file("Fixtures/account/cloudtrail-s3.json").path], home: home)
        #expect(trail.code == 0 && trail.stdout.contains("Bedrock inference calls"), "\(trail.stdout)\(trail.stderr)")
        let rm = try Advisor.run(["datasets", "rm", "seed-lab-2026-04"], home: home)
        #expect(rm.code == 2 && rm.stderr.contains("built-in"), "\(rm.stderr)")
        let recommend = try Advisor.run(["recommend", "--source", "eu-central-1"], home: home)
        #expect(recommend.stdout.contains("(30 a route)") && !recommend.stdout.contains("30–30"), "\(recommend.stdout.prefix(400))")
    }

    /// low-headroom fired beside rpm-exceeded saying "117% of the RPM quota" (headroom it was not
    /// about), and findings came out of the file's order (a quota declared above its services last).
    @Test func capacityFindingsSayWhatTheyAreAboutInTheFilesOrder() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let path = try CLIFiles.write(
            """
            quotas:
              - {model: anthropic.claude-sonnet-4-6, region: eu-central-1, rpm: 150, tpm: 312500}
            services:
              - {name: a, region: eu-central-1, model: eu.anthropic.claude-sonnet-4-6, traffic: {peak_rpm: 175, input_tokens: 1000, output_tokens: 100, max_tokens: 200}}
            """, "order.yaml", in: home)
        let result = try Advisor.run(["check", "--config", path], home: home)
        let lines = result.stdoutLines.filter { $0.contains("order.yaml:") }
        let headroom = lines.first { $0.contains("[capacity.low-headroom]") } ?? ""
        #expect(headroom.contains("84% of the TPM quota") && !headroom.contains("RPM quota"), "\(headroom)")
        let numbers = lines.compactMap { Int($0.split(separator: ":")[1]) }
        #expect(numbers == numbers.sorted() && numbers.first == 2, "\(lines)")
    }
}
