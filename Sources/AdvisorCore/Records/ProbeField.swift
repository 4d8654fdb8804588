/// What the probe measures besides latency (docs/probe.md): the one declaration the raw-sample
/// format's columns (SampleReader), the store's `sample_details` table (its inserter, its
/// migrations and `advisor export`) and a stored probe call (ProbeRecords) read. A new measured
/// field is a case here and its value where AdvisorProbe measures it (ProbeSample.value(_:));
/// nothing else names it.
public enum ProbeField: String, CaseIterable, Sendable {
    case warmup
    case attempts
    case callMs = "call_ms"
    case dnsMs = "dns_ms"
    case connectMs = "connect_ms"
    case tlsMs = "tls_ms"
    case headersMs = "headers_ms"
    case firstEventMs = "first_event_ms"
    case serverLatencyMs = "server_latency_ms"
    case requestId = "request_id"
    case httpVersion = "http_version"
    case newConnection = "new_connection"

    /// How a field is written and checked: a flag is true or false (JSON booleans too), a count a
    /// whole number from 0 to 10^12, milliseconds a non-negative number below a day, text printable UTF-8.
    public enum Kind: Sendable {
        case flag, count, milliseconds, text
    }

    public var kind: Kind {
        switch self {
        case .warmup, .newConnection: return .flag
        case .attempts: return .count
        case .callMs, .dnsMs, .connectMs, .tlsMs, .headersMs, .firstEventMs, .serverLatencyMs: return .milliseconds
        case .requestId, .httpVersion: return .text
        }
    }

    /// The column's name in the raw-sample format and in the store.
    public var column: String { rawValue }

    /// What the store keeps when a row does not give the field: a warm-up must be known either
    /// way (statistics leave warm-ups out), so an absent one is false; anything else stays unknown.
    public var storedWhenAbsent: ProbeValue? { self == .warmup ? .flag(false) : nil }

    /// Its position in `allCases`, where ProbeValues keeps it.
    public var index: Int { Self.indices[self]! }
    private static let indices = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($0.element, $0.offset) })
}

/// One probe field's value in a row.
public enum ProbeValue {
    case flag(Bool)
    case count(Int)
    case milliseconds(Double)
    case text(SampleRow.Text)

    public var flag: Bool? { if case .flag(let value) = self { return value } else { return nil } }
    public var count: Int? { if case .count(let value) = self { return value } else { return nil } }
    public var milliseconds: Double? { if case .milliseconds(let value) = self { return value } else { return nil } }
    public var text: SampleRow.Text? { if case .text(let value) = self { return value } else { return nil } }
}

/// A row's probe fields, by ProbeField: empty for other tools' rows (which never pay for them).
public struct ProbeValues {
    private var values: [ProbeValue?] = []

    public init() {}

    public var isEmpty: Bool { values.allSatisfy { $0 == nil } }

    public subscript(field: ProbeField) -> ProbeValue? {
        get { values.isEmpty ? nil : values[field.index] }
        set {
            if values.isEmpty {
                guard newValue != nil else { return }
                values = Array(repeating: nil, count: ProbeField.allCases.count)
            }
            values[field.index] = newValue
        }
    }
}
