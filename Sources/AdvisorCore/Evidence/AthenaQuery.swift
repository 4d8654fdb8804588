public import Foundation

/// The SQL `advisor evidence athena` prints: a CloudTrail table for Athena with partition projection
/// (account, Region and day: one table for a whole organisation), and the query that counts Bedrock
/// inference calls per (account, source Region, model id, served Region, endpoint, operation, error,
/// caller, SDK, retry mode, day). `advisor ingest --format athena` reads its result. The same query for
/// CloudTrail Lake, which "supports all Trino functions" (CloudTrail user guide, query-limitations).
///
/// Every value the SQL derives is derived the way advisor's own CloudTrail reader derives it, from
/// the same declarations (`ObservedCall`, `ClientAgent`); tests run the query in a real engine over
/// the records the reader reads and compare.
public struct AthenaQuery: Sendable {
    public enum Engine: String, Sendable, CaseIterable {
        case athena
        case cloudtrailLake = "cloudtrail-lake"
    }

    public var engine: Engine
    /// The Athena table's name (`--table`), or CloudTrail Lake's event data store id.
    public var table: String
    /// The accounts (12 digits each) whose calls to count; empty: every account in the table (CloudTrail Lake only).
    public var accounts: [String]
    /// The source Regions to read; empty: all of `allRegions`.
    public var regions: [String]
    /// Every Region code advisor knows: the table's Region projection when `regions` is empty.
    public var allRegions: [String]
    /// The first and last UTC day counted, both included.
    public var since: Date
    public var until: Date
    /// Where CloudTrail delivers: `s3://bucket[/prefix]`, with `AWSLogs/` below it.
    public var bucket: String
    /// An organisation trail's id (`o-…`): its files sit under `AWSLogs/<org id>/<account>/`.
    public var organization: String?

    public init(
        engine: Engine, table: String, accounts: [String], regions: [String], allRegions: [String], since: Date, until: Date,
        bucket: String, organization: String? = nil
    ) {
        self.engine = engine
        self.table = table
        self.accounts = accounts
        self.regions = regions
        self.allRegions = allRegions
        self.since = since
        self.until = until
        self.bucket = bucket
        self.organization = organization
    }

    /// The columns of the result, in order: what `ingest --format athena` expects in the header.
    public static let columns = [
        "account_id", "source_region", "model_id", "inference_region", "endpoint", "operation", "error_code",
        "caller", "sdk", "retry_mode", "day", "calls", "first_seen", "last_seen",
    ]

    static let runtimeSource = "bedrock.amazonaws.com"
    static let mantleSource = "bedrock-mantle.amazonaws.com"

    /// Checks what the user gave: account ids, a table name and a bucket that cannot break out of
    /// their place in the SQL.
    public func validated() throws(InputError) -> AthenaQuery {
        for account in accounts where !(account.count == 12 && account.allSatisfy { $0.isASCII && $0.isNumber }) {
            throw InputError(field: "--accounts", value: account, expected: "12-digit AWS account ids, separated by commas")
        }
        if engine == .athena && accounts.isEmpty {
            throw InputError(
                field: "--accounts", value: "",
                expected: "the accounts whose CloudTrail the table reads (its partition projection lists them)")
        }
        let identifier = table.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ".") }
        if table.isEmpty || !identifier || table.count > 128 {
            throw InputError(
                field: engine == .athena ? "--table" : "--event-data-store", value: table,
                expected: engine == .athena
                    ? "a table name of letters, digits and underscores (database.table allowed)"
                    : "the event data store's id (the last part of its ARN)")
        }
        if engine == .athena {
            let path = bucket.dropFirst("s3://".count)
            guard bucket.hasPrefix("s3://"), !path.isEmpty,
                path.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0 != "'" && $0 != "\\" && $0 != "$" })
            else {
                throw InputError(
                    field: "--bucket", value: bucket, expected: "where CloudTrail delivers, as s3://bucket or s3://bucket/prefix")
            }
        }
        if let organization,
            !(organization.hasPrefix("o-") && organization.count <= 34
                && organization.dropFirst(2).allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber) }) && organization.count > 2)
        {
            throw InputError(field: "--organization", value: organization, expected: "an organization id such as o-a1b2c3d4e5")
        }
        guard since <= until else {
            throw InputError(
                field: "--since", value: RFC3339.dateString(since), expected: "a day on or before --until (\(RFC3339.dateString(until)))")
        }
        return self
    }

    // MARK: - The table

    /// The CREATE TABLE for Athena: the CloudTrail columns the query reads (JsonSerDe ignores the
    /// rest), partitioned by account, Region and delivery day with partition projection, so Athena
    /// lists no partitions and reads only the days, accounts and Regions the query names.
    public var tableDDL: String {
        let root = bucket.hasSuffix("/") ? String(bucket.dropLast()) : bucket
        let logs = root + "/AWSLogs/" + (organization.map { "\($0)/" } ?? "")
        let regionValues = (regions.isEmpty ? allRegions : regions).joined(separator: ",")
        return """
            -- advisor evidence athena: a CloudTrail table for Bedrock inference calls, with partition projection
            -- (account, Region and day). Run it once in Athena (JsonSerDe ignores the CloudTrail fields not listed).
            CREATE EXTERNAL TABLE IF NOT EXISTS \(table) (
              useridentity STRUCT<type: STRING, arn: STRING, accountid: STRING, invokedby: STRING>,
              eventtime STRING,
              eventsource STRING,
              eventname STRING,
              awsregion STRING,
              useragent STRING,
              errorcode STRING,
              requestparameters STRING,
              additionaleventdata STRING,
              eventid STRING,
              recipientaccountid STRING
            )
            PARTITIONED BY (account STRING, region STRING, `timestamp` STRING)
            ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
            STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
            OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
            LOCATION '\(logs)'
            TBLPROPERTIES (
              'projection.enabled'='true',
              'projection.account.type'='enum',
              'projection.account.values'='\(accounts.joined(separator: ","))',
              'projection.region.type'='enum',
              'projection.region.values'='\(regionValues)',
              'projection.timestamp.type'='date',
              'projection.timestamp.format'='yyyy/MM/dd',
              'projection.timestamp.interval'='1',
              'projection.timestamp.interval.unit'='DAYS',
              'projection.timestamp.range'='\(Self.slashed(Self.addDays(-1, to: since))),NOW',
              'storage.location.template'='\(logs)${account}/CloudTrail/${region}/${timestamp}'
            );

            """
    }

    // MARK: - The query

    public var query: String {
        let lake = engine == .cloudtrailLake
        // Column names: Athena's table is lower case; CloudTrail Lake's fields are camel case.
        func c(_ athena: String, _ lakeName: String) -> String { lake ? lakeName : athena }
        let source = c("eventsource", "eventSource")
        let parameters = c("requestparameters", "requestParameters")
        let additional = c("additionaleventdata", "additionalEventData")
        let region = c("awsregion", "awsRegion")
        let agent = c("useragent", "userAgent")
        let arn = "NULLIF(\(c("useridentity", "userIdentity")).arn, '')"
        let invokedBy = "\(c("useridentity", "userIdentity")).invokedby"
        func json(_ column: String, _ key: String) -> String {
            lake ? "element_at(\(column), '\(key)')" : "json_extract_scalar(\(column), '$.\(key)')"
        }
        let modes =
            ClientAgent.retryModes.map { mode in
                "    WHEN regexp_like(\(agent), '(^| )cfg/retry-mode#\(mode)( |$)') THEN '\(mode)'"
            }
            + ClientAgent.metricCodes.map { code, mode in
                "    WHEN regexp_like(\(agent), '(^| )m/([^ ]*,)?\(code)(,| |$)') THEN '\(mode)'"
            }
        let sdkPattern = "^[A-Za-z0-9._-]{1,\(ClientAgent.maximumNameLength)}/[0-9]{1,\(ClientAgent.maximumMajorDigits)}"
        let operations = ObservedCall.runtimeOperations.sorted().map { "'\($0)'" }.joined(separator: ", ")
        let mantleOperations = ObservedCall.mantleOperations.sorted().map { "'\($0)'" }.joined(separator: ", ")
        let time = c("eventtime", "eventTime")
        let day = lake ? "date_format(\(time), '%Y-%m-%d')" : "substr(\(time), 1, 10)"
        func stamp(_ expression: String) -> String { lake ? "date_format(\(expression), '%Y-%m-%dT%H:%i:%sZ')" : expression }
        let end = Self.addDays(1, to: until)

        var conditions = [
            "((\(source) = '\(Self.runtimeSource)' AND \(c("eventname", "eventName")) IN (\(operations)))\n"
                + "       OR (\(source) = '\(Self.mantleSource)' AND \(c("eventname", "eventName")) IN (\(mantleOperations))))"
        ]
        if lake {
            conditions.append("\(time) >= timestamp '\(RFC3339.dateString(since)) 00:00:00'")
            conditions.append("\(time) < timestamp '\(RFC3339.dateString(end)) 00:00:00'")
            if !accounts.isEmpty { conditions.append("recipientAccountId IN (\(Self.list(accounts)))") }
            if !regions.isEmpty { conditions.append("awsRegion IN (\(Self.list(regions)))") }
        } else {
            // Partitions first, so Athena reads only these prefixes. CloudTrail files a record under
            // the day it delivered it, up to about 15 minutes after the call: a day either side.
            conditions.append("account IN (\(Self.list(accounts)))")
            if !regions.isEmpty { conditions.append("region IN (\(Self.list(regions)))") }
            conditions.append(
                "\"timestamp\" BETWEEN '\(Self.slashed(Self.addDays(-1, to: since)))' AND '\(Self.slashed(end))'")
            conditions.append("\(time) >= '\(RFC3339.dateString(since))T00:00:00Z'")
            conditions.append("\(time) < '\(RFC3339.dateString(end))T00:00:00Z'")
        }
        return """
            -- advisor evidence athena\(lake ? " --engine cloudtrail-lake" : ""): Bedrock inference calls from \
            \(RFC3339.dateString(since)) to \(RFC3339.dateString(until)) (UTC, both included),
            -- counted per account, route, outcome, caller, SDK, retry mode and day.
            -- Save the result as CSV and read it with: advisor ingest --format athena FILE
            SELECT
              \(c("recipientaccountid", "recipientAccountId")) AS account_id,
              \(region) AS source_region,
              CASE WHEN \(source) = '\(Self.mantleSource)' THEN \(json(parameters, "model"))
                   ELSE \(json(parameters, "modelId")) END AS model_id,
              COALESCE(\(json(additional, "inferenceRegion")), \(region)) AS inference_region,
              CASE WHEN \(source) = '\(Self.mantleSource)' THEN '\(ObservedCall.mantle)' ELSE '\(ObservedCall.runtime)' END AS endpoint,
              \(c("eventname", "eventName")) AS operation,
              COALESCE(\(c("errorcode", "errorCode")), '') AS error_code,
              COALESCE(regexp_extract(\(arn), '^arn:[^/]*:assumed-role/[^/]+'), \(arn), \(invokedBy), '') AS caller,
              COALESCE(regexp_extract(\(agent), '\(sdkPattern)'), '') AS sdk,
              CASE
            \(modes.joined(separator: "\n"))
                ELSE '' END AS retry_mode,
              \(day) AS day,
              COUNT(*) AS calls,
              \(stamp("MIN(\(time))")) AS first_seen,
              \(stamp("MAX(\(time))")) AS last_seen
            FROM \(table)
            WHERE \(conditions.joined(separator: "\n  AND "))
            GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
            ORDER BY 11, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10;

            """
    }

    static func list(_ values: [String]) -> String { values.map { "'\($0)'" }.joined(separator: ", ") }
    static func slashed(_ date: Date) -> String { RFC3339.dateString(date).replacingOccurrences(of: "-", with: "/") }
    static func addDays(_ days: Int, to date: Date) -> Date { date.addingTimeInterval(Double(days) * 86_400) }
}
