public import AdvisorCore
import Foundation
/// RFC 4180 CSV with the line each record starts on. Quoted fields may hold commas, quotes ("")
/// and newlines; CRLF and LF both end a record; blank lines are skipped. Lines that begin with `#`
/// outside a quoted field are comments, handed to `onComment` so readers can take metadata from them.
public struct CSVRecord: Sendable, Equatable {
    public var line: Int
    public var fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

public enum CSVParser {
    public static func parse(
        _ text: String, file: String,
        onComment: (String, Int) -> Void = { _, _ in }
    ) throws(FormatError) -> [CSVRecord] {
        var records: [CSVRecord] = []
        try forEachRecord(Array(text.utf8), file: file, onComment: onComment) { records.append($0) }
        return records
    }

    public static func forEachRecord(
        _ bytes: [UInt8], file: String, firstLine: Int = 1,
        onComment: (String, Int) -> Void = { _, _ in },
        _ body: (CSVRecord) throws(FormatError) -> Void
    ) throws(FormatError) {
        try bytes.withUnsafeBufferPointer { (buffer) throws(FormatError) in
            _ = try forEachRecord(buffer, file: file, firstLine: firstLine, onComment: onComment, body)
        }
    }

    /// Parses every record in `bytes`; returns the line number after the last one.
    @discardableResult
    public static func forEachRecord(
        _ bytes: UnsafeBufferPointer<UInt8>, file: String, firstLine: Int,
        onComment: (String, Int) -> Void = { _, _ in },
        _ body: (CSVRecord) throws(FormatError) -> Void
    ) throws(FormatError) -> Int {
        try forEachRecordRanges(bytes, file: file, firstLine: firstLine, onComment: onComment) { (line, fields) throws(FormatError) in
            try body(CSVRecord(line: line, fields: fields.map { text(bytes, $0) }))
        }
    }

    /// A field of the record being scanned: a byte range of the buffer (quotes excluded).
    public struct FieldRange: Sendable {
        public var start: Int
        public var end: Int
        /// Quoted with doubled quotes inside: the bytes need unescaping.
        public var escaped: Bool
    }

    /// Like `forEachRecord`, but hands out byte ranges instead of strings, reusing one array: the
    /// fast path for large files. The ranges are valid only during the call.
    @discardableResult
    public static func forEachRecordRanges(
        _ bytes: UnsafeBufferPointer<UInt8>, file: String, firstLine: Int,
        onComment: (String, Int) -> Void = { _, _ in },
        _ body: (Int, [FieldRange]) throws(FormatError) -> Void
    ) throws(FormatError) -> Int {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n")
        let carriageReturn = UInt8(ascii: "\r"), hash = UInt8(ascii: "#")
        var index = 0
        var line = firstLine
        let count = bytes.count
        var fields: [FieldRange] = []
        fields.reserveCapacity(16)
        while index < count {
            let recordLine = line
            let first = bytes[index]
            if first == newline || (first == carriageReturn && index + 1 < count && bytes[index + 1] == newline) {
                index += first == newline ? 1 : 2
                line += 1
                continue
            }
            if first == hash {
                let start = index
                while index < count, bytes[index] != newline { index += 1 }
                var end = index
                if end > start, bytes[end - 1] == carriageReturn { end -= 1 }
                onComment(String(decoding: bytes[start..<end], as: UTF8.self), recordLine)
                index += 1
                line += 1
                continue
            }
            fields.removeAll(keepingCapacity: true)
            while true {
                if index < count, bytes[index] == quote {
                    let fieldLine = line
                    index += 1
                    let start = index
                    var escaped = false
                    while true {
                        guard index < count else {
                            throw FormatError(
                                file: file, line: fieldLine, field: "field \(fields.count + 1)",
                                message: "quoted field is not closed before the end of the file")
                        }
                        let byte = bytes[index]
                        if byte == quote {
                            if index + 1 < count, bytes[index + 1] == quote {
                                escaped = true
                                index += 2
                                continue
                            }
                            break
                        }
                        if byte == newline { line += 1 }
                        index += 1
                    }
                    fields.append(FieldRange(start: start, end: index, escaped: escaped))
                    index += 1
                    guard
                        index >= count || bytes[index] == comma || bytes[index] == newline
                            || bytes[index] == carriageReturn
                    else {
                        throw FormatError(
                            file: file, line: line, field: "field \(fields.count)",
                            message: "unexpected character after a closing quote")
                    }
                } else {
                    let start = index
                    while index < count, bytes[index] != comma, bytes[index] != newline { index += 1 }
                    var end = index
                    if end > start, bytes[end - 1] == carriageReturn { end -= 1 }
                    fields.append(FieldRange(start: start, end: end, escaped: false))
                }
                if index >= count { break }
                if bytes[index] == comma {
                    index += 1
                    continue
                }
                if bytes[index] == carriageReturn { index += 1 }
                if index < count, bytes[index] == newline {
                    index += 1
                    line += 1
                }
                break
            }
            try body(recordLine, fields)
        }
        return line
    }

    /// The text of a field, unescaping doubled quotes.
    public static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ field: FieldRange) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[field.start..<field.end])
        guard field.escaped else { return String(decoding: slice, as: UTF8.self) }
        return String(decoding: slice, as: UTF8.self).replacingOccurrences(of: "\"\"", with: "\"")
    }

    /// The length of the longest prefix of `bytes` that ends a record outside quotes (just after a
    /// newline), so a file can be parsed chunk by chunk.
    public static func completeRecordsLength(_ bytes: UnsafeBufferPointer<UInt8>, inQuotesAtStart: Bool = false) -> Int {
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n")
        var inQuotes = inQuotesAtStart
        var end = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            if byte == quote { inQuotes.toggle() } else if byte == newline, !inQuotes { end = index + 1 }
        }
        return end
    }
}
