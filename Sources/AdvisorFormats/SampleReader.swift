public import AdvisorCore
import Foundation

/// Remembers the last region that passed validation, as bytes: rows repeat it, and checking bytes
/// against bytes costs nothing next to building a string to look it up.
final class ValidationCache {
    var lastRegion: [UInt8] = []
}

/// The columns of the native raw format, in a fixed order so a row is read by index, not by name:
/// the columns every tool's file may have, then the probe's (ProbeField, declared once in Core).
struct SampleColumn: Hashable {
    let rawValue: Int

    static let baseNames = [
        "source_region", "profile", "ttfb_ms", "total_ms", "model", "timestamp", "status", "input_tokens",
        "output_tokens", "run_id", "inference_region", "first_token_ms",
    ]
    static let sourceRegion = SampleColumn(rawValue: 0), profile = SampleColumn(rawValue: 1)
    static let ttfbMs = SampleColumn(rawValue: 2), totalMs = SampleColumn(rawValue: 3), model = SampleColumn(rawValue: 4)
    static let timestamp = SampleColumn(rawValue: 5), status = SampleColumn(rawValue: 6)
    static let inputTokens = SampleColumn(rawValue: 7), outputTokens = SampleColumn(rawValue: 8)
    static let runId = SampleColumn(rawValue: 9), inferenceRegion = SampleColumn(rawValue: 10)
    static let firstTokenMs = SampleColumn(rawValue: 11)
    /// The first of the probe's columns.
    static let firstProbe = baseNames.count

    static func probe(_ field: ProbeField) -> SampleColumn { SampleColumn(rawValue: firstProbe + field.index) }

    static let allCases = (0..<(baseNames.count + ProbeField.allCases.count)).map(SampleColumn.init(rawValue:))

    /// The probe field it holds, if it is one of the probe's columns.
    var probeField: ProbeField? { rawValue >= Self.firstProbe ? ProbeField.allCases[rawValue - Self.firstProbe] : nil }

    var name: String { probeField?.column ?? Self.baseNames[rawValue] }

    init(rawValue: Int) { self.rawValue = rawValue }

    init?(name: String) {
        guard let column = SampleColumn.allCases.first(where: { $0.name == name }) else { return nil }
        self = column
    }
}

/// Reads raw latency samples: advisor's own format (docs/data-formats.md) (CSV or JSON Lines), LLMeter's
/// `responses.jsonl`, llmperf's `*_individual_responses.json`. Mappings: docs/data-formats.md.
///
/// Problems in a row are handed to `onProblem`, which throws to reject the file or returns to skip
/// the row; problems with the file as a whole (no header, a missing column) always throw.
public struct SampleReader {
    public static let requiredColumns = ["source_region", "profile", "ttfb_ms", "total_ms"]
    public static var optionalColumns: [String] {
        SampleColumn.allCases.map(\.name).filter { !requiredColumns.contains($0) }
    }

    /// Token counts above this are no real call's, and stay exact through any JSON parser's doubles.
    static let largestCount = 1_000_000_000_000
    static let textColumns: [SampleColumn] =
        [.sourceRegion, .profile, .model, .timestamp, .status, .runId, .inferenceRegion]
        + ProbeField.allCases.filter { $0.kind == .text }.map(SampleColumn.probe)

    public var regions: Set<String>
    public var defaults: SampleDefaults
    let cache = ValidationCache()

    public init(regions: Set<String>, defaults: SampleDefaults = SampleDefaults()) {
        self.regions = regions
        self.defaults = defaults
    }

    /// Which format a file is in, from its name and first bytes.
    public static func detect(path: String, head: [UInt8]) -> SampleFormat {
        let name = PathText.name(of: path).lowercased()
        let text = String(decoding: head.prefix(4096), as: UTF8.self)
        let firstLine = text.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
        if name.hasSuffix("_individual_responses.json") || (text.hasPrefix("[") && text.contains("\"ttft_s\"")) {
            return .llmperf
        }
        if text.contains("\"time_to_first_token\"") || text.contains("\"time_to_last_token\"") { return .llmeter }
        if firstLine.hasPrefix("{") { return .jsonl }
        let header = text.split(separator: "\n").first { !$0.hasPrefix("#") }.map(String.init) ?? ""
        if header.contains("statistic") && header.contains("value_ms") { return .summary }
        return .csv
    }

    // MARK: Native CSV

    public func readCSV(
        _ input: ReaderInput, file: String, onBytes: (UnsafeBufferPointer<UInt8>) -> Void = { _ in },
        onProblem: (FormatError) throws(FormatError) -> Void,
        _ body: (SampleRow) throws(FormatError) -> Void
    ) throws(FormatError) {
        var columnCount: Int?
        /// For each SampleColumn, its index in the file's header (or -1).
        var position = [Int](repeating: -1, count: SampleColumn.allCases.count)
        var hasProbeColumns = true
        var line = 1
        var sawRow = false
        try ChunkedFile.forEachChunk(
            input, file: file, onBytes: onBytes,
            boundary: { CSVParser.completeRecordsLength($0) }
        ) { (chunk) throws(FormatError) in
            line = try CSVParser.forEachRecordRanges(chunk, file: file, firstLine: line) { (recordLine, fields) throws(FormatError) in
                guard let expected = columnCount else {
                    let names = fields.map { CSVParser.text(chunk, $0).trimmingSpaces() }
                    try checkHeader(names, line: recordLine, file: file)
                    for (index, name) in names.enumerated() {
                        if let column = SampleColumn(name: name) { position[column.rawValue] = index }
                    }
                    columnCount = names.count
                    hasProbeColumns = position[SampleColumn.firstProbe...].contains { $0 >= 0 }
                    return
                }
                sawRow = true
                guard fields.count == expected else {
                    try onProblem(
                        FormatError(
                            file: file, line: recordLine,
                            message: "has \(fields.count) fields; the header has \(expected)"
                                + (fields.count < expected ? " (a truncated line?)" : "")))
                    return
                }
                do throws(FormatError) {
                    try body(
                        try row(line: recordLine, file: file, probeColumns: hasProbeColumns) { column in
                            let index = position[column.rawValue]
                            guard index >= 0 else { return nil }
                            let field = fields[index]
                            if field.escaped { return nil }  // handled by escapedText below
                            return trimmed(UnsafeBufferPointer(rebasing: chunk[field.start..<field.end]))
                        } escapedText: { column in
                            let index = position[column.rawValue]
                            guard index >= 0, fields[index].escaped else { return nil }
                            return CSVParser.text(chunk, fields[index]).trimmingSpaces()
                        })
                } catch {
                    try onProblem(error)
                }
            }
        }
        guard columnCount != nil else {
            throw FormatError(
                file: file, line: 1,
                message: "is empty; expected a header row with "
                    + Self.requiredColumns.joined(separator: ","))
        }
        guard sawRow else { throw FormatError(file: file, line: line, message: "has a header but no rows") }
    }

    func checkHeader(_ names: [String], line: Int, file: String) throws(FormatError) {
        let known = Self.requiredColumns + Self.optionalColumns
        var seen: Set<String> = []
        for name in names where !seen.insert(name).inserted {
            throw FormatError(file: file, line: line, field: name, message: "appears twice in the header; each column once")
        }
        for name in names where !known.contains(name) {
            throw FormatError(file: file, line: line, field: name, message: "unknown column" + Suggest.hint(name, in: known))
        }
        for name in Self.requiredColumns where !names.contains(name) {
            if name == "source_region", defaults.source != nil { continue }
            if name == "profile", defaults.profile != nil { continue }
            throw FormatError(file: file, line: line, field: name, message: "missing required column")
        }
    }

    /// Builds and validates one row. `field` gives a column's bytes (nil when absent or empty);
    /// `escapedText` the rare CSV field with doubled quotes, which needs a copy to unescape.
    /// `probeColumns` false: the file has none of the probe's columns, so the row does not look
    /// for them (twelve lookups a row cost ingest a tenth of its time).
    func row(
        line: Int, file: String, probeColumns: Bool = true, _ field: (SampleColumn) -> UnsafeBufferPointer<UInt8>?,
        escapedText: (SampleColumn) -> String? = { _ in nil }
    ) throws(FormatError) -> SampleRow {
        func text(_ column: SampleColumn) -> SampleRow.Text? {
            if let bytes = field(column) { return bytes.isEmpty ? nil : .bytes(bytes) }
            return escapedText(column).flatMap { $0.isEmpty ? nil : .string($0) }
        }
        func fail(_ column: SampleColumn, _ message: String) -> FormatError {
            FormatError(file: file, line: line, field: column.name, message: message)
        }
        func milliseconds(_ column: SampleColumn) throws(FormatError) -> Double? {
            guard let value = text(column) else { return nil }
            guard let number = NumberParser.double(value), number.isFinite, number >= 0 else {
                throw fail(column, "'\(Sanitize.excerpt(value.string))' is not a non-negative number of milliseconds")
            }
            // No call lasts a day (1e29 ms was accepted, and summed into nonsense).
            guard number <= Self.largestMilliseconds else {
                throw fail(column, "\(Sanitize.excerpt(value.string)) ms is more than a day (86400000 ms); expected a call's latency")
            }
            return number
        }
        func flag(_ column: SampleColumn) throws(FormatError) -> Bool? {
            guard let value = text(column) else { return nil }
            if NumberParser.equals(value, "true") || NumberParser.equals(value, "1") { return true }
            if NumberParser.equals(value, "false") || NumberParser.equals(value, "0") { return false }
            throw fail(column, "'\(Sanitize.excerpt(value.string))' is not true or false")
        }
        func count(_ column: SampleColumn) throws(FormatError) -> Int? {
            guard let value = text(column) else { return nil }
            guard let number = NumberParser.int(value), number >= 0, number <= Self.largestCount else {
                throw fail(column, "'\(Sanitize.excerpt(value.string))' is not a whole number from 0 to 10^12")
            }
            return number
        }
        // Text the same in every format: CSV kept CR, ESC and invalid UTF-8 (each a new route no
        // service matches) where JSON Lines refused the same bytes.
        for column in Self.textColumns where probeColumns || column.rawValue < SampleColumn.firstProbe {
            if let value = field(column), let problem = Self.textProblem(value) {
                throw fail(column, problem)
            }
            if let value = escapedText(column), let problem = value.utf8.withContiguousStorageIfAvailable({ Self.textProblem($0) }) ?? nil {
                throw fail(column, problem)
            }
        }
        guard let source = text(.sourceRegion) ?? defaults.source.map(SampleRow.Text.string) else {
            throw fail(.sourceRegion, "is empty; expected a region code (or pass --source)")
        }
        try checkRegion(source, fail: fail)
        guard let profile = text(.profile) ?? defaults.profile.map(SampleRow.Text.string) else {
            throw fail(.profile, "is empty; expected a profile or model id (or pass --profile)")
        }
        var status = text(.status)
        if let value = status, NumberParser.equals(value, "ok") { status = nil }
        let ttfb = try milliseconds(.ttfbMs), total = try milliseconds(.totalMs)
        if status == nil {
            guard ttfb != nil else { throw fail(.ttfbMs, "is empty on a successful call") }
            guard total != nil else { throw fail(.totalMs, "is empty on a successful call") }
        }
        if let ttfb, let total, ttfb > total {
            throw fail(.ttfbMs, "\(ms(ttfb)) ms is later than total_ms \(ms(total)) ms; the first byte cannot follow the end")
        }
        let timestamp = text(.timestamp)
        if let timestamp, !RFC3339.isDateTime(timestamp) {
            throw fail(.timestamp, "'\(timestamp.string)' is not an RFC 3339 date-time such as 2026-04-12T09:30:00Z")
        }
        var row = SampleRow(
            line: line, source: source, profile: profile, model: text(.model), timestamp: timestamp,
            status: status, ttfbMs: ttfb, totalMs: total, inputTokens: try count(.inputTokens),
            outputTokens: try count(.outputTokens), runId: text(.runId),
            inferenceRegion: text(.inferenceRegion), firstTokenMs: try milliseconds(.firstTokenMs))
        guard probeColumns else { return row }
        for field in ProbeField.allCases {
            let column = SampleColumn.probe(field)
            switch field.kind {
            case .flag: row.probe[field] = try flag(column).map(ProbeValue.flag)
            case .count: row.probe[field] = try count(column).map(ProbeValue.count)
            case .milliseconds: row.probe[field] = try milliseconds(column).map(ProbeValue.milliseconds)
            case .text: row.probe[field] = text(column).map(ProbeValue.text)
            }
        }
        return row
    }

    func checkRegion(_ source: SampleRow.Text, fail: (SampleColumn, String) -> FormatError) throws(FormatError) {
        if case .bytes(let bytes) = source, cache.lastRegion.elementsEqual(bytes) { return }
        let code = source.string
        guard regions.contains(code) else {
            throw fail(.sourceRegion, "unknown region '\(code)'" + Suggest.hint(code, in: Array(regions)))
        }
        cache.lastRegion = Array(code.utf8)
    }

    /// Builds a row from named string fields (the JSON formats): the strings are laid out in one
    /// buffer for the duration of `body`.
    func withRow(
        line: Int, file: String, _ fields: [SampleColumn: String],
        _ body: (SampleRow) throws(FormatError) -> Void
    ) throws(FormatError) {
        var storage: [UInt8] = []
        var ranges: [SampleColumn: Range<Int>] = [:]
        for (column, value) in fields {
            let trimmed = value.trimmingSpaces()
            let start = storage.count
            storage.append(contentsOf: trimmed.utf8)
            ranges[column] = start..<storage.count
        }
        try storage.withUnsafeBufferPointer { (buffer) throws(FormatError) in
            let row = try row(line: line, file: file) { column in
                ranges[column].map { UnsafeBufferPointer(rebasing: buffer[$0]) }
            }
            try body(row)
        }
    }

    /// Trims spaces and tabs; nil when nothing is left.
    func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        var start = 0, end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return end > start ? UnsafeBufferPointer(rebasing: bytes[start..<end]) : nil
    }

    // MARK: JSON Lines (native and LLMeter)

    public func readJSONLines(
        _ input: ReaderInput, file: String, llmeter: Bool,
        onBytes: (UnsafeBufferPointer<UInt8>) -> Void = { _ in },
        onProblem: (FormatError) throws(FormatError) -> Void,
        _ body: (SampleRow) throws(FormatError) -> Void
    ) throws(FormatError) {
        var line = 0
        var sawRow = false
        let newline = UInt8(ascii: "\n")
        try ChunkedFile.forEachChunk(
            input, file: file, onBytes: onBytes,
            boundary: { buffer in
                var end = buffer.count
                while end > 0, buffer[end - 1] != newline { end -= 1 }
                return end
            }
        ) { (chunk) throws(FormatError) in
            var start = 0
            while start < chunk.count {
                var end = start
                while end < chunk.count, chunk[end] != newline { end += 1 }
                line += 1
                let bytes = UnsafeBufferPointer(rebasing: chunk[start..<end])
                start = end + 1
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0d || $0 == 0x09 }) { continue }
                sawRow = true
                do throws(FormatError) {
                    let object = try jsonObject(Data(bytes), line: line, file: file)
                    let fields = llmeter ? try llmeterFields(object) : try nativeFields(object)
                    try withRow(line: line, file: file, fields, body)
                } catch {
                    var located = error
                    if located.file.isEmpty { located.file = file; located.line = line }
                    try onProblem(located)
                }
            }
        }
        guard sawRow else { throw FormatError(file: file, line: 1, message: "is empty; expected one JSON object per line") }
    }

    func jsonObject(_ data: Data, line: Int, file: String) throws(FormatError) -> [String: Any] {
        let parsed: Any
        do {
            parsed = try StrictJSON.parse(data, file: file, what: "the line")
        } catch {
            var located = error
            located.line = line
            located.column = nil
            throw located
        }
        guard let object = parsed as? [String: Any] else {
            throw FormatError(file: file, line: line, message: "is not a JSON object")
        }
        return object
    }

    static let largestMilliseconds = 86_400_000.0

    /// Why bytes cannot be a text field: a control character (NUL, CR, ESC …) or invalid UTF-8.
    static func textProblem(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var ascii = true
        for byte in bytes {
            if byte < 0x20 || byte == 0x7F {
                return byte == 0
                    ? "contains a NUL byte; expected text"
                    : String(format: "contains the control character 0x%02X; expected text", byte)
            }
            if byte >= 0x80 { ascii = false }
        }
        if !ascii, String(validating: bytes, as: UTF8.self) == nil { return "is not valid UTF-8; expected text" }
        return nil
    }

    static let numericColumns: Set<SampleColumn> = Set(
        [.ttfbMs, .totalMs, .firstTokenMs, .inputTokens, .outputTokens]
            + ProbeField.allCases.filter { $0.kind == .count || $0.kind == .milliseconds }.map(SampleColumn.probe))
    /// JSON booleans (`"warmup": true`), also accepted as the text true or false.
    static let flagColumns: Set<SampleColumn> = Set(ProbeField.allCases.filter { $0.kind == .flag }.map(SampleColumn.probe))

    func nativeFields(_ object: [String: Any]) throws(FormatError) -> [SampleColumn: String] {
        var fields: [SampleColumn: String] = [:]
        for column in SampleColumn.allCases {
            let value: String?
            if Self.numericColumns.contains(column) {
                value = try jsonNumberText(object[column.name], field: column.name)
            } else if Self.flagColumns.contains(column) {
                value = try jsonFlagText(object[column.name], field: column.name)
            } else {
                value = jsonText(object[column.name])
            }
            if let value { fields[column] = value }
        }
        return fields
    }

    /// LLMeter `InvocationResponse`: seconds to milliseconds; `error` (free text) to a status.
    func llmeterFields(_ object: [String: Any]) throws(FormatError) -> [SampleColumn: String] {
        let candidates: [SampleColumn: String?] = [
            .ttfbMs: try jsonNumberText(object["time_to_first_token"], field: "time_to_first_token", scale: 1000),
            .totalMs: try jsonNumberText(object["time_to_last_token"], field: "time_to_last_token", scale: 1000),
            .timestamp: object["request_time"] as? String,
            .status: (object["error"] as? String).map(Self.statusCode(fromErrorText:)),
            .inputTokens: try jsonNumberText(object["num_tokens_input"], field: "num_tokens_input"),
            .outputTokens: try jsonNumberText(object["num_tokens_output"], field: "num_tokens_output"),
            .runId: object["id"] as? String,
        ]
        return candidates.compactMapValues { $0 }
    }

    // MARK: llmperf

    /// llmperf's `*_individual_responses.json`: a JSON array, seconds, no region or model.
    public func readLLMPerf(
        _ input: ReaderInput, file: String, onBytes: (UnsafeBufferPointer<UInt8>) -> Void = { _ in },
        onProblem: (FormatError) throws(FormatError) -> Void,
        _ body: (SampleRow) throws(FormatError) -> Void
    ) throws(FormatError) {
        // Streamed a response at a time: the whole-document parse took ten times the file in memory.
        var splitter = JSONArrayElements(
            keys: nil, file: file, elementName: "response",
            expected: "a JSON array of llmperf responses (llmperf's *_individual_responses.json)")
        try ByteStream.forEachChunk(input, file: file) { (bytes) throws(FormatError) in
            onBytes(bytes)
            try splitter.feed(bytes) { (element, number, _) throws(FormatError) in
                let index = number - 1
                do throws(FormatError) {
                    let object = try StrictJSON.object(element, file: file, what: "response \(number)")
                    let code = object["error_code"].flatMap { $0 is NSNull ? nil : jsonText($0) }
                    let message = (object["error_msg"] as? String).flatMap { $0.isEmpty ? nil : $0 }
                    let failed = code != nil || message != nil
                    let status = failed ? (message.map(Self.statusCode(fromErrorText:)) ?? "error_\(code!)") : "ok"
                    let fields: [SampleColumn: String?] = [
                        // On failure llmperf leaves its initial zeros in the latencies; they are not measurements.
                        .ttfbMs: failed ? nil : try jsonNumberText(object["ttft_s"], field: "ttft_s", scale: 1000),
                        .totalMs: failed
                            ? nil : try jsonNumberText(object["end_to_end_latency_s"], field: "end_to_end_latency_s", scale: 1000),
                        .status: status,
                        .inputTokens: try jsonNumberText(object["number_input_tokens"], field: "number_input_tokens"),
                        .outputTokens: try jsonNumberText(object["number_output_tokens"], field: "number_output_tokens"),
                    ]
                    try withRow(line: index + 1, file: file, fields.compactMapValues { $0 }, body)
                } catch {
                    var located = error
                    if located.line != nil || located.file.isEmpty {
                        located.field = "[\(index)]" + (located.field.map { ".\($0)" } ?? "")
                        located.line = nil
                        located.file = file
                    }
                    try onProblem(located)
                }
            }
        }
        try splitter.finish()
        guard splitter.count > 0 else { throw FormatError(file: file, message: "is an empty array") }
    }

    // MARK: Helpers

    /// The AWS exception name in free error text (e.g. "An error occurred (ThrottlingException) …"),
    /// else `error`.
    public static func statusCode(fromErrorText text: String) -> String {
        let words = text.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        return words.first { $0.hasSuffix("Exception") && $0.first?.isUppercase == true }.map(String.init) ?? "error"
    }
}

/// JSON numbers as JSONSerialization gives them. On Linux an integer 0 or 1 answers `is Bool`, so a
/// boolean is told by its Objective-C type code instead.
func jsonNumber(_ value: Any?) -> NSNumber? {
    guard let number = value as? NSNumber, String(cString: number.objCType) != "c" else { return nil }
    return number
}

/// A numeric field of a JSON record: a JSON number or null, never a string (a string `"0.5"` in a
/// field of seconds would otherwise be read as 0.5 ms).
func jsonNumberText(_ value: Any?, field: String, scale: Double = 1) throws(FormatError) -> String? {
    switch value {
    case nil, is NSNull: return nil
    default:
        guard let number = jsonNumber(value) else {
            let shown = (value as? String).map { "the string '\(Sanitize.excerpt($0))'" } ?? "'\(Sanitize.excerpt("\(value!)"))'"
            throw FormatError(file: "", field: field, message: "expected a JSON number, found \(shown)")
        }
        if scale == 1, String(cString: number.objCType) != "d" { return number.stringValue }
        return String(number.doubleValue * scale)
    }
}

/// A boolean field of a JSON record: true or false (or the strings "true" and "false").
func jsonFlagText(_ value: Any?, field: String) throws(FormatError) -> String? {
    switch value {
    case nil, is NSNull: return nil
    case let number as NSNumber where String(cString: number.objCType) == "c":
        return number.boolValue ? "true" : "false"
    case let text as String where text == "true" || text == "false": return text
    default:
        throw FormatError(file: "", field: field, message: "expected true or false, found '\(Sanitize.excerpt("\(value!)"))'")
    }
}

/// A text field of a JSON record: a string; a number is accepted as its digits (run ids, codes).
func jsonText(_ value: Any?) -> String? {
    switch value {
    case nil, is NSNull: return nil
    case let string as String: return string
    case let number as NSNumber: return number.stringValue
    default: return "\(value!)"
    }
}

extension RFC3339 {
    static func isDateTime(_ text: SampleRow.Text) -> Bool {
        switch text {
        case .bytes(let bytes): return parseDateTime(bytes: bytes) != nil
        case .string(let string): return parseDateTime(string) != nil
        }
    }
}
