@testable import AdvisorProbe
import AdvisorTestSupport
import Foundation
import Testing

/// TLS is always verified: against a CA bundle given (AWS_CA_BUNDLE), a self-signed endpoint
/// answers; without it, the same endpoint is refused. The handshake is timed on the first call only.
@Suite(.enabled(if: Botocore.isAvailable && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"),
                "python3 with botocore, or /usr/bin/openssl, is missing (scripts/bootstrap.sh installs both): skipped"))
struct TLSTests {
    /// A throwaway certificate for 127.0.0.1, valid a day.
    static func certificate(in directory: TemporaryDirectory) throws -> (cert: String, key: String) {
        let cert = directory.path("cert.pem"), key = directory.path("key.pem")
        let made = try Subprocess.run(URL(fileURLWithPath: "/usr/bin/openssl"),
                                      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
                                       "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"])
        try #require(made.code == 0, "\(made.stderr)")
        return (cert, key)
    }

    @Test func aSelfSignedEndpointAnswersWithItsCABundleAndIsRefusedWithout() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let tls = try Self.certificate(in: directory)
        let fake = try FakeBedrock(profiles: ["eu.m": ["ttfb_ms": 5]], tls: tls)
        #expect(fake.url.hasPrefix("https://"))
        let trusted = BedrockRuntimeClient(endpoint: fake.url, region: "eu-central-1", auth: .sigV4(BedrockRuntimeClientTests.credentials),
                                           connection: try CurlConnection(caBundle: tls.cert))
        let first = trusted.converseStream(ConverseRequest(modelId: "eu.m"))
        #expect(first.succeeded, "\(first)")
        #expect((first.transfer?.tlsMs ?? 0) > 0, "the first call pays the handshake")
        let second = trusted.converseStream(ConverseRequest(modelId: "eu.m"))
        #expect(second.succeeded && second.transfer?.tlsMs == 0 && second.transfer?.newConnection == false)

        let untrusted = BedrockRuntimeClient(endpoint: fake.url, region: "eu-central-1", auth: .sigV4(BedrockRuntimeClientTests.credentials),
                                             connection: try CurlConnection(caBundle: nil))
        let refused = untrusted.converseStream(ConverseRequest(modelId: "eu.m"))
        #expect(refused.status == "ConnectionError")
        #expect(refused.error?.message.lowercased().contains("certificate") == true, "\(refused)")
        #expect(fake.log.count == 2, "the refused handshake sent no request")
    }
}
