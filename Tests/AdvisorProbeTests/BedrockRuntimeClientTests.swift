@testable import AdvisorProbe
import AdvisorTestSupport
import Foundation
import Testing

/// One ConverseStream attempt against the fake endpoint: what it measures, how each failure is
/// reported, and that every request passes botocore's signature check.
@Suite(.enabled(if: Botocore.isAvailable, "python3 with botocore is missing (scripts/bootstrap.sh installs it): skipped"))
struct BedrockRuntimeClientTests {
    static let credentials = Credentials(
        accessKeyId: FakeBedrock.accessKey, secretAccessKey: FakeBedrock.secretKey,
        sessionToken: "fakeSessionToken+/=", source: "test")

    func client(_ fake: FakeBedrock, auth: BedrockAuth = .sigV4(credentials), fresh: Bool = false) throws -> BedrockRuntimeClient {
        BedrockRuntimeClient(
            endpoint: fake.url, region: "eu-central-1", auth: auth,
            connection: try CurlConnection(freshConnection: fresh))
    }

    @Test func ttfbOnAReusedConnectionIsTheServersDelayAndNoMore() throws {
        let model = "eu.amazon.nova-2-lite-v1:0"
        let fake = try FakeBedrock(profiles: [model: ["ttfb_ms": 300, "gap_ms": 2, "deltas": 3]])
        let client = try client(fake)
        var overheads: [Double] = []
        var connections: [Bool] = []
        for _ in 0..<30 {
            let attempt = client.converseStream(ConverseRequest(modelId: model))
            try #require(attempt.succeeded, "\(attempt)")
            overheads.append(try #require(attempt.firstEventMs) - 300)
            connections.append(attempt.transfer?.newConnection ?? true)
            #expect(try #require(attempt.firstTokenMs) >= attempt.firstEventMs!)
            #expect(try #require(attempt.totalMs) >= attempt.firstTokenMs!)
            #expect(attempt.outputTokens == 6 && attempt.inputTokens == 21)
            #expect(attempt.serverLatencyMs == 306)
            #expect(attempt.requestId?.hasPrefix("fake-request-") == true)
        }
        let median = overheads.sorted()[15]
        print("probe TTFB over the fake's 300 ms, reused connection: median \(median) ms, max \(overheads.max() ?? 0) ms")
        #expect(median >= 0 && median < 20, "median TTFB overhead \(median) ms over the server's 300 ms")
        #expect(connections.first == true && connections.dropFirst().allSatisfy { !$0 }, "one connection, reused: \(connections)")
        let log = fake.log
        #expect(log.count == 30)
        #expect(log.allSatisfy { $0.signature_ok }, "botocore rejected a signature of a model id with ':'")
    }

    @Test func aFreshConnectionPerCallIsWhatTheSeedScriptMeasured() throws {
        let fake = try FakeBedrock(profiles: ["eu.m": ["ttfb_ms": 20]])
        let client = try client(fake, fresh: true)
        for _ in 0..<3 {
            let attempt = client.converseStream(ConverseRequest(modelId: "eu.m"))
            #expect(attempt.succeeded)
            #expect(attempt.transfer?.newConnection == true)
        }
    }

    @Test func failuresAreMeasurementsWithTheirCodeAndKind() throws {
        let fake = try FakeBedrock(
            profiles: ["eu.m": ["ttfb_ms": 5]], refuse: ["jp.m"],
            script: ["throttle", "unavailable", "stream-throttle", "reset", "corrupt", "ok", "ok"])
        let client = try client(fake)
        let request = ConverseRequest(modelId: "eu.m")
        let throttled = client.converseStream(request)
        #expect(throttled.status == "ThrottlingException" && throttled.httpStatus == 429 && throttled.error?.kind == .throttling)
        #expect(throttled.firstEventMs == nil)
        let unavailable = client.converseStream(request)
        #expect(unavailable.status == "ServiceUnavailableException" && unavailable.error?.kind == .transient)
        let inStream = client.converseStream(request)
        #expect(inStream.status == "ThrottlingException" && inStream.error?.inStream == true && !inStream.failedMidStream)
        let reset = client.converseStream(request)
        #expect(reset.status == "ConnectionError" && reset.failedMidStream, "\(reset)")
        let corrupt = client.converseStream(request)
        #expect(corrupt.status == "MalformedStream" && corrupt.failedMidStream, "\(corrupt)")
        // After all that, the connection (re-opened where it had to be) still works.
        #expect(client.converseStream(request).succeeded)
        let refused = client.converseStream(ConverseRequest(modelId: "jp.m"))
        #expect(refused.status == "ValidationException" && refused.error?.kind == .final && refused.httpStatus == 400)
        #expect(fake.log.allSatisfy { $0.signature_ok })
    }

    @Test func aBedrockAPIKeyIsSentAsABearerToken() throws {
        let fake = try FakeBedrock(profiles: ["eu.m": ["ttfb_ms": 5]])
        let client = try client(fake, auth: .bearer("bedrock-api-key-fake"))
        #expect(client.converseStream(ConverseRequest(modelId: "eu.m")).succeeded)
        #expect(fake.log.map(\.bearer) == [true])
        #expect(!BedrockAuth.bearer("bedrock-api-key-fake").description.contains("fake"))
    }

    @Test func anEndpointThatIsDownIsAConnectionError() throws {
        // A port nothing listens on: bind one, close it.
        let client = BedrockRuntimeClient(
            endpoint: "http://127.0.0.1:9", region: "eu-central-1", auth: .sigV4(Self.credentials),
            connection: try CurlConnection())
        let attempt = client.converseStream(ConverseRequest(modelId: "eu.m"))
        #expect(attempt.status == "ConnectionError" && !attempt.failedMidStream && attempt.error?.kind == .transient)
    }
}
