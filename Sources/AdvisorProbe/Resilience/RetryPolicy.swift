/// When to retry a failed attempt and how long to wait first, per ../shared/seeds/001 ("Implement
/// robust retries"): exponential backoff with full jitter (a uniform wait between zero and the
/// capped exponential), with separate parameters for throttling and for transient failures, and a
/// budget of retries shared by a whole run so a failing endpoint cannot multiply the load.
public struct RetryPolicy: Sendable, Equatable {
    /// One kind of failure's backoff: the first cap, its growth and its ceiling, in seconds.
    public struct Backoff: Sendable, Equatable {
        public var base: Double
        public var multiplier: Double
        public var maximum: Double

        public init(base: Double, multiplier: Double = 2, maximum: Double) {
            self.base = base
            self.multiplier = multiplier
            self.maximum = maximum
        }

        /// The cap of the wait before retry number `retry` (1 for the first retry).
        public func cap(retry: Int) -> Double {
            guard retry > 0 else { return 0 }
            let exponent = Double(min(retry - 1, 60))
            return min(maximum, base * pow2(multiplier, exponent))
        }

        private func pow2(_ base: Double, _ exponent: Double) -> Double {
            var result = 1.0
            var count = Int(exponent)
            while count > 0 { result *= base; count -= 1 }
            return result
        }
    }

    /// Attempts per call, the first included.
    public var maxAttempts: Int
    /// 429 and ThrottlingException: the guide's 1 s doubling to 60 s.
    public var throttling: Backoff
    /// 500, 503, ModelNotReady, connection resets: start fast, the failure is usually brief.
    public var transient: Backoff
    /// RPM quotas refill on a 60-second window (the guide: retries "a few seconds after the next
    /// minute starts" succeed more often). When set, a throttling wait that would end in the last
    /// `alignMargin` seconds before a window boundary is moved just past it.
    public var alignThrottlingToWindow: Bool
    public var window: Double = 60
    public var alignMargin: Double = 5

    public init(
        maxAttempts: Int = 5, throttling: Backoff = Backoff(base: 1, maximum: 60),
        transient: Backoff = Backoff(base: 0.1, maximum: 10), alignThrottlingToWindow: Bool = false
    ) {
        self.maxAttempts = maxAttempts
        self.throttling = throttling
        self.transient = transient
        self.alignThrottlingToWindow = alignThrottlingToWindow
    }

    public enum Decision: Sendable, Equatable {
        /// Wait this many seconds, then make attempt number `attempt`.
        case retry(after: Double, attempt: Int)
        /// Give up, and why.
        case stop(String)
    }

    /// What to do after attempt `attempt` (1-based) failed with `kind`, at `now` (the clock the
    /// window is aligned to), drawing jitter from `random` and a retry from `budget`.
    public func decide(
        after attempt: Int, kind: BedrockError.Kind, now: Double, budget: inout RetryBudget,
        random: inout some RandomSource
    ) -> Decision {
        guard kind != .final else { return .stop("not retryable") }
        guard attempt < maxAttempts else { return .stop("\(maxAttempts) attempts made") }
        guard budget.take() else { return .stop("the run's retry budget is spent") }
        let backoff = kind == .throttling ? throttling : transient
        var wait = random.nextUnit() * backoff.cap(retry: attempt)
        if kind == .throttling, alignThrottlingToWindow {
            let end = now + wait
            let intoWindow = end.truncatingRemainder(dividingBy: window)
            if intoWindow > window - alignMargin { wait += window - intoWindow + 1 }
        }
        return .retry(after: wait, attempt: attempt + 1)
    }
}

/// Retries allowed across a whole run: each retry takes one, each success gives a fraction back,
/// as the AWS SDKs' retry quota does, so a run against a failing endpoint stops retrying soon.
public struct RetryBudget: Sendable, Equatable {
    public private(set) var remaining: Double
    public let capacity: Double
    public var refundPerSuccess: Double

    public init(capacity: Double = 50, refundPerSuccess: Double = 0.1) {
        self.capacity = capacity
        self.remaining = capacity
        self.refundPerSuccess = refundPerSuccess
    }

    mutating func take() -> Bool {
        guard remaining >= 1 else { return false }
        remaining -= 1
        return true
    }

    public mutating func recordSuccess() {
        remaining = min(capacity, remaining + refundPerSuccess)
    }
}
