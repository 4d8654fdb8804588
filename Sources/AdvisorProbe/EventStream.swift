public import AdvisorCore
import Foundation

/// A header value of an `application/vnd.amazon.eventstream` frame (types 0–9).
public enum EventStreamHeaderValue: Sendable, Equatable {
    case bool(Bool)
    case byte(Int8)
    case short(Int16)
    case integer(Int32)
    case long(Int64)
    case bytes([UInt8])
    case string(String)
    /// Milliseconds since the epoch.
    case timestamp(Int64)
    case uuid([UInt8])

    public var typeCode: UInt8 {
        switch self {
        case .bool(let value): return value ? 0 : 1
        case .byte: return 2
        case .short: return 3
        case .integer: return 4
        case .long: return 5
        case .bytes: return 6
        case .string: return 7
        case .timestamp: return 8
        case .uuid: return 9
        }
    }
}

public struct EventStreamHeader: Sendable, Equatable {
    public var name: String
    public var value: EventStreamHeaderValue

    public init(name: String, value: EventStreamHeaderValue) {
        self.name = name
        self.value = value
    }
}

public struct EventStreamMessage: Sendable, Equatable {
    public var headers: [EventStreamHeader]
    public var payload: [UInt8]

    public init(headers: [EventStreamHeader], payload: [UInt8]) {
        self.headers = headers
        self.payload = payload
    }

    public func header(_ name: String) -> EventStreamHeaderValue? {
        headers.first { $0.name == name }?.value
    }

    public func string(_ name: String) -> String? {
        if case .string(let value)? = header(name) { return value }
        return nil
    }
}

public enum EventStreamError: AdvisorError, Sendable, Equatable {
    public var failureKind: FailureKind { .runtime }
    case preludeChecksumMismatch(expected: UInt32, computed: UInt32)
    case messageChecksumMismatch(expected: UInt32, computed: UInt32)
    /// total_length below the 16-byte minimum, or not covering the headers.
    case invalidLength(total: UInt32, headers: UInt32)
    case frameTooLarge(length: UInt32, limit: Int)
    case headersTooLarge(length: UInt32, limit: Int)
    case invalidHeaderNameLength
    case invalidHeaderValueType(UInt8)
    case invalidHeaderValue(name: String)
    case invalidUTF8
    case duplicateHeader(String)
    /// The stream ended inside a frame.
    case truncated(bufferedBytes: Int)

    public var description: String {
        switch self {
        case let .preludeChecksumMismatch(expected, computed):
            return "Prelude checksum mismatch (frame says \(hex(expected)), bytes give \(hex(computed)))"
        case let .messageChecksumMismatch(expected, computed):
            return "Message checksum mismatch (frame says \(hex(expected)), bytes give \(hex(computed)))"
        case let .invalidLength(total, headers): return "invalid frame lengths: total \(total), headers \(headers)"
        case let .frameTooLarge(length, limit): return "frame of \(length) bytes exceeds the limit of \(limit)"
        case let .headersTooLarge(length, limit): return "headers of \(length) bytes exceed the limit of \(limit)"
        case .invalidHeaderNameLength: return "invalid header name length"
        case .invalidHeaderValueType(let type): return "invalid header value type \(type)"
        case .invalidHeaderValue(let name): return "invalid value for header \(name)"
        case .invalidUTF8: return "invalid UTF-8 in a header"
        case .duplicateHeader(let name): return "duplicate header \(name)"
        case .truncated(let count): return "stream ended inside a frame (\(count) bytes buffered)"
        }
    }

    private func hex(_ value: UInt32) -> String { String(format: "%08x", value) }
}

/// Decodes frames from bytes that arrive in arbitrary chunks, in botocore's order: the prelude and
/// its CRC, then the whole frame buffered, then the message CRC, then the headers. Memory is
/// bounded: a frame above `maximumFrameLength` is an error, never an allocation.
public struct EventStreamDecoder: Sendable {
    /// botocore's limits: headers up to 128 KiB, payloads up to 24 MiB.
    public static let maximumHeadersLength = 128 * 1024
    public static let maximumPayloadLength = 24 * 1024 * 1024

    public let maximumFrameLength: Int
    private var buffer: [UInt8] = []
    private var start = 0

    public init(maximumFrameLength: Int = maximumPayloadLength + maximumHeadersLength + 16) {
        self.maximumFrameLength = maximumFrameLength
    }

    /// Adds bytes and returns every frame they complete.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(EventStreamError) -> [EventStreamMessage] {
        buffer.append(contentsOf: bytes)
        var messages: [EventStreamMessage] = []
        while let message = try next() { messages.append(message) }
        if start > 0, start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 65_536 {
            buffer.removeFirst(start)
            start = 0
        }
        return messages
    }

    /// Call at the end of the stream: bytes of an unfinished frame are an error.
    public func finish() throws(EventStreamError) {
        guard buffer.count == start else { throw .truncated(bufferedBytes: buffer.count - start) }
    }

    private mutating func next() throws(EventStreamError) -> EventStreamMessage? {
        let available = buffer.count - start
        guard available >= 12 else { return nil }
        let total = readUInt32(start), headersLength = readUInt32(start + 4), preludeCRC = readUInt32(start + 8)
        let computedPrelude = CRC32.checksum(buffer[start..<(start + 8)])
        guard computedPrelude == preludeCRC else {
            throw .preludeChecksumMismatch(expected: preludeCRC, computed: computedPrelude)
        }
        guard headersLength <= Self.maximumHeadersLength else {
            throw .headersTooLarge(length: headersLength, limit: Self.maximumHeadersLength)
        }
        guard Int(total) <= maximumFrameLength else { throw .frameTooLarge(length: total, limit: maximumFrameLength) }
        guard total >= 16, UInt64(headersLength) + 16 <= UInt64(total) else {
            throw .invalidLength(total: total, headers: headersLength)
        }
        guard available >= Int(total) else { return nil }
        let frameEnd = start + Int(total)
        let messageCRC = readUInt32(frameEnd - 4)
        let computedMessage = CRC32.checksum(buffer[(start + 8)..<(frameEnd - 4)], seed: preludeCRC)
        guard computedMessage == messageCRC else {
            throw .messageChecksumMismatch(expected: messageCRC, computed: computedMessage)
        }
        let headersStart = start + 12, headersEnd = headersStart + Int(headersLength)
        let headers = try parseHeaders(headersStart, headersEnd)
        let payload = Array(buffer[headersEnd..<(frameEnd - 4)])
        start = frameEnd
        return EventStreamMessage(headers: headers, payload: payload)
    }

    private func readUInt32(_ offset: Int) -> UInt32 {
        UInt32(buffer[offset]) << 24 | UInt32(buffer[offset + 1]) << 16 | UInt32(buffer[offset + 2]) << 8 | UInt32(buffer[offset + 3])
    }

    private func readInteger(_ offset: Int, _ count: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in offset..<(offset + count) { value = value << 8 | UInt64(buffer[index]) }
        return value
    }

    private func parseHeaders(_ from: Int, _ to: Int) throws(EventStreamError) -> [EventStreamHeader] {
        var headers: [EventStreamHeader] = []
        var seen: Set<String> = []
        var offset = from
        while offset < to {
            let nameLength = Int(buffer[offset])
            offset += 1
            guard nameLength > 0, offset + nameLength <= to else { throw .invalidHeaderNameLength }
            guard let name = String(validating: buffer[offset..<(offset + nameLength)], as: UTF8.self) else { throw .invalidUTF8 }
            offset += nameLength
            guard offset < to else { throw .invalidHeaderValue(name: name) }
            let type = buffer[offset]
            offset += 1
            func need(_ count: Int) throws(EventStreamError) {
                guard offset + count <= to else { throw .invalidHeaderValue(name: name) }
            }
            let value: EventStreamHeaderValue
            switch type {
            case 0: value = .bool(true)
            case 1: value = .bool(false)
            case 2: try need(1); value = .byte(Int8(bitPattern: buffer[offset])); offset += 1
            case 3: try need(2); value = .short(Int16(bitPattern: UInt16(readInteger(offset, 2)))); offset += 2
            case 4: try need(4); value = .integer(Int32(bitPattern: UInt32(readInteger(offset, 4)))); offset += 4
            case 5: try need(8); value = .long(Int64(bitPattern: readInteger(offset, 8))); offset += 8
            case 6, 7:
                try need(2)
                let length = Int(readInteger(offset, 2))
                offset += 2
                try need(length)
                let bytes = Array(buffer[offset..<(offset + length)])
                offset += length
                if type == 6 {
                    value = .bytes(bytes)
                } else {
                    guard let text = String(validating: bytes, as: UTF8.self) else { throw .invalidUTF8 }
                    value = .string(text)
                }
            case 8: try need(8); value = .timestamp(Int64(bitPattern: readInteger(offset, 8))); offset += 8
            case 9: try need(16); value = .uuid(Array(buffer[offset..<(offset + 16)])); offset += 16
            default: throw .invalidHeaderValueType(type)
            }
            guard seen.insert(name).inserted else { throw .duplicateHeader(name) }
            headers.append(EventStreamHeader(name: name, value: value))
        }
        return headers
    }
}

/// Encodes frames the way botocore's tests and the fake Bedrock endpoint need them.
public enum EventStreamEncoder {
    public static func encode(_ message: EventStreamMessage) -> [UInt8] {
        var headers: [UInt8] = []
        for header in message.headers {
            let name = Array(header.name.utf8)
            headers.append(UInt8(name.count))
            headers += name
            headers.append(header.value.typeCode)
            switch header.value {
            case .bool: break
            case .byte(let value): headers.append(UInt8(bitPattern: value))
            case .short(let value): headers += bigEndian(UInt64(UInt16(bitPattern: value)), 2)
            case .integer(let value): headers += bigEndian(UInt64(UInt32(bitPattern: value)), 4)
            case .long(let value), .timestamp(let value): headers += bigEndian(UInt64(bitPattern: value), 8)
            case .bytes(let bytes):
                headers += bigEndian(UInt64(bytes.count), 2)
                headers += bytes
            case .string(let text):
                let bytes = Array(text.utf8)
                headers += bigEndian(UInt64(bytes.count), 2)
                headers += bytes
            case .uuid(let bytes): headers += bytes
            }
        }
        let total = 16 + headers.count + message.payload.count
        var frame = bigEndian(UInt64(total), 4) + bigEndian(UInt64(headers.count), 4)
        let preludeCRC = CRC32.checksum(frame)
        frame += bigEndian(UInt64(preludeCRC), 4)
        frame += headers
        frame += message.payload
        frame += bigEndian(UInt64(CRC32.checksum(frame[8...], seed: preludeCRC)), 4)
        return frame
    }

    static func bigEndian(_ value: UInt64, _ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64(count - 1 - $0))) }
    }
}
