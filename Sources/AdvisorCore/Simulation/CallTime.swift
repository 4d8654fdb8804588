import Foundation

/// How long one simulated call takes: fixed, or drawn from what the dataset measured for the route.
public enum CallTime: Sendable, Equatable {
    /// Every call takes this many seconds (a test's world, or a route the dataset has no figure for).
    case fixed(Double)
    /// A raw-sample dataset's successful calls, in seconds, ascending: each call is one of them,
    /// drawn uniformly (the empirical distribution, tails and all).
    case samples([Double])
    /// A summary dataset's percentiles, in seconds: (quantile, value), ascending in both, the median
    /// first. Between two of them the inverse CDF is linear; below the median and beyond the last one
    /// it is the lognormal through the median and the highest percentile (latency is commonly taken
    /// as lognormal; the dataset does not say what lies below its P50). A published maximum, when
    /// given, bounds every draw.
    case percentiles([Point], maximum: Double?)

    public struct Point: Sendable, Equatable {
        public var quantile: Double
        public var seconds: Double

        public init(_ quantile: Double, _ seconds: Double) {
            self.quantile = quantile
            self.seconds = seconds
        }
    }

    /// What a route's statistics allow: its samples when the dataset kept them, else its published
    /// percentiles of the total time, else nil (the caller falls back to a fixed time and says so).
    public static func measured(_ stats: RouteStats?, distribution: RouteDistribution?) -> CallTime? {
        if let values = distribution?.total, !values.isEmpty { return .samples(values.map { $0 / 1_000 }) }
        guard let stats, let median = stats.value(.total, .p50), median > 0 else { return nil }
        var points = [Point(0.5, median / 1_000)]
        for (statistic, quantile) in [(Statistic.p90, 0.90), (.p95, 0.95), (.p99, 0.99)] {
            // A percentile below an earlier one (a dataset rounding its figures) adds nothing.
            if let value = stats.value(.total, statistic), value / 1_000 >= points[points.count - 1].seconds {
                points.append(Point(quantile, value / 1_000))
            }
        }
        let maximum = stats.value(.total, .max).map { $0 / 1_000 }.flatMap { $0 >= points[points.count - 1].seconds ? $0 : nil }
        return .percentiles(points, maximum: maximum)
    }

    /// The median call, seconds.
    public var median: Double {
        switch self {
        case .fixed(let seconds): return seconds
        case .samples(let values): return values.isEmpty ? 0 : values[(values.count - 1) / 2]
        case .percentiles(let points, _): return points.first?.seconds ?? 0
        }
    }

    /// The longest call simulated, seconds: a day, as the raw-sample reader bounds a latency. A
    /// lognormal tail fitted to a wide P50–P99 could otherwise draw calls of years.
    public static let longest = 86_400.0

    /// One call's duration.
    public func draw(_ random: inout SimulationRandom) -> Double { min(Self.longest, quantile(random.unit())) }

    /// The duration at `u` in [0, 1) of the distribution (its inverse CDF).
    public func quantile(_ u: Double) -> Double {
        switch self {
        case .fixed(let seconds):
            return seconds
        case .samples(let values):
            guard !values.isEmpty else { return 0 }
            return values[min(values.count - 1, max(0, Int(u * Double(values.count))))]
        case .percentiles(let points, let maximum):
            return Self.inverse(points, maximum: maximum, u)
        }
    }

    /// The inverse CDF of a `.percentiles` distribution at `u` in [0, 1).
    static func inverse(_ points: [Point], maximum: Double?, _ u: Double) -> Double {
        guard let median = points.first else { return 0 }
        let last = points[points.count - 1]
        // The lognormal's spread, from the median and the highest percentile (none: no spread).
        let sigma =
            last.quantile > 0.5 && last.seconds > median.seconds ? log(last.seconds / median.seconds) / normalQuantile(last.quantile) : 0
        let value: Double
        if u < 0.5 || u > last.quantile {
            // Bounded away from 1 so one draw in 2^53 cannot be unbounded.
            value = median.seconds * exp(sigma * normalQuantile(min(u, 1 - 1e-6)))
        } else {
            var index = 0
            while index + 1 < points.count, points[index + 1].quantile < u { index += 1 }
            if index + 1 == points.count {
                value = points[index].seconds
            } else {
                let low = points[index], high = points[index + 1]
                value = low.seconds + (high.seconds - low.seconds) * (u - low.quantile) / (high.quantile - low.quantile)
            }
        }
        return maximum.map { min($0, value) } ?? value
    }

    /// The standard normal's quantile function (Acklam's rational approximation, relative error
    /// below 1.2e-9), for u in (0, 1).
    static func normalQuantile(_ u: Double) -> Double {
        let a = [
            -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01,
            2.506628277459239e+00,
        ]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [
            -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00,
            2.938163982698783e+00,
        ]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let p = min(max(u, 1e-300), 1 - 1e-16)
        let low = 0.02425
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        if p > 1 - low {
            let q = (-2 * log(1 - p)).squareRoot()
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let q = p - 0.5, r = q * q
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    }
}

/// When a service's requests arrive: a Poisson process at its declared peak, or bursts.
public enum ArrivalShape: Sendable, Equatable {
    /// Independent arrivals at a steady rate.
    case poisson
    /// Every `everySeconds` (from the start of the run), `seconds` of arrivals at `factor` times the
    /// peak rate, and between bursts a lower rate, so the average over each period is still the
    /// declared peak (advisor.yaml `traffic.burst`). Still a Poisson process, its rate stepping.
    case burst(factor: Double, seconds: Double, everySeconds: Double)

    /// The next arrival after `time`, for a process whose average rate is `rate` a second, given a
    /// draw `unitExponential` from an exponential of rate 1 (exact: the piecewise-constant rate's
    /// cumulative intensity inverted segment by segment).
    public func next(after time: Double, rate: Double, unitExponential: Double) -> Double {
        guard rate > 0 else { return .infinity }
        switch self {
        case .poisson:
            return time + unitExponential / rate
        case .burst(let factor, let seconds, let period):
            let high = rate * factor
            let low = rate * max(0, period - factor * seconds) / (period - seconds)
            var now = time, left = unitExponential
            // Each loop ends a segment; a period has two, and `left` needs at most a few periods
            // unless the low rate is 0, where the high segments carry it.
            while true {
                let phase = now - (now / period).rounded(.down) * period
                let inBurst = phase < seconds
                let segmentEnd = now - phase + (inBurst ? seconds : period)
                let segmentRate = inBurst ? high : low
                let capacity = segmentRate * (segmentEnd - now)
                if segmentRate > 0, capacity >= left { return now + left / segmentRate }
                left -= capacity
                // Rounding may put a boundary at `now` itself: step past it so the loop always moves.
                now = max(segmentEnd, now.nextUp)
            }
        }
    }
}
