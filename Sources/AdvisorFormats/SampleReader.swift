import AdvisorCore
import Foundation

/// One raw call read from a file, with the line it came from.
public struct RawSample: Sendable, Equatable {
    public var line: Int
    public var source: String
    public var profile: String
    public var model: String?
    public var timestamp: String?
    public var status: String
    public var ttfbMs: Double?
    public var totalMs: Double?
    public var inputTokens: Int?
    public var outputTokens: Int?
    public var runId: String?
    public var inferenceRegion: String?
    public var firstTokenMs: Double?

    public init(line: Int, source: String, profile: String, model: String? = nil, timestamp: String? = nil,
                status: String = "ok", ttfbMs: Double?, totalMs: Double?, inputTokens: Int? = nil,
                outputTokens: Int? = nil, runId: String? = nil, inferenceRegion: String? = nil,
                firstTokenMs: Double? = nil) {
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

/// Reads raw latency samples: the native format of design.md (CSV or JSON Lines), LLMeter's
/// `responses.jsonl`, llmperf's `*_individual_responses.json`. Mappings: docs/data-formats.md.
///
/// Problems in a row are handed to `onProblem`, which throws to reject the file or returns to skip
/// the row; problems with the file as a whole (no header, a missing column) always throw.
public struct SampleReader {
    public static let requiredColumns = ["source_region", "profile", "ttfb_ms", "total_ms"]
    public static let optionalColumns = ["model", "timestamp", "status", "input_tokens", "output_tokens", "run_id",
                                         "inference_region", "first_token_ms"]

    public var regions: Set<String>
    public var defaults: SampleDefaults

    public init(regions: Set<String>, defaults: SampleDefaults = SampleDefaults()) {
        self.regions = regions
        self.defaults = defaults
    }

    /// Which format a file is in, from its name and first bytes.
    public static func detect(path: String, head: [UInt8]) -> SampleFormat {
        let name = (path as NSString).lastPathComponent.lowercased()
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

    public func readCSV(path: String, file: String, onBytes: (UnsafeBufferPointer<UInt8>) -> Void = { _ in },
                        onProblem: (FormatError) throws(FormatError) -> Void,
                        _ body: (RawSample) throws(FormatError) -> Void) throws(FormatError) {
        var columns: [String]?
        var position: [String: Int] = [:]
        var line = 1
        var sawRow = false
        try ChunkedFile.forEachChunk(path: path, file: file, onBytes: onBytes,
                                     boundary: { CSVParser.completeRecordsLength($0) }) { (chunk) throws(FormatError) in
            line = try CSVParser.forEachRecord(chunk, file: file, firstLine: line) { (record) throws(FormatError) in
                guard let header = columns else {
                    let names = record.fields.map { $0.trimmingSpaces() }
                    try checkHeader(names, line: record.line, file: file)
                    columns = names
                    position = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
                    return
                }
                sawRow = true
                guard record.fields.count == header.count else {
                    try onProblem(FormatError(file: file, line: record.line,
                                              message: "has \(record.fields.count) fields; the header has \(header.count)"
                                                + (record.fields.count < header.count ? " (a truncated line?)" : "")))
                    return
                }
                do throws(FormatError) {
                    try body(try sample(line: record.line, file: file) { name in
                        position[name].map { record.fields[$0] }
                    })
                } catch {
                    try onProblem(error)
                }
            }
        }
        guard columns != nil else {
            throw FormatError(file: file, line: 1, message: "is empty; expected a header row with "
                              + Self.requiredColumns.joined(separator: ","))
        }
        guard sawRow else { throw FormatError(file: file, line: line, message: "has a header but no rows") }
    }

    func checkHeader(_ names: [String], line: Int, file: String) throws(FormatError) {
        let known = Self.requiredColumns + Self.optionalColumns
        for name in names where !known.contains(name) {
            let near = Suggest.nearest(name, in: known)
            throw FormatError(file: file, line: line, field: name,
                              message: "unknown column" + (near.isEmpty ? "" : " (did you mean '\(near[0])'?)"))
        }
        for name in Self.requiredColumns where !names.contains(name) {
            if name == "source_region", defaults.source != nil { continue }
            if name == "profile", defaults.profile != nil { continue }
            throw FormatError(file: file, line: line, field: name, message: "missing required column")
        }
    }

    /// Builds and validates one sample from named text fields.
    func sample(line: Int, file: String, _ field: (String) -> String?) throws(FormatError) -> RawSample {
        func value(_ name: String) -> String? {
            guard let raw = field(name)?.trimmingSpaces(), !raw.isEmpty else { return nil }
            return raw
        }
        func fail(_ name: String, _ message: String) -> FormatError {
            FormatError(file: file, line: line, field: name, message: message)
        }
        func milliseconds(_ name: String) throws(FormatError) -> Double? {
            guard let text = value(name) else { return nil }
            guard let number = Double(text), number.isFinite, number >= 0 else {
                throw fail(name, "'\(text)' is not a non-negative number of milliseconds")
            }
            return number
        }
        func count(_ name: String) throws(FormatError) -> Int? {
            guard let text = value(name) else { return nil }
            guard let number = Int(text), number >= 0 else { throw fail(name, "'\(text)' is not a whole number ≥ 0") }
            return number
        }
        guard let source = value("source_region") ?? defaults.source else {
            throw fail("source_region", "is empty; expected a region code (or pass --source)")
        }
        guard regions.contains(source) else {
            let near = Suggest.nearest(source, in: Array(regions))
            throw fail("source_region", "unknown region '\(source)'" + (near.isEmpty ? "" : " (did you mean '\(near[0])'?)"))
        }
        guard let profile = value("profile") ?? defaults.profile else {
            throw fail("profile", "is empty; expected a profile or model id (or pass --profile)")
        }
        let status = value("status") ?? "ok"
        let ttfb = try milliseconds("ttfb_ms"), total = try milliseconds("total_ms")
        if status == "ok" {
            guard ttfb != nil else { throw fail("ttfb_ms", "is empty on a successful call") }
            guard total != nil else { throw fail("total_ms", "is empty on a successful call") }
        }
        if let ttfb, let total, ttfb > total {
            throw fail("ttfb_ms", "\(ms(ttfb)) ms is later than total_ms \(ms(total)) ms; the first byte cannot follow the end")
        }
        if let timestamp = value("timestamp"), Self.parseTimestamp(timestamp) == nil {
            throw fail("timestamp", "'\(timestamp)' is not an RFC 3339 date-time such as 2026-04-12T09:30:00Z")
        }
        return RawSample(line: line, source: source, profile: profile, model: value("model"),
                         timestamp: value("timestamp"), status: status, ttfbMs: ttfb, totalMs: total,
                         inputTokens: try count("input_tokens"), outputTokens: try count("output_tokens"),
                         runId: value("run_id"), inferenceRegion: value("inference_region"),
                         firstTokenMs: try milliseconds("first_token_ms"))
    }

    public static func parseTimestamp(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    // MARK: JSON Lines (native and LLMeter)

    public func readJSONLines(path: String, file: String, llmeter: Bool,
                              onBytes: (UnsafeBufferPointer<UInt8>) -> Void = { _ in },
                              onProblem: (FormatError) throws(FormatError) -> Void,
                              _ body: (RawSample) throws(FormatError) -> Void) throws(FormatError) {
        var line = 0
        var sawRow = false
        let newline = UInt8(ascii: "\n")
        try ChunkedFile.forEachChunk(path: path, file: file, onBytes: onBytes, boundary: { buffer in
            var end = buffer.count
            while end > 0, buffer[end - 1] != newline { end -= 1 }
            return end
        }) { (chunk) throws(FormatError) in
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
                    try body(llmeter ? try llmeterSample(object, line: line, file: file)
                                     : try sample(line: line, file: file) { jsonText(object[$0]) })
                } catch {
                    try onProblem(error)
                }
            }
        }
        guard sawRow else { throw FormatError(file: file, line: 1, message: "is empty; expected one JSON object per line") }
    }

    func jsonObject(_ data: Data, line: Int, file: String) throws(FormatError) -> [String: Any] {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw FormatError(file: file, line: line, message: "is not valid JSON (a truncated line?)")
        }
        guard let object = parsed as? [String: Any] else {
            throw FormatError(file: file, line: line, message: "is not a JSON object")
        }
        return object
    }

    /// LLMeter `InvocationResponse`: seconds to milliseconds; `error` (free text) to a status.
    func llmeterSample(_ object: [String: Any], line: Int, file: String) throws(FormatError) -> RawSample {
        let error = object["error"] as? String
        let fields: [String: String?] = [
            "source_region": nil,
            "profile": nil,
            "ttfb_ms": secondsToMilliseconds(object["time_to_first_token"]),
            "total_ms": secondsToMilliseconds(object["time_to_last_token"]),
            "timestamp": object["request_time"] as? String,
            "status": error.map(Self.statusCode(fromErrorText:)) ?? "ok",
            "input_tokens": jsonText(object["num_tokens_input"]),
            "output_tokens": jsonText(object["num_tokens_output"]),
            "run_id": object["id"] as? String,
        ]
        return try sample(line: line, file: file) { name in fields[name] ?? nil }
    }

    // MARK: llmperf

    /// llmperf's `*_individual_responses.json`: a JSON array, seconds, no region or model.
    public func readLLMPerf(path: String, file: String, onBytes: (UnsafeBufferPointer<UInt8>) -> Void = { _ in },
                            onProblem: (FormatError) throws(FormatError) -> Void,
                            _ body: (RawSample) throws(FormatError) -> Void) throws(FormatError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FormatError(file: file, message: "cannot be opened for reading")
        }
        data.withUnsafeBytes { onBytes($0.bindMemory(to: UInt8.self)) }
        guard let records = (try? JSONSerialization.jsonObject(with: data)) as? [Any] else {
            throw FormatError(file: file, message: "is not a JSON array of llmperf responses (truncated or another format?)")
        }
        guard !records.isEmpty else { throw FormatError(file: file, message: "is an empty array") }
        for (index, item) in records.enumerated() {
            do throws(FormatError) {
                guard let object = item as? [String: Any] else {
                    throw FormatError(file: file, field: "[\(index)]", message: "is not a JSON object")
                }
                let code = object["error_code"].flatMap { $0 is NSNull ? nil : jsonText($0) }
                let message = (object["error_msg"] as? String).flatMap { $0.isEmpty ? nil : $0 }
                let failed = code != nil || message != nil
                let status = failed ? (message.map(Self.statusCode(fromErrorText:)) ?? "error_\(code!)") : "ok"
                let fields: [String: String?] = [
                    // On failure llmperf leaves its initial zeros in the latencies; they are not measurements.
                    "ttfb_ms": failed ? nil : secondsToMilliseconds(object["ttft_s"]),
                    "total_ms": failed ? nil : secondsToMilliseconds(object["end_to_end_latency_s"]),
                    "status": status,
                    "input_tokens": jsonText(object["number_input_tokens"]),
                    "output_tokens": jsonText(object["number_output_tokens"]),
                ]
                try body(try sample(line: index + 1, file: file) { name in fields[name] ?? nil })
            } catch {
                var located = error
                if located.line != nil {
                    located.field = "[\(index)]" + (located.field.map { ".\($0)" } ?? "")
                    located.line = nil
                }
                try onProblem(located)
            }
        }
    }

    // MARK: Helpers

    /// The AWS exception name in free error text (e.g. "An error occurred (ThrottlingException) …"),
    /// else `error`.
    public static func statusCode(fromErrorText text: String) -> String {
        let words = text.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        return words.first { $0.hasSuffix("Exception") && $0.first?.isUppercase == true }.map(String.init) ?? "error"
    }
}

func secondsToMilliseconds(_ value: Any?) -> String? {
    guard let number = value as? NSNumber, !(value is Bool) else { return jsonText(value) }
    return String(number.doubleValue * 1000)
}

func jsonText(_ value: Any?) -> String? {
    switch value {
    case nil, is NSNull: return nil
    case let string as String: return string
    case let number as NSNumber: return number.stringValue
    default: return "\(value!)"
    }
}
