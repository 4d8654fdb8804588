import Foundation

/// A Python test server of Tests/Oracles on 127.0.0.1, started for one test: it writes its port
/// to a file in its own directory (the last but one… argument is up to the script; the port file
/// is always `port` in `directory`), and is stopped with SIGKILL when this goes away (the test
/// runner's threads block SIGTERM, and children inherit the mask). Each script also stops itself
/// after a bounded time.
public final class LoopbackServer {
    public let directory: TemporaryDirectory
    public let port: Int
    let process: Process

    /// `arguments(directory)` gives the script's arguments; it must write the port to `directory.path("port")`.
    public init(script: String, arguments: (TemporaryDirectory) throws -> [String]) throws {
        directory = try TemporaryDirectory()
        process = try Subprocess.start(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", Repo.file("Tests/Oracles/\(script)").path] + (try arguments(directory)))
        var found: Int?
        for _ in 0..<200 {  // up to 10 s for the interpreter to start; no wait once the port is known
            if let text = try? String(contentsOfFile: directory.path("port"), encoding: .utf8), let value = Int(text) {
                found = value
                break
            }
            usleep(50_000)
        }
        guard let found else {
            kill(process.processIdentifier, SIGKILL)
            throw CocoaError(.fileReadNoSuchFile)
        }
        port = found
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        directory.remove()
    }

    public var url: String { "http://127.0.0.1:\(port)" }

    /// The server's log, a line an entry.
    public var logLines: [String] {
        ((try? String(contentsOfFile: directory.path("log"), encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }
}

/// The fake Bedrock Runtime endpoint (Tests/Oracles/fake_bedrock.py): ConverseStream with real
/// event-stream frames after configured delays, scripted failures, refused profiles, and botocore
/// checking every request's SigV4 signature.
public final class FakeBedrock {
    public static let accessKey = "AKIAFAKEBEDROCK00001"
    public static let secretKey = "fakeBedrockSecretDoNotPrint/0123456789abc"

    let server: LoopbackServer

    public struct LogEntry: Decodable, Sendable {
        public var call: Int
        public var path: String
        public var model: String
        public var action: String
        public var signature_ok: Bool
        public var bearer: Bool
        /// "1.1" or "2": the protocol the request came in on.
        public var http_version: String
    }

    /// `tls`: a certificate and key to answer over HTTPS with (url then starts https://);
    /// `http2`: offer h2 by ALPN over that TLS.
    public init(
        profiles: [String: [String: Int]] = [:], refuse: [String] = [], script: [String] = [],
        region: String = "eu-central-1", tls: (cert: String, key: String)? = nil, http2: Bool = false
    ) throws {
        let scenario: [String: Any] = [
            "access_key": Self.accessKey, "secret_key": Self.secretKey, "region": region,
            "profiles": profiles, "refuse": refuse, "script": script, "http2": http2,
        ]
        server = try LoopbackServer(script: "fake_bedrock.py") { directory in
            try JSONSerialization.data(withJSONObject: scenario).write(to: URL(fileURLWithPath: directory.path("scenario.json")))
            return [directory.path("scenario.json"), directory.path("port"), directory.path("log")]
                + (tls.map { [$0.cert, $0.key] } ?? [])
        }
        scheme = tls == nil ? "http" : "https"
    }

    let scheme: String
    public var url: String { "\(scheme)://127.0.0.1:\(server.port)" }

    public var log: [LogEntry] {
        server.logLines.compactMap { try? JSONDecoder().decode(LogEntry.self, from: Data($0.utf8)) }
    }

    /// The environment a probe signs with to pass the fake's check.
    public var credentials: [String: String] {
        ["AWS_ACCESS_KEY_ID": Self.accessKey, "AWS_SECRET_ACCESS_KEY": Self.secretKey, "AWS_EC2_METADATA_DISABLED": "true"]
    }
}

/// A throwaway self-signed certificate for 127.0.0.1, valid a day, made with the openssl tool
/// (scripts/bootstrap.sh installs it): what the TLS tests serve and trust.
public enum TestCertificate {
    public static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") }

    public static func make(in directory: TemporaryDirectory) throws -> (cert: String, key: String) {
        let cert = directory.path("cert.pem"), key = directory.path("key.pem")
        let made = try Subprocess.run(
            URL(fileURLWithPath: "/usr/bin/openssl"),
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            ])
        guard made.code == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: made.stderr]) }
        return (cert, key)
    }
}
