@testable import AdvisorProbe
import Foundation
import AdvisorTestSupport
import Testing

/// A clock that moves only when the runner waits: breaker periods, backoff and limiter waits
/// pass at once, and the test sees each one.
final class VirtualTime: MonotonicClock, Sleeper, @unchecked Sendable {
    // @unchecked: used by one test's one thread.
    private(set) var seconds = 1_000.0
    private(set) var waits: [Double] = []
    func now() -> Double { seconds }
    func sleep(seconds: Double) {
        waits.append(seconds)
        self.seconds += seconds
    }
}

/// The probe's run against the fake endpoint: order, warm-ups, retries, breaker, limiter, stop.
@Suite(.enabled(if: Botocore.isAvailable, "python3 with botocore is missing (scripts/bootstrap.sh installs it): skipped"))
struct ProbeRunnerTests {
    func runner(_ fake: FakeBedrock, time: VirtualTime) throws -> ProbeRunner {
        let client = BedrockRuntimeClient(
            endpoint: fake.url, region: "eu-central-1",
            auth: .sigV4(BedrockRuntimeClientTests.credentials), connection: try CurlConnection())
        return ProbeRunner(client: client, clock: time, sleeper: time, seed: 1)
    }

    @Test func callsAreInterleavedAndWarmupsMarked() throws {
        let fake = try FakeBedrock(profiles: ["eu.m": ["ttfb_ms": 5], "global.m": ["ttfb_ms": 5]])
        let time = VirtualTime()
        let outcome = try runner(fake, time: time).run(
            ProbePlan(
                source: "eu-central-1", model: "m", profiles: ["eu.m", "global.m"],
                runs: 3, warmup: 1, intervalSeconds: 0.5))
        #expect(!outcome.interrupted)
        #expect(outcome.samples.map(\.profile) == ["eu.m", "global.m", "eu.m", "global.m", "eu.m", "global.m", "eu.m", "global.m"])
        #expect(fake.log.map(\.model) == outcome.samples.map(\.profile))
        #expect(outcome.samples.map(\.warmup) == [true, true, false, false, false, false, false, false])
        #expect(outcome.samples.map(\.round) == [-1, -1, 0, 0, 1, 1, 2, 2])
        #expect(time.waits == Array(repeating: 0.5, count: 7), "the interval after every call but the last")
        #expect(fake.log.allSatisfy { $0.signature_ok })
    }

    @Test func aThrottledFirstAttemptIsRetriedAndCounted() throws {
        let fake = try FakeBedrock(profiles: ["eu.m": ["ttfb_ms": 5]], script: ["throttle"])
        let time = VirtualTime()
        let outcome = try runner(fake, time: time).run(
            ProbePlan(
                source: "eu-central-1", model: "m", profiles: ["eu.m"],
                runs: 2, warmup: 0, intervalSeconds: 0))
        #expect(outcome.samples.map(\.status) == ["ok", "ok"])
        #expect(outcome.samples.map(\.attempts) == [2, 1])
        // One backoff wait, below the throttling cap of 1 s for the first retry; the call's time holds it.
        #expect(time.waits.count == 1 && time.waits[0] < 1)
        #expect(outcome.samples[0].callMs >= time.waits[0] * 1000 - 1e-6)
        #expect(outcome.samples[0].measurement.firstEventMs! < outcome.samples[0].callMs)
    }

    @Test func aRefusedProfileIsNotRetriedAndAResetFailsOnlyItsSample() throws {
        let fake = try FakeBedrock(profiles: ["eu.m": ["ttfb_ms": 5]], refuse: ["jp.m"], script: ["ok", "ok", "reset", "ok"])
        let time = VirtualTime()
        let outcome = try runner(fake, time: time).run(
            ProbePlan(
                source: "eu-central-1", model: "m", profiles: ["eu.m", "jp.m"],
                runs: 2, warmup: 0, intervalSeconds: 0))
        #expect(outcome.samples.map(\.status) == ["ok", "ValidationException", "ConnectionError", "ValidationException"])
        #expect(outcome.samples.map(\.attempts) == [1, 1, 1, 1])
        #expect(fake.log.count == 4)
        #expect(time.waits.isEmpty)
    }

    @Test func consecutiveFailuresOpenTheBreakerAndCallsPauseForItsPeriod() throws {
        let fake = try FakeBedrock(profiles: ["eu.m": ["ttfb_ms": 5]], script: ["ok"] + Array(repeating: "unavailable", count: 5))
        let time = VirtualTime()
        let runner = try runner(fake, time: time)
        runner.policy = RetryPolicy(maxAttempts: 1)
        let outcome = runner.run(ProbePlan(source: "eu-central-1", model: "m", profiles: ["eu.m"], runs: 7, warmup: 0, intervalSeconds: 0))
        #expect(outcome.samples.map(\.status) == ["ok"] + Array(repeating: "ServiceUnavailableException", count: 5) + ["ok"])
        // The fifth failure opened the breaker for 60 s: the next call waited for it, then closed it.
        #expect(time.waits == [60])
        #expect(runner.breaker.state == .closed)
        #expect(outcome.abandoned == nil)
    }

    /// Issue 23: failures at the start get what any call gets: the breaker's pause and a trial, so
    /// the run outlasts the quota's 60-second window, instead of stopping in two seconds.
    @Test func failuresAtTheStartAreWaitedOutLikeAnyOthers() throws {
        let fake = try FakeBedrock(profiles: ["eu.m": ["ttfb_ms": 5]], script: Array(repeating: "unavailable", count: 50))
        let time = VirtualTime()
        let runner = try runner(fake, time: time)
        runner.policy = RetryPolicy(maxAttempts: 1)
        let outcome = runner.run(ProbePlan(source: "eu-central-1", model: "m", profiles: ["eu.m"], runs: 30, warmup: 0, intervalSeconds: 0))
        #expect(outcome.samples.count == 6)
        #expect(time.waits == [60])
        #expect(
            outcome.abandoned
                == "the endpoint failed 6 times in a row, and again after the circuit breaker's 60 s pause, before any call succeeded")
    }

    /// Throttles are the quota speaking, not the endpoint failing: they never open the breaker.
    @Test func throttlesAtTheStartAreRetriedNotTakenForAnOutage() throws {
        let fake = try FakeBedrock(
            profiles: ["eu.m": ["ttfb_ms": 5]],
            script: ["throttle", "throttle", "throttle", "unavailable", "unavailable", "ok", "ok"])
        let time = VirtualTime()
        let runner = try runner(fake, time: time)
        let outcome = runner.run(ProbePlan(source: "eu-central-1", model: "m", profiles: ["eu.m"], runs: 2, warmup: 0, intervalSeconds: 0))
        // Five attempts (the policy's), the last two 503s: that call fails, the run goes on.
        #expect(outcome.abandoned == nil)
        #expect(outcome.samples.map(\.status) == ["ServiceUnavailableException", "ok"])
        #expect(outcome.samples.first?.attempts == 5)
        #expect(runner.breaker.consecutiveFailures == 0)
    }

    @Test func anEndpointThatNeverAnswersIsAbandonedInsteadOfWaitedFor() throws {
        let time = VirtualTime()
        let client = BedrockRuntimeClient(
            endpoint: "http://127.0.0.1:9", region: "eu-central-1",
            auth: .sigV4(BedrockRuntimeClientTests.credentials), connection: try CurlConnection())
        let runner = ProbeRunner(client: client, clock: time, sleeper: time, seed: 1)
        runner.policy = RetryPolicy(maxAttempts: 1)
        let outcome = runner.run(ProbePlan(source: "eu-central-1", model: "m", profiles: ["eu.m"], runs: 30, warmup: 0, intervalSeconds: 0))
        #expect(outcome.samples.count == 5)
        #expect(outcome.abandoned == "the endpoint failed 5 times in a row without ever answering, before any call succeeded")
        #expect(time.waits.isEmpty)
    }

    @Test func aFailedTrialAfterTheBreakersPauseAbandonsTheRun() throws {
        let fake = try FakeBedrock(profiles: ["eu.m": ["ttfb_ms": 5]], script: ["ok"] + Array(repeating: "unavailable", count: 50))
        let time = VirtualTime()
        let runner = try runner(fake, time: time)
        runner.policy = RetryPolicy(maxAttempts: 1)
        let outcome = runner.run(ProbePlan(source: "eu-central-1", model: "m", profiles: ["eu.m"], runs: 30, warmup: 0, intervalSeconds: 0))
        // ok, 5 failures (breaker opens), a 60 s pause, the trial fails: give up.
        #expect(outcome.samples.count == 7)
        #expect(time.waits == [60])
        #expect(outcome.abandoned == "the endpoint failed 6 times in a row, and again after the circuit breaker's 60 s pause")
    }

    @Test func theTokenLimiterDelaysACallThatWouldExceedItsBudget() throws {
        let fake = try FakeBedrock(profiles: ["eu.m": ["ttfb_ms": 5]])
        let time = VirtualTime()
        let runner = try runner(fake, time: time)
        runner.tokenLimiter = TokenRateLimiter(tokensPerMinute: 100)
        _ = runner.run(ProbePlan(source: "eu-central-1", model: "m", profiles: ["eu.m"], runs: 2, warmup: 0, intervalSeconds: 0))
        // The first call (estimated 264 tokens, used 27) fills the window: the second waits a minute.
        #expect(time.waits == [60])
    }

    @Test func stoppingKeepsTheSamplesMadeSoFar() throws {
        let fake = try FakeBedrock(profiles: ["eu.m": ["ttfb_ms": 5]])
        let time = VirtualTime()
        let runner = try runner(fake, time: time)
        var made = 0
        runner.shouldStop = { made >= 3 }
        let outcome = runner.run(ProbePlan(source: "eu-central-1", model: "m", profiles: ["eu.m"], runs: 10, warmup: 0, intervalSeconds: 0))
        { _, _, _ in
            made += 1
        }
        #expect(outcome.interrupted)
        #expect(outcome.samples.count == 3)
        #expect(fake.log.count == 3)
    }
}
