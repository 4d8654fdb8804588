public import AdvisorCore

/// `advisor verify`'s output: per model, whether the advice holds and why.
public enum VerifyOutput {
    public static func text(_ judgements: [LiveVerification.Judgement], source: String, dataset: String, saved: String) -> String {
        var lines = ["advisor verify: the advice from \(source) on dataset \(dataset), checked live (calls stored in \(saved))", ""]
        for judgement in judgements {
            let verdict: String
            switch judgement.holds {
            case true?: verdict = "holds"
            case false?: verdict = "does not hold"
            case nil: verdict = "could not be verified"
            }
            lines.append("\(judgement.model): \(judgement.choice ?? "no choice") — \(verdict)")
            lines += judgement.reasons.map { "  \($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func json(_ judgements: [LiveVerification.Judgement], source: String, priority: String, dataset: String) -> String {
        func ms(_ value: Double?) -> JSONValue { .milliseconds(value) }
        return JSONValue.object([
            ("source", .string(source)), ("priority", .string(priority)), ("dataset", .string(dataset)),
            (
                "verdicts",
                .array(
                    judgements.map { judgement in
                        .object([
                            ("model", .string(judgement.model)), ("choice", .optional(judgement.choice)),
                            ("holds", judgement.holds.map(JSONValue.bool) ?? .null),
                            ("callable", judgement.callable.map(JSONValue.bool) ?? .null),
                            ("expected_ttfb_p50_ms", ms(judgement.expectedTtfbP50)),
                            ("measured_ttfb_p50_ms", ms(judgement.measuredTtfbP50)),
                            ("expected_total_p50_ms", ms(judgement.expectedTotalP50)),
                            ("measured_total_p50_ms", ms(judgement.measuredTotalP50)),
                            ("runner_up", .optional(judgement.runnerUp)),
                            ("runner_up_measured_total_p50_ms", ms(judgement.runnerUpMeasuredTotalP50)),
                            ("reasons", .array(judgement.reasons.map(JSONValue.string))),
                        ])
                    })
            ),
        ]).rendered() + "\n"
    }
}
