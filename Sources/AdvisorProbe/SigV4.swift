import AdvisorCore
import AdvisorCrypto
public import Foundation

/// AWS credentials. Their description never shows the secret or the session token.
public struct Credentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public var accessKeyId: String
    public var secretAccessKey: String
    public var sessionToken: String?
    public var expiration: Date?
    /// Where they came from: `environment`, `shared-credentials-file (profile p)`, `credential_process` …
    public var source: String

    public init(
        accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil,
        source: String = ""
    ) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
        self.source = source
    }

    public var description: String {
        "credentials \(accessKeyId) from \(source)" + (sessionToken == nil ? "" : " (temporary)")
            + (expiration.map { ", expiring \(RFC3339.dateTimeString($0))" } ?? "")
    }

    public var debugDescription: String { description }
}

/// A request as it will go on the wire: `path` and `query` already percent-encoded.
public struct SigningRequest: Sendable, Equatable {
    public var method: String
    public var path: String
    public var query: String
    /// In order; a name may repeat.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, path: String, query: String = "", headers: [(name: String, value: String)], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    public static func == (lhs: SigningRequest, rhs: SigningRequest) -> Bool {
        lhs.method == rhs.method && lhs.path == rhs.path && lhs.query == rhs.query && lhs.body == rhs.body
            && lhs.headers.map { "\($0.name):\($0.value)" } == rhs.headers.map { "\($0.name):\($0.value)" }
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// Signature Version 4, as botocore's `SigV4Auth` applies it to bedrock and bedrock-runtime.
/// A pure function of (request, credentials, time).
public struct SigV4Signer: Sendable {
    public var service: String
    public var region: String

    /// Headers botocore never signs.
    static let unsignedHeaders: Set<String> = [
        "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization",
        "te", "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    public init(service: String, region: String) {
        self.service = service
        self.region = region
    }

    /// The request with `X-Amz-Date`, `X-Amz-Security-Token` (signed) and `Authorization` added.
    public func sign(_ request: SigningRequest, credentials: Credentials, date: Date) -> SigningRequest {
        var signed = request
        signed.headers.removeAll { ["authorization", "x-amz-date", "x-amz-security-token"].contains($0.name.lowercased()) }
        signed.headers.append((name: "X-Amz-Date", value: Self.amzDate(date)))
        if let token = credentials.sessionToken { signed.headers.append((name: "X-Amz-Security-Token", value: token)) }
        signed.headers.append((name: "Authorization", value: authorization(signed, credentials: credentials)))
        return signed
    }

    /// The Authorization header for a request that already carries its X-Amz-Date.
    public func authorization(_ request: SigningRequest, credentials: Credentials) -> String {
        let canonical = canonicalRequest(request)
        let amzDate = request.header("x-amz-date") ?? ""
        let scope = "\(amzDate.prefix(8))/\(region)/\(service)/aws4_request"
        let toSign = stringToSign(canonicalRequest: canonical.text, amzDate: amzDate)
        return "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/\(scope), SignedHeaders=\(canonical.signedHeaders), "
            + "Signature=\(signature(stringToSign: toSign, secret: credentials.secretAccessKey, date: String(amzDate.prefix(8))))"
    }

    public func canonicalRequest(_ request: SigningRequest) -> (text: String, signedHeaders: String) {
        var grouped: [String: [String]] = [:]
        for header in request.headers {
            let name = header.name.lowercased()
            guard !Self.unsignedHeaders.contains(name), name != "authorization" else { continue }
            grouped[name, default: []].append(
                header.value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
                    .joined(separator: " "))
        }
        let names = grouped.keys.sorted()
        let canonicalHeaders = names.map { "\($0):\(grouped[$0]!.joined(separator: ","))\n" }.joined()
        let signedHeaders = names.joined(separator: ";")
        let text = [
            request.method.uppercased(), Self.canonicalURI(request.path), Self.canonicalQuery(request.query),
            canonicalHeaders, signedHeaders, Digest.hex(Digest.sha256(request.body)),
        ].joined(separator: "\n")
        return (text, signedHeaders)
    }

    public func stringToSign(canonicalRequest: String, amzDate: String) -> String {
        [
            "AWS4-HMAC-SHA256", amzDate, "\(amzDate.prefix(8))/\(region)/\(service)/aws4_request",
            Digest.hex(Digest.sha256(Array(canonicalRequest.utf8))),
        ].joined(separator: "\n")
    }

    public func signature(stringToSign: String, secret: String, date: String) -> String {
        var key = Digest.hmacSHA256(key: Array("AWS4\(secret)".utf8), data: Array(date.utf8))
        for part in [region, service, "aws4_request"] { key = Digest.hmacSHA256(key: key, data: Array(part.utf8)) }
        return Digest.hex(Digest.hmacSHA256(key: key, data: Array(stringToSign.utf8)))
    }

    /// botocore: `quote(remove_dot_segments(path), safe='/~')` over the wire path. A Bedrock model id
    /// is `%3A`-encoded on the wire, so its colon is signed as `%253A`.
    static func canonicalURI(_ path: String) -> String {
        encode(removeDotSegments(path.isEmpty ? "/" : path), keepSlash: true)
    }

    static func removeDotSegments(_ path: String) -> String {
        var output: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) where segment != "." {
            if segment == ".." { if !output.isEmpty { output.removeLast() } } else { output.append(segment) }
        }
        let first = path.hasPrefix("/") ? "/" : ""
        let last = path.hasSuffix("/") && !output.isEmpty ? "/" : ""
        return first + output.joined(separator: "/") + last
    }

    /// Keys and values decoded then encoded once, sorted by key then value: a raw `ሴ=bar` and an
    /// encoded `%E1%88%B4=bar` canonicalise alike.
    static func canonicalQuery(_ query: String) -> String {
        guard !query.isEmpty else { return "" }
        let pairs = query.split(separator: "&", omittingEmptySubsequences: true).map { pair -> (String, String) in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]), value = parts.count > 1 ? String(parts[1]) : ""
            return (
                encode(key.removingPercentEncoding ?? key, keepSlash: false),
                encode(value.removingPercentEncoding ?? value, keepSlash: false)
            )
        }
        return pairs.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// RFC 3986 encoding of every byte but the unreserved ones (and `/` in paths), upper-case hex.
    static func encode(_ text: String, keepSlash: Bool) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.unicodeScalars.append(UnicodeScalar(byte))
            case UInt8(ascii: "/") where keepSlash:
                output.append("/")
            default:
                output += String(format: "%%%02X", byte)
            }
        }
        return output
    }

    static func amzDate(_ date: Date) -> String {
        RFC3339.basicDateTimeString(date)
    }
}

/// Bedrock Runtime requests: the wire path for a model or profile id (its `:` and `/` encoded once).
public enum BedrockRequests {
    public static func converseStreamPath(modelId: String) -> String {
        "/model/" + SigV4Signer.encode(modelId, keepSlash: false) + "/converse-stream"
    }
}
