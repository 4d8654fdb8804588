extension Int {
    /// A Double as an Int without ever trapping: NaN is 0, and values beyond Int's range are its
    /// bounds. For figures computed from input (ratios, percentages, days), where a trap would be a crash.
    public init(saturating value: Double) {
        if value.isNaN {
            self = 0
        } else if value >= 9.2e18 {
            self = .max
        } else if value <= -9.2e18 {
            self = .min
        } else {
            self = Int(value)
        }
    }
}
