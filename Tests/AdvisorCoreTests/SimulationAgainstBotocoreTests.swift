import AdvisorCore
import AdvisorTestSupport
import Foundation
import Testing

/// The simulator against botocore itself (issue 28): botocore's standard and adaptive retries,
/// registered by botocore from its own Config, call a fake endpoint that enforces a fixed-window
/// quota (Tests/Oracles/botocore_quota_run.py); the simulator runs the same scaled world. The window
/// is scaled from 60 s to 1 s so a run takes seconds: quota and arrivals per window, botocore's
/// backoff and adaptive limiter in real seconds, unchanged, on both sides.
struct SimulationAgainstBotocoreTests {
    static let rate = 45.0, quota = 30.0, window = 1.0, latency = 0.05, windows = 6
    static let seeds = [1, 2, 3]
    /// Tolerances, absolute: botocore's runs are real time on a loaded machine, its jitter unseeded,
    /// and 3 runs of ~270 requests leave a few points of sampling error on each rate.
    static let throttledShareTolerance = 0.08
    static let attemptsPerRequestTolerance = 0.15

    struct Outcome {
        var requests = 0.0, attempts = 0.0, throttled = 0.0, gaveUp = 0.0
        var throttledShare: Double { throttled / attempts }
        var attemptsPerRequest: Double { attempts / requests }
        var giveUpRate: Double { gaveUp / requests }
        static func + (a: Outcome, b: Outcome) -> Outcome {
            Outcome(
                requests: a.requests + b.requests, attempts: a.attempts + b.attempts, throttled: a.throttled + b.throttled,
                gaveUp: a.gaveUp + b.gaveUp)
        }
    }

    static func botocore(mode: String) throws -> Outcome {
        let results = Locked<[Result<Subprocess.Result, any Error>]>([])
        DispatchQueue.concurrentPerform(iterations: seeds.count) { index in
            let run = Result {
                try Subprocess.python([
                    Repo.file("Tests/Oracles/botocore_quota_run.py").path, mode, String(seeds[index]), String(rate), String(Int(quota)),
                    String(window), String(latency), String(windows),
                ])
            }
            results.update { $0.append(run) }
        }
        var total = Outcome()
        for result in results.value {
            let run = try result.get()
            try #require(run.code == 0, "botocore's run failed: \(run.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            try #require(object["other"] as? Int == 0 && object["invocations"] as? Int == object["requests"] as? Int, "\(object)")
            total =
                total
                + Outcome(
                    requests: Double(object["requests"] as? Int ?? 0), attempts: Double(object["attempts"] as? Int ?? 0),
                    throttled: Double(object["throttled"] as? Int ?? 0), gaveUp: Double(object["gave_up"] as? Int ?? 0))
        }
        return total
    }

    static func simulator(_ retry: RetrySpec) -> Outcome {
        (1...40).map { seed in
            let run = QuotaSimulation(
                quota: .init(rpm: quota, tpm: nil, burndown: 1),
                services: [
                    .init(name: "svc", peakRPM: rate, inputTokens: 0, outputTokens: 0, maxTokens: 0, callSeconds: latency, retry: retry)
                ], minutes: windows, seed: UInt64(seed), window: window
            ).run().services[0]
            return Outcome(
                requests: Double(run.requests), attempts: Double(run.attempts), throttled: Double(run.throttledAttempts),
                gaveUp: Double(run.gaveUp))
        }.reduce(Outcome(), +)
    }

    @Test(.enabled(if: Subprocess.pythonHas("botocore"), "needs python3's botocore (scripts/bootstrap.sh installs it): skipped"))
    func theSimulatorAgreesWithBotocoresStandardAndAdaptiveModes() throws {
        let standard = (botocore: try Self.botocore(mode: "standard"), simulated: Self.simulator(.botocoreStandard))
        let adaptive = (botocore: try Self.botocore(mode: "adaptive"), simulated: Self.simulator(.botocoreAdaptive))
        for (name, pair) in [("standard", standard), ("adaptive", adaptive)] {
            let report =
                "\(name): botocore throttled \(pair.botocore.throttledShare), \(pair.botocore.attemptsPerRequest) attempts/request, "
                + "gave up \(pair.botocore.giveUpRate); simulator \(pair.simulated.throttledShare), \(pair.simulated.attemptsPerRequest), "
                + "\(pair.simulated.giveUpRate)"
            #expect(abs(pair.botocore.throttledShare - pair.simulated.throttledShare) <= Self.throttledShareTolerance, "\(report)")
            #expect(
                abs(pair.botocore.attemptsPerRequest - pair.simulated.attemptsPerRequest) <= Self.attemptsPerRequestTolerance, "\(report)")
            print(report)
        }
        // --compare's direction: adaptive throttles less than standard in botocore's run, and so in the simulator's.
        #expect(adaptive.botocore.throttledShare < standard.botocore.throttledShare)
        #expect(adaptive.simulated.throttledShare < standard.simulated.throttledShare)
        #expect(adaptive.simulated.giveUpRate <= standard.simulated.giveUpRate)
    }
}

/// A value shared by threads of a test.
final class Locked<Value>: @unchecked Sendable {
    // @unchecked: every access goes through `lock`.
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func update(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}
