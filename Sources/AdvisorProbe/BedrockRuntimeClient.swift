public import AdvisorCore
public import Foundation

/// The system's monotonic clock, in seconds.
public struct SystemClock: MonotonicClock {
    public init() {}
    public func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}

/// How requests are authorised: SigV4 with the credentials chain's answer, or a Bedrock API key
/// (`AWS_BEARER_TOKEN_BEDROCK`), sent as `Authorization: Bearer …` as botocore does.
public enum BedrockAuth: Sendable {
    case sigV4(Credentials)
    case bearer(String)

    /// What the output may say: the access key id and where it came from, never a secret.
    public var description: String {
        switch self {
        case .sigV4(let credentials): return "SigV4, \(credentials.description)"
        case .bearer: return "Bedrock API key (AWS_BEARER_TOKEN_BEDROCK)"
        }
    }
}

/// One ConverseStream request: the seed lab's defaults.
public struct ConverseRequest: Sendable, Equatable {
    public static let seedPrompt = "Explain what cloud computing is in exactly 3 sentences."

    public var modelId: String
    public var prompt: String
    public var maxTokens: Int
    public var temperature: Double

    public init(modelId: String, prompt: String = seedPrompt, maxTokens: Int = 200, temperature: Double = 0.1) {
        self.modelId = modelId
        self.prompt = prompt
        self.maxTokens = maxTokens
        self.temperature = temperature
    }

    public var body: [UInt8] {
        let object: [String: Any] = [
            "messages": [["role": "user", "content": [["text": prompt]]]],
            "inferenceConfig": ["maxTokens": maxTokens, "temperature": temperature],
        ]
        return Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
    }
}

/// What one attempt measured. Times are milliseconds from the attempt's start on the injected
/// monotonic clock; libcurl's own phase timers are in `transfer`.
public struct AttemptMeasurement: Sendable, Equatable {
    /// "ok", or the error's code (ThrottlingException, ConnectionError …).
    public var status: String
    public var error: BedrockError?
    public var httpStatus: Int?
    public var requestId: String?
    /// The first event-stream frame: the instant the seed lab's loop stopped its TTFB clock.
    public var firstEventMs: Double?
    /// The first non-empty text delta.
    public var firstTokenMs: Double?
    /// The end of the stream.
    public var totalMs: Double?
    /// Bedrock's own `metrics.latencyMs`.
    public var serverLatencyMs: Double?
    public var inputTokens: Int?
    public var outputTokens: Int?
    public var transfer: TransferTimings?
    /// A failure after the stream began (a reset, a corrupt frame): the measurement is broken and
    /// is not retried, as the SDKs do not retry an event stream they were reading.
    public var failedMidStream: Bool

    public var succeeded: Bool { status == "ok" }

    /// What this attempt measured of each ProbeField (ProbeSample gives the call's own).
    public func value(_ field: ProbeField) -> ProbeValue? {
        switch field {
        case .dnsMs: return transfer.map { .milliseconds($0.dnsMs) }
        case .connectMs: return transfer.map { .milliseconds($0.connectMs) }
        case .tlsMs: return transfer.map { .milliseconds($0.tlsMs) }
        case .headersMs: return transfer.map { .milliseconds($0.firstByteMs) }
        case .firstEventMs: return firstEventMs.map(ProbeValue.milliseconds)
        case .serverLatencyMs: return serverLatencyMs.map(ProbeValue.milliseconds)
        case .requestId: return requestId.map { .text(.string($0)) }
        case .httpVersion: return transfer.map { .text(.string($0.httpVersion)) }
        case .newConnection: return transfer.map { .flag($0.newConnection) }
        // The call's own fields (ProbeSample's); ProbeSamplesTests checks every field has a source.
        default: return nil
        }
    }
}

/// Bedrock Runtime's ConverseStream over one kept connection, measuring each call.
public final class BedrockRuntimeClient {
    public let endpoint: String
    public let region: String
    public let auth: BedrockAuth
    let connection: any StreamingTransport
    let clock: any MonotonicClock
    /// The wall-clock time a request is signed with (X-Amz-Date): injected for tests.
    let signingDate: () -> Date
    public var timeouts = TransferTimeouts()
    /// A probe sends one request body hundreds of times; serialising it (Foundation's
    /// JSONSerialization, through `Any`) was a sixth of the probe's CPU per call.
    private var lastBody: (request: ConverseRequest, body: [UInt8])?

    public init(
        endpoint: String, region: String, auth: BedrockAuth, connection: any StreamingTransport,
        clock: any MonotonicClock = SystemClock(), signingDate: @escaping () -> Date = Date.init
    ) {
        self.endpoint = endpoint
        self.region = region
        self.auth = auth
        self.connection = connection
        self.clock = clock
        self.signingDate = signingDate
    }

    /// The request as it goes on the wire, signed or with its bearer token.
    func httpRequest(_ request: ConverseRequest) -> HTTPRequest {
        let path = BedrockRequests.converseStreamPath(modelId: request.modelId)
        let body: [UInt8]
        if let last = lastBody, last.request == request {
            body = last.body
        } else {
            body = request.body
            lastBody = (request, body)
        }
        var headers: [(name: String, value: String)] = [
            (name: "Host", value: BedrockEndpoint.host(of: endpoint)),
            (name: "Content-Type", value: "application/json"),
            (name: "Accept", value: "application/vnd.amazon.eventstream"),
        ]
        switch auth {
        case .sigV4(let credentials):
            let signed = SigV4Signer(service: "bedrock", region: region)
                .sign(
                    SigningRequest(method: "POST", path: path, headers: headers, body: body), credentials: credentials,
                    date: signingDate())
            headers = signed.headers
        case .bearer(let token):
            headers.append((name: "Authorization", value: "Bearer \(token)"))
        }
        return HTTPRequest(method: "POST", url: endpoint + path, headers: headers.map { ($0.name, $0.value) }, body: body)
    }

    /// The secret values of the credentials in use, which nothing reported or stored may contain.
    var secretValues: [String] {
        switch auth {
        case .sigV4(let credentials): return [credentials.secretAccessKey] + (credentials.sessionToken.map { [$0] } ?? [])
        case .bearer(let token): return [token]
        }
    }

    /// One attempt. Never throws: every failure is a measurement with its status. Whatever came
    /// back from the server (error codes and messages, the request id) is scrubbed of the
    /// credentials' values, which an endpoint echoing the request's headers would otherwise put
    /// into the output, the store and later exports.
    public func converseStream(_ request: ConverseRequest) -> AttemptMeasurement {
        var measurement = measure(request)
        let secrets = secretValues
        func clean(_ text: String) -> String { Redact.secrets(text, secrets) }
        measurement.status = clean(measurement.status)
        measurement.requestId = measurement.requestId.map(clean)
        if var error = measurement.error {
            error.code = clean(error.code)
            error.message = clean(error.message)
            error.requestId = error.requestId.map(clean)
            measurement.error = error
        }
        return measurement
    }

    func measure(_ request: ConverseRequest) -> AttemptMeasurement {
        var measurement = AttemptMeasurement(status: "ok", failedMidStream: false)
        var reader = ConverseStreamReader()
        var errorBody: [UInt8] = []
        var streamError: ConverseStreamError?
        var isEventStream = true
        let start = clock.now()
        func elapsed() -> Double { (clock.now() - start) * 1000 }
        let wire = httpRequest(request)
        let answer: (status: Int, headers: [String: String], timings: TransferTimings)
        do throws(HTTPError) {
            answer = try connection.perform(
                wire, timeouts: timeouts,
                onBody: { bytes in
                    if !isEventStream || streamError != nil {
                        if errorBody.count < 65_536 { errorBody += bytes }
                        return true
                    }
                    do {
                        let events = try reader.feed(bytes)
                        // The first whole frame, decoded: when boto3's `for event in stream` first yields.
                        if measurement.firstEventMs == nil, !events.isEmpty { measurement.firstEventMs = elapsed() }
                        for event in events {
                            switch event {
                            case .contentBlockDelta(_, let text?) where !text.isEmpty:
                                if measurement.firstTokenMs == nil { measurement.firstTokenMs = elapsed() }
                            case .metadata(let input, let output, _, let latency):
                                measurement.inputTokens = input
                                measurement.outputTokens = output
                                measurement.serverLatencyMs = latency.map(Double.init)
                            default:
                                break
                            }
                        }
                    } catch {
                        if measurement.firstEventMs == nil { measurement.firstEventMs = elapsed() }
                        streamError = (error as? ConverseStreamError) ?? .malformed("\(error)")
                        return false
                    }
                    return true
                },
                onResponseStart: { status in
                    isEventStream = status == 200
                })
        } catch {
            measurement.totalMs = elapsed()
            let midStream = measurement.firstEventMs != nil
            measurement.failedMidStream = midStream
            measurement.status = "ConnectionError"
            measurement.error = BedrockError(
                code: "ConnectionError", message: error.message, httpStatus: nil,
                inStream: midStream)
            return measurement
        }
        measurement.totalMs = elapsed()
        measurement.transfer = answer.timings
        measurement.httpStatus = answer.status
        measurement.requestId = answer.headers["x-amzn-requestid"]
        if answer.status != 200 {
            measurement.firstEventMs = nil
            var error = BedrockError.fromResponse(status: answer.status, headers: answer.headers, body: errorBody)
            error.requestId = error.requestId ?? measurement.requestId
            measurement.error = error
            measurement.status = error.code
            return measurement
        }
        if streamError == nil {
            do { try reader.finish() } catch { streamError = error }
        }
        if let streamError {
            switch streamError {
            case .bedrock(var error):
                error.requestId = measurement.requestId
                measurement.error = error
                measurement.status = error.code
            case .frame, .malformed:
                measurement.error = BedrockError(
                    code: "MalformedStream", message: streamError.description, requestId: measurement.requestId,
                    inStream: true)
                measurement.status = "MalformedStream"
                measurement.failedMidStream = true
            }
        }
        return measurement
    }
}
