import AdvisorCore
import AdvisorFormats
@testable import AdvisorReporting
import AdvisorTestSupport
import Foundation
import Testing

/// `advisor report` on the bundled dataset: the Markdown against a hand-checked golden file, the
/// article's own tables against the report, the HTML against an independent parser, the charts
/// against their golden files.
struct ReviewTests {
    static let claude = "anthropic.claude-sonnet-4-6", nova = "amazon.nova-2-lite-v1:0"
    static let asOf = RFC3339.parseDateOrDateTime("2026-12-01")!

    static func seedReview() throws -> Review {
        var request = ReviewRequest(now: asOf, published: try BuiltinData.seedPublished(), publishedBy: BuiltinData.seedPublisher)
        // Provenance with an injected clock (asOf) and fixed words, so the golden holds on any day.
        request.advisorVersion = "0.0.0-test"
        request.catalogueDate = "2026-12-05T00:00:00Z"
        request.commandLine = "advisor report --as-of 2026-12-01"
        return ReviewBuilder.build(dataset: try BuiltinData.seedDataset(), catalogue: try BuiltinData.catalogue(), request: request)
    }

    /// The answer first (issue 29): every cell of the summary's matrices is what `recommend` answers
    /// for that source, priority and model, and the page names when and how it was made.
    @Test func theSummaryMatrixIsWhatRecommendAnswersAndThePageSaysWhereItCameFrom() throws {
        let review = try Self.seedReview()
        let summary = try #require(review.summary)
        let catalogue = try BuiltinData.catalogue(), dataset = try BuiltinData.seedDataset()
        var cells = 0
        for matrix in summary.matrices {
            for row in matrix.rows {
                for (priority, cell) in zip(matrix.priorities, row.cells) {
                    let answer = Recommender.recommend(
                        RecommendationRequest(source: row.source, models: [matrix.model], priority: priority, now: Self.asOf),
                        catalogue: catalogue, dataset: dataset)
                    #expect(cell.choice == answer.models.first?.choice, "\(matrix.model) from \(row.source) for \(priority)")
                    cells += 1
                }
            }
        }
        #expect(cells >= 40, "every measured source × priority × model: \(cells)")
        #expect(summary.conclusions.contains { $0.hasPrefix("Claude Sonnet 4.6: global is 12.7–") }, "\(summary.conclusions)")
        let markdown = MarkdownReview.render(review)
        #expect(markdown.hasPrefix("# ") && markdown.contains("## The answer"))
        #expect(markdown.range(of: "## The answer")!.lowerBound < markdown.range(of: "## The data")!.lowerBound)
        #expect(markdown.contains("- **Generated**: 2026-12-01T00:00:00Z by advisor 0.0.0-test"))
        #expect(markdown.contains("- **Catalogue**: builtin (stored 2026-12-05T00:00:00Z)"))
        #expect(markdown.contains("- **Command**: advisor report --as-of 2026-12-01"))
    }

    /// Fixtures/expected/report-seed-lab.md was checked by hand, number by number, against the seed
    /// article (../shared/seeds/000_*): every P50 of both overview tables; every TTFB and total
    /// difference, equal to the article's except the seven footnoted ones (us-east-1 Claude total
    /// −29 for −28, ap-northeast-1 Claude total +495 for +496, Nova us-west-2 TTFB +11 for +12,
    /// eu-central-1 TTFB +385 for +384 and total +337 for +336, ap-northeast-1 TTFB +337 for +336 and
    /// total +452 for +451), each footnote quoting the article's figure; finding 1 (from the US the
    /// gaps are within ±50 ms for Claude, ±20 ms for Nova: −29, −49, −18, +13); finding 2's
    /// percentages (12.7, 27.8 for 27.7, 22.3 for 22.4, 43.4 for 43.3, 16.1); finding 3 (Nova from
    /// ap-northeast-1: TTFB +100.3%, "doubles", total +43.4%, "+43%"); the tail table's six rows and
    /// finding 4's P99s (44508 and 182188 from ap-southeast-1); ap-southeast-1's and Nova's
    /// ap-southeast-2 rows have no geographic profile, as the article says. A change to this golden
    /// file needs the same check again.
    @Test func theMarkdownForTheBundledDatasetIsTheHandCheckedGolden() throws {
        let markdown = MarkdownReview.render(try Self.seedReview())
        #expect(try Golden.check(markdown, named: "report-seed-lab.md") == nil)
    }

    struct ArticleRow {
        var source: String, model: String
        var global: (ttfb: Double, total: Double), geographic: (ttfb: Double, total: Double)
        var ttfbDifference: Double, totalDifference: Double
        var totalPercent: Double?
    }

    /// The article's two overview tables (with their printed differences) and finding 2's percentages.
    static func articleRows() throws -> [ArticleRow] {
        let text = try String(contentsOf: Shared.file(in: "seeds", prefix: "000_"), encoding: .utf8)
        let row = try Regex(#"^([a-z]{2}-[a-z]+-\d) (\d+) / (\d+) (us|eu|jp|au): (\d+) / (\d+) ([+-]\d+)ms ([+-]\d+)ms$"#)
        let percent = try Regex(#"^([a-z]{2}-[a-z]+-\d) (Claude|Nova 2 Lite) \+(\d+\.\d)%$"#)
        var model: String?
        var rows: [ArticleRow] = []
        var percents: [String: Double] = [:]
        for line in text.split(separator: "\n").map(String.init) {
            if line.hasPrefix("Claude Sonnet 4.6(TTFB") { model = claude }
            if line.hasPrefix("Nova 2 Lite(TTFB") { model = nova }
            if line.hasPrefix("关键发现") { model = nil }
            let n = { (m: Regex<AnyRegexOutput>.Match, i: Int) in Double(String(m.output[i].substring!))! }
            if let model, let m = try row.wholeMatch(in: line) {
                rows.append(
                    ArticleRow(
                        source: String(m.output[1].substring!), model: model, global: (n(m, 2), n(m, 3)),
                        geographic: (n(m, 5), n(m, 6)), ttfbDifference: n(m, 7), totalDifference: n(m, 8)))
            } else if let m = try percent.wholeMatch(in: line) {
                percents["\(m.output[1].substring!) \(m.output[2].substring! == "Claude" ? claude : nova)"] = n(m, 3)
            }
        }
        for index in rows.indices { rows[index].totalPercent = percents.removeValue(forKey: "\(rows[index].source) \(rows[index].model)") }
        #expect(percents.isEmpty, "finding 2 names a route without an overview row: \(percents)")
        return rows
    }

    @Test(.enabled(if: Shared.isAvailable, Comment(rawValue: Shared.skipMessage)))
    func theArticlesOwnTablesAgreeWithTheReportAndEveryMismatchIsFootnoted() throws {
        let rows = try Self.articleRows()
        #expect(rows.count == 9 && rows.filter { $0.totalPercent != nil }.count == 5, "the article's 9 rows and finding 2's 5 percentages")
        let review = try Self.seedReview()
        var mismatches = 0
        for article in rows {
            let section = try #require(review.models.first { $0.model.id == article.model })
            let row = try #require(section.overview.first { $0.source == article.source && $0.geographic != nil }, "\(article.source)")
            // The P50s are the article's, exactly.
            #expect(row.global?.ttfbP50 == article.global.ttfb && row.global?.totalP50 == article.global.total)
            #expect(row.geographic?.ttfbP50 == article.geographic.ttfb && row.geographic?.totalP50 == article.geographic.total)
            for (gap, printed, footnote, name) in [
                (row.ttfbGap, article.ttfbDifference, row.ttfbFootnote, "TTFB"),
                (row.totalGap, article.totalDifference, row.totalFootnote, "total"),
            ] {
                let gap = try #require(gap)
                #expect(abs(gap.milliseconds - printed) <= 1, "\(article.source) \(name)")
                var differs = gap.milliseconds.rounded() != printed
                if name == "total", let percent = article.totalPercent {
                    #expect(abs(gap.percent - percent) <= 0.1 + 1e-9, "\(article.source) \(name) %")
                    differs = differs || (gap.percent * 10).rounded() != percent * 10
                }
                if differs {
                    mismatches += 1
                    let note = try #require(
                        footnote.map { section.footnotes[$0 - 1] }, "\(article.source) \(name) differs and is not footnoted")
                    #expect(note.contains(RouteGap(printed, over: 0).signedMillisecondsText) || note.contains("%"), "\(note)")
                    #expect(note.hasPrefix("\(article.source), \(name):"))
                } else {
                    #expect(footnote == nil, "\(article.source) \(name) agrees with the article and needs no footnote")
                }
            }
        }
        #expect(mismatches == 7)
        #expect(review.models.map(\.footnotes.count).reduce(0, +) == mismatches, "a footnote for each mismatch, and none more")
        // The printed differences advisor ships were copied from the article: they are the article's.
        let shipped = try BuiltinData.seedPublished()
        for article in rows {
            let mine = shipped.filter { $0.source == article.source && $0.model == article.model }
            #expect(mine.first { $0.metric == .ttfb }?.milliseconds == article.ttfbDifference)
            #expect(mine.first { $0.metric == .total }?.milliseconds == article.totalDifference)
            #expect(mine.first { $0.metric == .total }?.percent == article.totalPercent)
        }
        #expect(shipped.count == rows.count * 2)
    }

    @Test(.enabled(if: Subprocess.pythonHas("html.parser"), "python3 is missing (scripts/bootstrap.sh installs it): skipped"))
    func theHTMLIsWellFormedSelfContainedAndEveryChartIsDescribed() throws {
        let html = HTMLReview.render(try Self.seedReview())
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try html.write(toFile: directory.path("report.html"), atomically: true, encoding: .utf8)
        let result = try Subprocess.python([Repo.file("Tests/Oracles/check_html.py").path, directory.path("report.html")])
        let verdict = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
        #expect(verdict["ok"] as? Bool == true, "\(verdict["errors"] ?? "")")
        #expect(verdict["svgs"] as? Int == 6, "per model: P50 TTFB, P50 total, tails")
        // Every chart stands beside the table it was drawn from.
        #expect(html.components(separatedBy: "<table>").count - 1 >= 4 + 6)
    }

    /// A dataset with nothing in it (a filter that leaves nothing does the same) makes a report that
    /// says so, in both formats, with no empty chart.
    @Test(.enabled(if: Subprocess.pythonHas("html.parser"), "python3 is missing (scripts/bootstrap.sh installs it): skipped"))
    func anEmptyDatasetMakesAReportThatSaysSo() throws {
        let empty = Dataset(name: "empty", kind: .samples, measured: "2026-11-30", measuredAt: RFC3339.parseDateOrDateTime("2026-11-30"))
        let review = ReviewBuilder.build(
            dataset: empty, catalogue: try BuiltinData.catalogue(), request: ReviewRequest(now: Self.asOf),
            baseline: try BuiltinData.seedDataset())
        let markdown = MarkdownReview.render(review)
        #expect(markdown.contains("Dataset empty holds no measurements: there is nothing to compare, chart or decide on."))
        #expect(markdown.contains("No source region has measurements: nothing to decide on."))
        #expect(markdown.contains("The two datasets have no route in common: nothing to compare."))
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try HTMLReview.render(review).write(toFile: directory.path("empty.html"), atomically: true, encoding: .utf8)
        let result = try Subprocess.python([Repo.file("Tests/Oracles/check_html.py").path, directory.path("empty.html")])
        let verdict = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
        #expect(verdict["ok"] as? Bool == true && verdict["svgs"] as? Int == 0, "\(verdict)")
    }

    /// The charts' code against golden SVGs: a grouped bar chart with a missing bar, a tail chart on
    /// a log scale (182 s beside 1.4 s), and an empirical CDF.
    @Test func chartsMatchTheirGoldenFiles() throws {
        let bars = SVGChart.bars(
            id: "t1", title: "P50 total by source region", description: "a test",
            groups: ["eu-central-1", "ap-southeast-1"],
            series: [
                SVGChart.Series(style: SVGChart.global, values: [2788, 2806]),
                SVGChart.Series(style: SVGChart.geographic, values: [2473, nil]),
            ],
            yLabel: "P50 total latency (ms)")
        #expect(try Golden.check(bars + "\n", named: "charts/bars.svg") == nil)
        let tail = SVGChart.bars(
            id: "t2", title: "Tails", description: "a test", groups: ["ap-southeast-1 · global"],
            series: zip(SVGChart.tailStyles, [1351.0, nil, 182_188]).map { SVGChart.Series(style: $0, values: [$1]) },
            yLabel: "total latency (ms)", logScale: true)
        #expect(tail.contains(">100 s<") && tail.contains(">1 s<") && tail.contains("(log scale)"))
        #expect(try Golden.check(tail + "\n", named: "charts/tail-log.svg") == nil)
        let cdf = SVGChart.cdf(
            id: "t3", title: "CDF", description: "a test",
            lines: [
                SVGChart.Line(label: "eu-central-1 · eu.", values: [100, 120, 130, 200], scope: .geography("eu"), source: "eu-central-1"),
                SVGChart.Line(label: "eu-central-1 · global", values: [150, 160, 400], scope: .global, source: "eu-central-1"),
            ],
            xLabel: "total latency (ms)")
        #expect(try Golden.check(cdf + "\n", named: "charts/cdf.svg") == nil)
    }

    /// One visual language (issue 29): in every chart of the page, a scope is drawn in one colour and
    /// a percentile in another, never one of the scopes' (hatched orange meant "global" in one chart
    /// and "P99" in the next), and a distribution line takes its scope's colour.
    @Test func everyChartDrawsAScopeInOneColourAndPercentilesInOthers() throws {
        let review = try Self.seedReview()
        var distributions: [RouteKey: RouteDistribution] = [:]
        for key in [
            RouteKey(source: "eu-central-1", profile: "eu.anthropic.claude-sonnet-4-6"),
            RouteKey(source: "eu-central-1", profile: "global.anthropic.claude-sonnet-4-6"),
        ] {
            distributions[key] = RouteDistribution(ttfb: [100, 200], total: [300, 400, 900])
        }
        let html = HTMLReview.render(review, distributions: distributions)
        var colours: [String: Set<String>] = [:]
        // Bars: <rect … stroke="#…"><title>GROUP · SERIES: …</title>; lines: stroke="#…" …><title>SOURCE · SCOPE: …
        let pattern = try Regex(#"stroke="(#[0-9A-Fa-f]{6})"[^>]*><title>[^<]* · ([A-Za-z0-9.-]+): "#)
        for match in html.matches(of: pattern) {
            let name = String(match.output[2].substring ?? ""), colour = String(match.output[1].substring ?? "")
            colours[name == "eu." ? "geographic" : name, default: []].insert(colour.uppercased())
        }
        #expect(colours["global"] == ["#D55E00"], "\(colours)")
        #expect(colours["geographic"] == ["#0072B2"], "\(colours)")
        let percentiles = ["P50", "P95", "P99"].compactMap { colours[$0] }.reduce(Set<String>()) { $0.union($1) }
        #expect(percentiles.count == 3, "each percentile its own grey: \(colours)")
        #expect(percentiles.isDisjoint(with: ["#D55E00", "#0072B2", "#009E73"]))
        #expect(SVGChart.style(for: .inRegion) == SVGChart.inRegion && SVGChart.style(for: .geography("jp")) == SVGChart.geographic)
    }

    /// A CDF of a million calls stays a few hundred points long, and still ends at the slowest call.
    @Test func aLargeCDFIsThinnedToItsSteps() {
        let values = (0..<1_000_000).map { Double($0) / 1000 }
        let svg = SVGChart.cdf(id: "big", title: "t", description: "d", lines: [SVGChart.Line(label: "x", values: values)], xLabel: "ms")
        let points = svg.components(separatedBy: "points=\"")[1].prefix { $0 != "\"" }.split(separator: " ")
        #expect(points.count == 2 * SVGChart.maximumSteps + 1, "\(points.count)")
        #expect(svg.utf8.count < 30_000)
        #expect(points.last.map { $0.hasSuffix(",\(SVGChart.f(SVGChart.top))") } == true, "the line reaches 100%: \(points.last ?? "")")
    }

    @Test func theTailChartTakesALogScaleOnlyWhenTheRangeCallsForIt() throws {
        let review = try Self.seedReview()
        let claude = try #require(review.models.first { $0.model.id == Self.claude })
        #expect(ReviewCharts.tailNeedsLog(claude), "44508 beside 2215")
        var narrow = claude
        narrow.tails = narrow.tails.filter { $0.source == "ap-northeast-1" }
        #expect(!ReviewCharts.tailNeedsLog(narrow), "2215 to 3539")
    }
}
