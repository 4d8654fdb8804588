public import AdvisorCore
import Foundation

/// The result of `advisor evidence athena`'s query as the engine saves it: Athena's `<QueryID>.csv`
/// and CloudTrail Lake's `result_*.csv.gz`. Any RFC 4180 CSV, quoted or not, gzip or not (by its
/// magic bytes), with the query's columns in any order under a header. Streams: memory stays flat
/// whatever the file's size. One malformed row fails the file, naming its line and column.
public enum AthenaResultReader {
    public struct Summary: Sendable, Equatable {
        public var rows = 0
        public var calls = 0
        public var first: String?
        public var last: String?
    }

    static let batchSize = 5_000
    /// Far above any real day (a billion calls is 11,500 a second all day), and low enough that
    /// no file of rows can overflow a 64-bit sum.
    static let maximumCallsPerRow = 1_000_000_000
    /// Longest caller (an IAM ARN is at most 2,048 characters) and error code kept.
    static let maximumCaller = 2_048
    static let maximumErrorCode = 128

    /// Files an engine writes beside its result that are not results: Athena's binary
    /// `<QueryID>.csv.metadata`, CloudTrail Lake's `result_sign.json`. `ingest` skips them by name.
    public static func isSidecar(_ path: String) -> Bool {
        let name = PathText.name(of: path)
        return name.hasSuffix(".metadata") || name == "result_sign.json"
    }

    public static func read(
        _ input: ReaderInput, file: String, knownRegions: Set<String>,
        onBatch: ([ObservedDayCount]) throws -> Void
    ) throws -> Summary {
        var summary = Summary()
        var position: [Int]?
        var batch: [ObservedDayCount] = []
        var line = 1
        var carry: [UInt8] = []
        var first = true
        func consume(_ buffer: UnsafeBufferPointer<UInt8>) throws {
            line = try CSVParser.forEachRecordRanges(buffer, file: file, firstLine: line) { (recordLine, ranges) throws(FormatError) in
                let fields = ranges.map { CSVParser.text(buffer, $0) }
                guard let columns = position else {
                    position = try header(fields, line: recordLine, file: file)
                    return
                }
                guard fields.count == columns.count else {
                    throw FormatError(
                        file: file, line: recordLine,
                        message: "has \(fields.count) fields; the header has \(columns.count)"
                            + (fields.count < columns.count ? " (a truncated line?)" : ""))
                }
                let count = try row(fields, columns: columns, line: recordLine, file: file, knownRegions: knownRegions)
                summary.rows += 1
                summary.calls += count.calls
                summary.first = min(summary.first ?? count.first, count.first)
                summary.last = max(summary.last ?? count.last, count.last)
                batch.append(count)
            }
            if batch.count >= batchSize {
                try onBatch(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        // The store's own failures (a full disk) keep their kind: only the reader's are FormatErrors.
        var storeError: (any Error)?
        func streamChunks() throws(FormatError) {
            try ByteStream.forEachChunk(input, file: file) { (chunk) throws(FormatError) in
                carry.append(contentsOf: chunk)
                if first, carry.count >= 3 {
                    if carry.starts(with: BoundedFile.byteOrderMark) { carry.removeFirst(BoundedFile.byteOrderMark.count) }
                    first = false
                }
                let length = carry.withUnsafeBufferPointer { CSVParser.completeRecordsLength($0) }
                if length > 0 {
                    do {
                        try carry.withUnsafeBufferPointer { try consume(UnsafeBufferPointer(rebasing: $0[0..<length])) }
                    } catch let error as FormatError {
                        throw error
                    } catch {
                        storeError = error
                        throw FormatError(file: file, message: "could not be stored")
                    }
                    carry.removeFirst(length)
                }
                if carry.count > ChunkedFile.maximumRecord {
                    throw FormatError(
                        file: file, line: line, message: "has a record longer than \(ChunkedFile.maximumRecord >> 20) MiB; refused")
                }
            }
        }
        do {
            try streamChunks()
        } catch {
            if let storeError { throw storeError }
            throw error
        }
        if !carry.isEmpty { try carry.withUnsafeBufferPointer { try consume($0) } }
        if !batch.isEmpty { try onBatch(batch) }
        guard position != nil else {
            throw FormatError(
                file: file, line: 1,
                message: "is empty; expected the CSV result of advisor evidence athena's query, with a header naming "
                    + AthenaQuery.columns.joined(separator: ", "))
        }
        return summary
    }

    /// For each of `AthenaQuery.columns`, its index in the header.
    static func header(_ names: [String], line: Int, file: String) throws(FormatError) -> [Int] {
        let names = names.map { $0.trimmingSpaces().lowercased() }
        var position: [Int] = []
        for column in AthenaQuery.columns where names.filter({ $0 == column }).count > 1 {
            throw FormatError(
                file: file, line: line, field: column, message: "the header names \(column) twice; which one holds the value is unclear")
        }
        for column in AthenaQuery.columns {
            guard let index = names.firstIndex(of: column) else {
                throw FormatError(
                    file: file, line: line, field: column,
                    message: "the header has no \(column) column; expected the columns of advisor evidence athena's query: "
                        + AthenaQuery.columns.joined(separator: ", ") + " (found \(Sanitize.excerpt(names.joined(separator: ","))))")
            }
            position.append(index)
        }
        // The field count of every row is checked against the header's, not just these columns.
        return position + Array(repeating: -1, count: names.count - position.count)
    }

    static func row(_ fields: [String], columns: [Int], line: Int, file: String, knownRegions: Set<String>) throws(FormatError)
        -> ObservedDayCount
    {
        func value(_ name: String) -> String { fields[columns[AthenaQuery.columns.firstIndex(of: name)!]] }
        func fail(_ name: String, _ found: String, _ expected: String) -> FormatError {
            FormatError(file: file, line: line, field: name, message: "'\(Sanitize.excerpt(found))' is not \(expected)")
        }
        func region(_ name: String, _ raw: String) throws(FormatError) -> String {
            let code = LocalZone.folded(raw, knownRegions: knownRegions)
            guard knownRegions.contains(code) else {
                throw FormatError(
                    file: file, line: line, field: name,
                    message: "'\(Sanitize.excerpt(raw))' is not a Region the catalogue knows" + Suggest.hint(raw, in: knownRegions.sorted())
                )
            }
            return code
        }
        let account = value("account_id")
        guard account.utf8.count == 12, account.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw fail("account_id", account, "a 12-digit account id")
        }
        let source = try region("source_region", value("source_region"))
        let served = value("inference_region").isEmpty ? source : try region("inference_region", value("inference_region"))
        let model = value("model_id")
        guard !model.isEmpty, model.utf8.count <= 2_048 else { throw fail("model_id", model, "a model or profile id (or ARN)") }
        let endpoint = value("endpoint")
        let operations: Set<String>
        switch endpoint {
        case ObservedCall.runtime: operations = ObservedCall.runtimeOperations
        case ObservedCall.mantle: operations = ObservedCall.mantleOperations
        default: throw fail("endpoint", endpoint, "\(ObservedCall.runtime) or \(ObservedCall.mantle)")
        }
        let operation = value("operation")
        guard operations.contains(operation) else {
            throw fail("operation", operation, "an inference operation of \(endpoint) (\(operations.sorted().joined(separator: ", ")))")
        }
        // CloudTrail writes no control characters in these; a NUL or an escape is not a caller.
        for name in ["model_id", "error_code", "caller"]
        where value(name).unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw fail(name, value(name), "text without control characters")
        }
        let errorCode = value("error_code")
        guard errorCode.utf8.count <= maximumErrorCode else { throw fail("error_code", errorCode, "an error code") }
        let caller = value("caller")
        guard caller.utf8.count <= maximumCaller else { throw fail("caller", caller, "an IAM principal ARN") }
        let sdk = value("sdk")
        guard sdk.isEmpty || ClientAgent.sdkToken(sdk) == sdk else { throw fail("sdk", sdk, "an SDK token such as Boto3/1, or empty") }
        let mode = value("retry_mode")
        guard mode.isEmpty || ClientAgent.retryModes.contains(mode) else {
            throw fail("retry_mode", mode, ClientAgent.retryModes.joined(separator: ", ") + " or empty")
        }
        let day = value("day")
        guard day.utf8.count == 10, RFC3339.parseDateOrDateTime(day) != nil else { throw fail("day", day, "a day YYYY-MM-DD") }
        let callsText = value("calls")
        guard let calls = Int(callsText), calls > 0, calls <= maximumCallsPerRow else {
            throw fail("calls", callsText, "a count of calls (a whole number above 0)")
        }
        func time(_ name: String) throws(FormatError) -> String {
            let text = value(name)
            guard let normalised = normalisedTime(text), normalised.hasPrefix(day) else {
                throw fail(name, text, "a time on \(day) (RFC 3339, such as \(day)T09:00:00Z)")
            }
            return normalised
        }
        let firstSeen = try time("first_seen"), lastSeen = try time("last_seen")
        guard firstSeen <= lastSeen else { throw fail("last_seen", lastSeen, "at or after first_seen (\(firstSeen))") }
        return ObservedDayCount(
            account: account, day: day, source: source, profile: ObservedCall.profileId(model), servedRegion: served,
            endpoint: endpoint, operation: operation, errorCode: errorCode, caller: caller,
            client: ClientAgent(sdk: sdk, retryMode: mode), calls: calls, first: firstSeen, last: lastSeen)
    }

    /// CloudTrail's `eventTime` as Athena returns it (RFC 3339), or a Trino timestamp as a CSV
    /// writes one (`2026-11-03 10:00:01.000`), read as UTC and written as RFC 3339.
    static func normalisedTime(_ text: String) -> String? {
        if text.utf8.contains(UInt8(ascii: "T")) { return RFC3339.parseDateTime(text) != nil ? text : nil }
        let parts = text.split(separator: " ")
        guard parts.count == 2 else { return nil }
        let clock = parts[1].split(separator: ".").first.map(String.init) ?? ""
        let candidate = "\(parts[0])T\(clock)Z"
        return RFC3339.parseDateTime(candidate) != nil ? candidate : nil
    }
}
