import AdvisorTestSupport
import Foundation
import Testing

/// `advisor report` end to end: the built binary, its stdout, stderr, exit code and --out file.
struct ReportCommandTests {
    static let claude = "anthropic.claude-sonnet-4-6"

    static func checkHTML(_ path: String) throws -> [String: Any] {
        let result = try Subprocess.python([Repo.file("Tests/Oracles/check_html.py").path, path])
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
    }

    /// Raw samples: `count` calls per (source, profile, ttfb, total) with a little spread, or failures.
    static func samples(_ routes: [(source: String, profile: String, ttfb: Double, total: Double, count: Int, status: String)]) -> String {
        var lines = ["source_region,profile,status,ttfb_ms,total_ms"]
        for route in routes {
            for index in 0..<route.count {
                if route.status == "ok" {
                    let spread = Double(index % 7) * 3
                    lines.append("\(route.source),\(route.profile),ok,\(route.ttfb + spread),\(route.total + spread * 2)")
                } else {
                    lines.append("\(route.source),\(route.profile),\(route.status),,")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func theDefaultReportIsTheSeedLabsReviewInMarkdown() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let result = try Advisor.run(["report", "--as-of", "2026-12-01"], home: home)
        #expect(result.code == 0 && result.stderr == "", "\(result.stderr)")
        // The same document as the in-process golden, but for the lines that name this run (when,
        // which build, the store's catalogue date, the command line).
        func withoutRun(_ text: String) -> String {
            text.split(separator: "\n", omittingEmptySubsequences: false).filter {
                !$0.hasPrefix("- **Generated**") && !$0.hasPrefix("- **Catalogue**") && !$0.hasPrefix("- **Command**")
            }.joined(separator: "\n")
        }
        #expect(withoutRun(result.stdout) == withoutRun(try Repo.text("Fixtures/expected/report-seed-lab.md")))
        #expect(result.stdout.contains("- **Command**: advisor report --as-of 2026-12-01"))
        #expect(result.stdout.contains("- **Generated**: 2026-12-01T00:00:00Z by advisor "))
    }

    @Test(.enabled(if: Subprocess.pythonHas("html.parser"), "python3 is missing (scripts/bootstrap.sh installs it): skipped"))
    func htmlGoesToTheOutFileWholeAndPassesTheParser() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let out = home.path("review.html")
        let result = try Advisor.run(["report", "--format", "html", "--out", out, "--as-of", "2026-12-01"], home: home)
        #expect(result.code == 0 && result.stdout == "" && result.stderr == "", "\(result.stderr)")
        let verdict = try Self.checkHTML(out)
        #expect(verdict["ok"] as? Bool == true, "\(verdict["errors"] ?? "")")
        let unwritable = try Advisor.run(["report", "--out", home.path("no/such/dir/review.md")], home: home)
        // The user's to fix (exit 2), said before any work: the directory named does not exist.
        #expect(
            unwritable.code == 2 && unwritable.stderr.contains("--out") && unwritable.stderr.contains("does not exist"),
            "\(unwritable.stderr)")
    }

    /// Thin data, one region, a route with only errors, raw samples (so a CDF), and comparisons: one
    /// with routes in common (the seed lab's), one with none.
    @Test(.enabled(if: Subprocess.pythonHas("html.parser"), "python3 is missing (scripts/bootstrap.sh installs it): skipped"))
    func thinAndBrokenDataMakeAReportThatSaysSo() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        try Self.samples([
            ("eu-central-1", "eu.\(Self.claude)", 700, 2300, 12, "ok"),
            ("eu-central-1", "global.\(Self.claude)", 950, 2800, 12, "ok"),
            ("eu-central-1", "global.amazon.nova-2-lite-v1:0", 0, 0, 3, "ThrottlingException"),
        ])
        .write(toFile: home.path("frankfurt.csv"), atomically: true, encoding: .utf8)
        try Self.samples([("ap-northeast-1", "jp.\(Self.claude)", 600, 2100, 8, "ok")])
            .write(toFile: home.path("tokyo.csv"), atomically: true, encoding: .utf8)
        for (file, name) in [("frankfurt.csv", "frankfurt"), ("tokyo.csv", "tokyo")] {
            let ingest = try Advisor.run(["ingest", home.path(file), "--dataset", name], home: home)
            try #require(ingest.code == 0, "\(ingest.stderr)")
        }
        let report = try Advisor.run(
            ["report", "--dataset", "frankfurt", "--compare", "seed-lab-2026-04", "--as-of", "2026-12-01"], home: home)
        #expect(report.code == 0, "\(report.stderr)")
        let text = report.stdout
        #expect(text.contains("Thin: 2 routes rest on fewer than 30 successful calls"), "\(text)")
        #expect(
            text.contains("Only errors: global.amazon.nova-2-lite-v1:0 from eu-central-1 has no successful call (ThrottlingException ×3)"))
        #expect(text.contains("| eu-central-1 | errors only (ThrottlingException ×3) |"), "the route's cell says why it has no figures")
        #expect(text.contains("1 source region (eu-central-1)"))
        #expect(text.contains("## Changes against seed-lab-2026-04"))
        #expect(text.contains("| eu.anthropic.claude-sonnet-4-6 from eu-central-1 | total | 2473 | "), "\(text)")
        #expect(text.contains("unknown (published figures carry no interval)"))

        let none = try Advisor.run(["report", "--dataset", "frankfurt", "--compare", "tokyo", "--as-of", "2026-12-01"], home: home)
        #expect(none.code == 0)
        #expect(none.stdout.contains("The two datasets have no route in common: nothing to compare."), "\(none.stdout)")
        #expect(none.stdout.contains("Only in tokyo: jp.anthropic.claude-sonnet-4-6 from ap-northeast-1."))

        let html = try Advisor.run(
            [
                "report", "--dataset", "frankfurt", "--format", "html", "--out", home.path("f.html"),
                "--as-of", "2026-12-01",
            ], home: home)
        #expect(html.code == 0, "\(html.stderr)")
        let verdict = try Self.checkHTML(home.path("f.html"))
        #expect(verdict["ok"] as? Bool == true, "\(verdict["errors"] ?? "")")
        let page = try String(contentsOfFile: home.path("f.html"), encoding: .utf8)
        #expect(page.contains("Distribution of total latency"), "raw samples draw a CDF")
        #expect(page.contains("<polyline"), "with a line per route")

        let elsewhere = try Advisor.run(["report", "--dataset", "frankfurt", "--source", "us-east-2", "--as-of", "2026-12-01"], home: home)
        #expect(elsewhere.code == 0)
        #expect(elsewhere.stdout.contains("has no measurements for the regions and models asked for"), "\(elsewhere.stdout)")
        #expect(elsewhere.stdout.contains("No source region has measurements: nothing to decide on."))
    }

    @Test func aConfigAddsItsServicesWithTheirRecommendedRoutesAndFindings() throws {
        // The config names its dataset (broken-example): the report judges it as check does (issue 23).
        let home = try CheckCommandTests().brokenHome()
        defer { home.remove() }
        let result = try Advisor.run(
            ["report", "--config", Repo.file("Fixtures/configs/broken.yaml").path, "--as-of", "2026-12-01"], home: home)
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout.contains("## Services of the configuration"))
        #expect(
            result.stdout.contains(
                "| slow-on-purpose | eu-central-1 | global.anthropic.claude-sonnet-4-6 | latency | any | eu.anthropic.claude-sonnet-4-6 |"),
            "\(result.stdout)")
        #expect(result.stdout.contains("- warning [latency.faster-route] eu.anthropic.claude-sonnet-4-6 is 315 ms faster than"))
        // GitHub renders Markdown but shows raw HTML tags as text or drops them: the Markdown form
        // has none, outside code spans, in the built-in report and with a config (issue 29).
        let plain = try Advisor.run(["report", "--as-of", "2026-12-01"], home: home)
        for text in [result.stdout, plain.stdout] {
            let outsideCode = text.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 0 }
                .map(\.element).joined(separator: " ")
            let tag = try Regex(#"</?[A-Za-z][A-Za-z0-9]*(\s[^>]*)?/?>"#)
            #expect(
                outsideCode.firstMatch(of: tag) == nil,
                "raw HTML in the Markdown report: \(outsideCode.firstMatch(of: tag).map { String(outsideCode[$0.range]) } ?? "")")
        }
    }

    /// A config whose services declare traffic: the report simulates each quota under their own
    /// retry settings, exactly as `advisor simulate --config` does by default (the same figures in
    /// its table), and the HTML draws each quota's minutes as a chart with the quota's line,
    /// described in words and passing the independent HTML check.
    @Test(.enabled(if: Subprocess.pythonHas("html.parser"), "python3 is missing (scripts/bootstrap.sh installs it): skipped"))
    func aConfigWithTrafficShowsTheSimulationSimulatePrints() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let config = home.path("advisor.yaml")
        try SimulateCommandTests.goldenConfig.write(toFile: config, atomically: true, encoding: .utf8)
        let simulate = try Advisor.run(["simulate", "--config", config, "--format", "json"], home: home)
        #expect(simulate.code == 0, "\(simulate.stderr)")
        let runs = try #require(
            (try JSONSerialization.jsonObject(with: simulate.stdoutData) as? [String: Any])?["simulations"] as? [[String: Any]])
        let markdown = try Advisor.run(["report", "--config", config, "--as-of", "2026-12-01"], home: home)
        #expect(markdown.code == 0, "\(markdown.stderr)")
        #expect(markdown.stdout.contains("### Simulated: the services' own retry settings against each quota"))
        #expect(
            markdown.stdout.contains(
                "**quota anthropic.claude-sonnet-4-6 in us-east-1 (global) · policy config · 30 simulated minutes · refill fixed-window · seed 1**"
            ))
        for service in try #require(runs.first?["services"] as? [[String: Any]]) {
            let row =
                "| \(service["name"] as? String ?? "?") | \(service["requests"] as? Int ?? -1) | \(service["succeeded"] as? Int ?? -1) | \(service["gave_up"] as? Int ?? -1) |"
            #expect(markdown.stdout.contains(row), "report and simulate disagree on \(row)")
        }
        let out = home.path("review.html")
        let html = try Advisor.run(["report", "--config", config, "--format", "html", "--out", out, "--as-of", "2026-12-01"], home: home)
        #expect(html.code == 0, "\(html.stderr)")
        let page = try String(contentsOfFile: out, encoding: .utf8)
        #expect(page.contains(#"<svg xmlns="http://www.w3.org/2000/svg" id="sim1""#))
        #expect(page.contains("quota: 150 requests a minute"), "the quota line's key")
        let throttled = (runs.first?["per_minute"] as? [[String: Any]] ?? []).map { $0["throttled"] as? Int ?? 0 }.reduce(0, +)
        #expect(throttled > 0 && page.contains("throttled \(throttled) over 30 minutes"), "the chart's words give simulate's total")
        let verdict = try Self.checkHTML(out)
        #expect(verdict["ok"] as? Bool == true, "\(verdict["errors"] ?? "")")
        // Without traffic there is nothing to simulate, and no such section.
        try "services:\n  - {name: quiet, region: us-east-1, model: global.anthropic.claude-sonnet-4-6}\n".write(
            toFile: config, atomically: true, encoding: .utf8)
        let plain = try Advisor.run(["report", "--config", config, "--as-of", "2026-12-01"], home: home)
        #expect(plain.code == 0 && !plain.stdout.contains("### Simulated"), "\(plain.stderr)")
    }

    /// A load beyond the simulator's bounds: the report, which only shows the simulation, says it
    /// was not simulated and why; with `simulate:` in advisor.yaml, where check judges it, the
    /// report fails as check does.
    @Test func aLoadTheSimulatorRefusesIsSaidInTheReportAndFailsItsGate() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let config = home.path("advisor.yaml")
        let huge = """
            services:
              - {name: huge, region: us-east-1, model: global.anthropic.claude-sonnet-4-6,
                 traffic: {peak_rpm: 1000000000, input_tokens: 10, output_tokens: 10, max_tokens: 20}}
            quotas:
              - {model: anthropic.claude-sonnet-4-6, region: us-east-1, scope: global, rpm: 150}

            """
        try huge.write(toFile: config, atomically: true, encoding: .utf8)
        let shown = try Advisor.run(["report", "--config", config, "--as-of", "2026-12-01"], home: home, timeout: 60)
        #expect(shown.code == 0, "\(shown.stderr)")
        #expect(
            shown.stdout.contains(
                "Not simulated: advisor.yaml: traffic.peak_rpm of quota anthropic.claude-sonnet-4-6 in us-east-1 (global)")
                || shown.stdout.contains("Not simulated: \(config): traffic.peak_rpm of quota"), "\(shown.stdout.suffix(600))")
        try ("simulate: {minutes: 10}\n" + huge).write(toFile: config, atomically: true, encoding: .utf8)
        for command in ["report", "check"] {
            let judged = try Advisor.run([command, "--config", config, "--as-of", "2026-12-01"], home: home, timeout: 60)
            #expect(judged.code == 2 && judged.stderr.contains("traffic.peak_rpm of quota"), "\(command): \(judged.stderr)")
        }
    }

    @Test func badInputIsRefusedWithTheFlagNamed() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        for (arguments, expected) in [
            (["--format", "pdf"], "--format"), (["--dataset", "nope"], "--dataset"),
            (["--compare", "nope"], "--compare"), (["--source", "mars-1"], "--source"),
            (["--model", "gpt-9"], "--model"), (["--as-of", "soon"], "--as-of"),
            (["--config", home.path("missing.yaml")], "--config"),
        ] {
            let result = try Advisor.run(["report"] + arguments, home: home)
            #expect(result.code == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
        }
    }
}
