import AdvisorCore
import AdvisorFormats
import AdvisorStore

/// CloudTrail's records of Bedrock runtime calls (S3 delivery files or lookup-events output).
struct CloudTrailEvidence: EvidenceFormat {
    let name = "cloudtrail"
    let source = SourceUse.refused

    func ingest(_ path: String, _ request: EvidenceRequest, into store: EvidenceWriter) throws -> EvidenceFileSummary {
        var added = 0
        let summary = try CloudTrailReader.read(path: path, file: path, knownRegions: Set(request.catalogue.regions.map(\.code))) { batch in
            added += try store.addCalls(batch)
        }
        return EvidenceFileSummary(path: path, headline: "\(Wording.count(summary.records, "record")), "
            + "\(Wording.count(summary.calls, "Bedrock runtime call")), \(added) new (\(summary.calls - added) already stored)", notes: [])
    }
}
