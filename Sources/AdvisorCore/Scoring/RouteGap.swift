/// How far apart two routes' latencies are, said the way the seed lab says it: the difference in
/// milliseconds, and that difference as a percentage of the *reference* route's figure. The
/// reference is the narrower route (in-region, then geographic, then global): from eu-central-1
/// global's P50 total is 2788 ms and eu.'s 2473 ms, so global is +315 ms, +12.7% (315 / 2473), as
/// the article prints it. Between routes of the same breadth the reference is the faster one.
/// `recommend`'s reasons, the policy facts and `advisor report` all say gaps through this type.
public struct RouteGap: Sendable, Equatable {
    /// `subject − reference` in ms: positive when the subject is slower.
    public var milliseconds: Double
    /// `milliseconds` over the reference's figure, × 100; 0 when the reference is 0.
    public var percent: Double

    /// The gap of `subject` over `reference`.
    public init(_ subject: Double, over reference: Double) {
        milliseconds = subject - reference
        percent = reference == 0 ? 0 : milliseconds / reference * 100
    }

    /// Whether route A (scope and figure) is the reference against route B.
    public static func isReference(_ a: Scope, _ aValue: Double, against b: Scope, _ bValue: Double) -> Bool {
        if a.breadth != b.breadth { return a.breadth < b.breadth }
        return aValue <= bValue
    }

    /// The gap between two routes, each of which may be the subject: always measured over the reference.
    public static func between(_ a: Scope, _ aValue: Double, _ b: Scope, _ bValue: Double) -> RouteGap {
        isReference(a, aValue, against: b, bValue) ? RouteGap(bValue, over: aValue) : RouteGap(aValue, over: bValue)
    }

    /// The percentage to the article's precision, one decimal: "12.7%", or "+12.7%" when signed.
    public var percentText: String { Self.oneDecimal(abs(percent)) + "%" }
    public var signedPercentText: String { (percent < 0 ? "−" : "+") + Self.oneDecimal(abs(percent)) + "%" }
    /// The difference in whole ms with its sign: "+315 ms", "−29 ms".
    public var signedMillisecondsText: String { (milliseconds < 0 ? "−" : "+") + ms(abs(milliseconds)) + " ms" }

    /// A figure to one decimal, as the gaps print their percentages: "12.7".
    public static func oneDecimalText(_ value: Double) -> String { oneDecimal(value) }

    static func oneDecimal(_ value: Double) -> String {
        let tenths = (abs(value) * 10).rounded()
        guard tenths.isFinite, tenths < 1e15 else { return String(value) }
        let whole = Int(tenths) / 10, fraction = Int(tenths) % 10
        return (value < 0 && tenths > 0 ? "-" : "") + "\(whole).\(fraction)"
    }
}

extension Scope {
    /// How wide a route's pool is: the bare model in its own region, a geography, the world.
    public var breadth: Int { isInRegion ? 0 : isGlobal ? 2 : 1 }
}
