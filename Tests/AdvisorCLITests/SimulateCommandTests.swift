import AdvisorTestSupport
import Foundation
import Testing

/// `advisor simulate` end to end: the seed guide's three services over one quota.
struct SimulateCommandTests {
    static let config = """
        services:
          - {name: app-a, region: ap-northeast-3, model: jp.anthropic.claude-sonnet-4-6,
             traffic: {peak_rpm: 75, input_tokens: 1500, output_tokens: 500, max_tokens: 800},
             client: {max_attempts: 3, backoff: {base_ms: 1000, max_ms: 20000, jitter: full}}}
          - {name: app-b, region: ap-northeast-3, model: jp.anthropic.claude-sonnet-4-6,
             traffic: {peak_rpm: 50, input_tokens: 1500, output_tokens: 500, max_tokens: 800}}
          - {name: app-c, region: ap-northeast-3, model: jp.anthropic.claude-sonnet-4-6,
             traffic: {peak_rpm: 50, input_tokens: 1500, output_tokens: 500, max_tokens: 800}}
        quotas:
          - {model: anthropic.claude-sonnet-4-6, region: ap-northeast-3, rpm: 150, tpm: 3000000}

        """

    @Test func theSameSeedPrintsTheSameBytesAndComparedPoliciesShareTheTraffic() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let path = home.path("advisor.yaml")
        try Self.config.write(toFile: path, atomically: true, encoding: .utf8)
        let arguments = [
            "simulate", "--config", path, "--minutes", "20", "--seed", "9", "--compare", "config,legacy,none", "--format", "json",
        ]
        let first = try Advisor.run(arguments, home: home)
        #expect(first.code == 0, "\(first.stderr)")
        let second = try Advisor.run(arguments, home: home)
        #expect(first.stdout == second.stdout, "same seed, same output, byte for byte")
        let other = try Advisor.run(arguments.map { $0 == "9" ? "10" : $0 }, home: home)
        #expect(other.stdout != first.stdout)
        let object = try #require(try JSONSerialization.jsonObject(with: first.stdoutData) as? [String: Any])
        let runs = try #require(object["simulations"] as? [[String: Any]])
        #expect(runs.map { $0["policy"] as? String } == ["config", "legacy", "none"])
        func services(_ run: [String: Any]) -> [[String: Any]] { run["services"] as? [[String: Any]] ?? [] }
        let requests = runs.map { services($0).map { $0["requests"] as? Int ?? 0 } }
        #expect(requests[0] == requests[1] && requests[1] == requests[2], "one seed, the same requests under every policy")
        // 175 RPM against 150: throttled; without retries every throttle is a give-up; legacy retries most.
        let attempts = runs.map { services($0).map { $0["attempts"] as? Int ?? 0 }.reduce(0, +) }
        let throttled = runs.map { services($0).map { $0["throttled_attempts"] as? Int ?? 0 }.reduce(0, +) }
        #expect(throttled.allSatisfy { $0 > 0 })
        #expect(attempts[1] > attempts[0] && attempts[0] > attempts[2])
        let text = try Advisor.run(Array(arguments.dropLast(2)), home: home)
        #expect(text.stdout.contains("quota anthropic.claude-sonnet-4-6 in ap-northeast-3 · policy config · 20 simulated minutes"))
        #expect(text.stdout.contains("no total time in dataset seed-lab-2026-04 for the route"))
    }

    /// The direction botocore's own run shows (SimulationAgainstBotocoreTests, one client over a
    /// quota): adaptive mode's limiter throttles fewer attempts than standard mode on the same
    /// traffic, and fewer requests give up.
    @Test func adaptiveThrottlesLessThanStandardOnTheSameTraffic() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let path = home.path("advisor.yaml")
        try """
        services:
          - {name: app, region: ap-northeast-3, model: jp.anthropic.claude-sonnet-4-6,
             traffic: {peak_rpm: 175, input_tokens: 1500, output_tokens: 500, max_tokens: 800}}
        quotas:
          - {model: anthropic.claude-sonnet-4-6, region: ap-northeast-3, rpm: 150, tpm: 3000000}

        """.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try Advisor.run(
            ["simulate", "--config", path, "--minutes", "30", "--seed", "3", "--compare", "standard,adaptive", "--format", "json"],
            home: home)
        #expect(result.code == 0, "\(result.stderr)")
        let runs = try #require(
            (try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])?["simulations"] as? [[String: Any]])
        let throttled = runs.map { ($0["services"] as? [[String: Any]] ?? []).map { $0["throttled_attempts"] as? Int ?? 0 }.reduce(0, +) }
        let requests = runs.map { ($0["services"] as? [[String: Any]] ?? []).map { $0["requests"] as? Int ?? 0 }.reduce(0, +) }
        #expect(runs.map { $0["policy"] as? String } == ["standard", "adaptive"] && requests[0] == requests[1])
        let gaveUp = runs.map { ($0["services"] as? [[String: Any]] ?? []).map { $0["gave_up"] as? Int ?? 0 }.reduce(0, +) }
        #expect(throttled[1] < throttled[0] && gaveUp[1] < gaveUp[0], "\(throttled) \(gaveUp)")
    }

    /// The golden run's world: the seed guide's services on a route the built-in dataset measured
    /// (us-east-1 → global, P50 2.509 s, P95 3.491 s, P99 9.653 s: call times drawn from them), one
    /// with a circuit breaker, one on the Java v2 SDK, one arriving in bursts.
    static let goldenConfig = """
        services:
          - {name: app-a, region: us-east-1, model: global.anthropic.claude-sonnet-4-6,
             traffic: {peak_rpm: 75, input_tokens: 1500, output_tokens: 500, max_tokens: 800},
             client: {max_attempts: 3, backoff: {base_ms: 1000, max_ms: 20000, jitter: full}, circuit_breaker: {failure_threshold: 5, open_seconds: 30}}}
          - {name: app-b, region: us-east-1, model: global.anthropic.claude-sonnet-4-6,
             traffic: {peak_rpm: 50, input_tokens: 1500, output_tokens: 500, max_tokens: 800},
             client: {sdk: java, retry_mode: standard}}
          - {name: app-c, region: us-east-1, model: global.anthropic.claude-sonnet-4-6,
             traffic: {peak_rpm: 50, input_tokens: 1500, output_tokens: 500, max_tokens: 800,
                       burst: {factor: 3, seconds: 60, every_seconds: 300}}}
        quotas:
          - {model: anthropic.claude-sonnet-4-6, region: us-east-1, scope: global, rpm: 150, tpm: 3000000}

        """

    /// Golden output for both formats (goldenConfig) under its own settings, botocore standard and
    /// adaptive and Java v2 legacy. Seeded, so byte for byte.
    @Test("Golden output for every format", arguments: ["text", "json"])
    func goldenFormats(format: String) throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let path = home.path("advisor.yaml")
        try Self.goldenConfig.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try Advisor.run(
            [
                "simulate", "--config", "advisor.yaml", "--minutes", "15", "--seed", "4", "--compare",
                "config,standard,adaptive,java-legacy", "--format", format,
            ],
            home: home, directory: home.url)
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout.contains("circuit breaker failed") == (format == "text"), "the breaker opened")
        if let difference = try Golden.check(result.stdout, named: "simulate.\(format == "text" ? "txt" : format)") {
            Issue.record(Comment(rawValue: difference))
        }
    }

    /// `standard+failover:global`: the seed guide's 175 RPM against its geographic quota of 150,
    /// with a global quota beside it: fewer requests give up than under standard alone; without a
    /// global quota the run says failover was not simulated.
    @Test func failoverToTheGlobalQuotaChangesTheOutcome() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let path = home.path("advisor.yaml")
        try (Self.config + "  - {model: anthropic.claude-sonnet-4-6, region: ap-northeast-3, scope: global, rpm: 100, tpm: 3000000}\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let result = try Advisor.run(
            [
                "simulate", "--config", path, "--minutes", "20", "--seed", "2", "--compare", "standard,standard+failover:global",
                "--format", "json",
            ],
            home: home)
        #expect(result.code == 0, "\(result.stderr)")
        let runs = try #require(
            (try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])?["simulations"] as? [[String: Any]])
        let geographic = runs.filter { ($0["quota"] as? String)?.hasSuffix("ap-northeast-3") == true }
        #expect(geographic.map { $0["policy"] as? String } == ["standard", "standard+failover:global"])
        func total(_ run: [String: Any], _ key: String) -> Int {
            (run["services"] as? [[String: Any]] ?? []).map { $0[key] as? Int ?? 0 }.reduce(0, +)
        }
        #expect(total(geographic[1], "failed_over") > 0 && total(geographic[1], "gave_up") < total(geographic[0], "gave_up"))
        #expect(
            (geographic[1]["note"] as? String)?.contains("failover to quota anthropic.claude-sonnet-4-6 in ap-northeast-3 (global)") == true
        )
        try Self.config.write(toFile: path, atomically: true, encoding: .utf8)
        let without = try Advisor.run(["simulate", "--config", path, "--compare", "standard+failover:global"], home: home)
        #expect(without.code == 0 && without.stdout.contains("failover not simulated"), "\(without.stdout)")
        let bad = try Advisor.run(["simulate", "--config", path, "--compare", "standard+failover:moon"], home: home)
        #expect(bad.code == 2 && bad.stderr.contains("+failover:global"), "\(bad.stderr)")
    }

    /// A raw-sample dataset named with --dataset: each call takes one of the route's measured calls
    /// (here 2 s or 40 s, half each). The long calls hold their reserved tokens for 40 s, so the
    /// same traffic is throttled on tokens where the built-in dataset's 2.5 s median calls are not.
    @Test func aRawSampleDatasetsCallsAreWhatTheSimulatorDraws() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        var samples = "source_region,profile,ttfb_ms,total_ms,status,timestamp\n"
        for index in 0..<40 {
            samples +=
                "us-east-1,global.anthropic.claude-sonnet-4-6,700,\(index % 2 == 0 ? 2_000 : 40_000),ok,2026-11-20T10:00:\(String(format: "%02d", index))Z\n"
        }
        try samples.write(toFile: home.path("calls.csv"), atomically: true, encoding: .utf8)
        let ingest = try Advisor.run(["ingest", home.path("calls.csv"), "--dataset", "slow"], home: home)
        #expect(ingest.code == 0, "\(ingest.stderr)")
        let path = home.path("advisor.yaml")
        try """
        services:
          - {name: app, region: us-east-1, model: global.anthropic.claude-sonnet-4-6,
             traffic: {peak_rpm: 40, input_tokens: 1000, output_tokens: 500, max_tokens: 20000}}
        quotas:
          - {model: anthropic.claude-sonnet-4-6, region: us-east-1, scope: global, tpm: 200000}

        """.write(toFile: path, atomically: true, encoding: .utf8)
        func run(_ dataset: [String]) throws -> (throttled: Int, note: String) {
            let result = try Advisor.run(
                ["simulate", "--config", path, "--minutes", "20", "--seed", "1", "--refill", "token-bucket", "--format", "json"] + dataset,
                home: home)
            #expect(result.code == 0, "\(result.stderr)")
            let run = try #require(
                (try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])?["simulations"] as? [[String: Any]]
            ).first
            let service = try #require((run?["services"] as? [[String: Any]])?.first)
            return (service["throttled_attempts"] as? Int ?? -1, run?["note"] as? String ?? "")
        }
        let measured = try run(["--dataset", "slow"]), builtin = try run([])
        #expect(measured.note.contains("call times drawn from the route's 40 measured calls in dataset slow"), "\(measured.note)")
        #expect(builtin.note.contains("call times drawn from the route's P50, P95, P99 in dataset seed-lab-2026-04"))
        // Each request reserves 21,000 tokens and settles at 1,000 + 500 × 5 = 3,500, against a
        // bucket of 200,000 refilled continuously. Calls of ~2.5 s hold the difference for
        // 40/60 × 2.5 ≈ 1.7 requests at a time (~30,000); calls of 40 s, half of them, hold it for
        // 20/60 × 40 ≈ 13 (~230,000, more than the bucket): throttled.
        #expect(measured.throttled > 10 * max(builtin.throttled, 1), "\(measured.throttled) vs \(builtin.throttled)")
    }

    /// AWS does not say whether quota windows are fixed or sliding: each run says what the other
    /// refill gives, and that is exactly the run --refill asks for directly.
    @Test func eachRunSaysWhatTheOtherRefillGives() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let path = home.path("advisor.yaml")
        try Self.config.write(toFile: path, atomically: true, encoding: .utf8)
        func run(_ refill: String) throws -> [String: Any] {
            let result = try Advisor.run(
                ["simulate", "--config", path, "--minutes", "10", "--seed", "5", "--refill", refill, "--format", "json"], home: home)
            #expect(result.code == 0, "\(result.stderr)")
            return try #require(
                (try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any])?["simulations"] as? [[String: Any]]
            ).first ?? [:]
        }
        func totals(_ run: [String: Any]) -> [Int] {
            let services = run["services"] as? [[String: Any]] ?? []
            return ["throttled_attempts", "gave_up"].map { key in services.map { $0[key] as? Int ?? 0 }.reduce(0, +) }
        }
        let fixed = try run("fixed-window"), bucket = try run("token-bucket")
        let saidOfBucket = try #require(fixed["other_refill"] as? [String: Any])
        #expect(saidOfBucket["refill"] as? String == "token-bucket")
        #expect([saidOfBucket["throttled_attempts"] as? Int ?? -1, saidOfBucket["gave_up"] as? Int ?? -1] == totals(bucket))
        let saidOfFixed = try #require(bucket["other_refill"] as? [String: Any])
        #expect([saidOfFixed["throttled_attempts"] as? Int ?? -1, saidOfFixed["gave_up"] as? Int ?? -1] == totals(fixed))
    }

    /// The work bound covers everything one command asks for: a peak each policy alone could run
    /// (20,000 RPM × 60 minutes × 3 attempts × both refills = 7.2 million attempts) is refused, before
    /// anything runs, when ten policies are compared (over 50 million in all).
    @Test func theWorkBoundCoversEveryPolicyCompared() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let path = home.path("advisor.yaml")
        try """
        services:
          - {name: big, region: ap-northeast-3, model: jp.anthropic.claude-sonnet-4-6,
             traffic: {peak_rpm: 20000, input_tokens: 100, output_tokens: 50, max_tokens: 100}}
        quotas:
          - {model: anthropic.claude-sonnet-4-6, region: ap-northeast-3, rpm: 15000, tpm: 300000000}

        """.write(toFile: path, atomically: true, encoding: .utf8)
        let all = "standard,legacy,adaptive,none,js-standard,js-adaptive,java-standard,java-adaptive,java-legacy,config"
        let refused = try Advisor.run(["simulate", "--config", path, "--minutes", "60", "--compare", all], home: home, timeout: 60)
        #expect(refused.code == 2 && refused.stdout.isEmpty, "\(refused.stdout.prefix(300))")
        #expect(
            refused.stderr.contains("traffic.peak_rpm of quota anthropic.claude-sonnet-4-6 in ap-northeast-3")
                && refused.stderr.contains("over every quota and policy simulated"), "\(refused.stderr)")
    }

    @Test func badFlagsAreRefused() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let bad = try Advisor.run(["simulate", "--compare", "standard,turbo"], home: home)
        #expect(bad.code == 2)
        #expect(bad.stderr.contains("unknown policy 'turbo'"))
        let minutes = try Advisor.run(["simulate", "--minutes", "0"], home: home)
        #expect(minutes.code == 2)
        // What would never end is refused, naming the field: attempts without bound (a zero backoff
        // would loop in place) and a peak no run could finish.
        let path = home.path("advisor.yaml")
        for (change, expected) in [
            ("max_attempts: 3, backoff", "max_attempts: 1000000, backoff", "client.max_attempts: unknown value '1000000'"),
            ("peak_rpm: 75", "peak_rpm: 1e11", "traffic.peak_rpm of quota anthropic.claude-sonnet-4-6 in ap-northeast-3"),
            // A burst that cannot keep the average, and a retry mode the SDK does not have.
            (
                "max_tokens: 800},\n     client", "max_tokens: 800, burst: {factor: 10, seconds: 30, every_seconds: 60}},\n     client",
                "services app-a traffic.burst"
            ),
            ("jitter: full}}", "jitter: full}, sdk: javascript, retry_mode: legacy}", "services app-a client.retry_mode"),
        ].map({ (($0.0, $0.1), $0.2) }) {
            try Self.config.replacingOccurrences(of: change.0, with: change.1).write(toFile: path, atomically: true, encoding: .utf8)
            let refused = try Advisor.run(["simulate", "--config", path], home: home, timeout: 60)
            #expect(refused.code == 2, "\(refused.stdout)")
            #expect(refused.stderr.contains(expected), "\(refused.stderr)")
        }
    }
}
