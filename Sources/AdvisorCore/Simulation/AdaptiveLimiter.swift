import Foundation

/// botocore's adaptive retry mode: the client-side rate limiter it adds to standard mode, ported
/// from botocore 1.43 (`retries/adaptive.py` ClientRateLimiter and RateClocker,
/// `retries/throttling.py` CubicCalculator, `retries/bucket.py` TokenBucket) with its constants:
/// CUBIC scale 0.4 and beta 0.7, rate smoothing 0.8 over half-second buckets, a token bucket whose
/// fill rate never drops below 0.5 a second, a send rate never above twice the measured one. The
/// JavaScript v3 SDK uses the same constants (../shared/reference/bedrock-2026-12.md §5).
///
/// Off until the first throttle; from then on every attempt takes a token first. Virtual time in
/// seconds; one limiter per client (botocore keeps one per client object).
struct AdaptiveLimiter {
    static let scaleConstant = 0.4
    static let beta = 0.7
    static let smoothing = 0.8
    static let bucketScale = 2.0  // 1 / botocore's 0.5 s _TIME_BUCKET_RANGE
    static let minimumFillRate = 0.5
    static let maximumRateAdjustScale = 2.0

    // CubicCalculator
    var wMax = 0.0
    var k = 0.0
    var lastFail: Double
    // RateClocker
    var measuredRate = 0.0
    var lastBucket: Double
    var count = 0.0
    // TokenBucket
    var fillRate = 0.0
    var maxCapacity = 1.0
    var capacity = 0.0
    var lastTimestamp: Double?
    var enabled = false

    init(start: Double) {
        lastFail = start
        lastBucket = start.rounded(.down)
        setMaxRate(1, at: start)
    }

    mutating func refill(_ now: Double) {
        guard let last = lastTimestamp else {
            lastTimestamp = now
            return
        }
        capacity = min(maxCapacity, capacity + (now - last) * fillRate)
        lastTimestamp = now
    }

    mutating func setMaxRate(_ value: Double, at now: Double) {
        refill(now)
        fillRate = max(value, Self.minimumFillRate)
        maxCapacity = value >= 1 ? value : 1
        capacity = min(capacity, maxCapacity)
    }

    /// Before an attempt is sent: nil when it may go now (a token taken, or the limiter still off),
    /// else how long botocore's TokenBucket.acquire would wait before looking again.
    mutating func acquire(at now: Double) -> Double? {
        guard enabled else { return nil }
        refill(now)
        if capacity >= 1 {
            capacity -= 1
            return nil
        }
        // At least a microsecond: a shortfall below the clock's resolution would wait for no time at
        // all and look again forever (botocore's real clock always moves on).
        return max((1 - capacity) / fillRate, 1e-6)
    }

    mutating func record(at now: Double) -> Double {
        let bucket = (now * Self.bucketScale).rounded(.down) / Self.bucketScale
        count += 1
        if bucket > lastBucket {
            let current = count / (bucket - lastBucket)
            measuredRate = current * Self.smoothing + measuredRate * (1 - Self.smoothing)
            count = 0
            lastBucket = bucket
        }
        return measuredRate
    }

    /// After every response, as botocore's `needs-retry` hook sees it.
    mutating func received(throttled: Bool, at now: Double) {
        let measured = record(at: now)
        let newRate: Double
        if !throttled {
            let dt = now - lastFail - k
            newRate = Self.scaleConstant * dt * dt * dt + wMax
        } else {
            let rate = enabled ? min(measured, fillRate) : measured
            wMax = rate
            k = Foundation.cbrt(wMax * (1 - Self.beta) / Self.scaleConstant)
            lastFail = now
            newRate = rate * Self.beta
            enabled = true
        }
        setMaxRate(min(newRate, Self.maximumRateAdjustScale * measured), at: now)
    }
}
