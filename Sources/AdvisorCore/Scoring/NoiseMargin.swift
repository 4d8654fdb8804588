/// Differences smaller than this are measurement noise, not a reason to choose.
///
/// Two latencies `a` and `b` are tied when `|a - b| <= max(milliseconds, fraction * min(a, b))`.
/// The default of 50 ms or 3% follows the seed lab, which calls the US differences of up to 49 ms
/// "almost no difference", and the spread of a P50 taken from 30 calls.
public struct NoiseMargin: Sendable, Equatable {
    public var milliseconds: Double
    public var fraction: Double

    public static let `default` = NoiseMargin(milliseconds: 50, fraction: 0.03)

    public init(milliseconds: Double, fraction: Double) {
        self.milliseconds = milliseconds
        self.fraction = fraction
    }

    public func allowance(_ a: Double, _ b: Double) -> Double {
        max(milliseconds, fraction * min(a, b))
    }

    public func isTie(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= allowance(a, b)
    }
}

/// Weights of the `balanced` priority. A measure is used only when every compared option has it.
public enum BalancedWeights {
    public static let totalP50 = 0.35
    public static let ttfbP50 = 0.25
    public static let totalP99 = 0.15
    public static let cost = 0.25
}

/// Relative costs closer than this are the same price.
let costTolerance = 0.005
