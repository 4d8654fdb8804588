public import AdvisorCore
import Foundation

/// LLMeter writes its run's settings beside `responses.jsonl`: the region and model come from there
/// unless the command line says otherwise.
public enum LLMeterRun {
    /// A run file that is there must be LLMeter's: a broken one is named, not silently passed over
    /// (which would blame responses.jsonl for the region it lacks).
    public static func defaults(for path: String, overriddenBy flags: SampleDefaults, knownRegions: Set<String>) throws(FormatError)
        -> SampleDefaults
    {
        let directory = PathText.directory(of: path)
        var result = flags
        func object(_ name: String) throws(FormatError) -> [String: Any]? {
            let file = PathText.join(directory, name)
            guard FileManager.default.fileExists(atPath: file) else { return nil }
            let data = try BoundedFile.bytes(file, limit: 64 << 20)
            guard let parsed = try StrictJSON.parse(data, file: file) as? [String: Any] else {
                throw FormatError(file: file, message: "is not a JSON object (LLMeter writes one beside responses.jsonl)")
            }
            return parsed
        }
        if let config = try object("run_config.json") {
            guard let endpoint = config["endpoint"] as? [String: Any] else {
                throw FormatError(
                    file: PathText.join(directory, "run_config.json"), field: "endpoint",
                    message: "is missing; expected LLMeter's endpoint with region and model_id")
            }
            if flags.source == nil, let region = endpoint["region"] as? String, !knownRegions.contains(region) {
                // Blamed on the file that says it, not on responses.jsonl:1 where it is first used.
                throw FormatError(
                    file: PathText.join(directory, "run_config.json"), field: "endpoint.region",
                    message: "unknown region '\(Sanitize.excerpt(region))'" + Suggest.hint(region, in: knownRegions.sorted()))
            }
            result.source = flags.source ?? endpoint["region"] as? String
            result.profile = flags.profile ?? endpoint["model_id"] as? String
        }
        if result.profile == nil, let summary = try object("summary.json") {
            result.profile = summary["model_id"] as? String
        }
        return result
    }
}
