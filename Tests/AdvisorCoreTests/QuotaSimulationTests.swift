import AdvisorCore
import Testing

/// Hand-checkable runs of the quota simulator (issue 28): each expectation follows from the
/// arithmetic in its comment, not from another run of the simulator.
struct QuotaSimulationTests {
    static func service(
        _ name: String = "svc", rpm: Double, input: Double = 1_000, output: Double = 200, maxTokens: Double? = 300,
        retry: RetrySpec = .botocoreStandard
    ) -> QuotaSimulation.Service {
        QuotaSimulation.Service(
            name: name, peakRPM: rpm, inputTokens: input, outputTokens: output, maxTokens: maxTokens, callSeconds: 2, retry: retry)
    }

    @Test func loadUnderTheQuotaIsNeverThrottled() {
        // 10 requests a minute (Poisson) against 150 RPM: a minute would need 15x its mean.
        let run = QuotaSimulation(
            quota: .init(rpm: 150, tpm: nil, burndown: 1), services: [Self.service(rpm: 10)], minutes: 60, seed: 1
        ).run()
        let result = run.services[0]
        #expect(result.requests > 500 && result.throttledAttempts == 0 && result.gaveUp == 0)
        #expect(result.attempts == result.requests && result.addedLatencyP99 == 0)
    }

    @Test func theSeedGuides175RPMAgainst150IsThrottledWithinTheRulesBound() {
        // Three services peaking at 175 RPM together against 150 (the broken.yaml quota): some
        // attempts are refused; botocore standard makes at most 3 attempts a request, so the
        // attempts are at most 3 × 175 = 525 a minute (capacity.retry-storm's bound), and more than 175.
        let services = [Self.service("a", rpm: 75), Self.service("b", rpm: 50), Self.service("c", rpm: 50)]
        let run = QuotaSimulation(quota: .init(rpm: 150, tpm: nil, burndown: 1), services: services, minutes: 30, seed: 7).run()
        let requests = run.services.map(\.requests).reduce(0, +), attempts = run.services.map(\.attempts).reduce(0, +)
        let throttled = run.services.map(\.throttledAttempts).reduce(0, +)
        #expect(throttled > 0)
        #expect(run.services.allSatisfy { $0.attemptsPerRequest <= 3 })
        let attemptedPerMinute = Double(attempts) / 30
        #expect(attemptedPerMinute > 175 * 0.95 && attemptedPerMinute <= 525, "\(attemptedPerMinute)")
        #expect(attempts > requests)
        // No minute admits more than the quota.
        #expect(run.minutes.allSatisfy { $0.admitted <= 150 })
    }

    @Test func fiveTimesBurndownThrottlesOnTokensWhereOneTimesDoesNot() {
        // 10 RPM of 1,000 input + 2,000 output (max_tokens 2,000): reserved 3,000 each, settled
        // 3,000 at 1x (30,000 a minute) or 11,000 at 5x (110,000 a minute) against 60,000 TPM.
        let heavy = Self.service(rpm: 10, input: 1_000, output: 2_000, maxTokens: 2_000)
        let one = QuotaSimulation(quota: .init(rpm: nil, tpm: 60_000, burndown: 1), services: [heavy], minutes: 30, seed: 3).run()
        let five = QuotaSimulation(quota: .init(rpm: nil, tpm: 60_000, burndown: 5), services: [heavy], minutes: 30, seed: 3).run()
        #expect(one.services[0].throttledAttempts == 0)
        #expect(five.services[0].throttledAttempts > 0)
    }

    @Test func anOversizedMaxTokensThrottlesAtTheStart() {
        // AWS's example: 3,000 input + 1,000 cache write, 1,000 output at 5x. max_tokens 32,000
        // reserves 36,000 a request: 4 requests a minute need 144,000 at their start against
        // 100,000 TPM, though they settle at 9,000 each. max_tokens 1,250 reserves 5,250.
        func run(_ maxTokens: Double) -> QuotaSimulation.ServiceResult {
            let service = QuotaSimulation.Service(
                name: "s", peakRPM: 4, inputTokens: 3_000, cacheWriteTokens: 1_000, outputTokens: 1_000, maxTokens: maxTokens,
                callSeconds: 30, retry: .none)
            return QuotaSimulation(quota: .init(rpm: nil, tpm: 100_000, burndown: 5), services: [service], minutes: 60, seed: 11)
                .run().services[0]
        }
        #expect(run(32_000).throttledAttempts > 0)
        #expect(run(1_250).throttledAttempts == 0)
    }

    @Test func theSameSeedGivesTheSameRunAndAnotherSeedAnother() {
        let services = [Self.service("a", rpm: 200), Self.service("b", rpm: 40, retry: .botocoreLegacy)]
        let quota = QuotaSimulation.Quota(rpm: 150, tpm: 300_000, burndown: 5)
        let first = QuotaSimulation(quota: quota, services: services, minutes: 20, seed: 42).run()
        #expect(first == QuotaSimulation(quota: quota, services: services, minutes: 20, seed: 42).run())
        #expect(first != QuotaSimulation(quota: quota, services: services, minutes: 20, seed: 43).run())
    }

    @Test func underSustainedOverloadRetriesAddAttemptsButNoThroughput() {
        // 160 RPM against 100: each minute admits 100 attempts whatever the policy, so at most
        // 100 × 31 requests succeed (requests still retrying at the end finish in the 31st minute);
        // retries only spend admissions new requests would have had.
        let quota = QuotaSimulation.Quota(rpm: 100, tpm: nil, burndown: 1)
        func run(_ retry: RetrySpec, rpm: Double = 160) -> QuotaSimulation.ServiceResult {
            QuotaSimulation(quota: quota, services: [Self.service(rpm: rpm, retry: retry)], minutes: 30, seed: 5).run().services[0]
        }
        let none = run(.none), standard = run(.botocoreStandard), legacy = run(.botocoreLegacy)
        // Compared on one seed, every policy sees the same requests.
        #expect(none.requests == standard.requests && standard.requests == legacy.requests)
        for result in [none, standard, legacy] { #expect(result.succeeded <= 3_100 && result.succeeded > 2_800, "\(result)") }
        #expect(none.attemptsPerRequest == 1 && none.gaveUp == none.throttledAttempts)
        #expect(legacy.attemptsPerRequest > standard.attemptsPerRequest && standard.attemptsPerRequest > 1)
        // Near the quota, where only the Poisson bursts overflow it, retries do rescue requests.
        let burstyNone = run(.none, rpm: 90), burstyStandard = run(.botocoreStandard, rpm: 90)
        #expect(burstyNone.gaveUp > 0 && burstyStandard.gaveUp < burstyNone.gaveUp, "\(burstyNone) \(burstyStandard)")
    }

    @Test func botocoresBackoffConstants() {
        var random = SimulationRandom(seed: 1)
        // Standard: rand × min(2^(n-1), 20): never above 1 s after the first attempt, 20 s after the tenth.
        for attempt in 1...10 {
            let delay = RetrySpec.botocoreStandard.delay(afterAttempt: attempt, random: &random)
            #expect(delay >= 0 && delay <= min(pow2(attempt - 1), 20))
        }
        // Legacy: no cap.
        #expect(RetrySpec.botocoreLegacy.maxDelay == nil && RetrySpec.botocoreLegacy.maxAttempts == 5)
        #expect(RetrySpec.botocoreStandard.retryQuota == .init(capacity: 500, retryCost: 5, noRetryIncrement: 1))
    }

    func pow2(_ n: Int) -> Double { (0..<n).reduce(1.0) { value, _ in value * 2 } }

    @Test func javascriptV3sThrottlingBackoffConstants() {
        // smithy's computeNextBackoffDelay(i) = floor(min(20000, rand × 2^i × 500)) ms for the i-th
        // retry from 0: at most 0.5 s, 1 s, 2 s …, never above 20 s.
        var random = SimulationRandom(seed: 3)
        for attempt in 1...10 {
            let delay = RetrySpec.javascriptStandard.delay(afterAttempt: attempt, random: &random)
            #expect(delay >= 0 && delay <= min(0.5 * pow2(attempt - 1), 20))
        }
        #expect(RetrySpec.javascriptStandard.maxAttempts == 3 && !RetrySpec.javascriptStandard.adaptive)
        #expect(RetrySpec.javascriptAdaptive.adaptive && RetrySpec.named["js-adaptive"] == RetrySpec.javascriptAdaptive)
        // Shorter waits than botocore's (0.5 s base, not 1 s): on the same overload its retries come
        // back sooner, inside the same throttled minute.
        let services = [Self.service(rpm: 300, retry: .javascriptStandard)]
        let js = QuotaSimulation(quota: .init(rpm: 150, tpm: nil, burndown: 1), services: services, minutes: 10, seed: 2).run()
        #expect(js.services[0].throttledAttempts > 0 && js.services[0].attemptsPerRequest <= 3)
    }

    @Test func aCircuitBreakerFailsAttemptsAtOnceWhileOpenAndStopsHammeringTheQuota() {
        // 300 RPM against 150 for 10 minutes: without a breaker every request tries; with one that
        // opens after 5 throttles in a row for 30 s, attempts stop reaching the quota while it is
        // open: fewer throttled attempts, some requests failed at once, none admitted beyond the quota.
        var breaking = RetrySpec.botocoreStandard
        breaking.breaker = RetrySpec.CircuitBreaker(failureThreshold: 5, openSeconds: 30)
        func run(_ retry: RetrySpec) -> QuotaSimulation.ServiceResult {
            QuotaSimulation(
                quota: .init(rpm: 150, tpm: nil, burndown: 1), services: [Self.service(rpm: 300, retry: retry)], minutes: 10, seed: 5
            ).run().services[0]
        }
        let plain = run(.botocoreStandard), broken = run(breaking)
        #expect(plain.shortCircuited == 0 && broken.shortCircuited > 0)
        #expect(broken.requests == plain.requests, "the same traffic")
        #expect(broken.throttledAttempts < plain.throttledAttempts, "\(broken.throttledAttempts) vs \(plain.throttledAttempts)")
        #expect(broken.gaveUp == broken.requests - broken.succeeded, "every request either succeeds or gives up")
        #expect(plain.gaveUp == plain.requests - plain.succeeded)
    }

    @Test func failoverToAnotherQuotaRescuesRequestsTheOwnQuotaRefuses() {
        // 175 RPM against 150 with a 100 RPM failover quota beside it: the 25 a minute the own quota
        // refuses fit in the other, so almost nothing gives up, where standard alone loses some.
        let services = [Self.service(rpm: 175)]
        let alone = QuotaSimulation(quota: .init(rpm: 150, tpm: nil, burndown: 1), services: services, minutes: 20, seed: 8).run()
        let failing = QuotaSimulation(
            quota: .init(rpm: 150, tpm: nil, burndown: 1), services: services, minutes: 20, seed: 8,
            failover: .init(rpm: 100, tpm: nil, burndown: 1)
        ).run()
        let a = alone.services[0], f = failing.services[0]
        #expect(a.requests == f.requests && a.failedOver == 0)
        #expect(f.failedOver > 0 && f.gaveUp < a.gaveUp, "\(f.gaveUp) vs \(a.gaveUp)")
        #expect(f.succeeded + f.gaveUp == f.requests)
        // The own quota never admits more than its limit; per_minute counts it alone.
        #expect(failing.minutes.allSatisfy { $0.admitted <= 150 })
        #expect(SimulationPlan.parsePolicy("standard+failover:global")! == ("standard", .global))
        #expect(SimulationPlan.parsePolicy("config+failover:geographic")! == ("config", .geographic))
        #expect(SimulationPlan.parsePolicy("standard+failover:mantle") == nil && SimulationPlan.parsePolicy("fast") == nil)
    }
}
