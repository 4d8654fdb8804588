/// Turns a ranking into one-line reasons a reviewer can check against the figures.
struct Explainer {
    let priority: Priority
    let noise: NoiseMargin
    let source: String
    let dataset: String
    var tailStatistic: Statistic = .p99

    func explain(_ ranked: [AssessedOption]) -> [AssessedOption] {
        var result = ranked
        guard let choice = ranked.first else { return result }
        if ranked.count == 1 {
            result[0].reasons = ["the only option callable from \(source) that meets the constraints"]
            if let note = missingMeasure(choice) { result[0].reasons.append(note) }
            return result
        }
        result[0].reasons = ranked.dropFirst().map { compare(choice, with: $0) }
        for index in ranked.indices.dropFirst() {
            result[index].reasons = [compare(ranked[index], with: choice)]
        }
        return result
    }

    func missingMeasure(_ option: AssessedOption) -> String? {
        guard ranking.primary(option) == nil else { return nil }
        return "\(option.option.label) has no \(ranking.measureName) figure "
            + "from \(source) in dataset \(dataset)"
    }

    /// One sentence on `subject` against `other`, from the subject's side.
    func compare(_ subject: AssessedOption, with other: AssessedOption) -> String {
        if let missing = missingMeasure(subject) ?? missingMeasure(other) {
            return missing + "; not compared on it" + costClause(subject, other)
        }
        let s = subject.option.label, o = other.option.label
        switch priority {
        case .latency:
            return latency(
                subject, other, subject.totalP50!, other.totalP50!, "in total",
                secondary: (subject.ttfbP50, other.ttfbP50, "to first byte"),
                tie: ranking.tieAllowance(subject, other))
                + costClause(subject, other) + poolClause(subject, other)
        case .ttfb:
            return latency(
                subject, other, subject.ttfbP50!, other.ttfbP50!, "to first byte",
                secondary: (subject.totalP50, other.totalP50, "in total"),
                tie: ranking.tieAllowance(subject, other))
                + costClause(subject, other) + poolClause(subject, other)
        case .tail:
            let a = subject.total(at: tailStatistic)!, b = other.total(at: tailStatistic)!
            let label = tailStatistic.rawValue.uppercased()
            let head =
                noise.isTie(a, b)
                ? "\(s) and \(o) are within the noise margin at \(label) (\(ms(a)) ms and \(ms(b)) ms)"
                : "\(s) has a \(label) of \(ms(a)) ms against \(ms(b)) ms for \(o)"
            return head + costClause(subject, other) + poolClause(subject, other)
        case .cost:
            let a = subject.relativeCost!, b = other.relativeCost!
            var text: String
            if abs(a - b) <= costTolerance {
                text = "\(s) and \(o) cost the same"
            } else if a < b {
                text = "\(s) costs ~\(percent(b - a, of: b))% less than \(o) (relative cost \(a) against \(b))"
            } else {
                text = "\(s) costs ~\(percent(a - b, of: a))% more than \(o) (relative cost \(a) against \(b))"
            }
            if let x = subject.totalP50, let y = other.totalP50 {
                text += "; " + latency(subject, other, x, y, "in total", secondary: (nil, nil, ""))
            }
            return text
        case .throughput:
            let head =
                subject.poolSize == other.poolSize
                ? "\(s) and \(o) draw on the same number of destination regions (\(subject.poolSize))"
                : "\(s) draws on \(subject.poolSize) destination regions against \(other.poolSize) for \(o)"
            return head + costClause(subject, other)
        case .balanced:
            let a = subject.balancedScore!, b = other.balancedScore!
            return "\(s) scores \(a) against \(b) for \(o) (a weighted mean, relative to the best, of P50 total, "
                + "P50 TTFB, P99 and price, each where every option has it; lower is better)"
        }
    }

    var ranking: Ranking { Ranking(priority: priority, noise: noise, tailStatistic: tailStatistic) }

    /// "global is 315 ms (12.7%) slower in total than eu.": the percentage is RouteGap's, over the
    /// narrower (reference) route's figure, so it is said of the other route when the subject is
    /// the reference: "eu. is 385 ms faster … than global (global takes 101.6% longer …)", since
    /// "eu. is 101.6% faster" is no true statement.
    func latency(
        _ subject: AssessedOption, _ other: AssessedOption, _ a: Double, _ b: Double, _ measure: String,
        secondary: (Double?, Double?, String), tie: (allowance: Double, statistical: Bool)? = nil
    ) -> String {
        let s = subject.option.label, o = other.option.label
        let allowance = tie ?? (noise.allowance(a, b), false)
        if abs(a - b) <= allowance.allowance {
            if allowance.statistical {
                return "\(s) and \(o) are statistically tied \(measure) (\(ms(abs(a - b))) ms apart; the 95% "
                    + "interval of the difference of medians, ±\(ms(allowance.allowance)) ms, includes zero)"
            }
            return "\(s) and \(o) are within the noise margin \(measure) (\(ms(abs(a - b))) ms apart, "
                + "margin \(ms(allowance.allowance)) ms)"
        }
        let faster = a < b
        let gap = RouteGap.between(subject.option.scope, a, other.option.scope, b)
        let subjectIsReference = RouteGap.isReference(subject.option.scope, a, against: other.option.scope, b)
        var text =
            "\(s) is \(ms(abs(b - a))) ms" + (subjectIsReference ? "" : " (\(gap.percentText))")
            + " \(faster ? "faster" : "slower") \(measure)"
        if let x = secondary.0, let y = secondary.1 {
            text +=
                x == y
                ? " and as fast \(secondary.2)"
                : " and \(ms(abs(y - x))) ms \(x < y ? "faster" : "slower") \(secondary.2)"
        }
        text += " than \(o)"
        if subjectIsReference {
            text += " (\(o) takes \(gap.percentText) \(faster ? "longer" : "less time") \(measure))"
        }
        return text
    }

    func costClause(_ subject: AssessedOption, _ other: AssessedOption) -> String {
        guard let a = subject.relativeCost, let b = other.relativeCost, abs(a - b) > costTolerance else { return "" }
        if a < b { return "; \(subject.option.label) costs ~\(percent(b - a, of: b))% less" }
        return "; \(other.option.label) would cost ~\(percent(a - b, of: a))% less"
    }

    /// Said only when price does not separate two options tied on the measure, i.e. when pool size decided.
    func poolClause(_ subject: AssessedOption, _ other: AssessedOption) -> String {
        let sameCost = subject.relativeCost.flatMap { a in other.relativeCost.map { b in abs(a - b) <= costTolerance } } ?? false
        guard sameCost, subject.poolSize != other.poolSize else { return "" }
        return "; \(subject.option.label) draws on \(subject.poolSize) destination regions against \(other.poolSize)"
    }
}

/// Milliseconds as printed: whole numbers without a fraction, others to one decimal.
public func ms(_ value: Double) -> String {
    let tenths = (value * 10).rounded()
    guard abs(tenths) < 1e15 else { return String(value) }
    if tenths.truncatingRemainder(dividingBy: 10) == 0 { return String(Int(tenths / 10)) }
    return String(tenths / 10)
}

func percent(_ part: Double, of whole: Double) -> Int {
    guard whole != 0 else { return 0 }
    return Int(saturating: (part / whole * 100).rounded())
}
