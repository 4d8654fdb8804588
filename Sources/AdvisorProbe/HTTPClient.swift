public import AdvisorCore
public import Foundation

public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: [UInt8]
}

public struct HTTPError: AdvisorError, Sendable, Equatable {
    public var failureKind: FailureKind { .runtime }
    public var url: String
    public var message: String

    public init(url: String, message: String) {
        self.url = url
        self.message = message
    }

    public var description: String { "\(url): \(message)" }
}

/// What BedrockRuntimeClient needs from HTTP: one streamed transfer, its body handed over as it
/// arrives (return false to stop), its status as soon as it is known, and libcurl's phase timings.
/// CurlConnection is the real one; tests run a probe in process on a fake.
public protocol StreamingTransport: AnyObject {
    func perform(
        _ request: HTTPRequest, timeouts: TransferTimeouts, onBody: @escaping ([UInt8]) -> Bool,
        onResponseStart: ((Int) -> Void)?
    ) throws(HTTPError) -> (status: Int, headers: [String: String], timings: TransferTimings)
}

extension CurlConnection: StreamingTransport {}

/// What the credential providers need from HTTP; tests may substitute it.
public protocol HTTPFetching: Sendable {
    func send(method: String, url: String, headers: [(String, String)], body: [UInt8], timeout: TimeInterval) throws(HTTPError)
        -> HTTPResponse
}

/// One request at a time, each on a connection of its own (the credential providers' few calls).
public struct CurlHTTPClient: HTTPFetching {
    public init() {}

    public func send(
        method: String, url: String, headers: [(String, String)], body: [UInt8],
        timeout: TimeInterval
    ) throws(HTTPError) -> HTTPResponse {
        let connection = try CurlConnection(caBundle: nil, freshConnection: true)
        var received: [UInt8] = []
        let answer = try connection.perform(
            HTTPRequest(method: method, url: url, headers: headers, body: body),
            timeouts: TransferTimeouts(connect: min(timeout, 10), firstByte: timeout, total: timeout)
        ) {
            received += $0
            return true
        }
        return HTTPResponse(status: answer.status, headers: answer.headers, body: received)
    }
}
