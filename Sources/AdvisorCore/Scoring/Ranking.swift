/// Orders assessed options for one priority.
///
/// The best option on the priority's measure wins unless others are within the noise of it; among
/// those tied, the cheaper wins, then the one with the larger pool. The rest are ranked the same way
/// after it. Options without a figure for the measure come last, marked unmeasured.
struct Ranking {
    let priority: Priority
    let noise: NoiseMargin
    /// The percentile of total latency `tail` is decided on (Recommender.tailStatistic).
    var tailStatistic: Statistic = .p99

    var measureName: String {
        switch priority {
        case .latency: return "P50 total latency"
        case .ttfb: return "P50 time-to-first-byte"
        case .tail: return "\(tailStatistic.rawValue.uppercased()) total latency"
        case .cost: return "price"
        case .throughput: return "pool size"
        case .balanced: return "P50 total latency"
        }
    }

    /// The priority's measure; lower is better.
    func primary(_ option: AssessedOption) -> Double? {
        switch priority {
        case .latency: return option.totalP50
        case .ttfb: return option.ttfbP50
        case .tail: return option.total(at: tailStatistic)
        case .cost: return option.relativeCost
        case .throughput: return -Double(option.poolSize)
        case .balanced: return option.balancedScore
        }
    }

    /// How far apart two options' measures may be and still be a tie. With raw samples on both
    /// sides (latency and ttfb), the half-width of the 95% interval of the difference of medians
    /// (Price & Bonett 2002: z * sqrt(se1² + se2²)); otherwise the fixed noise margin.
    func tieAllowance(_ a: AssessedOption, _ b: AssessedOption) -> (allowance: Double, statistical: Bool)? {
        guard let x = primary(a), let y = primary(b) else { return nil }
        let errors: (Double?, Double?)
        switch priority {
        case .latency: errors = (a.totalP50StandardError, b.totalP50StandardError)
        case .ttfb: errors = (a.ttfbP50StandardError, b.ttfbP50StandardError)
        default: errors = (nil, nil)
        }
        if let first = errors.0, let second = errors.1 {
            return (SampleStatistics.z95 * (first * first + second * second).squareRoot(), true)
        }
        switch priority {
        case .latency, .ttfb, .tail: return (noise.allowance(x, y), false)
        case .cost: return (costTolerance, false)
        case .throughput: return (0, false)
        case .balanced: return (noise.fraction * min(x, y), false)
        }
    }

    func isTie(_ a: AssessedOption, _ b: AssessedOption) -> Bool {
        guard let x = primary(a), let y = primary(b), let tie = tieAllowance(a, b) else { return false }
        return abs(x - y) <= tie.allowance
    }

    func isTie(_ a: Double, _ b: Double) -> Bool {
        switch priority {
        case .latency, .ttfb, .tail: return noise.isTie(a, b)
        case .cost: return abs(a - b) <= costTolerance
        case .throughput: return a == b
        case .balanced: return abs(a - b) <= noise.fraction * min(a, b)
        }
    }

    /// Keys that order options tied on the measure, in turn; nil sorts last.
    func tieBreakKeys(_ option: AssessedOption) -> [Double?] {
        let pool = -Double(option.poolSize)
        switch priority {
        case .latency, .ttfb, .tail, .balanced: return [option.relativeCost, pool, primary(option)]
        case .cost: return [option.totalP50, pool]
        case .throughput: return [option.relativeCost, option.totalP50]
        }
    }

    func precedes(_ a: AssessedOption, _ b: AssessedOption) -> Bool {
        for (x, y) in zip(tieBreakKeys(a), tieBreakKeys(b)) {
            switch (x, y) {
            case let (x?, y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: continue
            }
        }
        return a.option.id < b.option.id
    }

    var worseVerdict: Verdict {
        switch priority {
        case .latency, .ttfb, .tail: return .slower
        case .cost: return .costlier
        case .throughput: return .smallerPool
        case .balanced: return .lowerScore
        }
    }

    func rank(_ options: [AssessedOption]) -> [AssessedOption] {
        var options = options
        if priority == .balanced { BalancedScore.apply(&options) }
        var measured = options.filter { primary($0) != nil }
        var ordered: [AssessedOption] = []
        var overallBest: AssessedOption?
        while let best = measured.min(by: { primary($0)! < primary($1)! }) {
            overallBest = overallBest ?? best
            let tied = measured.indices.filter { isTie(best, measured[$0]) }
            let winner = tied.min { precedes(measured[$0], measured[$1]) }!
            var option = measured.remove(at: winner)
            if ordered.isEmpty {
                option.verdict = .choice
            } else {
                option.verdict = isTie(overallBest!, option) ? .tie : worseVerdict
            }
            ordered.append(option)
        }
        let unmeasured = options.filter { primary($0) == nil }.sorted(by: precedes)
        for var option in unmeasured {
            option.verdict = .unmeasured
            ordered.append(option)
        }
        for index in ordered.indices { ordered[index].rank = index + 1 }
        return ordered
    }
}

/// The balanced score: a weighted mean of each measure relative to the best option on it.
enum BalancedScore {
    static func apply(_ options: inout [AssessedOption]) {
        let scored = options.indices.filter { options[$0].totalP50 != nil }
        guard !scored.isEmpty else { return }
        let measures: [(Double, (AssessedOption) -> Double?)] = [
            (BalancedWeights.totalP50, { $0.totalP50 }),
            (BalancedWeights.ttfbP50, { $0.ttfbP50 }),
            (BalancedWeights.totalP99, { $0.totalP99 }),
            (BalancedWeights.cost, { $0.relativeCost }),
        ]
        // A measure counts only when every scored option has it, so a missing figure never helps.
        let usable = measures.filter { _, value in scored.allSatisfy { value(options[$0]) != nil } }
        let totalWeight = usable.reduce(0) { $0 + $1.0 }
        for index in scored {
            var score = 0.0
            for (weight, value) in usable {
                let best = scored.compactMap { value(options[$0]) }.min()!
                score += weight * (best > 0 ? value(options[index])! / best : 1)
            }
            options[index].balancedScore = (score / totalWeight * 1000).rounded() / 1000
        }
    }
}
