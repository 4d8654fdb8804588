public import AdvisorCore

/// `advisor export`: a dataset's stored calls in the raw-sample format as JSON Lines, every
/// field kept, so `advisor ingest` reads it back anywhere (docs/data-formats.md). Milliseconds are
/// written to the microsecond, libcurl's own resolution: short decimals read back exactly through
/// any JSON parser (Foundation's on Linux misreads the last digit of some 17-digit ones).
public enum SampleExport {
    public static func jsonl(_ records: [RawSampleRecord]) -> String {
        var output = ""
        for record in records {
            let members: [(String, JSONValue)] = record.fields.map { field in
                switch field.value {
                case .text(let text): return (field.name, .string(text))
                case .number(let number): return (field.name, .double((number * 1000).rounded() / 1000))
                case .integer(let integer): return (field.name, .int(integer))
                case .flag(let flag): return (field.name, .bool(flag))
                }
            }
            output += JSONValue.object(members).rendered(pretty: false) + "\n"
        }
        return output
    }
}
