import AdvisorCore
import Foundation
import Testing

/// The simulator's inputs beyond a steady load and botocore: call times drawn from the measured
/// distribution, declared bursts, the Java v2 SDK's modes, decorrelated jitter and the SDK a
/// service declares. Each expectation follows from the arithmetic in its comment.
struct SimulationShapesTests {
    // MARK: Call times

    @Test func percentilesAreHitExactlyAndInterpolatedBetween() {
        // P50 2.509 s, P95 3.491 s, P99 9.653 s (the seed lab's us-east-1 → global row).
        let stats = RouteStats(values: [
            MetricStatistic(.total, .p50): 2_509, MetricStatistic(.total, .p95): 3_491, MetricStatistic(.total, .p99): 9_653,
        ])
        guard case .percentiles(let points, let maximum)? = CallTime.measured(stats, distribution: nil) else {
            Issue.record("expected percentiles")
            return
        }
        #expect(points.map(\.quantile) == [0.5, 0.95, 0.99] && maximum == nil)
        let time = CallTime.percentiles(points, maximum: nil)
        func at(_ u: Double) -> Double { time.quantile(u) }
        #expect(abs(at(0.5) - 2.509) < 1e-9 && abs(at(0.95) - 3.491) < 1e-9 && abs(at(0.99) - 9.653) < 1e-9)
        // Halfway from P95 to P99 is halfway between their values.
        #expect(abs(at(0.97) - (3.491 + 9.653) / 2) < 1e-9)
        // Below the median: the lognormal through P50 and P99, sigma = ln(9.653/2.509)/z(0.99).
        let sigma = log(9.653 / 2.509) / 2.326_347_874
        #expect(abs(at(0.1) - 2.509 * exp(sigma * -1.281_551_566)) < 1e-6)
        // Beyond P99 it keeps growing along that lognormal, and a published maximum bounds it.
        #expect(at(0.999) > 9.653)
        #expect(CallTime.percentiles(points, maximum: 10).quantile(0.999_9) == 10)
        // A tail so wide its lognormal reaches years is cut at a day, the longest latency a reader accepts.
        var random = SimulationRandom(seed: 1)
        let wide = CallTime.percentiles([.init(0.5, 0.001), .init(0.99, 86_400)], maximum: nil)
        #expect((0..<10_000).map { _ in wide.draw(&random) }.max()! <= CallTime.longest)
    }

    @Test func manyDrawsReproduceThePercentilesTheyCameFrom() {
        let time = CallTime.percentiles([.init(0.5, 2), .init(0.9, 3), .init(0.99, 8)], maximum: nil)
        var random = SimulationRandom(seed: 9)
        let draws = (0..<200_000).map { _ in time.draw(&random) }.sorted()
        func quantile(_ p: Double) -> Double { draws[Int(p * Double(draws.count))] }
        #expect(abs(quantile(0.5) - 2) < 0.02 && abs(quantile(0.9) - 3) < 0.03 && abs(quantile(0.99) - 8) < 0.2)
    }

    @Test func rawSamplesAreDrawnAsTheyWereMeasuredAndWinOverPercentiles() {
        let stats = RouteStats(values: [MetricStatistic(.total, .p50): 5_000])
        let time = CallTime.measured(stats, distribution: RouteDistribution(ttfb: [100], total: [1_000, 2_000, 9_000]))
        #expect(time == .samples([1, 2, 9]))
        var random = SimulationRandom(seed: 4)
        let draws = (0..<3_000).map { _ in time!.draw(&random) }
        #expect(Set(draws) == [1, 2, 9])
        for value in [1.0, 2, 9] { #expect(abs(Double(draws.filter { $0 == value }.count) - 1_000) < 120) }
        // Only a P50: no spread to draw from, every call takes it.
        var one = SimulationRandom(seed: 1)
        #expect(CallTime.measured(stats, distribution: nil)?.draw(&one) == 5)
        #expect(CallTime.measured(nil, distribution: nil) == nil)
    }

    @Test func addedLatencyIsWhatTheRequestWaitedBeyondItsOwnCall() {
        // Calls of 1 s or 9 s, no throttling: nothing is added, whichever the call took. Subtracting
        // a median instead would report 4 s added for the 9 s calls.
        let service = QuotaSimulation.Service(
            name: "s", peakRPM: 30, inputTokens: 0, outputTokens: 0, maxTokens: 0, callTime: .samples([1, 9]), retry: .botocoreStandard)
        let run = QuotaSimulation(quota: .init(rpm: 1_000, tpm: nil, burndown: 1), services: [service], minutes: 10, seed: 2).run()
        #expect(run.services[0].requests > 200 && run.services[0].addedLatencyP99 == 0)
    }

    // MARK: Bursts

    @Test func burstsKeepTheAverageAndConcentrateArrivals() {
        // 120 RPM (2/s) in bursts of 4x for 10 s every 60 s: 8/s within (80 a burst), and
        // 2 × (60 − 40) / 50 = 0.8/s between (40 a period): still 120 a minute.
        let shape = ArrivalShape.burst(factor: 4, seconds: 10, everySeconds: 60)
        var random = SimulationRandom(seed: 5)
        var time = 0.0, inBurst = 0, outside = 0
        while true {
            time = shape.next(after: time, rate: 2, unitExponential: random.exponential(rate: 1))
            guard time < 3_600 else { break }
            if time.truncatingRemainder(dividingBy: 60) < 10 { inBurst += 1 } else { outside += 1 }
        }
        #expect(abs(Double(inBurst) / 60 - 80) < 4, "\(inBurst)")
        #expect(abs(Double(outside) / 60 - 40) < 3, "\(outside)")
    }

    @Test func aBurstAboveTheQuotaIsThrottledWhereTheSameAverageSteadyIsNot() {
        // 100 RPM against 150: steady Poisson almost never reaches 150 in a minute. The same average
        // in bursts of 3x for a minute in every five puts ~300 into that minute: throttled.
        func run(_ arrivals: ArrivalShape) -> QuotaSimulation.ServiceResult {
            let service = QuotaSimulation.Service(
                name: "s", peakRPM: 100, inputTokens: 0, outputTokens: 0, maxTokens: 0, callTime: .fixed(2), arrivals: arrivals,
                retry: .none)
            return QuotaSimulation(quota: .init(rpm: 150, tpm: nil, burndown: 1), services: [service], minutes: 30, seed: 8)
                .run().services[0]
        }
        let steady = run(.poisson), bursty = run(.burst(factor: 3, seconds: 60, everySeconds: 300))
        #expect(steady.throttledAttempts == 0)
        // Six burst minutes of ~300 against 150: ~900 refused.
        #expect(bursty.throttledAttempts > 700 && bursty.throttledAttempts < 1_100, "\(bursty.throttledAttempts)")
        #expect(abs(Double(bursty.requests - steady.requests)) < 200, "the same average load")
    }

    @Test func aBurstThatCannotKeepTheAverageIsRefusedNamingTheField() throws {
        let service = Self.service(["traffic": .object(["peak_rpm": .number(10), "burst": Self.burst(5, 20, 60)])])
        #expect(throws: InputError.self) { try SimulationPlan.arrivalShape(service, file: "advisor.yaml") }
        do {
            _ = try SimulationPlan.arrivalShape(service, file: "advisor.yaml")
        } catch {
            #expect(error.field == "advisor.yaml: services api traffic.burst" && error.expected.contains("factor × seconds"))
        }
        let fine = Self.service(["traffic": .object(["peak_rpm": .number(10), "burst": Self.burst(3, 20, 60)])])
        #expect(try SimulationPlan.arrivalShape(fine, file: "advisor.yaml") == .burst(factor: 3, seconds: 20, everySeconds: 60))
        let inverted = Self.service(["traffic": .object(["burst": Self.burst(1, 90, 60)])])
        #expect(throws: InputError.self) { try SimulationPlan.arrivalShape(inverted, file: "advisor.yaml") }
        // A burst in nanoseconds, or not a number, is refused rather than stepped through.
        for (factor, seconds, every) in [(1.0, 1e-9, 2e-9), (Double.nan, 10, 60), (2, 10, .infinity)] {
            let odd = Self.service(["traffic": .object(["burst": Self.burst(factor, seconds, every)])])
            #expect(throws: InputError.self) { try SimulationPlan.arrivalShape(odd, file: "advisor.yaml") }
        }
    }

    // MARK: SDKs and jitter

    @Test func javaV2sThrottlingConstants() {
        // Standard: FullJitter on THROTTLED_BASE_DELAY 1 s: rand × min(2^(n-1), 20) s, 3 attempts,
        // the retry quota giving nothing back for a request without retries.
        var random = SimulationRandom(seed: 6)
        for attempt in 1...8 {
            let cap = min(pow(2, Double(attempt - 1)), 20)
            let standard = RetrySpec.javaStandard.delay(afterAttempt: attempt, random: &random)
            #expect(standard >= 0 && standard <= cap)
            // Legacy: EqualJitter on 500 ms: between half the cap and the cap.
            let legacyCap = min(0.5 * pow(2, Double(attempt - 1)), 20)
            let legacy = RetrySpec.javaLegacy.delay(afterAttempt: attempt, random: &random)
            #expect(legacy >= legacyCap / 2 && legacy <= legacyCap)
        }
        #expect(RetrySpec.javaStandard.maxAttempts == 3 && RetrySpec.javaLegacy.maxAttempts == 4)
        #expect(RetrySpec.javaStandard.retryQuota == .init(capacity: 500, retryCost: 5, noRetryIncrement: 0))
        #expect(RetrySpec.javaLegacy.retryQuota == nil && RetrySpec.javaAdaptive.adaptive)
        #expect(ClientAgent.defaultAttempts(sdk: "aws-sdk-java/2", retryMode: "legacy") == RetrySpec.javaLegacy.maxAttempts)
    }

    @Test func javasRetryQuotaRunsDryWhereBotocoresIsRefilled() {
        // 200 RPM against 150 for 30 minutes: each minute ~150 admitted, ~50 throttled. botocore's
        // quota gets 1 back for each request that needed no retry (~100 a minute) and so never
        // empties; Java v2's gets nothing back for those, only 5 for a retry that succeeded, so it
        // runs dry and requests give up at their first throttle instead of retrying.
        func run(_ retry: RetrySpec) -> QuotaSimulation.ServiceResult {
            QuotaSimulation(
                quota: .init(rpm: 150, tpm: nil, burndown: 1),
                services: [
                    .init(name: "s", peakRPM: 200, inputTokens: 0, outputTokens: 0, maxTokens: 0, callTime: .fixed(1), retry: retry)
                ],
                minutes: 30, seed: 3
            ).run().services[0]
        }
        let botocore = run(.botocoreStandard)
        var javaBackoff = RetrySpec.botocoreStandard
        javaBackoff.retryQuota = RetrySpec.javaStandard.retryQuota
        let java = run(javaBackoff)
        #expect(java.requests == botocore.requests)
        #expect(java.attemptsPerRequest < botocore.attemptsPerRequest, "\(java.attemptsPerRequest) vs \(botocore.attemptsPerRequest)")
    }

    @Test func decorrelatedJitterGrowsFromThePreviousWait() {
        // AWS's decorrelated jitter: min(cap, rand between base and 3 × the previous wait).
        let spec = RetrySpec(name: "d", maxAttempts: 10, base: 0.1, maxDelay: 5, jitter: .decorrelated, retryQuota: nil)
        var random = SimulationRandom(seed: 8)
        var previous = 0.0
        for attempt in 1...20 {
            let wait = spec.delay(afterAttempt: attempt, previous: previous, random: &random)
            #expect(wait >= 0.1 && wait <= min(5, 3 * max(previous, 0.1)) + 1e-12)
            previous = wait
        }
    }

    @Test func theDeclaredSDKAndModePickThatSDKsConstants() throws {
        func policy(_ client: [String: Policy.Value]) throws(InputError) -> RetrySpec? {
            try SimulationPlan.declaredPolicy(Self.service(["client": .object(client)]), file: "advisor.yaml")
        }
        #expect(try policy(["sdk": .string("java"), "retry_mode": .string("standard")]) == .javaStandard)
        #expect(try policy(["retry_mode": .string("adaptive")]) == .botocoreAdaptive)
        #expect(try policy([:]) == nil)
        // An SDK alone retries as it does when nothing configures it: boto3 and Java v2 in legacy
        // mode, the JavaScript v3 SDK in standard (and a service declaring nothing as boto3 does).
        #expect(try policy(["sdk": .string("python")]) == .botocoreLegacy && RetrySpec.sdkDefault() == .botocoreLegacy)
        #expect(try policy(["sdk": .string("java")]) == .javaLegacy)
        #expect(try policy(["sdk": .string("javascript")]) == .javascriptStandard)
        // Every SDK has a default mode it knows (the lookup relies on it).
        for (sdk, modes) in RetrySpec.sdkModes { #expect(RetrySpec.sdkDefaultModes[sdk].flatMap { modes[$0] } != nil, "\(sdk)") }
        // Attempts alone keep the mode's backoff and retry quota.
        let five = try policy(["sdk": .string("java"), "retry_mode": .string("standard"), "max_attempts": .number(5)])
        #expect(five?.maxAttempts == 5 && five?.base == 1 && five?.retryQuota == RetrySpec.javaStandard.retryQuota)
        // The JavaScript v3 SDK has no legacy mode: refused, naming the field.
        do {
            _ = try policy(["sdk": .string("javascript"), "retry_mode": .string("legacy")])
            Issue.record("javascript legacy accepted")
        } catch {
            #expect(error.field == "advisor.yaml: services api client.retry_mode" && error.expected.contains("adaptive, standard"))
        }
    }

    static func service(_ value: [String: Policy.Value]) -> ServiceConfig {
        ServiceConfig(name: "api", region: "us-east-1", model: "m", value: .object(value), line: 1, fieldLines: [:], waivers: [])
    }

    static func burst(_ factor: Double, _ seconds: Double, _ every: Double) -> Policy.Value {
        .object(["factor": .number(factor), "seconds": .number(seconds), "every_seconds": .number(every)])
    }
}
