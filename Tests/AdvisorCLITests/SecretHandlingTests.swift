import AdvisorTestSupport
import Foundation
import Testing

/// Secrets never appear in output, logs, errors or the store, even when a server echoes them back.
/// Each test failed on the build before the work that added it (ADVISOR_TEST_BINARY=PATH runs them against another build).
struct SecretHandlingTests {
    /// An endpoint that echoes the request's headers made probe print, store and later export the
    /// session token (or the bearer token); scheme-less URLs with a password and tokens in query
    /// strings were printed and stored.
    @Test(.enabled(if: Subprocess.pythonHas("botocore"), "python3 with botocore is missing: skipped"))
    func secretsEchoedByAnEndpointAreNeverShownOrStored() throws {
        let fake = try FakeBedrock(script: ["echo", "echo", "echo", "echo"])
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let token = "SESSIONTOKENthatMustNeverLeak0123456789"
        let bearer = "BEARERtokenThatMustNeverLeak9876543210"
        let runs: [(String, [String: String])] = [
            ("sigv4", fake.credentials.merging(["AWS_SESSION_TOKEN": token]) { $1 }),
            ("bearer", ["AWS_BEARER_TOKEN_BEDROCK": bearer, "AWS_EC2_METADATA_DISABLED": "true"]),
        ]
        for (name, environment) in runs {
            let probe = try Advisor.run(
                [
                    "probe", "--source", "eu-central-1", "--model", "anthropic.claude-sonnet-4-6", "--profiles", "eu",
                    "--runs", "1", "--warmup", "0", "--endpoint-url", fake.url, "--dataset", "echo-\(name)",
                    "--format", "json",
                ], home: home, environment: environment)
            let export = try Advisor.run(["export", "--dataset", "echo-\(name)"], home: home)
            let store = fileBytes(home.path("advisor-home/advisor.sqlite")).map { String(decoding: $0, as: UTF8.self) } ?? ""
            for secret in [token, bearer, FakeBedrock.secretKey] {
                for (what, text) in [
                    ("probe stdout", probe.stdout), ("probe stderr", probe.stderr), ("export", export.stdout), ("store", store),
                ] {
                    #expect(!text.contains(secret), "\(name): \(what) holds a secret")
                }
            }
            #expect(probe.stdout.contains("[redacted]") || probe.stderr.contains("[redacted]"), "\(name): \(probe.stdout)\(probe.stderr)")
        }
        // URLs: only http(s); a password or a query string never printed.
        for url in ["ftp://127.0.0.1/x", "file:///etc/passwd", "user:hunter2secret@127.0.0.1:1"] {
            let result = try Advisor.run(
                [
                    "probe", "--source", "eu-central-1", "--model", "anthropic.claude-sonnet-4-6", "--profiles", "eu",
                    "--runs", "1", "--endpoint-url", url,
                ], home: home, environment: fake.credentials)
            #expect(result.code == 2, "\(url): \(result.stderr)")
            #expect(!result.stderr.contains("hunter2secret"), "\(result.stderr)")
        }
        let query = try Advisor.run(
            [
                "probe", "--source", "eu-central-1", "--model", "anthropic.claude-sonnet-4-6", "--profiles", "eu",
                "--runs", "1", "--warmup", "0", "--endpoint-url", "http://127.0.0.1:1/?api_key=querysecret123",
                "--dataset", "q",
            ], home: home, environment: fake.credentials)
        #expect(!query.stdout.contains("querysecret123") && !query.stderr.contains("querysecret123"), "\(query.stdout)\(query.stderr)")
        let store = fileBytes(home.path("advisor-home/advisor.sqlite")).map { String(decoding: $0, as: UTF8.self) } ?? ""
        #expect(!store.contains("querysecret123"))
    }
}
