public import AdvisorCore

/// Renders a recommendation as text, JSON (docs/data-formats.md) or Markdown.
public enum RecommendationOutput {
    public static func json(_ recommendation: Recommendation) -> String {
        let request = recommendation.request
        let models: [JSONValue] = recommendation.models.map { model in
            var members: [(String, JSONValue)] = [
                ("model", .string(model.model.id)),
                ("choice", .optional(model.choice)),
                ("decided_on", .optional(model.decidedOn)),
                (
                    "options",
                    .array(
                        model.options.map { assessed in
                            option(assessed, observed: model.observed.first { $0.profile == assessed.option.id })
                        })
                ),
                (
                    "excluded",
                    .array(
                        model.excluded.map { exclusion in
                            var fields: [(String, JSONValue)] = [
                                ("profile", .string(exclusion.id)),
                                ("reason", .string(exclusion.reason)),
                            ]
                            if let error = exclusion.bedrockError { fields.append(("bedrock_error", .string(error))) }
                            return .object(fields)
                        })
                ),
            ]
            let notes = recommendation.datasetNotes + model.notes
            if !notes.isEmpty { members.append(("notes", .array(notes.map(JSONValue.string)))) }
            return .object(members)
        }
        return JSONValue.object([
            ("source", .string(request.source)),
            ("priority", .string(request.priority.rawValue)),
            ("residency", .string(request.residency ?? "any")),
            ("dataset", .string(recommendation.dataset)),
            ("recommendations", .array(models)),
        ]).rendered() + "\n"
    }

    static func option(_ option: AssessedOption, observed: RouteObservation? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("profile", .string(option.option.id)),
            ("scope", .string(option.option.scope.rawValue)),
            ("rank", .int(option.rank)),
            ("ttfb_p50_ms", .milliseconds(option.ttfbP50)),
            ("total_p50_ms", .milliseconds(option.totalP50)),
            ("relative_cost", option.relativeCost.map(JSONValue.double) ?? .null),
            ("reasons", .array(option.reasons.map(JSONValue.string))),
            ("verdict", .string(option.verdict.rawValue)),
            ("total_p95_ms", .milliseconds(option.totalP95)),
            ("total_p99_ms", .milliseconds(option.totalP99)),
            ("n", option.samples.map(JSONValue.int) ?? .null),
            ("destinations", .array(option.option.destinations.map(JSONValue.string))),
        ]
        if let score = option.balancedScore { members.append(("balanced_score", .double(score))) }
        if let observed {
            members.append(
                (
                    "observed",
                    .object([
                        ("calls", .int(observed.calls)), ("errors", .int(observed.errors)),
                        ("destinations", .object(observed.ranked.map { ($0.region, JSONValue.int($0.calls)) })),
                    ])
                ))
        }
        return .object(members)
    }

    public static func text(_ recommendation: Recommendation, catalogue: Catalogue) -> String {
        var lines = [header(recommendation, catalogue: catalogue)]
        lines += recommendation.datasetNotes
        lines.append("")
        let showTail =
            recommendation.request.priority == .tail
            || recommendation.models.contains { $0.options.contains { $0.totalP99 != nil } }
        for model in recommendation.models {
            let title = "\(model.model.name) (\(model.model.id))"
            lines.append(
                model.choice.map { "\(title): use \($0)" + (model.decidedOn.map { " (decided on \($0))" } ?? "") }
                    ?? "\(title): no option qualifies")
            if !model.options.isEmpty {
                lines.append(table(model.options, showTail: showTail).rendered())
            }
            lines += explanation(model, why: "  why: ", note: "  note: ", ruledOutHeading: "  ruled out:") { exclusion in
                "    - \(exclusion.id): \(exclusion.reason)" + (exclusion.bedrockError.map { " (Bedrock: \($0))" } ?? "")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    static func header(_ recommendation: Recommendation, catalogue: Catalogue) -> String {
        let request = recommendation.request
        let region = catalogue.region(request.source)
        let place = region.map { " (\($0.name))" } ?? ""
        return "Source \(request.source)\(place) · priority \(request.priority.rawValue) · residency "
            + "\(request.residency ?? "any") · dataset \(recommendation.dataset)\n"
            + "Differences within \(ms(request.noise.milliseconds)) ms or "
            + "\(percentText(request.noise.fraction)) (whichever is larger) are ties, broken by cost, then pool size."
    }

    static func table(_ options: [AssessedOption], showTail: Bool) -> TextTable {
        var headers = ["rank", "profile", "scope", "TTFB p50", "total p50"]
        if showTail { headers.append("total p99") }
        headers += ["rel. cost", "verdict"]
        let rows = options.map { option -> [String] in
            var row = [
                String(option.rank), option.option.id, option.option.scope.rawValue,
                msCell(option.ttfbP50), msCell(option.totalP50),
            ]
            if showTail { row.append(msCell(option.totalP99)) }
            row += [option.relativeCost.map(costText) ?? "—", option.verdict.rawValue]
            return row
        }
        var right: Set<Int> = [0, 3, 4, 5]
        if showTail { right.insert(6) }
        return TextTable(headers: headers, rows: rows, rightAligned: right)
    }

    public static func markdown(_ recommendation: Recommendation, catalogue: Catalogue) -> String {
        let request = recommendation.request
        var lines = [
            "# Routing recommendation from \(request.source)", "",
            "Priority **\(request.priority.rawValue)**, residency **\(request.residency ?? "any")**, "
                + "dataset `\(recommendation.dataset)`. Differences within \(ms(request.noise.milliseconds)) ms "
                + "or \(percentText(request.noise.fraction)) are ties, broken by cost, then pool size.", "",
        ]
        for note in recommendation.datasetNotes { lines.append("> \(note)") }
        if !recommendation.datasetNotes.isEmpty { lines.append("") }
        for model in recommendation.models {
            lines.append("## \(model.model.name) (`\(model.model.id)`)")
            lines.append("")
            lines.append(model.choice.map { "**Use `\($0)`.**" } ?? "**No option qualifies.**")
            lines.append("")
            if !model.options.isEmpty {
                lines.append("| rank | profile | scope | TTFB p50 | total p50 | total p99 | rel. cost | verdict |")
                lines.append("|---:|---|---|---:|---:|---:|---:|---|")
                for option in model.options {
                    lines.append(
                        "| \(option.rank) | `\(option.option.id)` | \(option.option.scope) | "
                            + "\(msCell(option.ttfbP50)) | \(msCell(option.totalP50)) | \(msCell(option.totalP99)) | "
                            + "\(option.relativeCost.map(costText) ?? "—") | \(option.verdict.rawValue) |")
                }
                lines.append("")
            }
            lines += explanation(model, why: "- Why: ", note: "- Note: ", ruledOutHeading: nil) { exclusion in
                "- Ruled out `\(exclusion.id)`: \(exclusion.reason)" + (exclusion.bedrockError.map { " (Bedrock: `\($0)`)" } ?? "")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    /// Why the choice won, the notes, and what was ruled out: the same lines in text and Markdown,
    /// with each format's prefixes.
    static func explanation(
        _ model: ModelRecommendation, why: String, note: String, ruledOutHeading: String?,
        exclusion: (Exclusion) -> String
    ) -> [String] {
        var lines: [String] = []
        if let choice = model.options.first, model.choice != nil {
            lines += choice.reasons.map { why + $0 }
        }
        lines += model.notes.map { note + $0 }
        lines += model.observed.map { observed in
            note + "observed " + observed.besideCatalogue(model.options.first { $0.option.id == observed.profile }?.option)
        }
        if !model.excluded.isEmpty {
            if let ruledOutHeading { lines.append(ruledOutHeading) }
            lines += model.excluded.map(exclusion)
        }
        return lines
    }

    static func msCell(_ value: Double?) -> String {
        value.map { "\(ms($0)) ms" } ?? "—"
    }

    static func costText(_ value: Double) -> String {
        let hundredths = Int(saturating: (value * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }

    static func percentText(_ fraction: Double) -> String {
        "\(ms(fraction * 100))%"
    }
}
