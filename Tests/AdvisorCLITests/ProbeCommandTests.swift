import AdvisorTestSupport
import Foundation
import Testing

/// `advisor probe` end to end: the built binary against the fake Bedrock endpoint
/// (Tests/Oracles/fake_bedrock.py), then the commands that read what it stored.
@Suite(.enabled(if: Subprocess.pythonHas("botocore"), "python3 with botocore is missing (scripts/bootstrap.sh installs it): skipped"))
struct ProbeCommandTests {
    static let eu = "eu.anthropic.claude-sonnet-4-6", global = "global.anthropic.claude-sonnet-4-6"

    typealias Fake = FakeBedrock

    @Test func aProbeStoresEveryCallAndTheOtherCommandsReadItAtOnce() throws {
        let fake = try Fake(
            profiles: [Self.eu: ["ttfb_ms": 40, "gap_ms": 2], Self.global: ["ttfb_ms": 250, "gap_ms": 2]], script: ["throttle"])
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let result = try Advisor.run(
            [
                "probe", "--source", "eu-central-1", "--model", "anthropic.claude-sonnet-4-6", "--profiles", "eu,global",
                "--runs", "4", "--warmup", "1", "--interval-ms", "0", "--endpoint-url", fake.url,
                "--dataset", "mine", "--format", "json",
            ], home: home, environment: fake.credentials)
        #expect(result.code == 0, "\(result.stderr)")
        #expect(!result.stdout.contains(FakeBedrock.secretKey) && !result.stderr.contains(FakeBedrock.secretKey))
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        let samples = try #require(object["samples"] as? [[String: Any]])
        #expect(samples.map { $0["profile"] as? String } == Array(repeating: [Self.eu, Self.global], count: 5).flatMap { $0 })
        #expect(samples.prefix(2).allSatisfy { $0["warmup"] as? Bool == true })
        // The first call was throttled once: retried, ok, 2 attempts.
        #expect(samples[0]["status"] as? String == "ok" && samples[0]["attempts"] as? Int == 2)
        let summary = try #require(object["summary"] as? [[String: Any]])
        #expect(summary.map { $0["n"] as? Int } == [4, 4])
        #expect(fake.log.count == 11)
        #expect(fake.log.allSatisfy { $0.signature_ok })

        let stats = try Advisor.run(["stats", "--dataset", "mine", "--format", "json"], home: home)
        #expect(stats.code == 0, "\(stats.stderr)")
        let groups = try #require(
            (try JSONSerialization.jsonObject(with: stats.stdoutData) as? [String: Any])?["groups"] as? [[String: Any]])
        #expect(groups.map { $0["n"] as? Int } == [4, 4], "warm-ups are left out of the statistics")
        let recommend = try Advisor.run(
            [
                "recommend", "--source", "eu-central-1", "--model", "anthropic.claude-sonnet-4-6",
                "--dataset", "mine",
            ], home: home)
        #expect(recommend.stdout.contains("use \(Self.eu)"), "\(recommend.stdout)\(recommend.stderr)")
    }

    @Test func aProfileThatIsNotCallableIsRefusedBeforeAnyRequest() throws {
        let fake = try Fake(profiles: [:])
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let result = try Advisor.run(
            [
                "probe", "--source", "eu-central-1", "--model", "anthropic.claude-sonnet-4-6", "--profiles", "jp",
                "--endpoint-url", fake.url,
            ], home: home, environment: fake.credentials)
        #expect(result.code == 2)
        #expect(result.stderr.contains("jp.anthropic.claude-sonnet-4-6 is not callable from eu-central-1"), "\(result.stderr)")
        #expect(result.stderr.contains("ValidationException"))
        #expect(fake.log.isEmpty)
    }

    /// `--force` calls a profile the catalogue says is not callable; Bedrock's refusal is recorded
    /// as that profile's samples, once per call (a ValidationException is never retried).
    @Test func forceRecordsTheRefusalWithoutRetrying() throws {
        let jp = "jp.anthropic.claude-sonnet-4-6"
        let fake = try Fake(profiles: [Self.eu: ["ttfb_ms": 5]], refuse: [jp])
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let result = try Advisor.run(
            [
                "probe", "--source", "eu-central-1", "--model", "anthropic.claude-sonnet-4-6", "--profiles", "eu,jp",
                "--runs", "3", "--warmup", "0", "--interval-ms", "0", "--endpoint-url", fake.url, "--force",
                "--dataset", "forced", "--format", "json",
            ], home: home, environment: fake.credentials)
        #expect(result.code == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])
        let samples = try #require(object["samples"] as? [[String: Any]])
        let refused = samples.filter { $0["profile"] as? String == jp }
        #expect(
            refused.count == 3 && refused.allSatisfy { $0["status"] as? String == "ValidationException" && $0["attempts"] as? Int == 1 },
            "\(refused)")
        #expect(fake.log.count == 6, "one request per call, none retried")
        let stats = try Advisor.run(["stats", "--dataset", "forced", "--format", "json"], home: home)
        #expect(stats.stdout.contains("ValidationException"), "the refusals are stored as errors: \(stats.stdout)")
    }

    /// The CLI trusts AWS_CA_BUNDLE as the AWS CLI and SDKs do, and nothing else it was not given.
    @Test(.enabled(if: TestCertificate.isAvailable, "/usr/bin/openssl is missing (scripts/bootstrap.sh installs it): skipped"))
    func awsCABundleIsHonoured() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let tls = try TestCertificate.make(in: directory)
        let fake = try Fake(profiles: [Self.eu: ["ttfb_ms": 5]], tls: tls)
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let arguments = [
            "probe", "--source", "eu-central-1", "--model", "anthropic.claude-sonnet-4-6", "--profiles", "eu",
            "--runs", "1", "--warmup", "0", "--endpoint-url", fake.url,
        ]
        let trusted = try Advisor.run(arguments, home: home, environment: fake.credentials.merging(["AWS_CA_BUNDLE": tls.cert]) { $1 })
        #expect(trusted.code == 0, "\(trusted.stderr)")
        let untrusted = try Advisor.run(arguments, home: home, environment: fake.credentials)
        #expect(untrusted.code == 3)
        #expect(untrusted.stderr.lowercased().contains("certificate"), "\(untrusted.stderr)")
        #expect(fake.log.count == 1)
    }

    @Test func anEndpointThatIsDownIsARuntimeFailure() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let result = try Advisor.run(
            [
                "probe", "--source", "eu-central-1", "--model", "anthropic.claude-sonnet-4-6", "--profiles", "eu",
                "--runs", "1", "--warmup", "0", "--endpoint-url", "http://127.0.0.1:9",
            ], home: home,
            environment: ["AWS_ACCESS_KEY_ID": "AKIAFAKE", "AWS_SECRET_ACCESS_KEY": "x", "AWS_EC2_METADATA_DISABLED": "true"])
        #expect(result.code == 3, "\(result.stderr)")
        #expect(result.stderr.contains("no call succeeded (ConnectionError: Couldn't connect to server)"), "\(result.stderr)")
    }

    @Test func ctrlCKeepsTheCallsMadeAndExits130() throws {
        let fake = try Fake(profiles: [Self.eu: ["ttfb_ms": 20]])
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let out = Pipe()
        let process = try Subprocess.start(
            Advisor.binary,
            [
                "probe", "--source", "eu-central-1", "--model", "anthropic.claude-sonnet-4-6",
                "--profiles", "eu", "--runs", "500", "--warmup", "0", "--interval-ms", "50",
                "--endpoint-url", fake.url, "--dataset", "cut",
            ],
            environment: Advisor.environment(home: home, fake.credentials), output: out)
        var calls = 0
        for _ in 0..<400 where calls < 3 {  // up to 20 s for three calls to reach the fake
            calls = fake.log.count
            usleep(50_000)
        }
        kill(process.processIdentifier, SIGINT)
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(stdout.contains("interrupted"), "\(stdout)")
        let made = fake.log.count
        #expect(made >= 3 && made < 500)
        let datasets = try Advisor.run(["datasets", "--format", "json"], home: home)
        let list = try #require(
            (try JSONSerialization.jsonObject(with: datasets.stdoutData) as? [String: Any])?["datasets"] as? [[String: Any]])
        #expect(list.first { $0["name"] as? String == "cut" }?["count"] as? Int == made, "every call made is stored")
    }

    /// A probe that creates its store and is killed outright keeps the calls it completed: the store
    /// is put in place before the first call, and each call is its own transaction.
    @Test func killMinus9OnAFreshStoreKeepsTheCallsMade() throws {
        let fake = try Fake(profiles: [Self.eu: ["ttfb_ms": 20]])
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let process = try Subprocess.start(
            Advisor.binary,
            [
                "probe", "--source", "eu-central-1", "--model", "anthropic.claude-sonnet-4-6",
                "--profiles", "eu", "--runs", "500", "--warmup", "0", "--interval-ms", "50",
                "--endpoint-url", fake.url, "--dataset", "killed",
            ],
            environment: Advisor.environment(home: home, fake.credentials), output: Pipe())
        var calls = 0
        for _ in 0..<400 where calls < 3 {  // up to 20 s for three calls to reach the fake
            calls = fake.log.count
            usleep(50_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let made = fake.log.count
        let datasets = try Advisor.run(["datasets", "--format", "json"], home: home)
        #expect(datasets.code == 0, "\(datasets.stderr)")
        let list = try #require(
            (try JSONSerialization.jsonObject(with: datasets.stdoutData) as? [String: Any])?["datasets"] as? [[String: Any]])
        let stored = list.first { $0["name"] as? String == "killed" }?["count"] as? Int ?? 0
        #expect(made >= 3 && (made - 1...made).contains(stored), "\(stored) stored of \(made) calls made (the one in flight may be lost)")
    }
}

extension ProbeCommandTests {
    /// Probes from two regions, exported, merged into a third store by ingest: one dataset with both
    /// regions, every field kept; the same export again changes nothing.
    @Test func exportsOfTwoRegionsMergeIntoOneDataset() throws {
        let fake = try Fake(profiles: [
            Self.eu: ["ttfb_ms": 10], Self.global: ["ttfb_ms": 30], "us.anthropic.claude-sonnet-4-6": ["ttfb_ms": 10],
        ])
        var exports: [String] = []
        let work = try TemporaryDirectory()
        defer { work.remove() }
        for (source, profiles) in [("eu-central-1", "eu,global"), ("us-east-1", "us,global")] {
            let home = try TemporaryDirectory()
            defer { home.remove() }
            let probe = try Advisor.run(
                [
                    "probe", "--source", source, "--model", "anthropic.claude-sonnet-4-6", "--profiles", profiles,
                    "--runs", "2", "--warmup", "1", "--interval-ms", "0", "--endpoint-url", fake.url, "--dataset", "here",
                ],
                home: home, environment: fake.credentials)
            try #require(probe.code == 0, "\(probe.stderr)")
            let file = work.path("\(source).jsonl")
            let export = try Advisor.run(["export", "--dataset", "here", "--out", file], home: home)
            try #require(export.code == 0, "\(export.stderr)")
            exports.append(file)
        }
        let lines = try exports.flatMap { try String(contentsOfFile: $0, encoding: .utf8).split(separator: "\n") }
        #expect(lines.count == 12)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(
            first["warmup"] as? Bool == true && first["attempts"] as? Int == 1 && first["request_id"] != nil
                && first["first_event_ms"] != nil && first["http_version"] as? String == "1.1")

        let merged = try TemporaryDirectory()
        defer { merged.remove() }
        let ingest = try Advisor.run(["ingest", "--dataset", "both"] + exports, home: merged)
        #expect(ingest.code == 0, "\(ingest.stderr)")
        let stats = try Advisor.run(["stats", "--dataset", "both", "--format", "json"], home: merged)
        let groups = try #require(
            (try JSONSerialization.jsonObject(with: stats.stdoutData) as? [String: Any])?["groups"] as? [[String: Any]])
        #expect(Set(groups.compactMap { $0["source_region"] as? String }) == ["eu-central-1", "us-east-1"])
        #expect(groups.allSatisfy { $0["n"] as? Int == 2 }, "warm-ups stay out after the round trip")
        // Every field survives: the merged dataset exports the same lines.
        let again = try Advisor.run(["export", "--dataset", "both"], home: merged)
        #expect(Set(again.stdout.split(separator: "\n")) == Set(lines))
        // The same export once more is refused, and the store does not change.
        let store = merged.path("advisor-home/advisor.sqlite")
        let before = fileBytes(store)
        let twice = try Advisor.run(["ingest", "--dataset", "both", exports[0]], home: merged)
        #expect(twice.code == 2 && twice.stderr.contains("already ingested"))
        #expect(fileBytes(store) == before)
    }
}
