/// The answer a review leads with: per model, the decision matrix (source Region × priority → the
/// choice, from the same decisions the report's tables show, which `recommend` makes), a
/// conclusion in the lab's words generated from the figures, and what fails `check`.
public struct ReviewSummary: Sendable {
    public struct Cell: Sendable, Equatable {
        /// The profile or model id chosen; nil when nothing qualifies.
        public var choice: String?
        /// "eu.", "global.", "in-Region", or "—".
        public var label: String
        /// Why the cell deserves a second look: "no figures", "fallback".
        public var marks: [String]
        /// How far ahead of the runner-up it is: "315 ms", "9% cheaper".
        public var margin: String? = nil
    }

    public struct Matrix: Sendable {
        public var model: String
        public var modelName: String
        public var priorities: [Priority]
        public var rows: [(source: String, cells: [Cell])]
    }

    public var matrices: [Matrix]
    /// What the whole answer rests on, once (not on every cell): the dataset and its age.
    public var dataNote: String
    /// One or two sentences per model: how far global is from the geographic profile, by Region.
    public var conclusions: [String]
    /// Findings that fail `check` (unwaived errors), when the review has a config.
    public var failing: [Finding]
}

extension ReviewBuilder {
    static func summary(
        _ decisions: [Review.RegionDecisions], sections: [Review.ModelSection], provenance: Review.Provenance,
        request: ReviewRequest, catalogue: Catalogue, findings: [Finding]
    ) -> ReviewSummary {
        let stale = (provenance.ageDays ?? 0) > request.staleAfterDays
        var matrices: [ReviewSummary.Matrix] = []
        for section in sections {
            var rows: [(String, [ReviewSummary.Cell])] = []
            for region in decisions {
                let mine = region.rows.filter { $0.model == section.model.id }
                guard !mine.isEmpty else { continue }
                let cells = request.priorities.map { priority -> ReviewSummary.Cell in
                    guard let decision = mine.first(where: { $0.priority == priority }) else {
                        return ReviewSummary.Cell(choice: nil, label: "—", marks: [])
                    }
                    var marks: [String] = []
                    if decision.reason.contains("no P50") || decision.reason.contains("unmeasured") { marks.append("no figures") }
                    if decision.reason.contains("decided on") { marks.append("fallback") }
                    let label = decision.choice.map { Scope(profileId: $0).isInRegion ? "in-Region" : Scope(profileId: $0).label } ?? "—"
                    return ReviewSummary.Cell(choice: decision.choice, label: label, marks: marks, margin: decision.margin)
                }
                rows.append((region.source, cells))
            }
            matrices.append(
                ReviewSummary.Matrix(model: section.model.id, modelName: section.model.name, priorities: request.priorities, rows: rows))
        }
        var dataNote = "On dataset \(provenance.dataset), measured \(provenance.measured ?? "on an unknown date")"
        if let age = provenance.ageDays { dataNote += " (\(age) days ago)" }
        dataNote +=
            stale
            ? ": older than \(request.staleAfterDays) days, so every answer here may have changed; re-measure before relying on it." : "."
        return ReviewSummary(
            matrices: matrices, dataNote: dataNote, conclusions: sections.compactMap { conclusion($0) },
            failing: findings.filter { !$0.waived && $0.severity == .error })
    }

    /// "Claude Sonnet 4.6: global is 12.7–43.1% slower in total at P50 than the geographic profile from
    /// eu-central-1, ap-northeast-1; within 3% from us-east-1." Made from the overview rows.
    static func conclusion(_ section: Review.ModelSection) -> String? {
        var slower: [(String, Double)] = [], faster: [(String, Double)] = [], level: [String] = []
        for row in section.overview {
            guard let global = row.global?.totalP50, let geographic = row.geographic?.totalP50, geographic > 0 else { continue }
            let percent = (global - geographic) / geographic * 100
            if abs(percent) < 3 {
                level.append(row.source)
            } else if percent > 0 {
                slower.append((row.source, percent))
            } else {
                faster.append((row.source, -percent))
            }
        }
        guard !(slower.isEmpty && faster.isEmpty && level.isEmpty) else { return nil }
        func range(_ values: [(String, Double)]) -> String {
            let low = values.map(\.1).min()!, high = values.map(\.1).max()!
            return low == high ? RouteGap.oneDecimal(low) + "%" : RouteGap.oneDecimal(low) + "–" + RouteGap.oneDecimal(high) + "%"
        }
        var parts: [String] = []
        if !slower.isEmpty {
            parts.append(
                "global is \(range(slower)) slower in total at P50 than the geographic profile from \(slower.map(\.0).joined(separator: ", "))"
            )
        }
        if !faster.isEmpty { parts.append("\(range(faster)) faster from \(faster.map(\.0).joined(separator: ", "))") }
        if !level.isEmpty { parts.append("within 3% from \(level.joined(separator: ", "))") }
        return "\(section.model.name): " + parts.joined(separator: "; ") + "."
    }
}
