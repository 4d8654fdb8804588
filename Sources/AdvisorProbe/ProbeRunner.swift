public import AdvisorCore
public import Foundation

/// Waits: injected, so tests run a probe's pauses (interval, backoff, an open breaker) at once.
public protocol Sleeper {
    func sleep(seconds: Double)
}

public struct SystemSleeper: Sleeper {
    public init() {}
    public func sleep(seconds: Double) {
        guard seconds > 0 else { return }
        usleep(UInt32(min(seconds, 3_600) * 1_000_000))
    }
}

/// What to measure: the seed lab's method (../shared/seeds/000, steps 2 and 3) as defaults.
public struct ProbePlan: Sendable, Equatable {
    public var source: String
    public var model: String
    /// Full profile (or model) ids, called in this order in every round.
    public var profiles: [String]
    public var runs: Int
    public var warmup: Int
    /// The pause after each call.
    public var intervalSeconds: Double
    public var prompt: String
    public var maxTokens: Int
    public var temperature: Double

    public init(
        source: String, model: String, profiles: [String], runs: Int = 30, warmup: Int = 1,
        intervalSeconds: Double = 0.5, prompt: String = ConverseRequest.seedPrompt, maxTokens: Int = 200,
        temperature: Double = 0.1
    ) {
        self.source = source
        self.model = model
        self.profiles = profiles
        self.runs = runs
        self.warmup = warmup
        self.intervalSeconds = intervalSeconds
        self.prompt = prompt
        self.maxTokens = maxTokens
        self.temperature = temperature
    }

    /// The calls in order: round by round, every profile once a round (A B A B …, never
    /// A A A B B B), warm-up rounds first.
    public var schedule: [(profile: String, round: Int, warmup: Bool)] {
        (0..<(warmup + runs)).flatMap { round in
            profiles.map { (profile: $0, round: round - warmup, warmup: round < warmup) }
        }
    }
}

/// One call of a probe, as stored: the figures of the attempt that succeeded (or of the last
/// attempt), how many attempts it took, and the whole call's time with every wait in it apart,
/// so a retry never hides inside a latency.
public struct ProbeSample: Sendable, Equatable {
    public var profile: String
    /// The round, from 0; warm-up rounds are negative.
    public var round: Int
    public var warmup: Bool
    public var attempts: Int
    /// Wall-clock time the call started (for the sample's timestamp).
    public var startedAt: Date
    /// The whole call: every attempt and every wait between them, in ms.
    public var callMs: Double
    public var measurement: AttemptMeasurement

    public var status: String { measurement.status }

    /// What the call measured of each ProbeField, as stored (nil where it did not measure it).
    public func value(_ field: ProbeField) -> ProbeValue? {
        switch field {
        case .warmup: return .flag(warmup)
        case .attempts: return .count(attempts)
        case .callMs: return .milliseconds(callMs)
        default: return measurement.value(field)
        }
    }
}

/// Runs a plan against Bedrock Runtime: interleaved calls, retries by the policy, a circuit
/// breaker for the endpoint, optional RPM and TPM limiters. Stops between calls when asked
/// (Ctrl-C), keeping every sample made.
public final class ProbeRunner {
    let client: BedrockRuntimeClient
    let clock: any MonotonicClock
    let sleeper: any Sleeper
    let wallClock: () -> Date
    public var policy = RetryPolicy()
    public var budget = RetryBudget()
    public var breaker = CircuitBreaker()
    public var requestLimiter: RequestRateLimiter?
    public var tokenLimiter: TokenRateLimiter?
    var random: SeededRandomSource
    /// Checked before each call and each wait; true stops the run (the call in flight finishes).
    public var shouldStop: () -> Bool = { false }

    public init(
        client: BedrockRuntimeClient, clock: any MonotonicClock = SystemClock(), sleeper: any Sleeper = SystemSleeper(),
        wallClock: @escaping () -> Date = Date.init, seed: UInt64 = UInt64(UInt32.random(in: 0...UInt32.max))
    ) {
        self.client = client
        self.clock = clock
        self.sleeper = sleeper
        self.wallClock = wallClock
        self.random = SeededRandomSource(seed: seed)
    }

    public struct Outcome: Sendable {
        public var samples: [ProbeSample]
        public var interrupted: Bool
        /// Why the run gave up on the endpoint before its end, if it did.
        public var abandoned: String? = nil
    }

    /// `onSample` hears each sample as it is made (progress, incremental storing).
    public func run(_ plan: ProbePlan, onSample: (ProbeSample, _ index: Int, _ total: Int) -> Void = { _, _, _ in }) -> Outcome {
        let schedule = plan.schedule
        var samples: [ProbeSample] = []
        var succeeded = false, answered = false
        for (index, call) in schedule.enumerated() {
            if shouldStop() { return Outcome(samples: samples, interrupted: true) }
            // An endpoint that failed the breaker's trial call, after its pause, is down: waiting out
            // the breaker call after call would take an hour to say so. Before that, a start that
            // meets failures gets what every call gets (retries, then the breaker's pause and one
            // trial): giving up after five failures in two seconds did not outlast the quota's
            // 60-second window, which advisor's own rule asks of clients.
            // An endpoint that has never answered at all (connection refused, no such host: a wrong
            // URL) is not waited for either.
            if case .open = breaker.state, breaker.reopened || (!succeeded && !answered) {
                let never = !answered ? " without ever answering" : ""
                return Outcome(
                    samples: samples, interrupted: false,
                    abandoned: "the endpoint failed \(breaker.consecutiveFailures) times in a row\(never)"
                        + (breaker.reopened ? ", and again after the circuit breaker's \(Int(breaker.openSeconds)) s pause" : "")
                        + (succeeded ? "" : ", before any call succeeded"))
            }
            let request = ConverseRequest(
                modelId: call.profile, prompt: plan.prompt, maxTokens: plan.maxTokens,
                temperature: plan.temperature)
            guard let sample = self.call(request, round: call.round, warmup: call.warmup, estimatedTokens: plan.maxTokens + 64) else {
                return Outcome(samples: samples, interrupted: true)
            }
            samples.append(sample)
            if sample.measurement.succeeded { succeeded = true }
            if sample.measurement.httpStatus != nil { answered = true }
            onSample(sample, index + 1, schedule.count)
            if index + 1 < schedule.count { pause(plan.intervalSeconds) }
        }
        return Outcome(samples: samples, interrupted: false)
    }

    /// Waits `seconds`, unless asked to stop; false when stopped.
    @discardableResult
    func pause(_ seconds: Double) -> Bool {
        guard seconds > 0 else { return !shouldStop() }
        guard !shouldStop() else { return false }
        sleeper.sleep(seconds: seconds)
        return !shouldStop()
    }

    /// One call with its retries; nil when stopped while waiting to make it.
    func call(_ request: ConverseRequest, round: Int, warmup: Bool, estimatedTokens: Int) -> ProbeSample? {
        let start = clock.now()
        let startedAt = wallClock()
        var attempt = 0
        while true {
            // The breaker and the limiters decide when the next attempt may go.
            while let wait = breaker.permit(now: clock.now()) {
                guard pause(wait) else { return nil }
            }
            if var limiter = requestLimiter {
                let wait = limiter.delay(now: clock.now())
                if wait > 0, !pause(wait) { return nil }
                limiter.record(start: clock.now())
                requestLimiter = limiter
            }
            var reservation: Int?
            if var limiter = tokenLimiter {
                let wait = limiter.delay(now: clock.now(), estimatedTokens: estimatedTokens)
                if wait > 0, !pause(wait) { return nil }
                reservation = limiter.reserve(now: clock.now(), estimatedTokens: estimatedTokens)
                tokenLimiter = limiter
            }
            attempt += 1
            let measurement = client.converseStream(request)
            if let reservation {
                tokenLimiter?.settle(reservation, actualTokens: (measurement.inputTokens ?? 0) + (measurement.outputTokens ?? 0))
            }
            func sample() -> ProbeSample {
                ProbeSample(
                    profile: request.modelId, round: round, warmup: warmup, attempts: attempt, startedAt: startedAt,
                    callMs: (clock.now() - start) * 1000, measurement: measurement)
            }
            if measurement.succeeded {
                breaker.recordSuccess()
                budget.recordSuccess()
                return sample()
            }
            let kind = measurement.error?.kind ?? .final
            // Only an endpoint failing (5xx, a broken connection) opens the breaker: a refused
            // profile says nothing of its health, and a throttle is the quota speaking, which the
            // throttling backoff (aligned to the quota's window) answers.
            if kind == .transient { breaker.recordFailure(now: clock.now()) }
            if measurement.failedMidStream { return sample() }
            switch policy.decide(after: attempt, kind: kind, now: clock.now(), budget: &budget, random: &random) {
            case .stop:
                return sample()
            case .retry(let wait, _):
                guard pause(wait) else { return sample() }
            }
        }
    }
}
