import AdvisorCore
import CZlib
import Foundation

/// What a streaming reader reads: a file the user named (read a chunk at a time), or bytes already
/// in memory (an answer advisor fetched itself, as `catalogue refresh` does). Errors name `name`.
public enum ReaderInput: Sendable {
    case file(String)
    case bytes([UInt8], name: String)

    public var name: String {
        switch self {
        case .file(let path): path
        case .bytes(_, let name): name
        }
    }
}

/// A file's bytes in bounded chunks, inflated on the way when it is gzip (CloudTrail's S3 delivery
/// is `.json.gz`): memory stays flat whatever the file's size. Gzip is recognised by its magic
/// bytes, not the name.
struct ByteStream {
    static let chunkSize = 1 << 20
    /// Inflated output is bounded too: a gzip bomb stops at this many bytes.
    static let maximumInflated: Int64 = 8 << 30

    static func forEachChunk(_ input: ReaderInput, file: String, _ body: (UnsafeBufferPointer<UInt8>) throws(FormatError) -> Void)
        throws(FormatError)
    {
        let handle: FileHandle?
        var offset = 0
        switch input {
        case .file(let path): handle = try ChunkedFile.openForReading(path, file: file)
        case .bytes: handle = nil
        }
        defer { try? handle?.close() }
        func read() throws(FormatError) -> Data {
            if case .bytes(let bytes, _) = input {
                let end = min(bytes.count, offset + chunkSize)
                defer { offset = end }
                return Data(bytes[offset..<end])
            }
            do { return try handle?.read(upToCount: chunkSize) ?? Data() } catch {
                throw FormatError(file: file, message: "cannot be read: \(error.localizedDescription)")
            }
        }
        var data = try read()
        guard data.starts(with: [0x1F, 0x8B]) else {
            while !data.isEmpty {
                try [UInt8](data).withUnsafeBufferPointer { (buffer) throws(FormatError) in try body(buffer) }
                data = try read()
            }
            return
        }
        var stream = z_stream()
        guard czlib_inflate_init_gzip(&stream) == Z_OK else { throw FormatError(file: file, message: "cannot start gzip decompression") }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: chunkSize)
        var total: Int64 = 0
        while !data.isEmpty {
            var input = [UInt8](data)
            var finished = false
            try input.withUnsafeMutableBufferPointer { (inBuffer) throws(FormatError) in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = UInt32(inBuffer.count)
                repeat {
                    let status: Int32 = output.withUnsafeMutableBufferPointer { outBuffer in
                        stream.next_out = outBuffer.baseAddress
                        stream.avail_out = UInt32(outBuffer.count)
                        return inflate(&stream, Z_NO_FLUSH)
                    }
                    let produced = output.count - Int(stream.avail_out)
                    total += Int64(produced)
                    if total > maximumInflated { throw FormatError(file: file, message: "inflates to more than 8 GiB; refused") }
                    if produced > 0 {
                        try output.withUnsafeBufferPointer { (buffer) throws(FormatError) in
                            try body(UnsafeBufferPointer(rebasing: buffer[0..<produced]))
                        }
                    }
                    if status == Z_STREAM_END {
                        // Concatenated gzip members (allowed by RFC 1952) continue after a reset.
                        if stream.avail_in > 0 { inflateReset(&stream) } else { finished = true; break }
                    } else if status != Z_OK && status != Z_BUF_ERROR {
                        throw FormatError(
                            file: file,
                            message: "is not valid gzip (\(stream.msg.map { String(cString: $0) } ?? String(cString: zError(status))))")
                    }
                } while stream.avail_in > 0 || stream.avail_out == 0
            }
            data = try read()
            if finished && !data.isEmpty { throw FormatError(file: file, message: "has bytes after the end of its gzip stream") }
        }
    }
}

/// Splits a JSON document's one big array into its elements' bytes as they stream past, without
/// reading the whole document: each element is then parsed on its own, so memory stays at one
/// element whatever the file's size. The array is either under one top-level key of an object
/// (`{"Records": [ … ]}`, `{"MetricDataResults": [ … ]}`) or the document itself (llmperf's `[ … ]`).
/// Tracks strings and escapes so brackets inside strings do not count.
struct JSONArrayElements {
    /// An element larger than this is refused (a CloudTrail record is a few KB, a CloudWatch series
    /// of a week of minutes about 400 KB).
    static let maximumElement = 16 << 20

    /// The keys whose array is split; nil when the document is the array.
    let keys: Set<String>?
    let file: String
    /// What an element is called in errors ("record", "series", "quota", "response").
    let elementName: String
    /// What the document should look like, for the error when it does not.
    let expected: String
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var stringBytes: [UInt8] = []
    private var lastKey: String?
    private var inTargetArray = false
    private var element: [UInt8] = []
    private var capturing = false
    private(set) var foundKey: String?
    /// Whether the top-level object has a `NextToken` whose value is a string (lookup-events prints
    /// `"NextToken": null` on its last page, and a token when more pages exist).
    private(set) var hasNextToken = false
    private var awaitingNextTokenValue = false
    private var opened = false
    /// Bytes of a leading byte order mark seen (3 once past the start).
    private var byteOffset = 0
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
    private(set) var count = 0
    /// The document with each element replaced by `0` after the element's line breaks (so lines
    /// keep their numbers; a column after an element on its last line is counted from the `0`):
    /// validated whole by StrictJSON at the end, so the envelope gets the same checks as each
    /// element (a duplicate key, a trailing comma). Two bytes an element.
    private var envelope: [UInt8] = []
    /// Bracket depth inside the split array (elements open one deeper).
    private let arrayDepth: Int

    /// CloudTrail's shapes; the message names them.
    init(keys: Set<String>, file: String) {
        self.init(
            keys: keys, file: file, elementName: "record",
            expected: "CloudTrail's S3 file ({\"Records\": […]}) or `aws cloudtrail lookup-events` output ({\"Events\": […]})")
    }

    init(keys: Set<String>?, file: String, elementName: String, expected: String) {
        self.keys = keys
        self.file = file
        self.elementName = elementName
        self.expected = expected
        arrayDepth = keys == nil ? 1 : 2
    }

    private var opening: UInt8 { keys == nil ? UInt8(ascii: "[") : UInt8(ascii: "{") }

    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, _ onElement: ([UInt8], Int, String) throws(FormatError) -> Void)
        throws(FormatError)
    {
        for byte in bytes {
            if capturing {
                element.append(byte)
                if byte == 0x0A { envelope.append(byte) }
            } else if byteOffset >= 3 || depth > 0 || !(byte == Self.byteOrderMark[min(byteOffset, 2)]) {
                envelope.append(byte)
            }
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                } else if depth == 1 && !capturing {
                    stringBytes.append(byte)
                }
                continue
            }
            let isSpace = byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
            // The envelope is checked too, not only each record: bytes outside the document, or an
            // element that is not an object, were skipped without a word.
            if depth == 0, !isSpace {
                if byteOffset < 3, byte == Self.byteOrderMark[byteOffset] { byteOffset += 1; continue }
                if opened {
                    throw FormatError(
                        file: file, message: "has bytes after its JSON \(keys == nil ? "array" : "object") (a second document?)")
                }
                guard byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") else {
                    throw FormatError(
                        file: file, message: "has bytes before its JSON \(keys == nil ? "array" : "object"); expected \(expected)")
                }
                opened = true
            }
            if depth == arrayDepth, inTargetArray, !capturing, !isSpace, byte != UInt8(ascii: ","), byte != UInt8(ascii: "{"),
                byte != UInt8(ascii: "]")
            {
                throw FormatError(file: file, message: "\(elementName) \(count + 1) is not a JSON object")
            }
            byteOffset = 3
            if awaitingNextTokenValue, !isSpace {
                awaitingNextTokenValue = false
                if byte == UInt8(ascii: "\"") { hasNextToken = true }
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                if depth == 1 { stringBytes = [] }
            case UInt8(ascii: ":") where depth == 1 && keys != nil:
                lastKey = String(decoding: stringBytes, as: UTF8.self)
                awaitingNextTokenValue = lastKey == "NextToken"
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth == 1 && byte != opening {
                    throw FormatError(file: file, message: "is not a JSON \(keys == nil ? "array" : "object"); expected \(expected)")
                }
                if depth == arrayDepth, byte == UInt8(ascii: "["), keys == nil || lastKey.map({ keys!.contains($0) }) == true {
                    inTargetArray = true
                    foundKey = lastKey ?? ""
                } else if depth == arrayDepth + 1, inTargetArray, !capturing {
                    capturing = true
                    element = [byte]
                    envelope.removeLast()
                }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth < 0 {
                    throw FormatError(file: file, message: "is not well-formed JSON (a closing bracket without its opening one)")
                }
                if depth == arrayDepth, capturing {
                    capturing = false
                    envelope.append(UInt8(ascii: "0"))
                    count += 1
                    try onElement(element, count, foundKey ?? "")
                    element = []
                } else if depth == arrayDepth - 1 {
                    inTargetArray = false
                }
            default:
                break
            }
            if capturing && element.count > Self.maximumElement {
                throw FormatError(
                    file: file, message: "\(elementName) \(count + 1) is larger than \(Self.maximumElement >> 20) MiB; refused")
            }
        }
    }

    /// After the last byte: the document must have closed.
    func finish() throws(FormatError) {
        if depth != 0 || inString { throw FormatError(file: file, message: "ends before its JSON does (truncated?)") }
        try StrictJSON.validate(envelope, file: file)
        if foundKey == nil {
            if keys == nil { throw FormatError(file: file, message: "is empty; expected \(expected)") }
            throw FormatError(file: file, message: "has no \"\(keys!.sorted().joined(separator: "\" or \""))\" array; expected \(expected)")
        }
    }
}

extension JSONArrayElements {
    /// Streams `path` (gzip or not) through this splitter, handing each element to `onElement`,
    /// then checks that the document closed and is not one page of several (`NextToken`). An error
    /// of the file (a FormatError) ends the read at once; any other (the store's, from a sink inside
    /// `onElement`) stops handing elements on and is rethrown once the bytes are read. `missing` says
    /// what a missing page would lose ("call", "minute"), `pagination` how the AWS CLI pages.
    mutating func stream(
        _ input: ReaderInput, missing: String, pagination: String = "--no-paginate",
        _ onElement: (_ element: [UInt8], _ index: Int, _ key: String) throws -> Void
    ) throws {
        var failure: (any Error)?
        try ByteStream.forEachChunk(input, file: file) { (bytes) throws(FormatError) in
            try feed(bytes) { (element, index, key) throws(FormatError) in
                guard failure == nil else { return }
                do {
                    try onElement(element, index, key)
                } catch let error as FormatError {
                    throw error
                } catch {
                    failure = error
                }
            }
        }
        if let failure { throw failure }
        try finish()
        if hasNextToken {
            throw FormatError(
                file: file, field: "NextToken",
                message: "the answer is one page of several (it has a NextToken); fetch every page "
                    + "(the AWS CLI does unless \(pagination) is given) so that no \(missing) is missing")
        }
    }
}
