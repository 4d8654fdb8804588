import AdvisorCore

/// The words and figures of a review, shared by its Markdown and HTML renderings so both say the
/// same thing: cell texts, headings and the convention note.
enum ReviewText {
    static let convention =
        "Differences are global minus geographic; the percentage is over the geographic figure, "
        + "the seed lab's convention (eu-central-1 Claude: +315 ms over 2473 ms, +12.7%)."

    static let simulationTitle = "Simulated: the services' own retry settings against each quota"
    static let simulationIntro =
        "What advisor simulate --config does with policy config (docs/simulate.md): a seeded simulation of the declared peaks "
        + "against each quota as Bedrock counts it, each service retrying as advisor.yaml says (as boto3 left at its defaults where it says nothing), "
        + "its calls as long as the dataset measured. The same seed gives the same figures; advisor.yaml's simulate: sets minutes, seed and refill."

    static func notSimulated(_ reason: String) -> String {
        "Not simulated: \(reason). advisor simulate --config with fewer --minutes says what it can."
    }

    static func title(_ review: Review) -> String { "Routing review: dataset \(review.provenance.dataset)" }

    static func modelTitle(_ model: Model) -> String { "\(model.name) (\(model.id))" }

    static func pair(_ figures: Review.RouteFigures?) -> String {
        guard let figures else { return "—" }
        if figures.ttfbP50 == nil && figures.totalP50 == nil {
            let errors = figures.errors.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
            return errors.isEmpty ? "no figures" : "errors only (\(errors))"
        }
        return "\(figures.ttfbP50.map(ms) ?? "—") / \(figures.totalP50.map(ms) ?? "—")"
    }

    static func geographic(_ row: Review.OverviewRow) -> String {
        guard let geo = row.geographic else { return "— (\(row.note ?? "not measured"))" }
        return "\(geo.scope.rawValue): \(pair(geo))"
    }

    static func gap(_ gap: RouteGap?) -> String {
        guard let gap else { return "—" }
        return "\(gap.signedMillisecondsText) (\(gap.signedPercentText))"
    }

    static func optionalMs(_ value: Double?) -> String { value.map(ms) ?? "—" }

    static func ratio(_ row: Review.TailRow) -> String {
        guard let p99 = row.p99, let p50 = row.p50, p50 > 0 else { return "—" }
        return RouteGap.oneDecimalText(p99 / p50) + "×"
    }

    static func provenanceLines(_ p: Review.Provenance) -> [(label: String, value: String)] {
        var lines: [(String, String)] = [
            ("Dataset", "\(p.dataset): \(p.kind == .samples ? "raw samples" : "published figures (no raw samples)")")
        ]
        if let origin = p.origin { lines.append(("Origin", origin)) }
        if let description = p.description { lines.append(("Method", description)) }
        var measured = p.measured ?? "unknown"
        if let age = p.ageDays { measured += age >= 0 ? " (\(age) days ago)" : " (\(-age) days after the date it is judged on)" }
        lines.append(("Measured", measured))
        var coverage =
            "\(p.routes) route\(p.routes == 1 ? "" : "s") from \(p.sources.count) source region\(p.sources.count == 1 ? "" : "s")"
        if !p.sources.isEmpty { coverage += " (\(p.sources.joined(separator: ", ")))" }
        if let range = p.callsPerRoute {
            coverage +=
                ", \(p.calls) successful calls ("
                + (range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound)–\(range.upperBound)") + " a route)"
        }
        lines.append(("Coverage", coverage))
        if let generated = p.generatedAt {
            lines.append(("Generated", generated + (p.advisorVersion.map { " by advisor \($0)" } ?? "")))
        }
        if let catalogue = p.catalogue { lines.append(("Catalogue", catalogue + (p.catalogueDate.map { " (stored \($0))" } ?? ""))) }
        if let command = p.commandLine { lines.append(("Command", command)) }
        return lines
    }

    /// A summary cell: the scope chosen, and why to look twice ("eu. (stale)").
    static func cell(_ cell: ReviewSummary.Cell) -> String {
        cell.label + (cell.margin.map { ", \($0)" } ?? "") + (cell.marks.isEmpty ? "" : " (" + cell.marks.joined(separator: ", ") + ")")
    }

    static func failing(_ finding: Finding) -> String {
        "\(finding.file):\(finding.line): [\(finding.rule)] \(finding.subject): \(finding.message)"
    }

    static func choice(_ id: String?) -> String { id ?? "none qualifies" }

    static func confidence(_ change: Review.RouteChange) -> String {
        switch change.confidence {
        case .significant: return "significant (the 95% intervals of the P50s do not overlap)"
        case .notSignificant: return "not significant (the 95% intervals of the P50s overlap)"
        case .unknown: return "unknown (published figures carry no interval)"
        }
    }

    static func flip(_ flip: Review.Flip) -> String {
        "\(flip.source), \(flip.model), priority \(flip.priority.rawValue): \(choice(flip.before)) → \(choice(flip.after))"
    }

    static func route(_ key: RouteKey) -> String { "\(key.profile) from \(key.source)" }

    static func finding(_ finding: Finding) -> String {
        "\(finding.severity.rawValue) [\(finding.rule)] \(finding.message)"
            + (finding.waived ? " (waived: \(finding.waiverReason ?? ""))" : "")
    }
}
