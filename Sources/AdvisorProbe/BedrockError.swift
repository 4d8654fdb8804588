public import AdvisorCore
import Foundation

/// An error Bedrock answered with, before or inside a stream, classified as botocore's retry
/// code classifies it: throttling (retry with backoff, and slow down), transient (retry), or final.
public struct BedrockError: AdvisorError, Sendable, Equatable {
    /// What a live call returned: whatever Bedrock said, the run could not measure (exit 3).
    public var failureKind: FailureKind { .runtime }
    public enum Kind: String, Sendable {
        case throttling, transient, final
    }

    /// The exception name, e.g. `ThrottlingException`.
    public var code: String
    public var message: String
    public var httpStatus: Int?
    public var requestId: String?
    /// Whether it arrived inside a 200 event stream.
    public var inStream: Bool

    public init(code: String, message: String, httpStatus: Int? = nil, requestId: String? = nil, inStream: Bool = false) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.requestId = requestId
        self.inStream = inStream
    }

    /// botocore's standard mode: these codes (any status) are throttling; 429 always is.
    static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException",
        "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
        "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException",
    ]
    /// Transient: botocore's codes, 500/502/503/504, the Bedrock server faults (which Bedrock sends with
    /// those statuses, and inside a stream without one), and ModelNotReadyException, `retryable` in
    /// the service model. A ModelStreamErrorException (424) is final, as botocore treats it.
    /// `ConnectionError` is the probe's own code for a connection that failed before any answer
    /// (refused, reset, timed out), which botocore retries as a transient error too.
    static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete",
        "InternalServerException", "ServiceUnavailableException", "ModelNotReadyException",
        "ConnectionError",
    ]

    public var kind: Kind {
        if code == "ModelNotReadyException" { return .transient }
        if Self.throttlingCodes.contains(code) || httpStatus == 429 { return .throttling }
        if Self.transientCodes.contains(code) || [500, 502, 503, 504].contains(httpStatus ?? 0) { return .transient }
        return .final
    }

    public var isRetryable: Bool { kind != .final }

    public var description: String {
        "\(code)\(httpStatus.map { " (HTTP \($0))" } ?? ""): \(message)" + (requestId.map { " [request \($0)]" } ?? "")
    }

    /// A non-2xx answer: the code from `x-amzn-ErrorType`, else the body's `code`/`Code`, else
    /// `__type`, else the status; cleaned as botocore does (`split(':')[0]`, then after the last `#`).
    public static func fromResponse(status: Int, headers: [String: String], body: [UInt8]) -> BedrockError {
        let lowered = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        let json = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
        var code =
            lowered["x-amzn-errortype"] ?? json["code"] as? String ?? json["Code"] as? String
            ?? json["__type"] as? String ?? String(status)
        code = String(code.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        if let hash = code.lastIndex(of: "#") { code = String(code[code.index(after: hash)...]) }
        let message =
            json["message"] as? String ?? json["Message"] as? String
            ?? String(decoding: body.prefix(500), as: UTF8.self)
        return BedrockError(code: code, message: message, httpStatus: status, requestId: lowered["x-amzn-requestid"])
    }
}
