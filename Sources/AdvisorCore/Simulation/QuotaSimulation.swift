import Foundation

/// A seeded discrete-event simulation of services sharing one Bedrock quota: what a client's retry
/// policy does to the quota at a declared load, before production finds out.
///
/// What it models (../shared/reference/bedrock-2026-12.md §1e; AWS quotas-token-burndown):
/// - arrivals: Poisson at each service's declared peak RPM, or in declared bursts (ArrivalShape);
/// - the quota as Bedrock counts it: RPM where a limit is given; tokens reserved when a request
///   starts (input + cache write + max_tokens) and settled when it ends (input + cache write +
///   output × burndown), the difference given back to the window it was taken from;
/// - the refill: AWS does not document whether the windows are fixed minutes or sliding, so both are
///   offered (`fixedWindow`: counters reset on each minute; `tokenBucket`: the limit refills
///   continuously at limit/60 a second) and the output says which was used;
/// - the client's retries with the SDK's own constants (RetrySpec), its retry quota included;
/// - each call's duration drawn from the route's measured distribution (CallTime), or fixed.
/// Pure: virtual time, a seeded generator, no clock.
public struct QuotaSimulation: Sendable {
    public enum Refill: String, Sendable, CaseIterable {
        case fixedWindow = "fixed-window"
        case tokenBucket = "token-bucket"
    }

    public struct Quota: Sendable, Equatable {
        public var rpm: Double?
        public var tpm: Double?
        public var burndown: Double
        public var refill: Refill

        public init(rpm: Double?, tpm: Double?, burndown: Double, refill: Refill = .fixedWindow) {
            self.rpm = rpm
            self.tpm = tpm
            self.burndown = burndown
            self.refill = refill
        }
    }

    public struct Service: Sendable, Equatable {
        public var name: String
        public var peakRPM: Double
        public var inputTokens: Double
        public var cacheWriteTokens: Double
        public var outputTokens: Double
        /// nil: Bedrock reserves the model's maximum; `reservedOutputWhenUnset` stands in.
        public var maxTokens: Double?
        public var callTime: CallTime
        public var arrivals: ArrivalShape
        public var retry: RetrySpec

        public init(
            name: String, peakRPM: Double, inputTokens: Double, cacheWriteTokens: Double = 0, outputTokens: Double,
            maxTokens: Double?, callTime: CallTime, arrivals: ArrivalShape = .poisson, retry: RetrySpec
        ) {
            self.name = name
            self.peakRPM = peakRPM
            self.inputTokens = inputTokens
            self.cacheWriteTokens = cacheWriteTokens
            self.outputTokens = outputTokens
            self.maxTokens = maxTokens
            self.callTime = callTime
            self.arrivals = arrivals
            self.retry = retry
        }

        public init(
            name: String, peakRPM: Double, inputTokens: Double, cacheWriteTokens: Double = 0, outputTokens: Double,
            maxTokens: Double?, callSeconds: Double, retry: RetrySpec
        ) {
            self.init(
                name: name, peakRPM: peakRPM, inputTokens: inputTokens, cacheWriteTokens: cacheWriteTokens, outputTokens: outputTokens,
                maxTokens: maxTokens, callTime: .fixed(callSeconds), retry: retry)
        }
    }

    /// What one service saw.
    public struct ServiceResult: Sendable, Equatable {
        public var name: String
        public var requests = 0
        public var succeeded = 0
        public var gaveUp = 0
        public var attempts = 0
        public var throttledAttempts = 0
        /// Attempts the circuit breaker failed at once, without sending them (not in `attempts`).
        public var shortCircuited = 0
        /// Requests that moved to the failover quota after a throttle on their own.
        public var failedOver = 0
        /// Time waited beyond the call itself (backoff and throttled attempts), for succeeded requests, seconds.
        public var addedLatencyP50 = 0.0
        public var addedLatencyP99 = 0.0

        public var attemptsPerRequest: Double { requests == 0 ? 0 : Double(attempts) / Double(requests) }
        public var giveUpRate: Double { requests == 0 ? 0 : Double(gaveUp) / Double(requests) }
    }

    /// The quota's use, minute by minute: attempts admitted and refused, and tokens as the quota counts them.
    public struct Minute: Sendable, Equatable {
        public var admitted = 0
        public var throttled = 0
        public var quotaTokens = 0.0
    }

    public struct Result: Sendable, Equatable {
        public var services: [ServiceResult]
        public var minutes: [Minute]
        public var refill: Refill
        public var seed: UInt64
    }

    /// The reservation when a service gives no max_tokens: Bedrock reserves the model's maximum
    /// output, which the catalogue does not hold; this stands in, and the output says so.
    public static let reservedOutputWhenUnset = 8_192.0

    public var quota: Quota
    public var services: [Service]
    public var minutes: Int
    public var seed: UInt64
    /// The quota's window in seconds: Bedrock's is a minute. A shorter one runs the same model in a
    /// scaled world (quota and arrivals per window, backoff and call times in real seconds), as the
    /// test against botocore over a real endpoint does.
    public var window: Double
    /// Another profile's quota (its own, as Bedrock keeps global and geographic apart) that a
    /// request moves to after a throttle on its own: at once, without backoff, and its remaining
    /// attempts go there. nil: no failover.
    public var failover: Quota?

    public init(quota: Quota, services: [Service], minutes: Int, seed: UInt64, window: Double = 60, failover: Quota? = nil) {
        self.failover = failover
        self.quota = quota
        self.services = services
        self.minutes = max(1, min(minutes, 24 * 60))
        self.seed = seed
        self.window = window > 0 ? window : 60
    }

    enum EventKind: Equatable {
        case arrival(service: Int)
        case attempt(request: Int)
        case finish(request: Int)
    }

    struct Event {
        var time: Double
        var order: Int
        var kind: EventKind
    }

    struct Request {
        var service: Int
        var arrived: Double
        var attempts = 0
        var retryCostHeld = 0
        var reservedTokens = 0.0
        var reservedWindow = 0
        var onFailover = false
        /// The wait before the latest attempt (decorrelated jitter grows from it).
        var lastDelay = 0.0
        /// How long the admitted attempt's call takes.
        var callSeconds = 0.0
    }

    public func run() -> Result {
        // Arrivals draw from a stream of their own per service, and backoff jitter from another, so
        // every policy compared on one seed sees exactly the same traffic.
        // Each stream's state is a mixed 64-bit draw of a seeder, not seed + i × SplitMix64's own
        // increment: that would make stream i stream 0 lagged by i draws, and two services with the
        // same peak the same arrivals one request apart.
        var seeder = SimulationRandom(seed: seed)
        var arrivals = services.indices.map { _ in SimulationRandom(seed: seeder.next()) }
        var random = SimulationRandom(seed: seed ^ 0xD1B5_4A32_D192_ED03)
        // Call durations from streams of their own too, one per service.
        var durations = services.indices.map { _ in SimulationRandom(seed: seeder.next()) }
        func nextArrival(_ index: Int, after time: Double) -> Double {
            services[index].arrivals.next(
                after: time, rate: services[index].peakRPM / window, unitExponential: arrivals[index].exponential(rate: 1))
        }
        var queue = EventQueue()
        var order = 0
        func schedule(_ time: Double, _ kind: EventKind) {
            queue.push(Event(time: time, order: order, kind: kind))
            order += 1
        }
        let end = Double(minutes) * window
        for index in services.indices where services[index].peakRPM > 0 {
            schedule(nextArrival(index, after: 0), .arrival(service: index))
        }
        var requests: [Request] = []
        var results = services.map { ServiceResult(name: $0.name) }
        var added: [[Double]] = services.map { _ in [] }
        var perMinute = [Minute](repeating: Minute(), count: minutes + 1)
        var limiter = QuotaState(quota: quota, window: window)
        var failoverLimiter = failover.map { QuotaState(quota: $0, window: window) }
        var retryQuotas = services.map { RetryQuotaState(spec: $0.retry) }
        var adaptive = services.map { $0.retry.adaptive ? AdaptiveLimiter(start: 0) : nil }
        var breakers = services.map { $0.retry.breaker.map(BreakerState.init) }

        while let event = queue.pop() {
            let now = event.time
            switch event.kind {
            case .arrival(let index):
                guard now < end else { continue }
                requests.append(Request(service: index, arrived: now))
                results[index].requests += 1
                schedule(now, .attempt(request: requests.count - 1))
                schedule(nextArrival(index, after: now), .arrival(service: index))
            case .attempt(let id):
                let index = requests[id].service
                let service = services[index]
                // Adaptive mode takes a token before every attempt; without one, it waits and looks again.
                if let wait = adaptive[index]?.acquire(at: now) {
                    schedule(now + wait, .attempt(request: id))
                    continue
                }
                if breakers[index]?.isOpen(at: now) == true {
                    results[index].shortCircuited += 1
                    results[index].gaveUp += 1
                    continue
                }
                requests[id].attempts += 1
                results[index].attempts += 1
                let minute = min(Int(now / window), minutes)
                let reserve = service.inputTokens + service.cacheWriteTokens + (service.maxTokens ?? Self.reservedOutputWhenUnset)
                let onFailover = requests[id].onFailover
                let admitted =
                    onFailover ? failoverLimiter!.admit(tokens: reserve, at: now) : limiter.admit(tokens: reserve, at: now)
                if admitted {
                    if !onFailover { perMinute[minute].admitted += 1 }
                    requests[id].reservedTokens = reserve
                    requests[id].reservedWindow = Int(now / window)
                    requests[id].callSeconds = service.callTime.draw(&durations[index])
                    schedule(now + requests[id].callSeconds, .finish(request: id))
                } else {
                    adaptive[index]?.received(throttled: true, at: now)
                    breakers[index]?.failed(at: now)
                    if !onFailover { perMinute[minute].throttled += 1 }
                    results[index].throttledAttempts += 1
                    let attempt = requests[id].attempts
                    if !onFailover, failoverLimiter != nil, attempt < service.retry.maxAttempts {
                        requests[id].onFailover = true
                        results[index].failedOver += 1
                        schedule(now, .attempt(request: id))
                        continue
                    }
                    guard attempt < service.retry.maxAttempts, retryQuotas[index].take() else {
                        results[index].gaveUp += 1
                        continue
                    }
                    requests[id].retryCostHeld = service.retry.retryQuota?.retryCost ?? 0
                    let wait = service.retry.delay(afterAttempt: attempt, previous: requests[id].lastDelay, random: &random)
                    requests[id].lastDelay = wait
                    schedule(now + wait, .attempt(request: id))
                }
            case .finish(let id):
                let request = requests[id]
                let service = services[request.service]
                let settled = service.inputTokens + service.cacheWriteTokens + service.outputTokens * quota.burndown
                if request.onFailover {
                    failoverLimiter!.settle(reserved: request.reservedTokens, settled: settled, window: request.reservedWindow, at: now)
                } else {
                    limiter.settle(reserved: request.reservedTokens, settled: settled, window: request.reservedWindow, at: now)
                }
                adaptive[request.service]?.received(throttled: false, at: now)
                breakers[request.service]?.succeeded()
                let minute = min(Int(now / window), minutes)
                perMinute[minute].quotaTokens += settled
                results[request.service].succeeded += 1
                added[request.service].append(now - request.arrived - request.callSeconds)
                retryQuotas[request.service].succeeded(retried: request.attempts > 1, held: request.retryCostHeld)
            }
        }
        for index in results.indices {
            let sorted = added[index].sorted()
            results[index].addedLatencyP50 = Self.percentile(sorted, 0.50)
            results[index].addedLatencyP99 = Self.percentile(sorted, 0.99)
        }
        return Result(services: results, minutes: Array(perMinute.prefix(minutes)), refill: quota.refill, seed: seed)
    }

    /// A client's circuit breaker during a run (RetrySpec.CircuitBreaker).
    struct BreakerState {
        let spec: RetrySpec.CircuitBreaker
        var failures = 0
        var openUntil = -Double.infinity

        init(_ spec: RetrySpec.CircuitBreaker) { self.spec = spec }

        func isOpen(at now: Double) -> Bool { now < openUntil }

        mutating func failed(at now: Double) {
            failures += 1
            guard failures >= spec.failureThreshold else { return }
            openUntil = now + spec.openSeconds
            // Half-open when it closes: one more throttle opens it again.
            failures = spec.failureThreshold - 1
        }

        mutating func succeeded() { failures = 0 }
    }

    /// Nearest-rank, on sorted values; 0 for none.
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return max(0, sorted[min(max(rank, 1), sorted.count) - 1])
    }

    /// The quota's counters under the chosen refill.
    struct QuotaState {
        let quota: Quota
        let length: Double
        var window = -1
        var requestsInWindow = 0.0
        var tokensInWindow = 0.0
        // Token bucket: what is left, refilled continuously.
        var requestBucket: Double
        var tokenBucket: Double
        var lastRefill = 0.0

        init(quota: Quota, window: Double) {
            self.quota = quota
            length = window
            requestBucket = quota.rpm ?? 0
            tokenBucket = quota.tpm ?? 0
        }

        mutating func roll(_ now: Double) {
            switch quota.refill {
            case .fixedWindow:
                let current = Int(now / length)
                if current != window {
                    window = current
                    requestsInWindow = 0
                    tokensInWindow = 0
                }
            case .tokenBucket:
                let elapsed = now - lastRefill
                lastRefill = now
                if let rpm = quota.rpm { requestBucket = min(rpm, requestBucket + elapsed * rpm / length) }
                if let tpm = quota.tpm { tokenBucket = min(tpm, tokenBucket + elapsed * tpm / length) }
            }
        }

        mutating func admit(tokens: Double, at now: Double) -> Bool {
            roll(now)
            switch quota.refill {
            case .fixedWindow:
                if let rpm = quota.rpm, requestsInWindow + 1 > rpm { return false }
                if let tpm = quota.tpm, tokensInWindow + tokens > tpm { return false }
                requestsInWindow += 1
                tokensInWindow += tokens
            case .tokenBucket:
                if quota.rpm != nil, requestBucket < 1 { return false }
                if quota.tpm != nil, tokenBucket < tokens { return false }
                if quota.rpm != nil { requestBucket -= 1 }
                if quota.tpm != nil { tokenBucket -= tokens }
            }
            return true
        }

        /// The reservation becomes what the request really counts: the difference goes back (or,
        /// with 5x output, more is taken) in the window it was reserved in, while that is current.
        mutating func settle(reserved: Double, settled: Double, window reservedWindow: Int, at now: Double) {
            roll(now)
            switch quota.refill {
            case .fixedWindow:
                if reservedWindow == window { tokensInWindow = max(0, tokensInWindow - reserved + settled) }
            case .tokenBucket:
                if let tpm = quota.tpm { tokenBucket = min(tpm, tokenBucket + reserved - settled) }
            }
        }
    }
}

/// A min-heap of events by time, then scheduling order (so equal times keep their order: runs are
/// reproducible byte for byte).
struct EventQueue {
    private var heap: [QuotaSimulation.Event] = []

    private func less(_ a: QuotaSimulation.Event, _ b: QuotaSimulation.Event) -> Bool {
        a.time < b.time || (a.time == b.time && a.order < b.order)
    }

    mutating func push(_ event: QuotaSimulation.Event) {
        heap.append(event)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> QuotaSimulation.Event? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count, less(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count, less(heap[right], heap[smallest]) { smallest = right }
            guard smallest != parent else { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}

/// SplitMix64: seeded, so the same seed gives the same run on every machine.
public struct SimulationRandom: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// The wait to the next arrival of a Poisson process with `rate` per second.
    public mutating func exponential(rate: Double) -> Double {
        guard rate > 0 else { return .infinity }
        var u = unit()
        while u <= 0 { u = unit() }
        return -log(1 - u) / rate
    }
}
