import AdvisorCore
import AdvisorFormats
import AdvisorTestSupport
import Foundation
import Testing

/// The bundled dataset against the seed lab's own text: every number it published is in the
/// dataset, and the dataset holds no number the lab did not publish.
@Suite(.enabled(if: Shared.isAvailable, Comment(rawValue: Shared.skipMessage)))
struct SeedDocumentTests {
    struct Figure: Hashable, CustomStringConvertible {
        var source: String, profile: String, metric: String, statistic: String, value: Double
        var description: String { "\(source) \(profile) \(metric) \(statistic) \(value)" }
    }

    /// Reads the P50 tables, the tail table and the quoted ap-southeast-1 P99s out of the lab's text.
    static func publishedFigures() throws -> Set<Figure> {
        let text = try String(contentsOf: Shared.file(in: "seeds", prefix: "000_"), encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        var figures: Set<Figure> = []
        var seenRegions: Set<String> = []
        let p50Row = try Regex(#"^([a-z]{2}-[a-z]+-\d) (\d+) / (\d+)(?: (us|eu|jp|au): (\d+) / (\d+))?"#)
        let tailRow = try Regex(#"^([a-z]{2}-[a-z]+-\d) (Claude|Nova 2 Lite) (global|us|eu|jp|au) (\d+) (\d+) (\d+)$"#)
        let quotedP99 = try Regex(#"(Claude|Nova 2 Lite): P50=(\d+)ms,P99=(\d+)ms"#)
        func model(_ name: String) -> String { name == "Claude" ? "anthropic.claude-sonnet-4-6" : "amazon.nova-2-lite-v1:0" }
        for line in lines {
            if let match = try tailRow.wholeMatch(in: line) {
                let source = String(match.output[1].substring!),
                    profile = "\(match.output[3].substring!).\(model(String(match.output[2].substring!)))"
                for (index, statistic) in ["p50", "p95", "p99"].enumerated() {
                    figures.insert(
                        Figure(
                            source: source, profile: profile, metric: "total", statistic: statistic,
                            value: Double(String(match.output[4 + index].substring!))!))
                }
            } else if let match = try p50Row.firstMatch(in: line) {
                let source = String(match.output[1].substring!)
                // The Claude table comes first, then Nova's: a region's second row is Nova's.
                let modelId = seenRegions.insert(source).inserted ? model("Claude") : model("Nova")
                func add(_ scope: String, _ ttfb: Substring?, _ total: Substring?) {
                    guard let ttfb, let total else { return }
                    figures.insert(
                        Figure(source: source, profile: "\(scope).\(modelId)", metric: "ttfb", statistic: "p50", value: Double(ttfb)!))
                    figures.insert(
                        Figure(source: source, profile: "\(scope).\(modelId)", metric: "total", statistic: "p50", value: Double(total)!))
                }
                add("global", match.output[2].substring, match.output[3].substring)
                if let scope = match.output[4].substring { add(String(scope), match.output[5].substring, match.output[6].substring) }
            } else if let match = try quotedP99.firstMatch(in: line.trimmingCharacters(in: .whitespaces)) {
                figures.insert(
                    Figure(
                        source: "ap-southeast-1", profile: "global.\(model(String(match.output[1].substring!)))",
                        metric: "total", statistic: "p99", value: Double(String(match.output[3].substring!))!))
            }
        }
        return figures
    }

    @Test func theDatasetHoldsExactlyThePublishedFigures() throws {
        let published = try Self.publishedFigures()
        #expect(published.count == 56)  // 21 routes x 2 P50s, 6 tail rows x (P95, P99), 2 quoted P99s
        let bundled = Set(
            try BuiltinData.seedSummary().rows.map {
                Figure(
                    source: $0.source, profile: $0.profile, metric: $0.metric.rawValue, statistic: $0.statistic.rawValue, value: $0.valueMs)
            })
        #expect(published.subtracting(bundled).sorted(by: { $0.description < $1.description }) == [], "published but not bundled")
        #expect(bundled.subtracting(published).sorted(by: { $0.description < $1.description }) == [], "bundled but never published")
    }
}
