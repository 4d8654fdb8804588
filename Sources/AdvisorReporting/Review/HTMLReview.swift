public import AdvisorCore
import Foundation

/// `advisor report --format html`: one self-contained page (inline CSS and SVG; no script, font,
/// image or link to anything outside it), readable on a laptop and in print. Every chart stands
/// beside the table it was drawn from.
public enum HTMLReview {
    public static func render(_ review: Review, distributions: [RouteKey: RouteDistribution] = [:]) -> String {
        var out = [
            "<!DOCTYPE html>", #"<html lang="en">"#, "<head>", #"<meta charset="utf-8">"#,
            #"<meta name="viewport" content="width=device-width, initial-scale=1">"#,
            "<title>\(e(ReviewText.title(review)))</title>", "<style>", style, "</style>", "</head>", "<body>", "<main>",
            "<h1>\(e(ReviewText.title(review)))</h1>",
        ]
        if let summary = review.summary { out += self.summary(summary) }
        out += provenance(review.provenance)
        for (index, section) in review.models.enumerated() {
            out += model(section, index: index + 1, distributions: distributions)
        }
        out += decisions(review.decisions)
        if let comparison = review.comparison { out += compare(comparison) }
        if let services = review.services { out += self.services(services) }
        if let capacity = review.capacity { out += self.capacity(capacity) }
        out += ["</main>", "</body>", "</html>"]
        return out.joined(separator: "\n") + "\n"
    }

    /// The answer first: the conclusion, each model's matrix, what fails check.
    static func summary(_ summary: ReviewSummary) -> [String] {
        var out = [#"<section class="answer">"#, "<h2>The answer</h2>", "<p>\(e(summary.dataNote))</p>"]
        if !summary.conclusions.isEmpty { out += ["<ul>"] + summary.conclusions.map { "<li>\(e($0))</li>" } + ["</ul>"] }
        for matrix in summary.matrices where !matrix.rows.isEmpty {
            out.append("<h3>\(e(matrix.modelName)): the route to use, by source region and priority</h3>")
            out.append(
                "<table><thead><tr><th>Source region</th>" + matrix.priorities.map { "<th>\(e($0.rawValue))</th>" }.joined()
                    + "</tr></thead><tbody>")
            for row in matrix.rows {
                out.append(
                    "<tr><td class=\"id\">\(e(row.source))</td>"
                        + row.cells.map { #"<td title="\#(e($0.choice ?? "none qualifies"))">\#(e(ReviewText.cell($0)))</td>"# }
                        .joined() + "</tr>")
            }
            out.append("</tbody></table>")
        }
        if !summary.failing.isEmpty {
            out.append(
                "<p><strong>Fails <code>advisor check</code></strong> (\(summary.failing.count) error\(summary.failing.count == 1 ? "" : "s")):</p>"
            )
            out += ["<ul>"] + summary.failing.map { "<li>\(e(ReviewText.failing($0)))</li>" } + ["</ul>"]
        }
        return out + ["</section>"]
    }

    static let style = """
        :root { color-scheme: light; }
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #1b1b1b; background: #fff; margin: 0; line-height: 1.45; }
        main { max-width: 62rem; margin: 0 auto; padding: 1.5rem; }
        h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; margin-top: 2rem; } h3 { font-size: 1.05rem; }
        table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .9rem; }
        th, td { border: 1px solid #bbb; padding: .25rem .5rem; vertical-align: top; text-align: left; }
        th { background: #f0f0f0; } td.id, td code, td:first-child { white-space: nowrap; } td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; } dt { font-weight: 600; } dd { margin: 0; }
        .warnings li { margin: .2rem 0; } .warnings { border-left: 4px solid #E69F00; padding: .4rem 1.2rem; background: #fff8e6; }
        figure { margin: 1rem 0; } figcaption { font-size: .85rem; color: #444; }
        svg.chart { width: 100%; height: auto; display: block; font-family: inherit; }
        svg .grid { stroke: #e3e3e3; } svg .axis { stroke: #555; } svg .tick { font-size: 11px; fill: #333; }
        svg .value { font-size: 10px; fill: #111; } svg .na { font-size: 10px; fill: #777; } svg .label { font-size: 12px; fill: #333; }
        svg .heading { font-size: 14px; font-weight: 600; fill: #111; }
        .footnotes { font-size: .85rem; }
        .table { max-width: 100%; } @media screen { .table { overflow-x: auto; } }
        @media print { main { max-width: none; padding: 0; } figure, table, svg, .answer ul { break-inside: avoid; } h2, h3, h4 { break-after: avoid; }
          table { font-size: .68rem; } th, td { padding: .12rem .25rem; } td.num { white-space: normal; } }
        .answer { border-left: 4px solid #0072B2; padding: .2rem 1.2rem; background: #f3f8fc; }
        """

    static func e(_ text: String) -> String { XMLText.escape(text) }

    /// A table in a box of the column's width: on a narrow screen a wide table scrolls inside it
    /// rather than widening the page; in print its type gets smaller so every column is on paper.
    static func table(_ header: [String], numeric: Set<Int> = [], _ rows: [[String]], caption: String? = nil) -> [String] {
        var out = [#"<div class="table">"#, "<table>"]
        if let caption { out.append("<caption>\(e(caption))</caption>") }
        out.append("<thead><tr>" + header.map { "<th scope=\"col\">\(e($0))</th>" }.joined() + "</tr></thead>")
        out.append("<tbody>")
        for row in rows {
            out.append(
                "<tr>"
                    + row.enumerated().map { index, cell in
                        numeric.contains(index) ? "<td class=\"num\">\(cell)</td>" : "<td>\(cell)</td>"
                    }.joined() + "</tr>")
        }
        out += ["</tbody>", "</table>", "</div>"]
        return out
    }

    static func provenance(_ p: Review.Provenance) -> [String] {
        var out = ["<section>", "<h2>The data</h2>", "<dl>"]
        out += ReviewText.provenanceLines(p).map { "<dt>\(e($0.label))</dt><dd>\(e($0.value))</dd>" }
        out.append("</dl>")
        if !p.warnings.isEmpty {
            out += [#"<ul class="warnings" aria-label="Warnings">"#] + p.warnings.map { "<li>\(e($0))</li>" } + ["</ul>"]
        }
        return out + ["</section>"]
    }

    static func model(_ section: Review.ModelSection, index: Int, distributions: [RouteKey: RouteDistribution]) -> [String] {
        var out = ["<section>", "<h2>\(e(ReviewText.modelTitle(section.model)))</h2>"]
        guard !section.overview.isEmpty else {
            return out + ["<p>No route of this model was measured from the regions covered.</p>", "</section>"]
        }
        let id = "m\(index)"
        out += ["<h3>P50 latency by source region</h3>"]
        for metric in LatencyMetric.allCases {
            out += [
                "<figure>", ReviewCharts.overview(section, metric: metric, id: "\(id)-\(metric.rawValue)"),
                "<figcaption>\(e(ReviewCharts.overviewCaption(section, metric: metric)))</figcaption>", "</figure>",
            ]
        }
        let mark = { (n: Int?) in n.map { "<sup><a href=\"#\(id)-fn\($0)\" id=\"\(id)-ref\($0)\">\($0)</a></sup>" } ?? "" }
        out += table(
            ["Source region", "Global (TTFB / total, ms)", "Geographic (TTFB / total, ms)", "TTFB difference", "Total difference"],
            numeric: [1, 3, 4],
            section.overview.map { row in
                [
                    e(row.source), e(ReviewText.pair(row.global)), e(ReviewText.geographic(row)),
                    e(ReviewText.gap(row.ttfbGap)) + mark(row.ttfbFootnote), e(ReviewText.gap(row.totalGap)) + mark(row.totalFootnote),
                ]
            }, caption: "The figures the charts above were drawn from")
        out.append("<p>\(e(ReviewText.convention))</p>")
        if !section.tails.isEmpty {
            out += [
                "<h3>Tail latency</h3>", "<figure>", ReviewCharts.tails(section, id: "\(id)-tail"),
                "<figcaption>\(e(ReviewCharts.tailCaption(section)))</figcaption>", "</figure>",
            ]
            out += table(
                ["Source region", "Profile", "P50", "P95", "P99", "P99 / P50", "Calls"], numeric: [2, 3, 4, 5, 6],
                section.tails.map { row in
                    [
                        e(row.source), e(row.profile), ReviewText.optionalMs(row.p50), ReviewText.optionalMs(row.p95),
                        ReviewText.optionalMs(row.p99), e(ReviewText.ratio(row)), row.n.map(String.init) ?? "—",
                    ]
                }, caption: "Total latency in ms: the figures the tail chart was drawn from")
        }
        let lines = section.routes.compactMap { key in
            distributions[key].map {
                SVGChart.Line(
                    label: "\(key.source) · \(Scope(profileId: key.profile).label)", values: $0.total,
                    scope: Scope(profileId: key.profile), source: key.source)
            }
        }.filter { !$0.values.isEmpty }
        if !lines.isEmpty {
            out += [
                "<h3>Distribution of total latency</h3>", "<figure>", ReviewCharts.cdf(section, lines: lines, id: "\(id)-cdf"),
                "<figcaption>Empirical CDF of the successful calls' total latency, one line per source region and profile.</figcaption>",
                "</figure>",
            ]
        }
        if !section.footnotes.isEmpty {
            out.append(#"<ol class="footnotes">"#)
            for (number, note) in section.footnotes.enumerated() {
                out.append("<li id=\"\(id)-fn\(number + 1)\">\(e(note)) <a href=\"#\(id)-ref\(number + 1)\" aria-label=\"back\">↩</a></li>")
            }
            out.append("</ol>")
        }
        return out + ["</section>"]
    }

    static func decisions(_ regions: [Review.RegionDecisions]) -> [String] {
        var out = ["<section>", "<h2>Decisions by source region</h2>"]
        if regions.isEmpty { return out + ["<p>No source region has measurements: nothing to decide on.</p>", "</section>"] }
        for region in regions {
            out.append("<h3>From \(e(region.source))" + (region.regionName.map { " (\(e($0)))" } ?? "") + "</h3>")
            out += table(
                ["Model", "Priority", "Choice", "Why"],
                region.rows.map { [e($0.model), e($0.priority.rawValue), e(ReviewText.choice($0.choice)), e($0.reason)] })
            if !region.catalogueFacts.isEmpty {
                out +=
                    ["<p>No geographic profile is callable from \(e(region.source)), per the catalogue:</p>", "<ul>"]
                    + region.catalogueFacts.map { "<li>\(e($0))</li>" } + ["</ul>"]
            }
            if !region.observed.isEmpty {
                out +=
                    ["<p>Where the account's calls from \(e(region.source)) ran (CloudTrail):</p>", "<ul>"]
                    + region.observed.map { "<li>\(e($0))</li>" } + ["</ul>"]
            }
        }
        return out + ["</section>"]
    }

    static func compare(_ c: Review.Comparison) -> [String] {
        var out = [
            "<section>", "<h2>Changes against \(e(c.baseline))</h2>",
            "<p>Each P50 of \(e(c.dataset)) against the same route in \(e(c.baseline)); the percentage is over \(e(c.baseline))'s figure.</p>",
        ]
        if c.changes.isEmpty {
            out.append("<p>The two datasets have no route in common: nothing to compare.</p>")
        } else {
            out += table(
                ["Route", "Metric", c.baseline, c.dataset, "Change", "Confidence"], numeric: [2, 3, 4],
                c.changes.map { change in
                    [
                        e(ReviewText.route(change.key)), e(change.metric.rawValue), ms(change.baseline), ms(change.now),
                        e(ReviewText.gap(change.gap)), e(ReviewText.confidence(change)),
                    ]
                })
        }
        if !c.onlyInDataset.isEmpty {
            out.append("<p>Only in \(e(c.dataset)): \(e(c.onlyInDataset.map(ReviewText.route).joined(separator: "; "))).</p>")
        }
        if !c.onlyInBaseline.isEmpty {
            out.append("<p>Only in \(e(c.baseline)): \(e(c.onlyInBaseline.map(ReviewText.route).joined(separator: "; "))).</p>")
        }
        if c.flips.isEmpty {
            out.append("<p>No decision flips between the two datasets.</p>")
        } else {
            out +=
                ["<p><strong>Decisions that flip</strong> (\(e(c.baseline)) → \(e(c.dataset))):</p>", "<ul>"]
                + c.flips.map { "<li>\(e(ReviewText.flip($0)))</li>" } + ["</ul>"]
        }
        return out + ["</section>"]
    }

    static func capacity(_ capacity: Review.Capacity) -> [String] {
        var out = ["<section>", "<h2>Capacity</h2>"]
        if capacity.rows.isEmpty {
            return out + ["<p>The configuration declares no quota (and none was imported from Service Quotas).</p>", "</section>"]
        }
        out += table(
            CapacityOutput.headers(observed: false), numeric: CapacityOutput.numericColumns,
            capacity.rows.map { CapacityOutput.cells($0).map(e) })
        out +=
            capacity.findings.isEmpty
            ? ["<p>No finding on the quotas.</p>"]
            : ["<ul>"] + capacity.findings.map { "<li>\(e(ReviewText.finding($0)))</li>" } + ["</ul>"]
        out += simulations(capacity.simulations)
        if let skipped = capacity.simulationSkipped {
            out += ["<h3>\(e(ReviewText.simulationTitle))</h3>", "<p>\(e(ReviewText.notSimulated(skipped)))</p>"]
        }
        return out + ["</section>"]
    }

    /// Each quota's simulation under the services' own retry settings: the chart of its minutes,
    /// the figures it was drawn from (folded away), and each service's outcome.
    static func simulations(_ runs: [SimulationRun]) -> [String] {
        guard !runs.isEmpty else { return [] }
        var out = ["<h3>\(e(ReviewText.simulationTitle))</h3>", "<p>\(e(ReviewText.simulationIntro))</p>"]
        for (index, run) in runs.enumerated() {
            let id = "sim\(index + 1)"
            out += [
                "<h4>\(e(SimulationOutput.heading(run)))</h4>", "<figure>",
                SVGChart.minutes(
                    id: id, title: "\(run.quota): attempts a minute", description: SimulationOutput.chartDescription(run),
                    minutes: run.result.minutes, rpm: run.rpm),
                "<figcaption>\(e(SimulationOutput.chartDescription(run)))</figcaption>", "</figure>",
                "<details><summary>Minute by minute: the figures the chart was drawn from</summary>",
            ]
            out += table(
                ["Minute", "Admitted", "Throttled"], numeric: [0, 1, 2],
                run.result.minutes.enumerated().map { [String($0.offset), String($0.element.admitted), String($0.element.throttled)] })
            out.append("</details>")
            out += table(
                SimulationOutput.headers, numeric: Set(1...7), run.result.services.map { SimulationOutput.cells($0).map(e) },
                caption: "Each service's requests in the simulation")
            let remarks = SimulationOutput.remarks(run)
            if !remarks.isEmpty { out += ["<ul>"] + remarks.map { "<li>\(e($0))</li>" } + ["</ul>"] }
        }
        return out
    }

    static func services(_ services: [Review.ServiceReview]) -> [String] {
        var out = ["<section>", "<h2>Services of the configuration</h2>"]
        if services.isEmpty { return out + ["<p>The configuration declares no service.</p>", "</section>"] }
        out += table(
            ["Service", "Region", "Route", "Priority", "Residency", "Recommended", "Findings"],
            services.map { service in
                [
                    e(service.name), e(service.region), e(service.route), e(service.priority.rawValue), e(service.residency ?? "any"),
                    e(ReviewText.choice(service.recommended) + (service.recommended == service.route ? " (as configured)" : "")),
                    service.findings.isEmpty
                        ? "none" : "<ul>" + service.findings.map { "<li>\(e(ReviewText.finding($0)))</li>" }.joined() + "</ul>",
                ]
            })
        return out + ["</section>"]
    }
}

/// The report's charts, from a model's section: what each draws and says in words.
enum ReviewCharts {
    static func metricName(_ metric: LatencyMetric) -> String { metric == .ttfb ? "TTFB" : "total latency" }

    static func groups(_ section: Review.ModelSection) -> [String] {
        let repeated = Dictionary(grouping: section.overview, by: \.source).filter { $0.value.count > 1 }.keys
        return section.overview.map { row in
            repeated.contains(row.source) ? "\(row.source) (\(row.geographic?.scope.label ?? "-"))" : row.source
        }
    }

    static func overview(_ section: Review.ModelSection, metric: LatencyMetric, id: String) -> String {
        let value = { (figures: Review.RouteFigures?) in metric == .ttfb ? figures?.ttfbP50 : figures?.totalP50 }
        let title = "\(section.model.name): P50 \(metricName(metric)) by source region"
        return SVGChart.bars(
            id: id, title: title, description: overviewCaption(section, metric: metric), groups: groups(section),
            series: [
                SVGChart.Series(style: SVGChart.global, values: section.overview.map { value($0.global) }),
                SVGChart.Series(style: SVGChart.geographic, values: section.overview.map { value($0.geographic) }),
            ],
            yLabel: "P50 \(metricName(metric)) (ms)")
    }

    /// The chart's text alternative: every bar's figure in words.
    static func overviewCaption(_ section: Review.ModelSection, metric: LatencyMetric) -> String {
        let value = { (figures: Review.RouteFigures?) in (metric == .ttfb ? figures?.ttfbP50 : figures?.totalP50).map { "\(ms($0)) ms" } }
        let parts = zip(groups(section), section.overview).map { group, row in
            "\(group): global \(value(row.global) ?? "not measured"), "
                + (row.geographic.map { "\($0.scope.label) \(value($0) ?? "not measured")" } ?? "no geographic profile")
        }
        return "P50 \(metricName(metric)) of \(section.model.name) in ms, global (hatched) beside geographic (solid): "
            + parts.joined(separator: "; ") + "."
    }

    static func tailGroups(_ section: Review.ModelSection) -> [String] {
        section.tails.map { "\($0.source) · \($0.scope.label)" }
    }

    /// A log scale when the largest figure is more than 20 times the smallest, so 182 s and 1.4 s both read.
    static func tailNeedsLog(_ section: Review.ModelSection) -> Bool {
        let values = section.tails.flatMap { [$0.p50, $0.p95, $0.p99] }.compactMap { $0 }.filter { $0 > 0 }
        guard let low = values.min(), let high = values.max() else { return false }
        return high / low > 20
    }

    static func tails(_ section: Review.ModelSection, id: String) -> String {
        let styles = SVGChart.tailStyles
        return SVGChart.bars(
            id: id, title: "\(section.model.name): total latency P50, P95 and P99", description: tailCaption(section),
            groups: tailGroups(section),
            series: [
                SVGChart.Series(style: styles[0], values: section.tails.map(\.p50)),
                SVGChart.Series(style: styles[1], values: section.tails.map(\.p95)),
                SVGChart.Series(style: styles[2], values: section.tails.map(\.p99)),
            ],
            yLabel: "total latency (ms)", logScale: tailNeedsLog(section))
    }

    static func tailCaption(_ section: Review.ModelSection) -> String {
        let parts = zip(tailGroups(section), section.tails).map { group, row in
            "\(group): P50 \(row.p50.map { "\(ms($0)) ms" } ?? "n/a"), P95 \(row.p95.map { "\(ms($0)) ms" } ?? "n/a"), "
                + "P99 \(row.p99.map { "\(ms($0)) ms" } ?? "n/a")"
        }
        return "Total latency percentiles of \(section.model.name)"
            + (tailNeedsLog(section) ? " on a log scale" : "") + ", P50 solid, P95 dotted, P99 hatched: " + parts.joined(separator: "; ")
            + "."
    }

    static func cdf(_ section: Review.ModelSection, lines: [SVGChart.Line], id: String) -> String {
        let summary = lines.map { line in
            "\(line.label): \(line.values.count) calls, median \(ms(SampleStatistics.quantile(sorted: line.values, 0.5) ?? 0)) ms"
        }.joined(separator: "; ")
        return SVGChart.cdf(
            id: id, title: "\(section.model.name): distribution of total latency",
            description: "Empirical CDF of total latency per source region and profile: \(summary).",
            lines: lines, xLabel: "total latency (ms)")
    }
}
