internal import CCurl
import Foundation

/// What libcurl measured of one transfer, in milliseconds from the transfer's start (its own
/// timers, CURLINFO_*_TIME_T): name lookup, TCP connect, TLS handshake and the first response
/// byte. On a reused connection the first three are 0.
public struct TransferTimings: Sendable, Equatable {
    public init(
        dnsMs: Double, connectMs: Double, tlsMs: Double, firstByteMs: Double, totalMs: Double, httpVersion: String,
        newConnection: Bool
    ) {
        self.dnsMs = dnsMs
        self.connectMs = connectMs
        self.tlsMs = tlsMs
        self.firstByteMs = firstByteMs
        self.totalMs = totalMs
        self.httpVersion = httpVersion
        self.newConnection = newConnection
    }

    public var dnsMs: Double
    public var connectMs: Double
    public var tlsMs: Double
    public var firstByteMs: Double
    public var totalMs: Double
    /// `1.1` or `2`.
    public var httpVersion: String
    /// Whether this transfer opened a connection (false: it reused one).
    public var newConnection: Bool
}

/// One HTTP request to send on a connection.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(method: String, url: String, headers: [(String, String)], body: [UInt8]) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// How long a transfer may take: to connect, to the first response byte, and in all (seconds).
public struct TransferTimeouts: Sendable, Equatable {
    public var connect: Double
    public var firstByte: Double
    public var total: Double

    public init(connect: Double = 10, firstByte: Double = 60, total: Double = 300) {
        self.connect = connect
        self.firstByte = firstByte
        self.total = total
    }
}

/// One libcurl easy handle kept for an endpoint, so calls reuse its connection as a real service
/// does (the seed script's new client per call put TCP and TLS set-up inside its TTFB). TLS is
/// always verified, against the system CA bundle or `caBundle` (AWS_CA_BUNDLE). HTTP/2 is used when
/// the server offers it over TLS. C types stay in this file. Not thread-safe: one caller at a time.
public final class CurlConnection {
    private let handle: UnsafeMutableRawPointer
    private let caBundle: String?
    /// `freshConnection`: a new connection per transfer (the seed script's behaviour).
    public let freshConnection: Bool

    public init(caBundle: String? = nil, freshConnection: Bool = false) throws(HTTPError) {
        _ = CurlConnection.initialised
        guard ccurl_library() != nil else {
            throw HTTPError(url: "", message: "libcurl.so.4 could not be loaded; install libcurl4 (Debian: apt-get install libcurl4)")
        }
        guard let handle = ccurl_easy_init() else { throw HTTPError(url: "", message: "libcurl could not start a transfer") }
        self.handle = handle
        self.caBundle = caBundle
        self.freshConnection = freshConnection
    }

    deinit { ccurl_easy_cleanup(handle) }

    private static let initialised: Bool = {
        ccurl_global_init(Int(CURL_GLOBAL_DEFAULT))
        return true
    }()

    /// Collects headers and passes body bytes on as they arrive.
    private final class Sink {
        var headers: [String: String] = [:]
        var status = 0
        var onBody: ([UInt8]) -> Bool
        var onResponseStart: ((Int) -> Void)?
        var firstByteDeadline: Double
        var sawByte = false
        var start = DispatchTime.now().uptimeNanoseconds
        var stoppedByCaller = false

        init(onBody: @escaping ([UInt8]) -> Bool, firstByteDeadline: Double) {
            self.onBody = onBody
            self.firstByteDeadline = firstByteDeadline
        }
    }

    /// Sends `request` and streams the answer's body to `onBody` (return false to stop reading);
    /// `onResponseStart` hears the status when the headers are complete, before any body byte.
    /// Returns the status, the headers (names lower-cased) and libcurl's timings.
    public func perform(
        _ request: HTTPRequest, timeouts: TransferTimeouts = TransferTimeouts(),
        onBody: @escaping ([UInt8]) -> Bool, onResponseStart: ((Int) -> Void)? = nil
    ) throws(HTTPError)
        -> (status: Int, headers: [String: String], timings: TransferTimings)
    {
        ccurl_easy_reset(handle)
        let sink = Sink(onBody: onBody, firstByteDeadline: timeouts.firstByte)
        sink.onResponseStart = onResponseStart
        var list: UnsafeMutablePointer<curl_slist>?
        // No Expect: 100-continue round trip; no Accept header of curl's own.
        for header in request.headers.map({ "\($0.0): \($0.1)" }) + ["Expect:"] { list = ccurl_slist_append(list, header) }
        defer { ccurl_slist_free_all(list) }
        let context = Unmanaged.passRetained(sink)
        defer { context.release() }
        _ = ccurl_setopt_string(handle, CURLOPT_URL, request.url)
        _ = ccurl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
        _ = ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, list)
        _ = ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_setopt_long(handle, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS)
        _ = ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1)
        _ = ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2)
        if let caBundle { _ = ccurl_setopt_string(handle, CURLOPT_CAINFO, caBundle) }
        _ = ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(timeouts.total * 1000))
        _ = ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(timeouts.connect * 1000))
        _ = ccurl_setopt_long(handle, CURLOPT_TCP_NODELAY, 1)
        if freshConnection {
            _ = ccurl_setopt_long(handle, CURLOPT_FRESH_CONNECT, 1)
            _ = ccurl_setopt_long(handle, CURLOPT_FORBID_REUSE, 1)
        }
        // libcurl must send the path as given: a model id's %3A is what was signed.
        _ = ccurl_setopt_long(handle, CURLOPT_PATH_AS_IS, 1)
        _ = ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, context.toOpaque())
        _ = ccurl_setopt_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, pointer in
            let sink = Unmanaged<Sink>.fromOpaque(pointer!).takeUnretainedValue()
            sink.sawByte = true
            let bytes = Array(UnsafeRawBufferPointer(start: data, count: size * count))
            guard sink.onBody(bytes) else {
                sink.stoppedByCaller = true
                return 0
            }
            return size * count
        }
        _ = ccurl_setopt_pointer(handle, CURLOPT_HEADERDATA, context.toOpaque())
        _ = ccurl_setopt_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, pointer in
            let sink = Unmanaged<Sink>.fromOpaque(pointer!).takeUnretainedValue()
            sink.sawByte = true
            let line = String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self)
            if line.hasPrefix("HTTP/") {
                // A new response (after a 100 or a redirect): its status, and headers afresh.
                sink.headers = [:]
                sink.status = Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
            } else if line == "\r\n" || line == "\n" {
                sink.onResponseStart?(sink.status)
            }
            if let colon = line.firstIndex(of: ":") {
                // HTTP's optional whitespace is ASCII: trimmed here without Foundation's Unicode-aware
                // trimmingCharacters, which was a tenth of the probe's per-call CPU.
                let value = line[line.index(after: colon)...].utf8
                let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
                let trimmed = value.drop(while: isSpace).reversed().drop(while: isSpace).reversed()
                sink.headers[line[..<colon].lowercased()] = String(decoding: trimmed, as: UTF8.self)
            }
            return size * count
        }
        // The first-byte timeout: libcurl has none of its own, so the progress callback aborts a
        // transfer that has received nothing by the deadline.
        _ = ccurl_setopt_long(handle, CURLOPT_NOPROGRESS, 0)
        _ = ccurl_setopt_pointer(handle, CURLOPT_XFERINFODATA, context.toOpaque())
        _ = ccurl_setopt_xferinfo(handle) { pointer, _, _, _, _ in
            let sink = Unmanaged<Sink>.fromOpaque(pointer!).takeUnretainedValue()
            guard !sink.sawByte else { return 0 }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - sink.start) / 1e9
            return elapsed > sink.firstByteDeadline ? 1 : 0
        }
        if request.method != "GET" {
            // COPYPOSTFIELDS: libcurl keeps its own copy (POSTFIELDS would point at our buffer).
            _ = ccurl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, request.body.count)
            let empty: StaticString = ""
            request.body.withUnsafeBufferPointer { buffer in
                let pointer =
                    buffer.baseAddress.map { UnsafeMutableRawPointer(mutating: $0) }
                    ?? UnsafeMutableRawPointer(mutating: empty.utf8Start)
                _ = ccurl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, pointer)
            }
        }
        sink.start = DispatchTime.now().uptimeNanoseconds
        let result = ccurl_easy_perform(handle)
        guard result == CURLE_OK || (result == CURLE_WRITE_ERROR && sink.stoppedByCaller) else {
            let message =
                result == CURLE_ABORTED_BY_CALLBACK
                ? "no response within the first-byte timeout of \(timeouts.firstByte) s"
                : String(cString: ccurl_easy_strerror(result))
            throw HTTPError(url: Redact.url(request.url), message: message)
        }
        var status = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return (status, sink.headers, timings())
    }

    private func timings() -> TransferTimings {
        func ms(_ info: CURLINFO) -> Double {
            var value: curl_off_t = 0
            _ = ccurl_getinfo_off(handle, info, &value)
            return Double(value) / 1000
        }
        let lookup = ms(CURLINFO_NAMELOOKUP_TIME_T), connect = ms(CURLINFO_CONNECT_TIME_T)
        let appConnect = ms(CURLINFO_APPCONNECT_TIME_T), firstByte = ms(CURLINFO_STARTTRANSFER_TIME_T)
        var version = 0, connects = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_HTTP_VERSION, &version)
        _ = ccurl_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &connects)
        // libcurl's times are cumulative from the start; each phase is its own difference.
        return TransferTimings(
            dnsMs: lookup, connectMs: max(0, connect - lookup), tlsMs: appConnect > 0 ? max(0, appConnect - connect) : 0,
            firstByteMs: firstByte, totalMs: ms(CURLINFO_TOTAL_TIME_T),
            httpVersion: version == CURL_HTTP_VERSION_2_0 ? "2" : "1.1", newConnection: connects > 0)
    }
}
