public import AdvisorCore
public import Foundation

/// One call to an AWS control plane (Bedrock's REST-JSON API, Service Quotas' JSON 1.1 API).
public struct ControlPlaneCall: Sendable {
    /// The endpoint, without a trailing slash (`https://bedrock.eu-west-1.amazonaws.com`).
    public var endpoint: String
    public var method: String
    /// Already percent-encoded, as it goes on the wire.
    public var path: String
    /// Name–value pairs, not yet encoded; sent and signed in this order's sorted form.
    public var query: [(name: String, value: String)]
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// The SigV4 signing name (`bedrock`, `servicequotas`) and Region.
    public var service: String
    public var region: String
    /// What the call is, for messages: `ListInferenceProfiles (eu-west-1, page 2)`.
    public var label: String

    public init(
        endpoint: String, method: String = "GET", path: String, query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [], body: [UInt8] = [], service: String, region: String, label: String
    ) {
        self.endpoint = endpoint
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.service = service
        self.region = region
        self.label = label
    }

    /// `a=b&c=d`, each part encoded as SigV4 encodes it (unreserved characters kept), sorted, so
    /// the wire form and the signed form are the same string.
    var encodedQuery: String {
        query.map { (Self.encode($0.name), Self.encode($0.value)) }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
            .map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    static func encode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }
}

/// Why a control-plane call failed after its retries: the service's error (code, HTTP status,
/// message, with any credential it echoed taken out) or the connection's.
public struct ControlPlaneFailure: AdvisorError, Sendable, Equatable {
    public var failureKind: FailureKind { .runtime }
    public var label: String
    public var code: String
    public var httpStatus: Int?
    public var message: String
    public var attempts: Int

    public init(label: String, code: String, httpStatus: Int?, message: String, attempts: Int) {
        self.label = label
        self.code = code
        self.httpStatus = httpStatus
        self.message = message
        self.attempts = attempts
    }

    public var description: String {
        "\(label): \(code)\(httpStatus.map { " (HTTP \($0))" } ?? ""): \(message)"
            + (attempts > 1 ? " (after \(attempts) attempts)" : "")
    }
}

/// Signed calls to AWS control planes over any HTTPFetching, retried as the probe retries
/// (RetryPolicy: throttling and transient failures with full-jitter backoff, a shared budget).
/// One client serves a whole refresh; it is safe to use from several threads at once.
public final class ControlPlaneClient: @unchecked Sendable {
    let credentials: Credentials
    let http: any HTTPFetching
    let policy: RetryPolicy
    let sleeper: any Sleeper
    let now: @Sendable () -> Date
    let timeout: TimeInterval
    private let lock = NSLock()
    private var budget: RetryBudget
    private var random: SeededRandomSource

    public init(
        credentials: Credentials, http: any HTTPFetching, policy: RetryPolicy = RetryPolicy(),
        sleeper: any Sleeper = SystemSleeper(), seed: UInt64 = UInt64.random(in: 0...UInt64.max),
        timeout: TimeInterval = 30, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.credentials = credentials
        self.http = http
        self.policy = policy
        self.sleeper = sleeper
        self.now = now
        self.timeout = timeout
        budget = RetryBudget()
        random = SeededRandomSource(seed: seed)
    }

    /// The 2xx answer's body, or the failure once the retries are spent or the error is final.
    public func send(_ call: ControlPlaneCall) throws(ControlPlaneFailure) -> [UInt8] {
        var attempt = 1
        let started = Date()
        while true {
            let error: BedrockError
            do {
                let response = try attemptOnce(call)
                if (200..<300).contains(response.status) {
                    lock.withLock { budget.recordSuccess() }
                    return response.body
                }
                error = BedrockError.fromResponse(status: response.status, headers: response.headers, body: response.body)
            } catch let failure {
                error = BedrockError(code: "ConnectionError", message: failure.message)
            }
            let decision = lock.withLock {
                policy.decide(
                    after: attempt, kind: error.kind, now: Date().timeIntervalSince(started), budget: &budget, random: &random)
            }
            switch decision {
            case .retry(let wait, let next):
                sleeper.sleep(seconds: wait)
                attempt = next
            case .stop:
                throw ControlPlaneFailure(
                    label: call.label, code: error.code, httpStatus: error.httpStatus,
                    message: Redact.secrets(
                        Redact.url(Sanitize.excerpt(error.message, limit: 300)),
                        [credentials.secretAccessKey, credentials.sessionToken ?? ""]),
                    attempts: attempt)
            }
        }
    }

    private func attemptOnce(_ call: ControlPlaneCall) throws(HTTPError) -> HTTPResponse {
        let query = call.encodedQuery
        let host = BedrockEndpoint.host(of: call.endpoint)
        let unsigned = SigningRequest(
            method: call.method, path: call.path, query: query, headers: [(name: "Host", value: host)] + call.headers,
            body: call.body)
        let signed = SigV4Signer(service: call.service, region: call.region).sign(unsigned, credentials: credentials, date: now())
        let url = call.endpoint + call.path + (query.isEmpty ? "" : "?" + query)
        // libcurl sets Host from the URL itself; sending it twice would be refused by some servers.
        let headers = signed.headers.filter { $0.name.lowercased() != "host" }.map { ($0.name, $0.value) }
        return try http.send(method: call.method, url: url, headers: headers, body: call.body, timeout: timeout)
    }
}
