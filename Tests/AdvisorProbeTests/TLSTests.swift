@testable import AdvisorProbe
import AdvisorTestSupport
import Foundation
import Testing

/// TLS is always verified: against a CA bundle given (AWS_CA_BUNDLE), a self-signed endpoint
/// answers; without it, the same endpoint is refused. The handshake is timed on the first call only.
@Suite(
    .enabled(
        if: Botocore.isAvailable && TestCertificate.isAvailable,
        "python3 with botocore, or /usr/bin/openssl, is missing (scripts/bootstrap.sh installs both): skipped"))
struct TLSTests {
    @Test func aSelfSignedEndpointAnswersWithItsCABundleAndIsRefusedWithout() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let tls = try TestCertificate.make(in: directory)
        let fake = try FakeBedrock(profiles: ["eu.m": ["ttfb_ms": 5]], tls: tls)
        #expect(fake.url.hasPrefix("https://"))
        let trusted = BedrockRuntimeClient(
            endpoint: fake.url, region: "eu-central-1", auth: .sigV4(BedrockRuntimeClientTests.credentials),
            connection: try CurlConnection(caBundle: tls.cert))
        let first = trusted.converseStream(ConverseRequest(modelId: "eu.m"))
        #expect(first.succeeded, "\(first)")
        #expect((first.transfer?.tlsMs ?? 0) > 0, "the first call pays the handshake")
        let second = trusted.converseStream(ConverseRequest(modelId: "eu.m"))
        #expect(second.succeeded && second.transfer?.tlsMs == 0 && second.transfer?.newConnection == false)

        let untrusted = BedrockRuntimeClient(
            endpoint: fake.url, region: "eu-central-1", auth: .sigV4(BedrockRuntimeClientTests.credentials),
            connection: try CurlConnection(caBundle: nil))
        let refused = untrusted.converseStream(ConverseRequest(modelId: "eu.m"))
        #expect(refused.status == "ConnectionError")
        #expect(refused.error?.message.lowercased().contains("certificate") == true, "\(refused)")
        #expect(fake.log.count == 2, "the refused handshake sent no request")
    }

    /// Bedrock's endpoints offer h2 by ALPN; the probe takes it, keeps the one connection, and says
    /// so in each sample. A reset over h2 fails only its call, and the next call reconnects.
    @Test(.enabled(if: Subprocess.pythonHas("h2"), "python's h2 is missing (scripts/bootstrap.sh installs it): skipped"))
    func http2IsTakenWhenTheEndpointOffersIt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let tls = try TestCertificate.make(in: directory)
        let fake = try FakeBedrock(profiles: ["eu.m": ["ttfb_ms": 5]], script: ["ok", "ok", "reset", "ok"], tls: tls, http2: true)
        let client = BedrockRuntimeClient(
            endpoint: fake.url, region: "eu-central-1", auth: .sigV4(BedrockRuntimeClientTests.credentials),
            connection: try CurlConnection(caBundle: tls.cert))
        let calls = (0..<4).map { _ in client.converseStream(ConverseRequest(modelId: "eu.m")) }
        #expect(calls.map(\.status) == ["ok", "ok", "ConnectionError", "ok"], "\(calls)")
        #expect(calls[0].transfer?.httpVersion == "2" && calls[1].transfer?.httpVersion == "2", "\(calls)")
        #expect(calls[0].transfer?.newConnection == true && calls[1].transfer?.newConnection == false, "one connection for both")
        #expect(calls[1].outputTokens == 6 && calls[1].firstTokenMs != nil, "the stream was read to its metadata")
        #expect(calls[3].transfer?.httpVersion == "2" && calls[3].transfer?.newConnection == true, "a new connection after the reset")
        let log = fake.log
        #expect(log.count == 4 && log.allSatisfy { $0.http_version == "2" && $0.signature_ok }, "\(log)")
    }
}
