@testable import AdvisorProbe
import AdvisorTestSupport
import Foundation
import Testing

/// The decoder against the AWS SDK for Go and smithy-rs vectors, whatever the chunking.
@Suite(.enabled(if: Shared.isAvailable, Comment(rawValue: Shared.skipMessage)))
struct EventStreamVectorTests {
    static let positive = ["all_headers", "empty_message", "int32_header", "payload_no_headers", "payload_one_str_header"]
    static let negative = ["corrupted_header_len", "corrupted_headers", "corrupted_length", "corrupted_payload"]

    static func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: Shared.file("testdata/\(path)")))
    }

    /// Feeds `bytes` in the given chunk sizes; returns the messages or the first error.
    static func decode(_ bytes: [UInt8], chunks: [Int]) -> Result<[EventStreamMessage], EventStreamError> {
        var decoder = EventStreamDecoder()
        var messages: [EventStreamMessage] = []
        var offset = 0
        var sizes = chunks.makeIterator()
        do {
            while offset < bytes.count {
                let size = max(1, sizes.next() ?? bytes.count)
                let end = min(bytes.count, offset + size)
                messages += try decoder.feed(bytes[offset..<end])
                offset = end
            }
            try decoder.finish()
            return .success(messages)
        } catch {
            return .failure(error)
        }
    }

    static func chunkings(_ count: Int, seed: UInt64) -> [[Int]] {
        var state = seed
        var random: [Int] = []
        var total = 0
        while total < count {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let size = Int(state >> 33) % 23 + 1
            random.append(size)
            total += size
        }
        return [[count], Array(repeating: 1, count: count), random]
    }

    @Test(arguments: positive)
    func positiveVectorsDecode(name: String) throws {
        let encoded = try Self.bytes("eventstream/encoded/positive/\(name)")
        let expected = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: Shared.file("testdata/eventstream/decoded/positive/\(name)")))
                as? [String: Any])
        let expectedHeaders = (expected["headers"] as? [[String: Any]] ?? []).map { header -> EventStreamHeader in
            let name = header["name"] as! String, type = header["type"] as! Int, value = header["value"]!
            func base64() -> [UInt8] { Array(Data(base64Encoded: value as! String)!) }
            let decoded: EventStreamHeaderValue
            switch type {
            case 0, 1: decoded = .bool(value as! Bool)
            case 2: decoded = .byte(Int8((value as! NSNumber).intValue))
            case 3: decoded = .short(Int16((value as! NSNumber).intValue))
            case 4: decoded = .integer(Int32((value as! NSNumber).intValue))
            case 5: decoded = .long((value as! NSNumber).int64Value)
            case 6: decoded = .bytes(base64())
            case 7: decoded = .string(String(decoding: base64(), as: UTF8.self))
            case 8: decoded = .timestamp((value as! NSNumber).int64Value)
            default: decoded = .uuid(base64())
            }
            return EventStreamHeader(name: name, value: decoded)
        }
        let payload = Array(Data(base64Encoded: expected["payload"] as? String ?? "")!)
        for chunks in Self.chunkings(encoded.count, seed: UInt64(encoded.count)) {
            let messages = try Self.decode(encoded, chunks: chunks).get()
            #expect(messages == [EventStreamMessage(headers: expectedHeaders, payload: payload)], "chunks \(chunks.prefix(5))…")
        }
        // Re-encoding what was decoded gives back the vector's bytes.
        #expect(EventStreamEncoder.encode(EventStreamMessage(headers: expectedHeaders, payload: payload)) == encoded)
        #expect(
            UInt32(truncatingIfNeeded: (expected["message_crc"] as! NSNumber).int64Value)
                == CRC32.checksum(encoded[0..<(encoded.count - 4)]))
    }

    @Test(arguments: negative)
    func negativeVectorsFailWithTheRightError(name: String) throws {
        let encoded = try Self.bytes("eventstream/encoded/negative/\(name)")
        let expected = try String(contentsOf: Shared.file("testdata/eventstream/decoded/negative/\(name)"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        for chunks in Self.chunkings(encoded.count, seed: 7) {
            guard case .failure(let error) = Self.decode(encoded, chunks: chunks) else {
                Issue.record("\(name) decoded")
                continue
            }
            switch (expected, error) {
            case ("Prelude checksum mismatch", .preludeChecksumMismatch), ("Message checksum mismatch", .messageChecksumMismatch): break
            default: Issue.record("\(name): expected \(expected), got \(error)")
            }
            #expect(error.description.hasPrefix(expected))
        }
    }

    static let smithyValid = ["valid_with_all_headers_and_payload", "valid_empty_payload", "valid_no_headers"]
    static let smithyInvalid = [
        "invalid_prelude_checksum", "invalid_message_checksum", "invalid_header_value_type",
        "invalid_header_string_value_length", "invalid_header_string_length_cut_off",
        "invalid_header_name_length", "invalid_headers_length", "invalid_header_name_length_too_long",
    ]

    @Test func smithyValidFrames() throws {
        let all = try Self.decode(
            try Self.bytes("eventstream-smithy-rs/valid_with_all_headers_and_payload"), chunks: [1, 2, 3, 5, 8, 13, 21, 34, 55]
        ).get()
        #expect(all.first?.headers.map(\.name) == ["true", "false", "byte", "short", "int", "long", "bytes", "str", "time", "uuid"])
        #expect(
            all.first?.headers.map(\.value) == [
                .bool(true), .bool(false), .byte(50), .short(20000), .integer(500_000), .long(50_000_000_000),
                .bytes(Array("some bytes".utf8)), .string("some str"), .timestamp(5_000_000_000),
                .uuid([0xb7, 0x9b, 0xc9, 0x14, 0xde, 0x21, 0x4e, 0x13, 0xb8, 0xb2, 0xbc, 0x47, 0xe8, 0x5b, 0x7f, 0x0b]),
            ])
        #expect(all.first?.payload == Array("some payload".utf8))
        #expect(
            try Self.decode(try Self.bytes("eventstream-smithy-rs/valid_empty_payload"), chunks: [1]).get().first?.headers
                == [EventStreamHeader(name: "some-header", value: .short(500))])
        #expect(
            try Self.decode(try Self.bytes("eventstream-smithy-rs/valid_no_headers"), chunks: [7]).get().first?.payload
                == Array("another test payload".utf8))
        for name in Self.smithyValid {
            let bytes = try Self.bytes("eventstream-smithy-rs/\(name)")
            let message = try Self.decode(bytes, chunks: [bytes.count]).get()[0]
            #expect(EventStreamEncoder.encode(message) == bytes, "\(name) round-trips")
        }
    }

    @Test(arguments: smithyInvalid)
    func smithyInvalidFramesAreRejected(name: String) throws {
        let bytes = try Self.bytes("eventstream-smithy-rs/\(name)")
        for chunks in Self.chunkings(bytes.count, seed: 11) {
            guard case .failure(let error) = Self.decode(bytes, chunks: chunks) else {
                Issue.record("\(name) decoded")
                continue
            }
            // A CRC-first decoder (botocore's order) rejects the header cases by their message CRC.
            if name == "invalid_prelude_checksum" {
                #expect(error == .preludeChecksumMismatch(expected: 0xdeadbeef, computed: 0x8bb495fb))
            } else if name == "invalid_message_checksum" {
                #expect(error == .messageChecksumMismatch(expected: 0xdeadbeef, computed: 0x01a05860))
            }
        }
    }
}

/// The decoder on frames it builds itself, and under random bytes: typed errors, never a crash.
struct EventStreamCodecTests {
    @Test func headerErrorsAreTyped() throws {
        // Build frames with bad headers but correct CRCs, so the header parser is what rejects them.
        func frame(headers: [UInt8]) -> [UInt8] {
            let total = 16 + headers.count
            var bytes = EventStreamEncoder.bigEndian(UInt64(total), 4) + EventStreamEncoder.bigEndian(UInt64(headers.count), 4)
            let prelude = CRC32.checksum(bytes)
            bytes += EventStreamEncoder.bigEndian(UInt64(prelude), 4) + headers
            bytes += EventStreamEncoder.bigEndian(UInt64(CRC32.checksum(bytes[8...], seed: prelude)), 4)
            return bytes
        }
        func error(_ headers: [UInt8]) -> EventStreamError? {
            var decoder = EventStreamDecoder()
            do { _ = try decoder.feed(frame(headers: headers)); return nil } catch { return error }
        }
        #expect(error([1, 0x61, 42]) == .invalidHeaderValueType(42))
        #expect(error([5, 0x61]) == .invalidHeaderNameLength)
        #expect(error([1, 0x61, 7, 0, 9, 0x62]) == .invalidHeaderValue(name: "a"))
        #expect(error([1, 0xff, 0]) == .invalidUTF8)
        #expect(error([1, 0x61, 0, 1, 0x61, 1]) == .duplicateHeader("a"))
    }

    @Test func boundedMemory() {
        var decoder = EventStreamDecoder(maximumFrameLength: 1024)
        var prelude = EventStreamEncoder.bigEndian(1_000_000, 4) + EventStreamEncoder.bigEndian(0, 4)
        prelude += EventStreamEncoder.bigEndian(UInt64(CRC32.checksum(prelude)), 4)
        #expect(throws: EventStreamError.frameTooLarge(length: 1_000_000, limit: 1024)) { _ = try decoder.feed(prelude) }
        var truncated = EventStreamDecoder()
        let frame = EventStreamEncoder.encode(EventStreamMessage(headers: [], payload: Array("hi".utf8)))
        #expect((try? truncated.feed(frame.dropLast(3))) == [])
        #expect(throws: EventStreamError.truncated(bufferedBytes: frame.count - 3)) { try truncated.finish() }
    }

    @Test func manyFramesInOneReadAndAcrossReads() throws {
        let messages = (0..<50).map { index in
            EventStreamMessage(
                headers: [
                    EventStreamHeader(name: ":event-type", value: .string("contentBlockDelta")),
                    EventStreamHeader(name: "n", value: .integer(Int32(index))),
                ],
                payload: Array("{\"i\":\(index)}".utf8))
        }
        let stream = messages.flatMap(EventStreamEncoder.encode)
        var decoder = EventStreamDecoder()
        var decoded: [EventStreamMessage] = []
        var offset = 0
        var size = 1
        while offset < stream.count {
            let end = min(stream.count, offset + size)
            decoded += try decoder.feed(stream[offset..<end])
            offset = end
            size = size * 3 % 97 + 1
        }
        try decoder.finish()
        #expect(decoded == messages)
    }

    /// A bounded randomized fuzz (the CI stand-in for libFuzzer): mutated and random frames must
    /// decode or fail with a typed error; the decoder must never trap or grow without bound.
    @Test func randomizedFuzzFindsNoCrash() throws {
        var state: UInt64 = 0x5eed
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 17 }
        let seeds = [
            EventStreamEncoder.encode(
                EventStreamMessage(
                    headers: [
                        EventStreamHeader(name: ":message-type", value: .string("event")),
                        EventStreamHeader(name: "t", value: .timestamp(1)),
                        EventStreamHeader(name: "u", value: .uuid(Array(repeating: 7, count: 16))),
                    ],
                    payload: Array("{\"delta\":{\"text\":\"hi\"}}".utf8))),
            EventStreamEncoder.encode(EventStreamMessage(headers: [], payload: [])),
        ]
        // Bounded by a case count, so a loaded machine runs the same cases as an idle one.
        let count = 100_000
        var decoded = 0, rejected = 0
        for _ in 0..<count {
            var bytes = seeds[Int(next() % UInt64(seeds.count))]
            switch next() % 4 {
            case 0: bytes[Int(next() % UInt64(bytes.count))] ^= UInt8(truncatingIfNeeded: next() | 1)
            case 1: bytes = (0..<Int(next() % 64)).map { _ in UInt8(truncatingIfNeeded: next()) }
            case 2: bytes = Array(bytes.prefix(Int(next() % UInt64(bytes.count + 1))))
            default:
                // Re-seal a mutated frame's CRCs, so mutations reach the header parser.
                var body = bytes
                body[12 + Int(next() % UInt64(max(1, body.count - 16)))] = UInt8(truncatingIfNeeded: next())
                let prelude = CRC32.checksum(body[0..<8])
                body.replaceSubrange(8..<12, with: EventStreamEncoder.bigEndian(UInt64(prelude), 4))
                body.replaceSubrange(
                    (body.count - 4)..<body.count,
                    with: EventStreamEncoder.bigEndian(UInt64(CRC32.checksum(body[8..<(body.count - 4)], seed: prelude)), 4))
                bytes = body
            }
            var decoder = EventStreamDecoder(maximumFrameLength: 4096)
            do {
                _ = try decoder.feed(bytes)
                try decoder.finish()
                decoded += 1
            } catch {
                rejected += 1
            }
        }
        #expect(decoded + rejected == count)
        #expect(decoded > 1000 && rejected > 1000, "decoded \(decoded), rejected \(rejected): the mutations must reach both outcomes")
        print("event-stream fuzz: \(count) seeded cases, \(decoded) decoded, \(rejected) rejected with typed errors")
    }
}
