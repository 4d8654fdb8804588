public import AdvisorCore
import Foundation

/// `advisor report --format markdown`: the review as GitHub-flavoured Markdown (tables, footnotes),
/// in the order an architecture review reads it: the data, each model's tables, the decisions,
/// then what changed and what the services do.
public enum MarkdownReview {
    public static func render(_ review: Review) -> String {
        var out: [String] = ["# \(ReviewText.title(review))", ""]
        if let summary = review.summary { out += self.summary(summary) }
        out += provenance(review.provenance)
        for (index, section) in review.models.enumerated() {
            out += model(section, index: index + 1)
        }
        out += decisions(review.decisions)
        if let comparison = review.comparison { out += compare(comparison) }
        if let services = review.services { out += self.services(services) }
        if let capacity = review.capacity { out += self.capacity(capacity) }
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n") + "\n"
    }

    /// A table cell: controls escaped, pipes kept inside the cell.
    static func cell(_ text: String) -> String {
        Sanitize.escapeControls(text, keepNewlines: false).replacingOccurrences(of: "|", with: "\\|")
    }

    static func text(_ text: String) -> String { Sanitize.escapeControls(text, keepNewlines: false) }

    static func table(_ header: [String], alignRight: Set<Int> = [], _ rows: [[String]]) -> [String] {
        var lines = [
            "| " + header.map(cell).joined(separator: " | ") + " |",
            "|" + header.indices.map { alignRight.contains($0) ? "---:" : "---" }.joined(separator: "|") + "|",
        ]
        lines += rows.map { "| " + $0.map(cell).joined(separator: " | ") + " |" }
        return lines
    }

    /// The answer first: the conclusion, each model's matrix, what fails check.
    static func summary(_ summary: ReviewSummary) -> [String] {
        var out = ["## The answer", "", text(summary.dataNote), ""]
        out += summary.conclusions.map { "- \(text($0))" }
        if !summary.conclusions.isEmpty { out.append("") }
        for matrix in summary.matrices where !matrix.rows.isEmpty {
            out += ["**\(text(matrix.modelName))**: the route to use, by source region and priority", ""]
            out += table(
                ["Source region"] + matrix.priorities.map(\.rawValue),
                matrix.rows.map { row in [row.source] + row.cells.map(ReviewText.cell) })
            out.append("")
        }
        if !summary.failing.isEmpty {
            out += ["**Fails `advisor check`** (\(summary.failing.count) error\(summary.failing.count == 1 ? "" : "s")):", ""]
            out += summary.failing.map { "- \(text(ReviewText.failing($0)))" } + [""]
        }
        return out
    }

    static func provenance(_ p: Review.Provenance) -> [String] {
        var out = ["## The data", ""]
        out += ReviewText.provenanceLines(p).map { "- **\($0.label)**: \(text($0.value))" }
        out.append("")
        if !p.warnings.isEmpty {
            out += ["**Warnings**", ""] + p.warnings.map { "- \(text($0))" } + [""]
        }
        return out
    }

    static func model(_ section: Review.ModelSection, index: Int) -> [String] {
        var out = ["## \(text(ReviewText.modelTitle(section.model)))", ""]
        if section.overview.isEmpty {
            return out + ["No route of this model was measured from the regions covered.", ""]
        }
        out += ["### P50 latency by source region (ms, TTFB / total)", ""]
        let mark = { (n: Int?) in n.map { "[^m\(index)-\($0)]" } ?? "" }
        out += table(
            ["Source region", "Global", "Geographic", "TTFB difference", "Total difference"], alignRight: [1, 3, 4],
            section.overview.map { row in
                [
                    row.source, ReviewText.pair(row.global), ReviewText.geographic(row),
                    ReviewText.gap(row.ttfbGap) + mark(row.ttfbFootnote), ReviewText.gap(row.totalGap) + mark(row.totalFootnote),
                ]
            })
        out += ["", ReviewText.convention, ""]
        if !section.tails.isEmpty {
            out += ["### Tail latency (total, ms)", ""]
            out += table(
                ["Source region", "Profile", "P50", "P95", "P99", "P99 / P50", "Calls"], alignRight: [2, 3, 4, 5, 6],
                section.tails.map { row in
                    [
                        row.source, row.profile, ReviewText.optionalMs(row.p50), ReviewText.optionalMs(row.p95),
                        ReviewText.optionalMs(row.p99), ReviewText.ratio(row), row.n.map(String.init) ?? "—",
                    ]
                })
            out.append("")
        }
        for (number, note) in section.footnotes.enumerated() {
            out.append("[^m\(index)-\(number + 1)]: \(text(note))")
        }
        if !section.footnotes.isEmpty { out.append("") }
        return out
    }

    static func decisions(_ regions: [Review.RegionDecisions]) -> [String] {
        var out = ["## Decisions by source region", ""]
        if regions.isEmpty { return out + ["No source region has measurements: nothing to decide on.", ""] }
        for region in regions {
            out += ["### From \(region.source)" + (region.regionName.map { " (\(text($0)))" } ?? ""), ""]
            out += table(
                ["Model", "Priority", "Choice", "Why"],
                region.rows.map { [$0.model, $0.priority.rawValue, ReviewText.choice($0.choice), $0.reason] })
            out.append("")
            if !region.catalogueFacts.isEmpty {
                out += ["No geographic profile is callable from \(region.source), per the catalogue:", ""]
                out += region.catalogueFacts.map { "- \(text($0))" } + [""]
            }
            if !region.observed.isEmpty {
                out += ["Where the account's calls from \(region.source) ran (CloudTrail):", ""]
                out += region.observed.map { "- \(text($0))" } + [""]
            }
        }
        return out
    }

    static func compare(_ c: Review.Comparison) -> [String] {
        var out = [
            "## Changes against \(text(c.baseline))", "",
            "Each P50 of \(text(c.dataset)) against the same route in \(text(c.baseline)); the percentage is over \(text(c.baseline))'s figure.",
            "",
        ]
        if c.changes.isEmpty {
            out += ["The two datasets have no route in common: nothing to compare.", ""]
        } else {
            out += table(
                ["Route", "Metric", c.baseline, c.dataset, "Change", "Confidence"], alignRight: [2, 3, 4],
                c.changes.map { change in
                    [
                        ReviewText.route(change.key), change.metric.rawValue, ms(change.baseline), ms(change.now),
                        ReviewText.gap(change.gap), ReviewText.confidence(change),
                    ]
                })
            out.append("")
        }
        if !c.onlyInDataset.isEmpty {
            out += ["Only in \(text(c.dataset)): " + text(c.onlyInDataset.map(ReviewText.route).joined(separator: "; ")) + ".", ""]
        }
        if !c.onlyInBaseline.isEmpty {
            out += ["Only in \(text(c.baseline)): " + text(c.onlyInBaseline.map(ReviewText.route).joined(separator: "; ")) + ".", ""]
        }
        out +=
            c.flips.isEmpty
            ? ["No decision flips between the two datasets.", ""]
            : ["**Decisions that flip** (\(text(c.baseline)) → \(text(c.dataset))):", ""] + c.flips.map { "- \(text(ReviewText.flip($0)))" }
                + [""]
        return out
    }

    /// The config's quotas as `advisor capacity` computes them, and every finding `check` makes on them.
    static func capacity(_ capacity: Review.Capacity) -> [String] {
        var out = ["## Capacity", ""]
        if capacity.rows.isEmpty { return out + ["The configuration declares no quota (and none was imported from Service Quotas).", ""] }
        out += table(
            CapacityOutput.headers(observed: false), alignRight: CapacityOutput.numericColumns, capacity.rows.map(CapacityOutput.cells))
        out.append("")
        out +=
            capacity.findings.isEmpty
            ? ["No finding on the quotas.", ""]
            : capacity.findings.map { "- \(text(ReviewText.finding($0)))" } + [""]
        if let skipped = capacity.simulationSkipped {
            out += ["### \(ReviewText.simulationTitle)", "", text(ReviewText.notSimulated(skipped)), ""]
        }
        guard !capacity.simulations.isEmpty else { return out }
        out += ["### \(ReviewText.simulationTitle)", "", text(ReviewText.simulationIntro), ""]
        for run in capacity.simulations {
            out += ["**\(text(SimulationOutput.heading(run)))**", ""]
            out += table(SimulationOutput.headers, alignRight: Set(1...7), run.result.services.map(SimulationOutput.cells))
            out.append("")
            out += ([SimulationOutput.chartDescription(run)] + SimulationOutput.remarks(run)).map { "- \(text($0))" } + [""]
        }
        return out
    }

    static func services(_ services: [Review.ServiceReview]) -> [String] {
        var out = ["## Services of the configuration", ""]
        if services.isEmpty { return out + ["The configuration declares no service.", ""] }
        out += table(
            ["Service", "Region", "Route", "Priority", "Residency", "Recommended", "Findings"],
            services.map { service in
                [
                    service.name, service.region, service.route, service.priority.rawValue, service.residency ?? "any",
                    ReviewText.choice(service.recommended) + (service.recommended == service.route ? " (as configured)" : ""),
                    service.findings.isEmpty ? "none" : "\(service.findings.count)",
                ]
            })
        out.append("")
        for service in services where !service.findings.isEmpty {
            out += ["**\(text(service.name))**", ""] + service.findings.map { "- \(text(ReviewText.finding($0)))" } + [""]
        }
        return out
    }
}
