import AdvisorCore
import AdvisorFormats
import AdvisorStore

/// CloudTrail's records of Bedrock inference calls, bedrock-runtime's and bedrock-mantle's (S3 delivery files or lookup-events output).
struct CloudTrailEvidence: EvidenceFormat {
    let name = "cloudtrail"
    let source = SourceUse.refused

    func ingest(_ input: ReaderInput, _ request: EvidenceRequest, into store: EvidenceWriter) throws -> EvidenceFileSummary {
        let path = input.name
        var added = 0
        let summary = try CloudTrailReader.read(input, file: path, knownRegions: Set(request.catalogue.regions.map(\.code))) { batch in
            added += try store.addCalls(batch)
        }
        var notes: [String] = []
        if summary.mantleCalls > 0 {
            notes.append("\(Wording.count(summary.mantleCalls, "call")) through bedrock-mantle (data events), kept with their endpoint")
        }
        let unknown = summary.unknownBedrockSources.values.reduce(0, +)
        if unknown > 0 {
            notes.append(
                "\(Wording.count(unknown, "record")) of Bedrock event sources advisor does not read, not counted as calls: "
                    + summary.unknownBedrockSources.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", "))
        }
        return EvidenceFileSummary(
            path: path,
            headline: "\(Wording.count(summary.records, "record")), "
                + "\(Wording.count(summary.calls, "Bedrock inference call")), \(added) new (\(summary.calls - added) already stored)",
            notes: notes)
    }
}
