import AdvisorTestSupport
import Foundation
import Testing

/// Runs the built `advisor` binary and checks stdout, stderr and the exit code.
struct Advisor {
    /// ADVISOR_TEST_BINARY runs the end-to-end tests against another build (an older release, to
    /// see a regression test fail without its fix).
    static let binary: URL = {
        if let override = ProcessInfo.processInfo.environment["ADVISOR_TEST_BINARY"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("advisor"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("advisor"),
            Repo.file(".build/debug/advisor"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }()

    typealias Result = Subprocess.Result

    /// Runs with a private ADVISOR_HOME; `environment` adds to (or, with "", removes from) PATH,
    /// HOME and ADVISOR_HOME.
    static func run(
        _ arguments: [String], home: TemporaryDirectory, environment extra: [String: String] = [:],
        executable: URL = binary, directory: URL? = nil, stdout: Subprocess.Output = .capture,
        timeout: Double = 300
    ) throws -> Result {
        try Subprocess.run(
            executable, arguments, environment: environment(home: home, extra), directory: directory, stdout: stdout,
            timeout: timeout)
    }

    static func environment(home: TemporaryDirectory, _ extra: [String: String] = [:]) -> [String: String] {
        var environment = ["PATH": "/usr/bin:/bin", "HOME": home.path("home"), "ADVISOR_HOME": home.path("advisor-home")]
        for (key, value) in extra { environment[key] = value }
        return environment.filter { !$0.value.isEmpty }
    }
}

struct RecommendEndToEndTests {
    @Test func theFirstCommandAUserTypes() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let result = try Advisor.run(["recommend", "--source", "eu-central-1", "--priority", "latency"], home: home)
        #expect(result.code == 0)
        #expect(result.stderr == "")
        #expect(result.stdout.contains("Claude Sonnet 4.6 (anthropic.claude-sonnet-4-6): use eu.anthropic.claude-sonnet-4-6"))
        #expect(
            result.stdout.contains(
                "why: eu. is 315 ms faster in total and 181 ms faster to first byte than global (global takes 12.7% longer in total); global would cost ~9% less"
            ))
        #expect(result.stdout.contains("Amazon Nova 2 Lite (amazon.nova-2-lite-v1:0): use eu.amazon.nova-2-lite-v1:0"))
        // First use created and seeded the default store.
        #expect(FileManager.default.fileExists(atPath: home.path("advisor-home/advisor.sqlite")))
    }

    @Test func jsonOutputMatchesTheGoldenFile() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let result = try Advisor.run(["recommend", "--source", "eu-central-1", "--format", "json", "--as-of", "2026-11-22"], home: home)
        #expect(result.code == 0)
        #expect(result.stdout == (try Repo.text("Fixtures/expected/recommend-eu-central-1-latency.json")))
    }

    @Test func nothingQualifiesExitsOneAndSaysWhy() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let result = try Advisor.run(["recommend", "--source", "ap-southeast-1", "--residency", "jp"], home: home)
        #expect(result.code == 1)
        #expect(result.stdout.contains("Claude Sonnet 4.6 (anthropic.claude-sonnet-4-6): no option qualifies"))
        #expect(result.stdout.contains("jp.anthropic.claude-sonnet-4-6: not callable from ap-southeast-1"))
        #expect(result.stdout.contains("global.anthropic.claude-sonnet-4-6: residency jp: global may route"))
    }

    @Test func residencyEuUnderCostStillPicksEu() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let result = try Advisor.run(
            [
                "recommend", "--source", "eu-central-1", "--priority", "cost", "--residency", "eu",
                "--model", "anthropic.claude-sonnet-4-6", "--format", "json",
            ], home: home)
        #expect(result.code == 0)
        #expect(result.stdout.contains("\"choice\": \"eu.anthropic.claude-sonnet-4-6\""))
    }

    @Test func noiseFlagsChangeTheAnswer() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let tie = try Advisor.run(["recommend", "--source", "us-west-2", "--model", "amazon.nova-2-lite-v1:0"], home: home)
        #expect(tie.stdout.contains("use global.amazon.nova-2-lite-v1:0"))
        let strict = try Advisor.run(
            [
                "recommend", "--source", "us-west-2", "--model", "amazon.nova-2-lite-v1:0",
                "--noise-ms", "5", "--noise-pct", "0",
            ], home: home)
        #expect(strict.stdout.contains("use us.amazon.nova-2-lite-v1:0"))
    }

    @Test func jpFromSingaporeIsReportedNotCallableWithBedrocksError() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let result = try Advisor.run(
            [
                "catalogue", "callable", "--source", "ap-southeast-1",
                "--profile", "jp.anthropic.claude-sonnet-4-6",
            ], home: home)
        #expect(result.code == 1)
        #expect(
            result.stdout == """
                jp.anthropic.claude-sonnet-4-6 is not callable from ap-southeast-1: not callable from ap-southeast-1: its source regions are ap-northeast-1, ap-northeast-3
                Bedrock would answer: ValidationException: The provided model identifier is invalid.

                """)
        let callable = try Advisor.run(
            [
                "catalogue", "callable", "--source", "ap-northeast-1",
                "--profile", "jp.anthropic.claude-sonnet-4-6",
            ], home: home)
        #expect(callable.code == 0)
    }

    @Test func theBinaryWorksFromAnyDirectoryAfterBeingCopied() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let copy = home.url.appendingPathComponent("bin/advisor")
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Advisor.binary, to: copy)
        let result = try Advisor.run(
            ["recommend", "--source", "ap-southeast-2", "--format", "json"], home: home,
            executable: copy, directory: URL(fileURLWithPath: "/"))
        #expect(result.code == 0)
        #expect(result.stdout.contains("\"choice\": \"au.anthropic.claude-sonnet-4-6\""))
        #expect(result.stdout.contains("\"choice\": \"global.amazon.nova-2-lite-v1:0\""))
    }

    @Test("--db, ADVISOR_HOME and XDG_DATA_HOME decide where the store lives")
    func storeLocation() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        // A read command never creates a store the user named (issue 23); a writing one does.
        let read = try Advisor.run(["catalogue", "show", "--db", home.path("explicit.sqlite")], home: home)
        #expect(read.code == 2 && !FileManager.default.fileExists(atPath: home.path("explicit.sqlite")))
        let csv = home.path("a.csv")
        try Data("source_region,profile,ttfb_ms,total_ms,status\neu-central-1,eu.m,1,2,ok\n".utf8).write(to: URL(fileURLWithPath: csv))
        _ = try Advisor.run(["ingest", csv, "--dataset", "d", "--db", home.path("explicit.sqlite")], home: home)
        #expect(FileManager.default.fileExists(atPath: home.path("explicit.sqlite")))
        _ = try Advisor.run(["catalogue", "show"], home: home, environment: ["ADVISOR_HOME": "", "XDG_DATA_HOME": home.path("xdg")])
        #expect(FileManager.default.fileExists(atPath: home.path("xdg/advisor/advisor.sqlite")))
        _ = try Advisor.run(["catalogue", "show"], home: home, environment: ["ADVISOR_HOME": ""])
        #expect(FileManager.default.fileExists(atPath: home.path("home/.local/share/advisor/advisor.sqlite")))
    }

    @Test(
        "Every command has help",
        arguments: [
            [], ["recommend"], ["catalogue"], ["catalogue", "show"], ["catalogue", "callable"],
            ["ingest"], ["datasets"], ["datasets", "list"], ["datasets", "rm"], ["stats"],
            ["catalogue", "import"], ["catalogue", "diff"], ["catalogue", "validate"],
            ["catalogue", "versions"], ["check"], ["rules"], ["rules", "list"],
            ["rules", "show"], ["rules", "test"], ["rules", "docs"], ["capacity"], ["probe"], ["verify"], ["export"], ["credentials"],
        ])
    func help(command: [String]) throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let result = try Advisor.run(command + ["--help"], home: home)
        #expect(result.code == 0)
        #expect(result.stdout.contains("USAGE:"))
    }
}

struct BadInputEndToEndTests {
    static let cases: [([String], String)] = [
        (
            ["recommend", "--source", "eu-centrl-1"],
            "error: --source: unknown value 'eu-centrl-1'; expected a region code of catalogue builtin, such as eu-central-1 (did you mean 'eu-central-1' or 'eu-central-2'?)"
        ),
        (["recommend", "--source", "eu-central-1", "--model", "claude-sonet-4-6"], "error: --model: unknown value 'claude-sonet-4-6'"),
        (["recommend", "--source", "eu-central-1", "--priority", "fastest"], "The value 'fastest' is invalid for '--priority <priority>'"),
        (["recommend", "--source", "eu-central-1", "--dataset", "seed-lab"], "error: --dataset: unknown dataset 'seed-lab'"),
        (["recommend", "--source", "eu-central-1", "--residency", "europe"], "error: --residency: unknown value 'europe'"),
        (["recommend", "--source", "eu-central-1", "--noise-pct=-3"], "--noise-pct must be a percentage"),
        (["recommend"], "Missing expected argument '--source <region>'"),
        (["recommend", "--source", "eu-central-1", "--bogus"], "Unknown option '--bogus'"),
        (["catalogue", "callable", "--source", "eu-central-1", "--profile", "xx.nothing"], "error: --profile: unknown value 'xx.nothing'"),
    ]

    @Test("Bad input: a clear message naming the value, exit 2, nothing written", arguments: cases)
    func badInput(arguments: [String], message: String) throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let result = try Advisor.run(arguments, home: home)
        #expect(result.code == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: home.path("advisor-home")), "a store was written")
    }

    @Test func badInputLeavesAnExistingStoreUntouched() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        _ = try Advisor.run(["catalogue", "show"], home: home)
        let path = home.path("advisor-home/advisor.sqlite")
        let before = fileBytes(path)
        #expect(before != nil)
        let result = try Advisor.run(["recommend", "--source", "mars-north-1"], home: home)
        #expect(result.code == 2)
        #expect(fileBytes(path) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: home.path("advisor-home")) == ["advisor.sqlite"])
    }

    @Test func aMalformedStoreIsNamedAndLeftAlone() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let path = home.path("broken.sqlite")
        try Data(String(repeating: "not a database ", count: 20).utf8).write(to: URL(fileURLWithPath: path))
        let result = try Advisor.run(["recommend", "--source", "eu-central-1", "--db", path], home: home)
        #expect(result.code == 2)
        #expect(result.stderr.hasPrefix("error: \(path): not an advisor store"))
        #expect(fileBytes(path) == Data(String(repeating: "not a database ", count: 20).utf8))
    }

    @Test func anUnwritableStoreLocationIsARuntimeFailure() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        try Data("file".utf8).write(to: home.url.appendingPathComponent("blocker"))
        let csv = home.path("a.csv")
        try Data("source_region,profile,ttfb_ms,total_ms,status\neu-central-1,eu.m,1,2,ok\n".utf8).write(to: URL(fileURLWithPath: csv))
        let result = try Advisor.run(["ingest", csv, "--dataset", "d", "--db", home.path("blocker/advisor.sqlite")], home: home)
        #expect(result.code == 3)
        #expect(result.stderr.contains("blocker/advisor.sqlite"))
    }
}

/// One `--format` mechanism for every command: an identifier the command does not offer is refused
/// naming the ones it does, exit 2, and `--help` lists each with what it is for.
struct FormatOptionEndToEndTests {
    static let cases: [(arguments: [String], offered: String)] = [
        (["recommend", "--source", "eu-central-1"], "one of 'text', 'json' or 'markdown'."),
        (["stats"], "one of 'text', 'json' or 'csv'."),
        (["datasets", "list"], "one of 'text' and 'json'."),
        (["capacity", "--config", "advisor.yaml"], "one of 'text' and 'json'."),
        (["routes"], "one of 'text' and 'json'."),
        (["catalogue", "show"], "one of 'text' and 'json'."),
        (["catalogue", "callable"], "one of 'text' and 'json'."),
        (["report"], "one of 'markdown' and 'html'."),
        (
            ["check", "--config", "advisor.yaml"],
            "Please provide one of the following:\n  - text\n  - json\n  - sarif\n  - junit\n  - github\n  - gitlab"
        ),
    ]

    @Test(arguments: 0..<cases.count)
    func anUnofferedFormatIsRefusedWithTheList(_ index: Int) throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let (arguments, offered) = Self.cases[index]
        let result = try Advisor.run(arguments + ["--format", "yaml"], home: home)
        #expect(result.code == 2, "\(arguments)")
        #expect(result.stdout == "")
        #expect(result.stderr.contains("The value 'yaml' is invalid for '--format <format>'"), "\(result.stderr)")
        #expect(result.stderr.contains(offered), "\(arguments): \(result.stderr)")
    }

    @Test func helpListsEachFormatWithWhatItIsFor() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let result = try Advisor.run(["stats", "--help"], home: home)
        #expect(result.code == 0)
        let help = result.stdout.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
        #expect(help.contains("Output format: text (a table per model), json (one document for scripts), csv (one row per route)."))
    }
}
