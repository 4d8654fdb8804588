import AdvisorTestSupport
import Foundation
import Testing

/// `advisor verify` against the fake endpoint, on a small dataset whose figures the fake can match.
@Suite(.enabled(if: Subprocess.pythonHas("botocore"), "python3 with botocore is missing (scripts/bootstrap.sh installs it): skipped"))
struct VerifyCommandTests {
    typealias Fake = FakeBedrock
    static let eu = ProbeCommandTests.eu, global = ProbeCommandTests.global

    /// A store with dataset `small`: from Frankfurt, eu. 40/60 ms and global 150/170 ms (TTFB/total P50).
    func home() throws -> TemporaryDirectory {
        let home = try TemporaryDirectory()
        let file = home.path("small.csv")
        try """
        # dataset: small
        # measured: 2026-11-30
        source_region,profile,metric,statistic,value_ms,n
        eu-central-1,\(Self.eu),ttfb,p50,40,30
        eu-central-1,\(Self.eu),total,p50,60,30
        eu-central-1,\(Self.global),ttfb,p50,150,30
        eu-central-1,\(Self.global),total,p50,170,30

        """.write(toFile: file, atomically: true, encoding: .utf8)
        let ingest = try Advisor.run(["ingest", "--dataset", "small", file], home: home)
        try #require(ingest.code == 0, "\(ingest.stderr)")
        return home
    }

    func verify(_ fake: Fake, home: TemporaryDirectory, format: String = "json") throws -> Advisor.Result {
        try Advisor.run(
            [
                "verify", "--source", "eu-central-1", "--model", "anthropic.claude-sonnet-4-6", "--dataset", "small",
                "--runs", "3", "--interval-ms", "0", "--endpoint-url", fake.url, "--save", "checked", "--format", format,
            ],
            home: home, environment: fake.credentials)
    }

    @Test func theAdviceHoldsWhenTheEndpointMatchesTheData() throws {
        let fake = try Fake(profiles: [Self.eu: ["ttfb_ms": 40, "gap_ms": 5], Self.global: ["ttfb_ms": 150, "gap_ms": 5]])
        let home = try home()
        defer { home.remove() }
        let result = try verify(fake, home: home)
        #expect(result.code == 0, "\(result.stdout)\(result.stderr)")
        let verdict = try #require(
            ((try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])?["verdicts"] as? [[String: Any]])?.first)
        #expect(verdict["choice"] as? String == Self.eu && verdict["holds"] as? Bool == true && verdict["callable"] as? Bool == true)
        #expect(verdict["runner_up"] as? String == Self.global)
        #expect(verdict["expected_ttfb_p50_ms"] as? Int == 40)
        // Both profiles, interleaved, one warm-up each: 8 calls, stored.
        #expect(fake.log.map { $0.model } == Array(repeating: [Self.eu, Self.global], count: 4).flatMap { $0 })
        let datasets = try Advisor.run(["datasets", "--format", "json"], home: home)
        #expect(datasets.stdout.contains("\"checked\""))
    }

    @Test func aChoiceSlowerThanTheToleranceDoesNotHold() throws {
        let fake = try Fake(profiles: [Self.eu: ["ttfb_ms": 100, "gap_ms": 5], Self.global: ["ttfb_ms": 150, "gap_ms": 5]])
        let home = try home()
        defer { home.remove() }
        let result = try verify(fake, home: home, format: "text")
        #expect(result.code == 1)
        #expect(result.stdout.contains("does not hold"), "\(result.stdout)")
        #expect(result.stdout.contains("is slower than the dataset says: TTFB P50"), "\(result.stdout)")
        #expect(result.stdout.contains("against 40 ms in the dataset"))
    }

    /// Issue 23: where global and eu. tie live, recommend on verify's own saved calls switches to
    /// global by its tie-break; verify said the advice held. Now both decide with one function.
    @Test func verifyDecidesAsRecommendDoesOnTheSameCalls() throws {
        let fake = try Fake(profiles: [Self.eu: ["ttfb_ms": 40, "gap_ms": 5], Self.global: ["ttfb_ms": 40, "gap_ms": 5]])
        let home = try home()
        defer { home.remove() }
        let result = try verify(fake, home: home, format: "text")
        let recommend = try Advisor.run(
            [
                "recommend", "--source", "eu-central-1", "--model", "anthropic.claude-sonnet-4-6",
                "--dataset", "checked", "--format", "json",
            ], home: home)
        let answer = try #require(
            ((try JSONSerialization.jsonObject(with: recommend.stdoutData) as? [String: Any])?["recommendations"] as? [[String: Any]])?
                .first)
        let liveChoice = try #require(answer["choice"] as? String)
        if liveChoice == Self.eu {
            #expect(result.code == 0, "\(result.stdout)")
        } else {
            #expect(result.code == 1, "recommend on the verify dataset chooses \(liveChoice), yet verify said: \(result.stdout)")
            #expect(result.stdout.contains("on these calls advisor recommend would choose \(liveChoice)"), "\(result.stdout)")
        }
        #expect(liveChoice == Self.global, "the tie is broken toward the cheaper profile: \(recommend.stdout)")
    }

    @Test func aRefusedChoiceIsNotCallable() throws {
        let fake = try Fake(profiles: [Self.global: ["ttfb_ms": 150]], refuse: [Self.eu])
        let home = try home()
        defer { home.remove() }
        let result = try verify(fake, home: home, format: "text")
        #expect(result.code == 1)
        #expect(result.stdout.contains("\(Self.eu) is not callable from here: Bedrock answered ValidationException"), "\(result.stdout)")
        #expect(fake.log.filter { $0.model == Self.eu }.count == 4, "a refusal is not retried")
    }

    @Test func anEndpointThatIsDownCannotVerify() throws {
        let home = try home()
        defer { home.remove() }
        let result = try Advisor.run(
            [
                "verify", "--source", "eu-central-1", "--model", "anthropic.claude-sonnet-4-6", "--dataset", "small",
                "--runs", "1", "--interval-ms", "0", "--endpoint-url", "http://127.0.0.1:9",
            ], home: home,
            environment: ["AWS_ACCESS_KEY_ID": "AKIAFAKE", "AWS_SECRET_ACCESS_KEY": "x", "AWS_EC2_METADATA_DISABLED": "true"])
        #expect(result.code == 3, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("could not be verified") && result.stdout.contains("could not be measured (ConnectionError)"))
    }
}
