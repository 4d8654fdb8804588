import Foundation

/// What a CloudTrail record says about the client that made a call: which SDK (from `userAgent`),
/// which retry mode it was configured with, and which IAM principal called.
///
/// The retry mode reaches CloudTrail two ways: botocore writes `cfg/retry-mode#legacy|standard|adaptive`
/// (AWS's own example record in logging-using-cloudtrail.md), and SDKs that send User-Agent 2.1
/// business metrics list `m/…` codes where `D` is legacy, `E` standard and `F` adaptive (aws-sdk-js-v3
/// `setFeature(… "RETRY_MODE_ADAPTIVE", "F")`, aws-sdk-java-v2 BusinessMetricFeatureId, aws-sdk-net
/// UserAgentFeatureId). ../shared/reference/bedrock-2026-12.md §1d.
///
/// The Athena query (`AthenaQuery`) computes the same three values in SQL from the same patterns
/// declared here, so that an organisation's result and a machine's CloudTrail files agree.
public struct ClientAgent: Sendable, Hashable {
    /// The SDK's product token and major version, `Boto3/1`, `aws-sdk-js/3`, `aws-sdk-java/2`;
    /// empty when the user agent does not start with one.
    public var sdk: String
    /// `legacy`, `standard` or `adaptive`; empty when the user agent does not say.
    public var retryMode: String

    public init(sdk: String, retryMode: String) {
        self.sdk = sdk
        self.retryMode = retryMode
    }

    public static let retryModes = ["legacy", "standard", "adaptive"]
    /// The User-Agent 2.1 business-metric code of each retry mode, checked in this order.
    public static let metricCodes: [(code: String, mode: String)] = [("D", "legacy"), ("E", "standard"), ("F", "adaptive")]
    /// The longest product name read as an SDK: a user agent is the caller's text, bounded here so a
    /// 10 kB token never becomes a census row. The SQL uses the same bounds.
    public static let maximumNameLength = 40
    public static let maximumMajorDigits = 6

    /// Reads a user agent. Tokens are separated by spaces; `cfg/retry-mode#X` wins over `m/` codes.
    public static func parse(_ userAgent: String) -> ClientAgent {
        ClientAgent(sdk: sdkToken(userAgent), retryMode: retryMode(userAgent))
    }

    /// `^[A-Za-z0-9._-]{1,40}/[0-9]{1,6}` at the start of the user agent, or empty.
    public static func sdkToken(_ userAgent: String) -> String {
        let bytes = Array(userAgent.utf8.prefix(maximumNameLength + maximumMajorDigits + 1))
        var index = 0
        while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
        guard index >= 1, index <= maximumNameLength, index < bytes.count, bytes[index] == UInt8(ascii: "/") else { return "" }
        var end = index + 1
        while end < bytes.count, end - index - 1 < maximumMajorDigits, bytes[end] >= 0x30, bytes[end] <= 0x39 { end += 1 }
        guard end > index + 1 else { return "" }
        return String(decoding: bytes[..<end], as: UTF8.self)
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    static func retryMode(_ userAgent: String) -> String {
        let tokens = userAgent.split(separator: " ", omittingEmptySubsequences: true)
        for mode in retryModes where tokens.contains(where: { $0 == "cfg/retry-mode#\(mode)" }) { return mode }
        let codes = tokens.filter { $0.hasPrefix("m/") }.flatMap { $0.dropFirst(2).split(separator: ",").map(String.init) }
        for (code, mode) in metricCodes where codes.contains(code) { return mode }
        return ""
    }

    /// The caller as the census names it: the IAM principal's ARN, with an assumed role's session
    /// name dropped (`…:assumed-role/Name/alice@example.com` → `…:assumed-role/Name`): one role is one
    /// caller however many sessions it opens, and a session name is often a person's address. A call
    /// made by an AWS service names that service (`invokedBy`). Never an access key.
    public static func caller(arn: String?, invokedBy: String?) -> String {
        if let arn, !arn.isEmpty {
            // `^arn:[^/]*:assumed-role/[^/]+`, as the SQL says it.
            if arn.hasPrefix("arn:"), let marker = arn.range(of: ":assumed-role/"),
                arn.utf8.distance(from: arn.startIndex, to: marker.lowerBound) >= 4, !arn[..<marker.lowerBound].contains("/")
            {
                let name = arn[marker.upperBound...].prefix { $0 != "/" }
                if !name.isEmpty { return String(arn[..<name.endIndex]) }
            }
            return arn
        }
        return invokedBy ?? ""
    }

    /// Attempts each SDK makes by default in each mode, the first included, as its source says
    /// (RetrySpec.sdkModes: botocore legacy 5, standard and adaptive 3; JavaScript v3 3; Java v2
    /// legacy 4, standard and adaptive 3). A caller may override them (`max_attempts`,
    /// `AWS_MAX_ATTEMPTS`); CloudTrail does not say.
    public static func defaultAttempts(sdk: String, retryMode: String) -> Int? {
        let family: String
        switch sdk.lowercased() {
        case "boto3/1", "botocore/1", "aws-cli/1", "aws-cli/2": family = "python"
        case "aws-sdk-js/3": family = "javascript"
        case "aws-sdk-java/2": family = "java"
        default: return nil
        }
        return RetrySpec.sdkModes[family]?[retryMode]?.maxAttempts
    }
}

/// The error codes that mean Bedrock throttled the call (HTTP 429).
public enum ThrottleCodes {
    public static let all: Set<String> = ["ThrottlingException", "TooManyRequestsException"]
}

/// Local Zones in CloudTrail: a Local Zone (`us-west-2-lax-1`, or its zone `us-west-2-lax-1a`)
/// belongs to its parent Region, and Bedrock's quotas, profiles and residency are the parent's.
public enum LocalZone {
    /// The parent Region of a Local Zone name, or the code unchanged when it is not one.
    public static func folded(_ code: String, knownRegions: Set<String>) -> String {
        guard !knownRegions.contains(code) else { return code }
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        // region (2 or 3 parts, or 4 with -gov-) + location + number[zone letter]
        guard parts.count >= 5, let last = parts.last, let location = parts.dropLast().last else { return code }
        let parent = parts.dropLast(2).joined(separator: "-")
        let digits = last.prefix { $0.isASCII && $0.isNumber }
        let letters = last.dropFirst(digits.count)
        guard knownRegions.contains(parent), !location.isEmpty, location.allSatisfy({ $0.isASCII && $0.isLowercase }),
            !digits.isEmpty, letters.count <= 1, letters.allSatisfy({ $0.isASCII && $0.isLowercase })
        else { return code }
        return parent
    }
}
