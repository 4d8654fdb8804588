@testable import AdvisorProbe
import AdvisorTestSupport
import Foundation
import Testing

/// A loopback server standing in for IMDSv2 and the container endpoint (Tests/Oracles/fake_metadata_server.py).
final class FakeMetadataServer {
    static let secret = "fakeSecretKeyDoNotPrintMe/0123456789abcdefXYZ"
    static let session = "fakeSessionTokenDoNotPrintMe+abcdefghijklmnopqrstuvwxyz=="
    let server: LoopbackServer

    init(expiresIn: Int = 3600) throws {
        server = try LoopbackServer(script: "fake_metadata_server.py") { directory in
            [directory.path("port"), directory.path("log"), String(expiresIn)]
        }
    }

    var url: String { server.url }
    var log: [String] { server.logLines }
}

struct CredentialsChainTests {
    static let now = Date(timeIntervalSince1970: 1_795_305_600)

    func home() throws -> TemporaryDirectory {
        let home = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: home.path(".aws"), withIntermediateDirectories: true)
        return home
    }

    /// Nothing from the machine: no IMDS unless a test points at the fake one.
    func sources(_ env: [String: String], home: TemporaryDirectory) -> CredentialSources {
        var environment = ["HOME": home.url.path, "AWS_EC2_METADATA_DISABLED": "true"]
        for (key, value) in env { environment[key] = value }
        return CredentialSources(environment: environment)
    }

    @Test func environmentComesFirst() throws {
        let home = try home()
        defer { home.remove() }
        try "[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = fromfile\n".write(
            toFile: home.path(".aws/credentials"), atomically: true, encoding: .utf8)
        let chain = CredentialsChain(
            sources: sources(
                [
                    "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "envsecret",
                    "AWS_SESSION_TOKEN": "envtoken",
                ], home: home))
        let credentials = try chain.credentials(now: Self.now)
        #expect(
            credentials
                == Credentials(accessKeyId: "AKIAENV", secretAccessKey: "envsecret", sessionToken: "envtoken", source: "environment"))
    }

    @Test func sharedFilesHonourProfilesAndOverrides() throws {
        let home = try home()
        defer { home.remove() }
        try """
        # comment
        [default]
        aws_access_key_id = AKIADEFAULT
        aws_secret_access_key = defaultsecret

        [work]
        aws_access_key_id = AKIAWORK
        aws_secret_access_key = worksecret
        aws_session_token = worktoken
        """.write(toFile: home.path(".aws/credentials"), atomically: true, encoding: .utf8)
        #expect(try CredentialsChain(sources: sources([:], home: home)).credentials(now: Self.now).accessKeyId == "AKIADEFAULT")
        let work = try CredentialsChain(sources: sources(["AWS_PROFILE": "work"], home: home)).credentials(now: Self.now)
        #expect(work.accessKeyId == "AKIAWORK" && work.sessionToken == "worktoken")
        // Keys in the config file, under [profile NAME], and files moved by environment variables.
        try "[profile ci]\naws_access_key_id = AKIACONFIG\naws_secret_access_key = configsecret\n".write(
            toFile: home.path("elsewhere-config"), atomically: true, encoding: .utf8)
        let moved = try CredentialsChain(
            sources: sources(
                [
                    "AWS_PROFILE": "ci", "AWS_CONFIG_FILE": home.path("elsewhere-config"),
                    "AWS_SHARED_CREDENTIALS_FILE": home.path("nothing-here"),
                ], home: home)
        ).credentials(now: Self.now)
        #expect(moved.accessKeyId == "AKIACONFIG")
        #expect(moved.source == "\(home.path("elsewhere-config")) [ci]")
    }

    @Test func credentialProcessForSSOUsers() throws {
        let home = try home()
        defer { home.remove() }
        let script = home.path("export-credentials.sh")
        try """
        #!/bin/sh
        echo "diagnostics that must not be shown: procsecret" >&2
        cat <<'JSON'
        {"Version": 1, "AccessKeyId": "ASIAPROCESS", "SecretAccessKey": "procsecret", "SessionToken": "proctoken", "Expiration": "2026-11-22T12:00:00Z"}
        JSON
        """.write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        try "[profile sso]\ncredential_process = \(script) --profile sso\n".write(
            toFile: home.path(".aws/config"), atomically: true, encoding: .utf8)
        let credentials = try CredentialsChain(sources: sources(["AWS_PROFILE": "sso"], home: home)).credentials(now: Self.now)
        #expect(credentials.accessKeyId == "ASIAPROCESS")
        #expect(credentials.sessionToken == "proctoken")
        #expect(credentials.expiration == Date(timeIntervalSince1970: 1_795_348_800))
        // A failing process is an error that does not show what it printed.
        try "#!/bin/sh\necho procsecret\nexit 3\n".write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        #expect {
            _ = try CredentialsChain(sources: sources(["AWS_PROFILE": "sso"], home: home)).credentials(now: Self.now)
        } throws: { error in
            "\(error)" == "credential_process exited with status 3 (its output is not shown: it may hold secrets)"
        }
    }

    /// Issue 9, secrets: credentials that have already expired are refused with when they expired,
    /// not accepted to fail later as a 403.
    @Test func expiredCredentialsFromAProcessAreRefused() throws {
        let home = try home()
        defer { home.remove() }
        let script = home.path("export-credentials.sh")
        try """
        #!/bin/sh
        echo '{"Version": 1, "AccessKeyId": "ASIAEXPIRED", "SecretAccessKey": "procsecret", "SessionToken": "t", "Expiration": "2026-11-22T12:00:00Z"}'
        """.write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        try "[profile sso]\ncredential_process = \(script)\n".write(toFile: home.path(".aws/config"), atomically: true, encoding: .utf8)
        let later = Date(timeIntervalSince1970: 1_795_348_800 + 60)
        #expect {
            _ = try CredentialsChain(sources: sources(["AWS_PROFILE": "sso"], home: home)).credentials(now: later)
        } throws: { error in
            let text = "\(error)"
            return text.contains("credential_process gave credentials for ASIAEXPIRED that expired at 2026-11-22T12:00:00Z")
                && !text.contains("procsecret")
        }
    }

    /// Issue 9, secrets: a password in a container-credentials URL never reaches an error.
    @Test func aPasswordInTheContainerURLIsNotShown() throws {
        let home = try home()
        defer { home.remove() }
        // Port 9 on loopback: nothing listens, so the request fails and the error names the URL.
        let chain = CredentialsChain(
            sources: sources(["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://user:PASSWORD@127.0.0.1:9/x"], home: home))
        #expect {
            _ = try chain.credentials(now: Self.now)
        } throws: { error in
            let text = "\(error)"
            return text.contains("http://***@127.0.0.1:9/x") && !text.contains("PASSWORD")
        }
        #expect(Redact.url("see https://a:b@h/p and http://h2/q") == "see https://***@h/p and http://h2/q")
    }

    @Test(.enabled(if: Botocore.isAvailable, "python3 is missing: skipped"))
    func containerCredentialsWithAnAuthorizationToken() throws {
        let server = try FakeMetadataServer()
        let home = try home()
        defer { home.remove() }
        try "container-authorization-token-abc\n".write(toFile: home.path("token"), atomically: true, encoding: .utf8)
        let chain = CredentialsChain(
            sources: sources(
                [
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.url + "/ecs/credentials",
                    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": home.path("token"),
                ], home: home))
        let credentials = try chain.credentials(now: Date())
        #expect(credentials.accessKeyId == "ASIAFAKE000000000001")
        #expect(credentials.secretAccessKey == FakeMetadataServer.secret)
        #expect(credentials.source == "container credentials")
        #expect(server.log == ["GET /ecs/credentials"])
    }

    @Test(.enabled(if: Botocore.isAvailable, "python3 is missing: skipped"))
    func imdsV2TokenThenRoleThenCredentialsAndRefreshBeforeExpiry() throws {
        // Credentials that expire in 20 minutes: fresh now, due for refresh 6 minutes later.
        let server = try FakeMetadataServer(expiresIn: 20 * 60)
        let home = try home()
        defer { home.remove() }
        let chain = CredentialsChain(
            sources: sources(
                ["AWS_EC2_METADATA_DISABLED": "", "AWS_EC2_METADATA_SERVICE_ENDPOINT": server.url],
                home: home))
        let start = Date()
        let first = try chain.credentials(now: start)
        #expect(first.accessKeyId == "ASIAFAKE000000000001")
        #expect(first.source == "EC2 instance metadata (role advisor-probe-role)")
        #expect(
            server.log == [
                "PUT /latest/api/token", "GET /latest/meta-data/iam/security-credentials/",
                "GET /latest/meta-data/iam/security-credentials/advisor-probe-role",
            ])
        // Within the advisory window nothing is fetched again.
        #expect(try chain.credentials(now: start.addingTimeInterval(60)).accessKeyId == "ASIAFAKE000000000001")
        #expect(server.log.count == 3)
        // Six minutes on, under 15 minutes remain: refreshed before they expire.
        let refreshed = try chain.credentials(now: start.addingTimeInterval(6 * 60))
        #expect(refreshed.accessKeyId == "ASIAFAKE000000000002")
        #expect(server.log.count == 6)
        #expect(chain.trace.last == "EC2 instance metadata (IMDSv2): found ASIAFAKE000000000002")
    }

    @Test func noCredentialsSaysWhatWasTried() throws {
        let home = try home()
        defer { home.remove() }
        #expect {
            _ = try CredentialsChain(sources: sources([:], home: home)).credentials(now: Self.now)
        } throws: { error in
            "\(error)".hasPrefix(
                "no AWS credentials found; tried environment, shared credentials file, config file, credential_process, container credentials, EC2 instance metadata (IMDSv2)"
            )
        }
    }

    @Test func secretsNeverAppearInDescriptionsTracesOrErrors() throws {
        let home = try home()
        defer { home.remove() }
        let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzzSECRET", token = "IQoJb3JpZ2luTOKENzzz"
        try
            "[default]\naws_access_key_id = AKIASECRETTEST\naws_secret_access_key = \(secret)\naws_session_token = \(token)\nbroken line \(secret)\n"
            .write(toFile: home.path(".aws/credentials"), atomically: true, encoding: .utf8)
        var output: [String] = []
        do { _ = try CredentialsChain(sources: sources([:], home: home)).credentials(now: Self.now) } catch { output.append("\(error)") }
        try "[default]\naws_access_key_id = AKIASECRETTEST\naws_secret_access_key = \(secret)\naws_session_token = \(token)\n"
            .write(toFile: home.path(".aws/credentials"), atomically: true, encoding: .utf8)
        let chain = CredentialsChain(sources: sources([:], home: home))
        let credentials = try chain.credentials(now: Self.now)
        output +=
            [credentials.description, String(describing: credentials), String(reflecting: credentials), "\(credentials)"] + chain.trace
        let signed = SigV4Signer(service: "bedrock", region: "us-east-1")
            .sign(
                SigningRequest(method: "POST", path: "/model/x/converse-stream", headers: [("Host", "h")]), credentials: credentials,
                date: Self.now)
        output.append(signed.header("authorization") ?? "")
        let everything = output.joined(separator: "\n")
        #expect(output.first == "\(home.path(".aws/credentials")):5: expected 'key = value'")
        #expect(!everything.contains(secret))
        #expect(!everything.contains(token))
        #expect(everything.contains("AKIASECRETTEST"))
    }

    @Test func endpointOverrides() throws {
        #expect(
            try BedrockEndpoint.runtime(region: "eu-central-1", explicit: nil, environment: [:])
                == "https://bedrock-runtime.eu-central-1.amazonaws.com")
        #expect(
            try BedrockEndpoint.runtime(
                region: "eu-central-1", explicit: "http://127.0.0.1:9000/", environment: ["AWS_ENDPOINT_URL": "https://x"])
                == "http://127.0.0.1:9000")
        #expect(
            try BedrockEndpoint.runtime(
                region: "eu-central-1", explicit: nil,
                environment: ["AWS_ENDPOINT_URL": "https://general", "AWS_ENDPOINT_URL_BEDROCK_RUNTIME": "https://runtime"])
                == "https://runtime")
        #expect(
            try BedrockEndpoint.runtime(region: "eu-central-1", explicit: nil, environment: ["AWS_ENDPOINT_URL": "https://general"])
                == "https://general")
        #expect(
            try BedrockEndpoint.runtime(
                region: "eu-central-1", explicit: nil,
                environment: ["AWS_ENDPOINT_URL": "https://general", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"])
                == "https://bedrock-runtime.eu-central-1.amazonaws.com")
        #expect(BedrockEndpoint.host(of: "http://127.0.0.1:9000/model") == "127.0.0.1:9000")
    }
}
