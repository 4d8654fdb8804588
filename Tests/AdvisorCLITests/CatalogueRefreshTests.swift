import AdvisorCore
import AdvisorFormats
import AdvisorTestSupport
import Foundation
import Testing

/// `catalogue refresh` against a fake control plane (Tests/Oracles/fake_control_plane.py) that
/// recomputes every request's SigV4 signature with botocore, for the service and Region the
/// request claims: three Regions, one denying access (and echoing the secret), one paging its
/// profiles and quotas, one throttling its first calls.
@Suite(.serialized)
struct CatalogueRefreshTests {
    static let accessKey = "AKIAFAKECONTROLPLANE1"
    static let secretKey = "fakeControlPlaneSecretDoNotPrint/0123456"
    static let account = "111122223333"
    static let newModel = "example.new-model-v1:0"

    /// What ListInferenceProfiles would say from `region` if AWS agreed with the built-in catalogue.
    static func systemSummaries(_ region: String, _ catalogue: Catalogue) -> [[String: Any]] {
        catalogue.profiles.filter { $0.sources.contains(region) }.map { profile in
            let destinations = profile.routes[region] ?? profile.destinations
            let arns: [String]
            switch destinations {
            case .allCommercial:
                arns = [
                    "arn:aws:bedrock:::foundation-model/\(profile.model)", "arn:aws:bedrock:\(region)::foundation-model/\(profile.model)",
                ]
            case .regions(let list): arns = list.map { "arn:aws:bedrock:\($0)::foundation-model/\(profile.model)" }
            }
            return summary(
                profile.id, region: region, kind: "SYSTEM_DEFINED", arns: arns, active: !profile.inactiveSources.contains(region))
        }
    }

    static func summary(_ id: String, region: String, kind: String, arns: [String], active: Bool = true) -> [String: Any] {
        [
            "inferenceProfileName": id, "inferenceProfileArn": "arn:aws:bedrock:\(region):\(account):inference-profile/\(id)",
            "models": arns.map { ["modelArn": $0] }, "inferenceProfileId": id, "status": active ? "ACTIVE" : "INACTIVE",
            "type": kind,
        ]
    }

    static func quota(_ code: String, _ name: String, _ value: Double, region: String) -> [String: Any] {
        [
            "ServiceCode": "bedrock", "ServiceName": "Amazon Bedrock",
            "QuotaArn": "arn:aws:servicequotas:\(region):\(account):bedrock/\(code)",
            "QuotaCode": code, "QuotaName": name, "Value": value, "Unit": "None", "Adjustable": true, "GlobalQuota": false,
        ]
    }

    static func scenario() throws -> [String: Any] {
        let catalogue = try BuiltinData.catalogue()
        var westSystem = systemSummaries("eu-west-1", catalogue)
        westSystem.append(
            summary(
                "eu.\(newModel)", region: "eu-west-1", kind: "SYSTEM_DEFINED",
                arns: ["eu-west-1", "eu-central-1"].map { "arn:aws:bedrock:\($0)::foundation-model/\(newModel)" }))
        let application = summary(
            "app0123456789", region: "eu-west-1", kind: "APPLICATION",
            arns: ["arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-sonnet-4-6"])
        let models: [[String: Any]] = [
            ["modelId": "anthropic.claude-sonnet-4-6", "modelLifecycle": ["status": "ACTIVE"]],
            // The dates the catalogue already has: reading them again is no change.
            [
                "modelId": "anthropic.claude-sonnet-4-20250514-v1:0",
                "modelLifecycle": [
                    "status": "LEGACY", "legacyTime": "2026-04-14T00:00:00Z", "publicExtendedAccessTime": "2026-07-14T00:00:00Z",
                    "endOfLifeTime": "2026-10-14T00:00:00Z",
                ],
            ],
            // Invented for this fake: a model the catalogue has as active, listed as legacy.
            [
                "modelId": "amazon.nova-pro-v1:0",
                "modelLifecycle": ["status": "LEGACY", "legacyTime": "2027-01-01T00:00:00Z", "endOfLifeTime": "2027-07-01T00:00:00Z"],
            ],
        ]
        return [
            "access_key": accessKey, "secret_key": secretKey,
            "regions": [
                "eu-west-1": [
                    "system": westSystem, "application": [application], "page_size": 5, "models": models,
                    "quotas": [
                        quota(
                            "L-0A1B2C01", "Cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.6", 4_000_000,
                            region: "eu-west-1"),
                        quota(
                            "L-0A1B2C02", "Cross-region model inference requests per minute for Anthropic Claude Sonnet 4.6", 8_000,
                            region: "eu-west-1"),
                        quota("L-FFFF0001", "Number of custom models per account", 100, region: "eu-west-1"),
                    ],
                    "quota_page_size": 2,
                ],
                "eu-central-1": ["deny": true],
                "us-east-1": ["system": systemSummaries("us-east-1", catalogue), "models": models, "quotas": [], "throttle": 2],
            ],
        ]
    }

    struct LogEntry: Decodable {
        var region: String
        var service: String
        var operation: String
        var query: String
        var signature_ok: Bool
        var status: Int
    }

    @Test func threeRegionsOneDeniedOnePagingOneThrottled() throws {
        let scenario = try Self.scenario()
        let server = try LoopbackServer(script: "fake_control_plane.py") { directory in
            try JSONSerialization.data(withJSONObject: scenario).write(to: URL(fileURLWithPath: directory.path("scenario.json")))
            return [directory.path("scenario.json"), directory.path("port"), directory.path("log")]
        }
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let environment = [
            "AWS_ACCESS_KEY_ID": Self.accessKey, "AWS_SECRET_ACCESS_KEY": Self.secretKey, "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_ENDPOINT_URL": server.url,
        ]
        let arguments = ["catalogue", "refresh", "--regions", "eu-west-1,eu-central-1,us-east-1", "--format", "json"]

        let first = try Advisor.run(arguments, home: home, environment: environment)
        #expect(first.code == 3, "a Region failed: exit 3 after storing the rest; \(first.stderr)")
        #expect(first.stderr.contains("not everything was read (eu-central-1)"))
        for output in [first.stdout, first.stderr] {
            #expect(!output.contains(Self.secretKey), "the secret the server echoed is never shown")
        }
        let answer = try #require(try JSONSerialization.jsonObject(with: first.stdoutData) as? [String: Any])
        let regions = try #require(answer["regions"] as? [[String: Any]])
        #expect(regions.map { $0["region"] as? String } == ["eu-west-1", "eu-central-1", "us-east-1"])
        let denied = regions[1]
        #expect(denied["refreshed"] as? Bool == false)
        let failure = try #require(denied["failure"] as? String)
        #expect(failure.contains("AccessDeniedException (HTTP 403)"), "\(failure)")
        #expect(failure.contains("[redacted]"), "\(failure)")
        #expect(answer["partial"] as? Bool == true)
        let west = regions[0]
        #expect(west["pages"] as? Int ?? 0 > 2, "eu-west-1 pages its profiles")
        #expect(west["application_profiles"] as? Int == 1)
        #expect(west["quotas"] as? String == "2 quotas matched, 1 not matched")
        #expect(regions[2]["refreshed"] as? Bool == true, "us-east-1 was throttled, retried, and read")

        // The diff: exactly what the fake says beyond the built-in catalogue; eu-central-1 keeps its
        // profiles (no source removed anywhere), and the lifecycle read again unchanged is no change.
        let diff = try #require(answer["diff"] as? [String: Any])
        #expect(diff["models_added"] as? [String] == [Self.newModel])
        #expect(diff["profiles_added"] as? [String] == ["eu.\(Self.newModel)"])
        #expect(diff["profiles_removed"] as? [String] == [])
        #expect((diff["changed"] as? [Any])?.isEmpty == true, "\(diff["changed"] ?? "")")
        #expect(diff["application_profiles_added"] as? [String] == ["eu-west-1 app0123456789"])
        #expect(diff["lifecycle_changed"] as? [String] == ["amazon.nova-pro-v1:0"])
        let stored = try #require(answer["stored"] as? String)

        let log = server.logLines.compactMap { try? JSONDecoder().decode(LogEntry.self, from: Data($0.utf8)) }
        #expect(!log.isEmpty && log.allSatisfy(\.signature_ok), "botocore agrees with every signature")
        #expect(Set(log.map(\.service)) == ["bedrock", "servicequotas"])
        let east = log.filter { $0.region == "us-east-1" }
        #expect(east.prefix(2).map(\.status) == [429, 429] && east.dropFirst(2).allSatisfy { $0.status == 200 }, "\(east.map(\.status))")
        #expect(log.filter { $0.region == "eu-west-1" && $0.query.contains("nextToken=") }.count >= 2)
        #expect(log.filter { $0.region == "eu-west-1" && $0.service == "servicequotas" }.count == 2, "two pages of quotas")
        #expect(log.filter { $0.region == "eu-central-1" }.allSatisfy { $0.status == 403 || $0.status == 400 })

        let show = try Advisor.run(["catalogue", "versions"], home: home)
        #expect(show.stdout.contains(stored))
        #expect(show.stdout.contains("partial: not refreshed, earlier profiles kept: eu-central-1"), "\(show.stdout)")

        // Nothing changed since: no new version.
        let second = try Advisor.run(Array(arguments.dropLast(2)), home: home, environment: environment)
        #expect(second.code == 3)
        #expect(second.stdout.contains("Nothing changed since \(stored): no new version."), "\(second.stdout)")
        #expect(second.stdout.contains("eu-central-1: not refreshed, its earlier profiles are kept:"))
        let versions = try Advisor.run(["catalogue", "versions"], home: home)
        #expect(versions.stdout == show.stdout)
    }

    @Test func aBadEndpointIsTheUsersErrorAndNoRegionsIsAsked() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let environment = [
            "AWS_ACCESS_KEY_ID": Self.accessKey, "AWS_SECRET_ACCESS_KEY": Self.secretKey, "AWS_EC2_METADATA_DISABLED": "true",
        ]
        let bad = try Advisor.run(
            ["catalogue", "refresh", "--regions", "eu-west-1", "--endpoint-url", "ftp://x"], home: home, environment: environment)
        #expect(bad.code == 2)
        #expect(bad.stderr.contains("--endpoint-url"))
        let none = try Advisor.run(["catalogue", "refresh"], home: home, environment: environment)
        #expect(none.code == 2)
        #expect(none.stderr.contains("--regions R,… or --all-regions"))
        let empty = try Advisor.run(["catalogue", "refresh", "--regions", ","], home: home, environment: environment)
        #expect(empty.code == 2 && empty.stderr.contains("--regions: expected Region codes"), "\(empty.stderr)")
        let unknown = try Advisor.run(["catalogue", "refresh", "--regions", "eu-wst-1"], home: home, environment: environment)
        #expect(unknown.code == 2)
        #expect(unknown.stderr.contains("--regions"))
    }
}
