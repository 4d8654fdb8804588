import AdvisorCore
import Foundation
import Testing

/// What a CloudTrail userAgent says of its client, where a Local Zone belongs, and which values
/// `advisor evidence athena` refuses to put in its SQL.
struct ClientAgentTests {
    @Test(arguments: [
        // AWS's own example record (logging-using-cloudtrail.md).
        (
            "Boto3/1.28.62 md/Botocore#1.31.62 ua/2.0 os/macos#22.6.0 md/arch#x86_64 lang/python#3.11.4 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.31.62",
            "Boto3/1", "legacy"
        ),
        (
            "aws-sdk-js/3.700.0 ua/2.1 os/linux#6.1.0 lang/js md/nodejs#20.18.0 api/bedrock-runtime#3.700.0 m/E,N", "aws-sdk-js/3",
            "standard"
        ),
        ("aws-sdk-java/2.29.0 ua/2.1 os/Linux#6.1 lang/java#21.0.4 m/N,F", "aws-sdk-java/2", "adaptive"),
        ("aws-sdk-java/2.29.0 ua/2.1 m/D", "aws-sdk-java/2", "legacy"),
        // A two-letter metric code is not its first letter.
        ("aws-sdk-java/2.29.0 ua/2.1 m/AD,E", "aws-sdk-java/2", "standard"),
        ("aws-sdk-java/2.29.0 ua/2.1 m/AD,DE", "aws-sdk-java/2", ""),
        // botocore's configuration wins over its metrics.
        ("Boto3/1.40.1 ua/2.1 m/E cfg/retry-mode#adaptive Botocore/1.40.1", "Boto3/1", "adaptive"),
        ("cfg/retry-mode#legacyish Boto3/1.2", "", ""),
        ("python-requests/2.31.0", "python-requests/2", ""),
        ("", "", ""),
        ("[gateway] client/1", "", ""),
        (String(repeating: "a", count: 41) + "/1", "", ""),
        (String(repeating: "a", count: 40) + "/1234567", String(repeating: "a", count: 40) + "/123456", ""),
    ])
    func userAgents(agent: String, sdk: String, mode: String) {
        #expect(ClientAgent.parse(agent) == ClientAgent(sdk: sdk, retryMode: mode))
    }

    @Test func callersAreRolesNotSessionsAndNeverKeys() {
        #expect(
            ClientAgent.caller(arn: "arn:aws:sts::111122223333:assumed-role/checkout/alice@example.com", invokedBy: nil)
                == "arn:aws:sts::111122223333:assumed-role/checkout")
        #expect(ClientAgent.caller(arn: "arn:aws:iam::111122223333:user/batch", invokedBy: nil) == "arn:aws:iam::111122223333:user/batch")
        #expect(ClientAgent.caller(arn: "", invokedBy: "bedrock.amazonaws.com") == "bedrock.amazonaws.com")
        #expect(ClientAgent.caller(arn: nil, invokedBy: nil) == "")
        // As the SQL's `^arn:[^/]*:assumed-role/[^/]+` reads them.
        #expect(ClientAgent.caller(arn: "arn:assumed-role/x/y", invokedBy: nil) == "arn:assumed-role/x/y")
        #expect(ClientAgent.caller(arn: "arn:aws:sts::1:assumed-role/", invokedBy: nil) == "arn:aws:sts::1:assumed-role/")
        #expect(ClientAgent.caller(arn: "arn:a/b:assumed-role/x/y", invokedBy: nil) == "arn:a/b:assumed-role/x/y")
    }

    @Test func defaultAttemptsComeFromEachSDKsSource() {
        #expect(ClientAgent.defaultAttempts(sdk: "Boto3/1", retryMode: "legacy") == 5)
        #expect(ClientAgent.defaultAttempts(sdk: "aws-sdk-java/2", retryMode: "legacy") == 4)
        #expect(ClientAgent.defaultAttempts(sdk: "aws-sdk-js/3", retryMode: "adaptive") == 3)
        #expect(ClientAgent.defaultAttempts(sdk: "python-requests/2", retryMode: "standard") == nil)
        #expect(ClientAgent.defaultAttempts(sdk: "Boto3/1", retryMode: "") == nil)
    }

    @Test func localZonesFoldIntoTheirRegion() {
        let known: Set<String> = ["us-east-1", "us-west-2", "us-gov-west-1"]
        #expect(LocalZone.folded("us-west-2-lax-1", knownRegions: known) == "us-west-2")
        #expect(LocalZone.folded("us-west-2-lax-1a", knownRegions: known) == "us-west-2")
        #expect(LocalZone.folded("us-east-1-bos-1", knownRegions: known) == "us-east-1")
        #expect(LocalZone.folded("us-east-1", knownRegions: known) == "us-east-1")
        #expect(LocalZone.folded("us-east-9-bos-1", knownRegions: known) == "us-east-9-bos-1")
        #expect(LocalZone.folded("us-east-1-BOS-1", knownRegions: known) == "us-east-1-BOS-1")
        #expect(LocalZone.folded("us-east-1-bos-1ab", knownRegions: known) == "us-east-1-bos-1ab")
        #expect(LocalZone.folded("../../etc/passwd", knownRegions: known) == "../../etc/passwd")
    }

    func query(_ change: (inout AthenaQuery) -> Void) -> AthenaQuery {
        var query = AthenaQuery(
            engine: .athena, table: "cloudtrail_bedrock", accounts: ["111122223333"], regions: [], allRegions: ["eu-central-1"],
            since: RFC3339.parseDateOrDateTime("2026-11-01")!, until: RFC3339.parseDateOrDateTime("2026-11-30")!, bucket: "s3://b")
        change(&query)
        return query
    }

    @Test func nothingTheUserTypesCanLeaveItsPlaceInTheSQL() throws {
        let refused: [(String, (inout AthenaQuery) -> Void)] = [
            ("--accounts", { $0.accounts = ["1111222233334"] }),
            ("--accounts", { $0.accounts = ["11112222333'"] }),
            ("--accounts", { $0.accounts = [] }),
            ("--table", { $0.table = "t; DROP TABLE x" }),
            ("--table", { $0.table = "" }),
            ("--bucket", { $0.bucket = "s3://b' OR '1'='1" }),
            ("--bucket", { $0.bucket = "s3://b/${account}" }),
            ("--bucket", { $0.bucket = "https://b" }),
            ("--organization", { $0.organization = "o-ABC'" }),
            ("--since", { $0.since = RFC3339.parseDateOrDateTime("2026-12-01")! }),
        ]
        for (field, change) in refused {
            #expect(throws: InputError.self, "\(field)") { try query(change).validated() }
            do { _ = try query(change).validated() } catch { #expect(error.field == field) }
        }
        // CloudTrail Lake reads an event data store: no accounts needed.
        _ = try query {
            $0.engine = .cloudtrailLake; $0.accounts = []; $0.table = "EXAMPLE-f852-4e8f"
        }.validated()
    }

    @Test func theQueryReadsADayEitherSideOfTheWindowsPartitions() {
        let sql = query { _ in }.query
        #expect(sql.contains("\"timestamp\" BETWEEN '2026/10/31' AND '2026/12/01'"))
        #expect(sql.contains("eventtime >= '2026-11-01T00:00:00Z'") && sql.contains("eventtime < '2026-12-01T00:00:00Z'"))
        #expect(AthenaQuery.columns.allSatisfy { sql.contains(" AS \($0)") })
    }
}
