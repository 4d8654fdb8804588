/// A client's retry policy as the simulator runs it: attempts, the backoff after each failed
/// attempt, and the SDK's retry quota. The named modes carry the SDK's own constants, read from
/// its source (botocore 1.43, retries/standard.py and data/_retry.json; the JavaScript v3 and Java
/// v2 constants in ../shared/reference/bedrock-2026-12.md §5; Java v2's throttling backoff, retry
/// quota release and default mode, and each SDK's default mode, read on 2026-12-05 from
/// aws-sdk-java-v2's source and boto3's retries guide).
public struct RetrySpec: Sendable, Equatable {
    /// How the wait is drawn below its cap (AWS Architecture Blog, "Exponential Backoff and Jitter"):
    /// full rand × cap, equal cap/2 + rand × cap/2, none the cap, decorrelated
    /// min(maxDelay, rand between base and 3 × the previous wait).
    public enum Jitter: String, Sendable, CaseIterable { case full, equal, none, decorrelated }

    /// The SDK's retry quota: a bucket of `capacity` tokens; each retry takes `retryCost`; a request
    /// that succeeds gives back what it took (or `noRetryIncrement` when it needed no retry).
    public struct RetryQuota: Sendable, Equatable {
        public var capacity: Int
        public var retryCost: Int
        public var noRetryIncrement: Int

        public init(capacity: Int, retryCost: Int, noRetryIncrement: Int) {
            self.capacity = capacity
            self.retryCost = retryCost
            self.noRetryIncrement = noRetryIncrement
        }
    }

    public var name: String
    public var maxAttempts: Int
    /// Seconds: the cap of the wait before retry n is min(maxDelay, base × growth^(n-1)).
    public var base: Double
    public var growth: Double
    public var maxDelay: Double?
    public var jitter: Jitter
    public var retryQuota: RetryQuota?
    /// botocore's adaptive mode: a client-side rate limiter (AdaptiveLimiter) on top of the retries.
    public var adaptive: Bool
    /// A client-side circuit breaker (advisor.yaml's `client.circuit_breaker`), or none.
    public var breaker: CircuitBreaker?

    /// Opens after `failureThreshold` throttled attempts in a row (an admitted one resets the count);
    /// while open, for `openSeconds`, every attempt fails at once without reaching Bedrock. Then it
    /// lets attempts through again, and the next throttle opens it at once (half-open).
    public struct CircuitBreaker: Sendable, Equatable {
        public var failureThreshold: Int
        public var openSeconds: Double

        public init(failureThreshold: Int, openSeconds: Double) {
            self.failureThreshold = max(1, failureThreshold)
            self.openSeconds = max(0, openSeconds)
        }
    }

    public init(
        name: String, maxAttempts: Int, base: Double, growth: Double = 2, maxDelay: Double?, jitter: Jitter,
        retryQuota: RetryQuota?, adaptive: Bool = false
    ) {
        self.adaptive = adaptive
        self.name = name
        self.maxAttempts = max(1, maxAttempts)
        self.base = base
        self.growth = growth
        self.maxDelay = maxDelay
        self.jitter = jitter
        self.retryQuota = retryQuota
    }

    /// botocore's standard mode: 3 attempts, rand × min(2^(n-1), 20) s, retry quota 500 / 5 / 1.
    public static let botocoreStandard = RetrySpec(
        name: "standard", maxAttempts: 3, base: 1, maxDelay: 20, jitter: .full,
        retryQuota: RetryQuota(capacity: 500, retryCost: 5, noRetryIncrement: 1))
    /// botocore's adaptive mode: standard's retries and retry quota, and a client-side rate limiter
    /// that slows the client down after a throttle (CUBIC), off until the first.
    public static let botocoreAdaptive = botocoreStandard.withAdaptiveLimiter(named: "adaptive")
    /// The AWS SDK for JavaScript v3's standard mode on a throttle (@smithy/util-retry, the default
    /// before SMITHY_NEW_RETRIES_2026): 3 attempts; the wait before retry n is
    /// floor(min(20 000, rand × 2^(n-1) × 500)) ms (THROTTLING_RETRY_DELAY_BASE 500 ms,
    /// MAXIMUM_RETRY_DELAY 20 s); a retry quota of 500 tokens, 5 a retry, 1 back for a request
    /// that needed none (../shared/reference/bedrock-2026-12.md §5).
    public static let javascriptStandard = RetrySpec(
        name: "js-standard", maxAttempts: 3, base: 0.5, maxDelay: 20, jitter: .full,
        retryQuota: RetryQuota(capacity: 500, retryCost: 5, noRetryIncrement: 1))
    /// The JavaScript v3 SDK's adaptive mode: its standard retries and the same client-side rate
    /// limiter as botocore's, with the same constants (beta 0.7, scale 0.4, smoothing 0.8, minimum
    /// fill rate 0.5).
    public static let javascriptAdaptive = javascriptStandard.withAdaptiveLimiter(named: "js-adaptive")

    /// The same retries with the adaptive client-side rate limiter on top: what adaptive mode is in
    /// botocore and the JavaScript v3 SDK alike.
    func withAdaptiveLimiter(named name: String) -> RetrySpec {
        var spec = self
        spec.name = name
        spec.adaptive = true
        return spec
    }
    /// botocore's legacy mode (the default of older SDKs and the CLI v1): 5 attempts, rand × 2^(n-1) s
    /// with no cap, no retry quota.
    public static let botocoreLegacy = RetrySpec(
        name: "legacy", maxAttempts: 5, base: 1, maxDelay: nil, jitter: .full, retryQuota: nil)
    /// The AWS SDK for Java v2's standard mode on a throttle (aws-sdk-java-v2: SdkDefaultRetrySetting
    /// and BackoffStrategy.defaultThrottlingStrategy in sdk-core; DefaultRetryStrategy.Standard and
    /// ExponentialDelayWithJitter in core/retries): 3 attempts; the wait before retry n is
    /// rand × min(2^(n-1) × 1 s, 20 s) (THROTTLED_BASE_DELAY 1 s, full jitter, MAX_BACKOFF 20 s); a
    /// retry quota of 500 tokens, 5 a retry, and only what a retry took given back on success: a
    /// request that needed no retry gives back nothing (BaseRetryStrategy releases capacityAcquired).
    public static let javaStandard = RetrySpec(
        name: "java-standard", maxAttempts: 3, base: 1, maxDelay: 20, jitter: .full,
        retryQuota: RetryQuota(capacity: 500, retryCost: 5, noRetryIncrement: 0))
    /// Java v2's adaptive mode: its standard retries and RateLimiterTokenBucket, the same CUBIC
    /// limiter with the same constants as botocore's (beta 0.7, scale 0.4, smoothing 0.8, minimum
    /// fill rate 0.5).
    public static let javaAdaptive = javaStandard.withAdaptiveLimiter(named: "java-adaptive")
    /// Java v2's legacy mode on a throttle: 4 attempts; equal jitter, the wait before retry n being
    /// c/2 + rand × c/2 with c = min(2^(n-1) × 500 ms, 20 s); a throttle costs the retry quota
    /// nothing (THROTTLE_EXCEPTION_TOKEN_COST 0), so throttled requests never run out of it.
    public static let javaLegacy = RetrySpec(
        name: "java-legacy", maxAttempts: 4, base: 0.5, maxDelay: 20, jitter: .equal, retryQuota: nil)
    /// No retries at all: every throttle is a failure.
    public static let none = RetrySpec(name: "none", maxAttempts: 1, base: 0, maxDelay: 0, jitter: .none, retryQuota: nil)

    public static let named: [String: RetrySpec] = [
        "standard": botocoreStandard, "adaptive": botocoreAdaptive, "legacy": botocoreLegacy, "none": none,
        "js-standard": javascriptStandard, "js-adaptive": javascriptAdaptive,
        "java-standard": javaStandard, "java-adaptive": javaAdaptive, "java-legacy": javaLegacy,
    ]

    /// The SDKs advisor.yaml's `client.sdk` may name, each with the retry modes it has, by the mode's
    /// name: the one table both the simulator and the CloudTrail census (ClientAgent) read.
    public static let sdkModes: [String: [String: RetrySpec]] = [
        "python": ["legacy": botocoreLegacy, "standard": botocoreStandard, "adaptive": botocoreAdaptive],
        "javascript": ["standard": javascriptStandard, "adaptive": javascriptAdaptive],
        "java": ["legacy": javaLegacy, "standard": javaStandard, "adaptive": javaAdaptive],
    ]
    /// The SDK a service's clients are taken to use when advisor.yaml does not say: botocore, as the
    /// seed guide's examples.
    public static let defaultSDK = "python"
    /// The mode each SDK retries in when nothing configures one (as before the opt-in 2026
    /// behaviour): boto3/botocore legacy (its retries guide: "Legacy mode is the default mode used
    /// by any Boto3 client"), the JavaScript v3 SDK standard (@smithy/util-retry DEFAULT_RETRY_MODE),
    /// the Java v2 SDK legacy (RetryMode.Resolver: SDK_DEFAULT_RETRY_MODE = LEGACY, unless
    /// AWS_RETRY_MODE, the profile's retry_mode or a defaults mode says otherwise).
    public static let sdkDefaultModes: [String: String] = ["python": "legacy", "javascript": "standard", "java": "legacy"]

    /// What a client of `sdk` does with nothing configured.
    public static func sdkDefault(_ sdk: String = defaultSDK) -> RetrySpec {
        sdkModes[sdk]![sdkDefaultModes[sdk]!]!
    }

    /// The wait before the next attempt, after `attempt` (1-based) failed; `previous` is the wait
    /// before the attempt that failed (0 before the first), which decorrelated jitter grows from.
    public func delay(afterAttempt attempt: Int, previous: Double = 0, random: inout SimulationRandom) -> Double {
        if jitter == .decorrelated {
            let low = base, high = max(base, 3 * max(previous, base))
            let drawn = low + random.unit() * (high - low)
            return maxDelay.map { min($0, drawn) } ?? drawn
        }
        var cap = base
        for _ in 1..<max(1, attempt) { cap *= growth }
        if let maxDelay { cap = min(cap, maxDelay) }
        switch jitter {
        case .full: return random.unit() * cap
        case .equal: return cap / 2 + random.unit() * cap / 2
        case .none, .decorrelated: return cap
        }
    }
}

/// A retry quota's tokens during a run (botocore's RetryQuota).
struct RetryQuotaState {
    let spec: RetrySpec.RetryQuota?
    var available: Int

    init(spec: RetrySpec) {
        self.spec = spec.retryQuota
        available = spec.retryQuota?.capacity ?? 0
    }

    mutating func take() -> Bool {
        guard let spec else { return true }
        guard available >= spec.retryCost else { return false }
        available -= spec.retryCost
        return true
    }

    mutating func succeeded(retried: Bool, held: Int) {
        guard let spec else { return }
        available = min(spec.capacity, available + (retried ? held : spec.noRetryIncrement))
    }
}
