import AdvisorCore
import AdvisorFormats
import AdvisorStore

/// CloudWatch's one-minute AWS/Bedrock series (get-metric-data output).
struct CloudWatchEvidence: EvidenceFormat {
    let name = "cloudwatch"
    let source = SourceUse.required(why: "the Region get-metric-data was run in")
    let takesQueries = true

    func ingest(_ input: ReaderInput, _ request: EvidenceRequest, into store: EvidenceWriter) throws -> EvidenceFileSummary {
        let path = input.name
        let region = request.source ?? ""
        let result = try CloudWatchReader.read(results: input, queries: request.queries, source: region) { try store.addMinutes($0) }
        var notes = result.skipped.map { "skipped \($0)" }
        if result.skippedCount > result.skipped.count {
            notes.append("and \(Wording.count(result.skippedCount - result.skipped.count, "more series")) skipped")
        }
        return EvidenceFileSummary(path: path, headline: "\(result.series) series, \(result.minutes) minutes from \(region)", notes: notes)
    }
}
