import AdvisorTestSupport
import Foundation
import Testing

/// Where policy-as-code users run advisor: the GitHub Action and the example workflow against
/// GitHub's own schemas (check-jsonschema's vendored copies), and the pre-commit hook through
/// `pre-commit try-repo` in a scratch repository.
struct CIIntegrationTests {
    /// pip puts console scripts beside the interpreter; look there and on PATH.
    static func tool(_ name: String) -> URL? {
        let python = (try? Subprocess.python(["-c", "import sys, os; print(os.path.dirname(sys.executable))"]))?.stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let places =
            [python, "/usr/local/bin", "/usr/bin"].compactMap { $0 }
            + (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        return places.map { URL(fileURLWithPath: $0).appendingPathComponent(name) }.first {
            FileManager.default.isExecutableFile(atPath: $0.path)
        }
    }

    @Test(.enabled(if: tool("check-jsonschema") != nil, "check-jsonschema is missing (scripts/bootstrap.sh installs it): skipped"))
    func theActionAndTheExampleWorkflowPassGitHubsSchemas() throws {
        let checker = try #require(Self.tool("check-jsonschema"))
        for (file, schema) in [("action.yml", "vendor.github-actions"), ("docs/ci-example-workflow.yml", "vendor.github-workflows")] {
            let result = try Subprocess.run(checker, ["--builtin-schema", schema, Repo.file(file).path])
            #expect(result.code == 0, "\(file): \(result.stdout)\(result.stderr)")
        }
        // The oracle is not vacuous: an action without `runs` fails it.
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let text = try Repo.text("action.yml")
        try String(text[..<text.range(of: "runs:")!.lowerBound]).write(
            toFile: directory.path("action.yml"), atomically: true, encoding: .utf8)
        let broken = try Subprocess.run(checker, ["--builtin-schema", "vendor.github-actions", directory.path("action.yml")])
        #expect(broken.code != 0, "\(broken.stdout)")
    }

    @Test(
        .enabled(
            if: tool("pre-commit") != nil && FileManager.default.isExecutableFile(atPath: "/usr/bin/git"),
            "pre-commit or git is missing (scripts/bootstrap.sh installs pre-commit): skipped"))
    func thePreCommitHookFailsABrokenConfigAndPassesACleanOne() throws {
        let preCommit = try #require(Self.tool("pre-commit"))
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        let git = URL(fileURLWithPath: "/usr/bin/git")
        let repo = scratch.url.appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        #expect(try Subprocess.run(git, ["init", "-q"], directory: repo).code == 0)
        var environment = Advisor.environment(
            home: scratch,
            [
                "PRE_COMMIT_HOME": scratch.path("pre-commit"),
                "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
            ])
        // The hook finds the binary under test on PATH (an installed release binary in real use).
        environment["PATH"] = Advisor.binary.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        for (yaml, passes) in [
            ("services:\n  - {name: wrong, region: ap-southeast-1, model: jp.anthropic.claude-sonnet-4-6}\n", false),
            (try Repo.text("Fixtures/configs/clean.yaml"), true),
        ] {
            try yaml.write(to: repo.appendingPathComponent("advisor.yaml"), atomically: true, encoding: .utf8)
            #expect(try Subprocess.run(git, ["add", "advisor.yaml"], directory: repo).code == 0)
            let result = try Subprocess.run(
                preCommit, ["try-repo", Repo.root.path, "advisor-check", "--files", "advisor.yaml"],
                environment: environment, directory: repo)
            if passes {
                #expect(result.code == 0, "\(result.stdout)\(result.stderr)")
                #expect(result.stdout.contains("advisor check") && result.stdout.contains("Passed"), "\(result.stdout)")
            } else {
                #expect(result.code != 0)
                #expect(result.stdout.contains("[routing.not-callable] wrong"), "\(result.stdout)\(result.stderr)")
            }
        }
    }
}
