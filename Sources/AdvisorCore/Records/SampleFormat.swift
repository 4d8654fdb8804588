/// The latency file formats `advisor ingest` reads.
public enum SampleFormat: String, Sendable, CaseIterable {
    case auto, csv, jsonl, llmeter, llmperf, summary
}

/// What the command line supplies for files that do not say where they were measured.
public struct SampleDefaults: Sendable {
    public var source: String?
    public var profile: String?

    public init(source: String? = nil, profile: String? = nil) {
        self.source = source
        self.profile = profile
    }
}
