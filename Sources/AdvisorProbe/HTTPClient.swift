internal import CCurl
public import Foundation

public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: [UInt8]
}

public struct HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    public var url: String
    public var message: String

    public var description: String { "\(url): \(message)" }
}

/// What the credential providers need from HTTP; tests may substitute it.
public protocol HTTPFetching: Sendable {
    func send(method: String, url: String, headers: [(String, String)], body: [UInt8], timeout: TimeInterval) throws(HTTPError) -> HTTPResponse
}

/// One request at a time over a libcurl easy handle. C types stay in this file.
public struct CurlHTTPClient: HTTPFetching {
    public init() {
        _ = CurlHTTPClient.initialised
    }

    private static let initialised: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        return true
    }()

    /// Collects the body and headers from curl's callbacks.
    private final class Sink {
        var body: [UInt8] = []
        var headers: [String: String] = [:]
        var onBody: (([UInt8]) -> Void)?
    }

    public func send(method: String, url: String, headers: [(String, String)], body: [UInt8],
                     timeout: TimeInterval) throws(HTTPError) -> HTTPResponse {
        try send(method: method, url: url, headers: headers, body: body, timeout: timeout, onBody: nil)
    }

    /// `onBody` receives bytes as they arrive (a streaming answer); otherwise they are collected.
    public func send(method: String, url: String, headers: [(String, String)], body: [UInt8], timeout: TimeInterval,
                     onBody: (([UInt8]) -> Void)?) throws(HTTPError) -> HTTPResponse {
        guard let handle = curl_easy_init() else { throw HTTPError(url: url, message: "libcurl could not start a transfer") }
        defer { curl_easy_cleanup(handle) }
        let sink = Sink()
        sink.onBody = onBody
        var list: UnsafeMutablePointer<curl_slist>?
        // No Expect: 100-continue round trip; no Accept header of curl's own.
        for header in headers.map({ "\($0.0): \($0.1)" }) + ["Expect:"] { list = curl_slist_append(list, header) }
        defer { curl_slist_free_all(list) }
        let bodyCopy = body
        var result: CURLcode = CURLE_OK
        let context = Unmanaged.passRetained(sink)
        defer { context.release() }
        _ = ccurl_setopt_string(handle, CURLOPT_URL, url)
        _ = ccurl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method)
        _ = ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, list)
        _ = ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(timeout * 1000))
        _ = ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(min(timeout, 10) * 1000))
        // libcurl must send the path as given: a model id's %3A is what was signed.
        _ = ccurl_setopt_long(handle, CURLOPT_PATH_AS_IS, 1)
        _ = ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, context.toOpaque())
        _ = ccurl_setopt_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, pointer in
            let sink = Unmanaged<Sink>.fromOpaque(pointer!).takeUnretainedValue()
            let bytes = Array(UnsafeRawBufferPointer(start: data, count: size * count))
            if let onBody = sink.onBody { onBody(bytes) } else { sink.body += bytes }
            return size * count
        }
        _ = ccurl_setopt_pointer(handle, CURLOPT_HEADERDATA, context.toOpaque())
        _ = ccurl_setopt_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, pointer in
            let sink = Unmanaged<Sink>.fromOpaque(pointer!).takeUnretainedValue()
            let line = String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self)
            if let colon = line.firstIndex(of: ":") {
                sink.headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            return size * count
        }
        if method != "GET" {
            // COPYPOSTFIELDS: libcurl keeps its own copy (POSTFIELDS would point at our buffer).
            _ = ccurl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, bodyCopy.count)
            let empty: StaticString = ""
            bodyCopy.withUnsafeBufferPointer { buffer in
                let pointer = buffer.baseAddress.map { UnsafeMutableRawPointer(mutating: $0) }
                    ?? UnsafeMutableRawPointer(mutating: empty.utf8Start)
                _ = ccurl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, pointer)
            }
        }
        result = curl_easy_perform(handle)
        guard result == CURLE_OK else {
            throw HTTPError(url: url, message: String(cString: curl_easy_strerror(result)))
        }
        var status = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, headers: sink.headers, body: sink.body)
    }
}
