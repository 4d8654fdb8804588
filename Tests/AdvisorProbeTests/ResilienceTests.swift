@testable import AdvisorProbe
import Testing

/// A random source that returns the values it is given, in turn.
struct FixedRandom: RandomSource {
    var values: [Double]
    var index = 0
    mutating func nextUnit() -> Double {
        defer { index += 1 }
        return values[index % values.count]
    }
}

/// The retry, breaker and limiter state machines of ../shared/seeds/001, driven by given times
/// and random numbers: no test waits for time.
struct RetryPolicyTests {
    @Test func throttlingBacksOffExponentiallyWithFullJitterUpToItsCeiling() {
        let policy = RetryPolicy(maxAttempts: 10)
        #expect((1...8).map { policy.throttling.cap(retry: $0) } == [1, 2, 4, 8, 16, 32, 60, 60])
        #expect((1...3).map { policy.transient.cap(retry: $0) } == [0.1, 0.2, 0.4])
        var budget = RetryBudget()
        var random = FixedRandom(values: [0.5])
        #expect(policy.decide(after: 3, kind: .throttling, now: 0, budget: &budget, random: &random) == .retry(after: 2, attempt: 4))
        #expect(policy.decide(after: 1, kind: .transient, now: 0, budget: &budget, random: &random) == .retry(after: 0.05, attempt: 2))
    }

    @Test func fullJitterSpreadsWaitsUniformlyBelowTheCap() {
        let policy = RetryPolicy(maxAttempts: 10)
        var budget = RetryBudget(capacity: 100_000)
        var random = SeededRandomSource(seed: 7)
        var waits: [Double] = []
        for _ in 0..<20_000 {
            guard case .retry(let wait, _) = policy.decide(after: 4, kind: .throttling, now: 0, budget: &budget, random: &random) else {
                Issue.record("expected a retry"); return
            }
            waits.append(wait)
        }
        let mean = waits.reduce(0, +) / Double(waits.count)
        #expect(waits.allSatisfy { $0 >= 0 && $0 < 8 })
        #expect(abs(mean - 4) < 0.1, "mean \(mean): full jitter over [0, 8) averages 4")
        #expect(waits.filter { $0 < 1 }.count > 2_000, "full jitter reaches near zero, unlike the guide's delay + 10% jitter")
    }

    @Test func finalErrorsAreNotRetriedAndAttemptsAndBudgetAreBounded() {
        let policy = RetryPolicy(maxAttempts: 3)
        var budget = RetryBudget(capacity: 2, refundPerSuccess: 0.5)
        var random = FixedRandom(values: [0.1])
        #expect(policy.decide(after: 1, kind: .final, now: 0, budget: &budget, random: &random) == .stop("not retryable"))
        #expect(policy.decide(after: 3, kind: .transient, now: 0, budget: &budget, random: &random) == .stop("3 attempts made"))
        #expect(
            policy.decide(after: 1, kind: .transient, now: 0, budget: &budget, random: &random) != .stop("the run's retry budget is spent"))
        #expect(
            policy.decide(after: 1, kind: .transient, now: 0, budget: &budget, random: &random) != .stop("the run's retry budget is spent"))
        #expect(
            policy.decide(after: 1, kind: .transient, now: 0, budget: &budget, random: &random) == .stop("the run's retry budget is spent"))
        budget.recordSuccess()
        budget.recordSuccess()
        #expect(
            policy.decide(after: 1, kind: .transient, now: 0, budget: &budget, random: &random) != .stop("the run's retry budget is spent"))
    }

    @Test func throttlingWaitsCanBeMovedPastTheQuotaWindow() {
        var policy = RetryPolicy(maxAttempts: 5)
        policy.alignThrottlingToWindow = true
        var budget = RetryBudget()
        var random = FixedRandom(values: [1.0 - 1e-9])
        // At 55 s into a minute a 2 s wait would end at 57 s, inside the last 5 s: it ends at 61 s instead.
        guard case .retry(let wait, _) = policy.decide(after: 2, kind: .throttling, now: 115, budget: &budget, random: &random) else {
            Issue.record("expected a retry"); return
        }
        #expect(abs((115 + wait) - 121) < 1e-6)
        // A transient failure is not aligned.
        guard case .retry(let transientWait, _) = policy.decide(after: 1, kind: .transient, now: 115, budget: &budget, random: &random)
        else {
            Issue.record("expected a retry"); return
        }
        #expect(transientWait < 0.1)
    }
}

struct CircuitBreakerTests {
    @Test func opensAfterConsecutiveFailuresPausesThenTriesOnce() {
        var breaker = CircuitBreaker()  // the guide's 5 failures, 60 s
        for second in 0..<4 { breaker.recordFailure(now: Double(second)) }
        #expect(breaker.permit(now: 4) == nil)
        breaker.recordFailure(now: 4)
        #expect(breaker.state == .open(until: 64))
        #expect(breaker.permit(now: 10) == 54)
        #expect(breaker.permit(now: 64) == nil)
        #expect(breaker.state == .halfOpen)
        // The trial fails: open again for the whole period.
        breaker.recordFailure(now: 65)
        #expect(breaker.permit(now: 65) == 60)
        #expect(breaker.permit(now: 125) == nil)
        breaker.recordSuccess()
        #expect(breaker.state == .closed && breaker.consecutiveFailures == 0)
    }

    @Test func aSuccessResetsTheCount() {
        var breaker = CircuitBreaker(failureThreshold: 3, openSeconds: 10)
        breaker.recordFailure(now: 0)
        breaker.recordFailure(now: 1)
        breaker.recordSuccess()
        breaker.recordFailure(now: 2)
        breaker.recordFailure(now: 3)
        #expect(breaker.state == .closed)
    }
}

struct RateLimiterTests {
    @Test func requestsPerMinuteSlideOverSixtySeconds() {
        var limiter = RequestRateLimiter(requestsPerMinute: 2)
        #expect(limiter.delay(now: 0) == 0)
        limiter.record(start: 0)
        limiter.record(start: 10)
        #expect(limiter.delay(now: 20) == 40)
        #expect(limiter.delay(now: 60) == 0)
    }

    @Test func theTokenLimiterDelaysACallThatWouldExceedItsBudget() {
        var limiter = TokenRateLimiter(tokensPerMinute: 1_000)
        let first = limiter.reserve(now: 0, estimatedTokens: 600)
        #expect(limiter.delay(now: 10, estimatedTokens: 300) == 0)
        // 600 + 500 > 1000: wait until the first call's tokens leave the window, at 60 s.
        #expect(limiter.delay(now: 10, estimatedTokens: 500) == 50)
        // The first call used fewer tokens than estimated: the second fits at once.
        limiter.settle(first, actualTokens: 300)
        #expect(limiter.delay(now: 10, estimatedTokens: 500) == 0)
        #expect(limiter.used(now: 10) == 300)
        #expect(limiter.used(now: 61) == 0)
    }

    @Test func aCallLargerThanTheBudgetWaitsForAnEmptyWindow() {
        var limiter = TokenRateLimiter(tokensPerMinute: 1_000)
        _ = limiter.reserve(now: 0, estimatedTokens: 200)
        _ = limiter.reserve(now: 5, estimatedTokens: 200)
        #expect(limiter.delay(now: 10, estimatedTokens: 5_000) == 55)
        #expect(limiter.delay(now: 65, estimatedTokens: 5_000) == 0)
    }
}
