import AdvisorCore
import AdvisorFormats
import AdvisorStore

/// An organisation's Bedrock calls as Athena (or CloudTrail Lake) counted them with the query
/// `advisor evidence athena` prints: day counts, not events. The same result ingested again changes
/// nothing; a day counted by two results keeps the larger count (EvidenceWriter.addCounts).
struct AthenaEvidence: EvidenceFormat {
    let name = "athena"
    let source = SourceUse.refused

    func ingest(_ input: ReaderInput, _ request: EvidenceRequest, into store: EvidenceWriter) throws -> EvidenceFileSummary {
        let path = input.name
        if AthenaResultReader.isSidecar(path) {
            return EvidenceFileSummary(
                path: path, headline: "skipped: the engine's metadata beside a result, not a result", notes: [])
        }
        let before = try store.countTotals()
        let ingest = try store.beginCounts()
        let summary = try AthenaResultReader.read(input, file: path, knownRegions: Set(request.catalogue.regions.map(\.code))) { batch in
            try store.addCounts(batch, ingest: ingest)
        }
        let after = try store.countTotals()
        let span = summary.first.map { " from \($0) to \(summary.last ?? $0)" } ?? ""
        var headline = "\(Wording.count(summary.rows, "row")), \(Wording.count(summary.calls, "Bedrock inference call"))\(span)"
        let added = after.rows - before.rows, raised = after.calls - before.calls
        headline +=
            summary.rows == 0
            ? "; an empty result: no Bedrock inference call in its window"
            : added == 0 && raised == 0
                ? "; already stored, nothing changed"
                : "; \(Wording.count(added, "new count")), \(Wording.count(raised, "call")) more than the store held"
        return EvidenceFileSummary(path: path, headline: headline, notes: [])
    }
}
