import AdvisorCore
import AdvisorFormats
import AdvisorStore

/// Service Quotas' Bedrock quotas (list-service-quotas output).
struct ServiceQuotasEvidence: EvidenceFormat {
    let name = "service-quotas"
    let source = SourceUse.optional

    func ingest(_ input: ReaderInput, _ request: EvidenceRequest, into store: EvidenceWriter) throws -> EvidenceFileSummary {
        let path = input.name
        let result = try ServiceQuotasReader.read(input, region: request.source, catalogue: request.catalogue) { try store.addQuota($0) }
        var notes = result.unmatched.map { "not matched (kept out): \($0)" }
        if result.unmatchedCount > result.unmatched.count {
            notes.append("and \(result.unmatchedCount - result.unmatched.count) more not matched")
        }
        return EvidenceFileSummary(
            path: path, headline: "\(result.matched) quotas matched, \(result.unmatchedCount) not matched", notes: notes)
    }
}
