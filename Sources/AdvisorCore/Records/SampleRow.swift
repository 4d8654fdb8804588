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
    /// What the probe measures besides (ProbeField, docs/probe.md); empty for other tools' files.
    public var probe = ProbeValues()

    /// Whether the row carries any of the probe's fields.
    public var hasProbeFields: Bool { !probe.isEmpty }

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

    /// The same row with every text copied out of the buffer it was read from, so it outlives the
    /// read (ingest hands such rows to another thread).
    public func owningItsText() -> SampleRow {
        var owned = self
        func own(_ text: Text?) -> Text? { text.map { .string($0.string) } }
        owned.source = .string(source.string)
        owned.profile = .string(profile.string)
        owned.model = own(model)
        owned.timestamp = own(timestamp)
        owned.status = own(status)
        owned.runId = own(runId)
        owned.inferenceRegion = own(inferenceRegion)
        for field in ProbeField.allCases where field.kind == .text {
            owned.probe[field] = own(probe[field]?.text).map(ProbeValue.text)
        }
        return owned
    }
}
