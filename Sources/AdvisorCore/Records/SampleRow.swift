import Foundation

/// A validated sample whose text may still lie in the buffer it was read from: valid only during
/// the callback that receives it. Ingest binds these bytes straight into SQLite; `rawSample` copies.
public struct SampleRow {
    public enum Text {
        case bytes(UnsafeBufferPointer<UInt8>)
        case string(String)

        public var string: String {
            switch self {
            case .bytes(let bytes): return String(decoding: bytes, as: UTF8.self)
            case .string(let string): return string
            }
        }
    }

    public var line: Int
    public var source: Text
    public var profile: Text
    public var model: Text?
    public var timestamp: Text?
    /// nil means `ok`.
    public var status: Text?
    public var ttfbMs: Double?
    public var totalMs: Double?
    public var inputTokens: Int?
    public var outputTokens: Int?
    public var runId: Text?
    public var inferenceRegion: Text?
    public var firstTokenMs: Double?
    // What the probe measures besides (docs/probe.md); empty for other tools' files.
    public var warmup: Bool?
    public var attempts: Int?
    public var callMs: Double?
    public var dnsMs: Double?
    public var connectMs: Double?
    public var tlsMs: Double?
    public var headersMs: Double?
    public var firstEventMs: Double?
    public var serverLatencyMs: Double?
    public var requestId: Text?
    public var httpVersion: Text?
    public var newConnection: Bool?

    /// Whether the row carries any of the probe's fields.
    public var hasProbeFields: Bool {
        warmup != nil || attempts != nil || callMs != nil || dnsMs != nil || connectMs != nil || tlsMs != nil || headersMs != nil
            || firstEventMs != nil || serverLatencyMs != nil || requestId != nil || httpVersion != nil || newConnection != nil
    }

    public init(
        line: Int, source: Text, profile: Text, model: Text? = nil, timestamp: Text? = nil, status: Text? = nil,
        ttfbMs: Double? = nil, totalMs: Double? = nil, inputTokens: Int? = nil, outputTokens: Int? = nil,
        runId: Text? = nil, inferenceRegion: Text? = nil, firstTokenMs: Double? = nil
    ) {
        self.line = line
        self.source = source
        self.profile = profile
        self.model = model
        self.timestamp = timestamp
        self.status = status
        self.ttfbMs = ttfbMs
        self.totalMs = totalMs
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.runId = runId
        self.inferenceRegion = inferenceRegion
        self.firstTokenMs = firstTokenMs
    }
}
