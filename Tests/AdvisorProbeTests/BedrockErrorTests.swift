@testable import AdvisorProbe
import AdvisorTestSupport
import Foundation
import Testing

struct BedrockErrorTests {
    @Test func theCodeComesFromTheHeaderThenTheBody() {
        let fromHeader = BedrockError.fromResponse(
            status: 400,
            headers: [
                "X-Amzn-ErrorType": "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/",
                "x-amzn-RequestId": "r-1",
            ],
            body: Array(#"{"message":"The provided model identifier is invalid."}"#.utf8))
        #expect(
            fromHeader
                == BedrockError(
                    code: "ValidationException", message: "The provided model identifier is invalid.",
                    httpStatus: 400, requestId: "r-1"))
        #expect(fromHeader.kind == .final)
        let fromType = BedrockError.fromResponse(
            status: 403, headers: [:],
            body: Array(
                #"{"__type":"com.amazon.coral#AccessDeniedException","Message":"User: arn:aws:iam::1:user/x is not authorized"}"#.utf8))
        #expect(fromType.code == "AccessDeniedException")
        #expect(fromType.message == "User: arn:aws:iam::1:user/x is not authorized")
        let bare = BedrockError.fromResponse(status: 503, headers: [:], body: Array("upstream gone".utf8))
        #expect(bare.code == "503")
        #expect(bare.kind == .transient)
        let throttled = BedrockError.fromResponse(
            status: 429, headers: ["x-amzn-errortype": "ThrottlingException"],
            body: Array(#"{"message":"Too many requests, please wait before trying again."}"#.utf8))
        #expect(throttled.kind == .throttling)
    }

    static let table: [(Int, String)] = [
        (429, "ThrottlingException"), (400, "ValidationException"), (403, "AccessDeniedException"), (404, "ResourceNotFoundException"),
        (408, "ModelTimeoutException"), (424, "ModelErrorException"), (429, "ModelNotReadyException"), (500, "InternalServerException"),
        (503, "ServiceUnavailableException"), (502, "BadGateway"), (504, "GatewayTimeout"), (400, "RequestTimeout"),
        (400, "TooManyRequestsException"), (400, "LimitExceededException"), (424, "ModelStreamErrorException"),
        (400, "SerializationException"), (401, "UnrecognizedClientException"),
    ]

    @Test(.enabled(if: Botocore.isAvailable, "python3 with botocore is missing: skipped"))
    func classifiedAsBotocoreClassifiesThem() throws {
        let input = Self.table.map { "\($0.0) \($0.1)" }.joined(separator: "\n") + "\n"
        let kinds = try Subprocess.python([Repo.file("Tests/Oracles/botocore_retry_kind.py").path], stdin: input).stdoutLines
        #expect(kinds.count == Self.table.count)
        for ((status, code), expected) in zip(Self.table, kinds) {
            #expect(BedrockError(code: code, message: "m", httpStatus: status).kind.rawValue == expected, "\(status) \(code)")
        }
    }
}

struct ConverseStreamTests {
    static func frame(_ type: String, _ json: String, messageType: String = "event") -> [UInt8] {
        var headers = [
            EventStreamHeader(name: ":message-type", value: .string(messageType)),
            EventStreamHeader(name: ":content-type", value: .string("application/json")),
        ]
        headers.append(EventStreamHeader(name: messageType == "exception" ? ":exception-type" : ":event-type", value: .string(type)))
        return EventStreamEncoder.encode(EventStreamMessage(headers: headers, payload: Array(json.utf8)))
    }

    @Test func aWholeStreamDecodesToTypedEvents() throws {
        let stream =
            Self.frame("messageStart", #"{"role":"assistant","p":"abcdefghijkl"}"#)
            + Self.frame("contentBlockDelta", #"{"contentBlockIndex":0,"delta":{"text":"Cloud "}}"#)
            + Self.frame("contentBlockDelta", #"{"contentBlockIndex":0,"delta":{"text":"computing."}}"#)
            + Self.frame("contentBlockStop", #"{"contentBlockIndex":0}"#)
            + Self.frame("messageStop", #"{"stopReason":"end_turn"}"#)
            + Self.frame("metadata", #"{"usage":{"inputTokens":19,"outputTokens":74,"totalTokens":93},"metrics":{"latencyMs":2310}}"#)
            + Self.frame("someFutureEvent", "{}")
        var reader = ConverseStreamReader()
        var events: [ConverseStreamEvent] = []
        for byte in stream { events += try reader.feed([byte]) }
        try reader.finish()
        #expect(
            events == [
                .messageStart(role: "assistant"), .contentBlockDelta(index: 0, text: "Cloud "),
                .contentBlockDelta(index: 0, text: "computing."), .contentBlockStop(index: 0),
                .messageStop(stopReason: "end_turn"),
                .metadata(inputTokens: 19, outputTokens: 74, totalTokens: 93, latencyMs: 2310),
                .unknown(type: "someFutureEvent"),
            ])
    }

    @Test func exceptionFramesBecomeTypedErrors() {
        var reader = ConverseStreamReader()
        #expect(throws: ConverseStreamError.bedrock(BedrockError(code: "ThrottlingException", message: "Too many tokens", inStream: true)))
        {
            _ = try reader.feed(Self.frame("throttlingException", #"{"message":"Too many tokens"}"#, messageType: "exception"))
        }
        var second = ConverseStreamReader()
        do {
            _ = try second.feed(
                Self.frame("modelStreamErrorException", #"{"message":"boom","originalStatusCode":500}"#, messageType: "exception"))
            Issue.record("expected an error")
        } catch {
            guard case .bedrock(let bedrock) = error else { Issue.record("\(error)"); return }
            #expect(bedrock.code == "ModelStreamErrorException")
            #expect(bedrock.kind == .final)
        }
        let unmodelled = EventStreamEncoder.encode(
            EventStreamMessage(
                headers: [
                    EventStreamHeader(name: ":message-type", value: .string("error")),
                    EventStreamHeader(name: ":error-code", value: .string("InternalFailure")),
                    EventStreamHeader(name: ":error-message", value: .string("oops")),
                ], payload: []))
        var third = ConverseStreamReader()
        #expect(throws: ConverseStreamError.bedrock(BedrockError(code: "InternalFailure", message: "oops", inStream: true))) {
            _ = try third.feed(unmodelled)
        }
    }
}
