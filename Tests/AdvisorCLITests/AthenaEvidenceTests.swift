import AdvisorTestSupport
import Foundation
import Testing

/// The organisation path (issue 27): the SQL `advisor evidence athena` prints, run by an engine that
/// is not advisor (DuckDB, after sqlglot parses it as Trino SQL) over generated CloudTrail records,
/// read back with `ingest --format athena`, must say exactly what advisor's own CloudTrail reader says
/// of the same records. Tests/Oracles/athena_oracle.py generates the records and runs the engine.
struct AthenaEvidenceTests {
    static let window = ["--since", "2026-11-01", "--until", "2026-11-03"]
    static let accounts = ["--accounts", "111122223333,444455556666"]

    /// The generated records, the engine's results and the census the generator labelled.
    struct Oracle {
        let directory: TemporaryDirectory
        var trail: [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: directory.path("trail"))) ?? []).sorted().map {
                directory.path("trail/\($0)")
            }
        }
        func path(_ name: String) -> String { directory.path(name) }
    }

    static func oracle() throws -> Oracle {
        let directory = try TemporaryDirectory()
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let query = try Advisor.run(
            ["evidence", "athena", "--bucket", "s3://trail-bucket", "--only", "query"] + accounts + window, home: home)
        try #require(query.code == 0, "\(query.stderr)")
        try query.stdout.write(toFile: directory.path("query.sql"), atomically: true, encoding: .utf8)
        let run = try Subprocess.python([Repo.file("Tests/Oracles/athena_oracle.py").path, directory.url.path, directory.path("query.sql")])
        try #require(run.code == 0, "the engine failed: \(run.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        // The query kept exactly the window's inference calls: none outside it, none of another source.
        #expect(summary["result_calls"] as? Int == summary["labelled_calls"] as? Int, "\(summary)")
        #expect((summary["records"] as? Int ?? 0) > (summary["in_window"] as? Int ?? 0), "records outside the window exist")
        return Oracle(directory: directory)
    }

    static func output(_ arguments: [String], _ home: TemporaryDirectory) throws -> String {
        let result = try Advisor.run(arguments, home: home)
        try #require(result.code == 0, "\(arguments): \(result.stderr)")
        return result.stdout
    }

    static let views: [[String]] = [
        ["routes"], ["routes", "--format", "json"], ["routes", "--clients"], ["routes", "--clients", "--format", "json"],
        ["routes", "--source", "us-east-1", "--clients"], ["routes", "--since", "2026-11-03", "--format", "json"],
    ]

    static let engineAvailable = Subprocess.pythonHas("duckdb", "sqlglot")

    @Test(.enabled(if: engineAvailable, "needs python3's duckdb and sqlglot (scripts/bootstrap.sh installs them): skipped"))
    func theEnginesResultSaysWhatTheCloudTrailReaderSays() throws {
        let oracle = try Self.oracle()
        defer { oracle.directory.remove() }
        let events = try TemporaryDirectory(), counts = try TemporaryDirectory(), both = try TemporaryDirectory()
        defer { [events, counts, both].forEach { $0.remove() } }
        _ = try Self.output(["ingest", "--format", "cloudtrail"] + oracle.trail, events)

        // Quoted, unquoted, gzipped, and the same again: one result, counted once.
        let results = ["result-quoted.csv", "result-plain.csv", "result-quoted.csv.gz", "result-quoted.csv"].map(oracle.path)
        let ingest = try Self.output(["ingest", "--format", "athena"] + results, counts)
        let lines = ingest.split(separator: "\n")
        #expect(lines.count == 4 && lines[0].contains(" new counts, ") && lines[0].contains(" calls more than the store held"), "\(ingest)")
        #expect(lines.dropFirst().allSatisfy { $0.hasSuffix("already stored, nothing changed") }, "\(ingest)")

        // Both kinds in one store: the days the counts cover are not counted again from events.
        _ = try Self.output(["ingest", "--format", "cloudtrail"] + oracle.trail, both)
        _ = try Self.output(["ingest", "--format", "athena", oracle.path("result-plain.csv")], both)

        for view in Self.views {
            let expected = try Self.output(view, events)
            #expect(try Self.output(view, counts) == expected, "\(view): the Athena result disagrees with the CloudTrail reader")
            #expect(try Self.output(view, both) == expected, "\(view): events and counts of the same days were added up")
        }
        #expect(try Self.output(["routes"], events).contains("global.anthropic.claude-sonnet-4-6 from eu-central-1"))
    }

    @Test(.enabled(if: engineAvailable, "needs python3's duckdb and sqlglot (scripts/bootstrap.sh installs them): skipped"))
    func theCensusCountsEveryRetryModeExactly() throws {
        let oracle = try Self.oracle()
        defer { oracle.directory.remove() }
        let expected = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: oracle.path("census.json")))) as? [[String: Any]])
        func key(_ source: Any?, _ profile: Any?, _ use: [String: Any]) -> String {
            [source, profile, use["caller"], use["sdk"], use["retry_mode"]].map { "\($0 ?? "")" }.joined(separator: "|")
        }
        let labelled = Dictionary(
            uniqueKeysWithValues: expected.map { (key($0["source"], $0["profile"], $0), [$0["calls"] as? Int, $0["throttled"] as? Int]) })
        #expect(Set(expected.compactMap { $0["retry_mode"] as? String }) == ["legacy", "standard", "adaptive", ""])
        #expect(Set(expected.compactMap { $0["sdk"] as? String }).isSuperset(of: ["Boto3/1", "aws-sdk-js/3", "aws-sdk-java/2"]))
        for (format, files) in [("cloudtrail", oracle.trail), ("athena", [oracle.path("result-quoted.csv.gz")])] {
            let home = try TemporaryDirectory()
            defer { home.remove() }
            _ = try Self.output(["ingest", "--format", format] + files, home)
            let json = try Self.output(["routes", "--clients", "--format", "json"], home)
            let routes = try #require(
                (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["routes"] as? [[String: Any]])
            var census: [String: [Int?]] = [:]
            for route in routes {
                for use in route["clients"] as? [[String: Any]] ?? [] {
                    census[key(route["source"], route["profile"], use)] = [use["calls"] as? Int, use["throttled"] as? Int]
                }
            }
            #expect(census == labelled, "\(format): the census differs from the generator's labels")
        }
    }

    @Test(.enabled(if: engineAvailable, "needs python3's duckdb and sqlglot (scripts/bootstrap.sh installs them): skipped"))
    func resultsThatShareADayAreNotAddedUp() throws {
        let oracle = try Self.oracle()
        defer { oracle.directory.remove() }
        let text = try String(contentsOfFile: oracle.path("result-plain.csv"), encoding: .utf8)
        var rows = text.split(separator: "\n").map(String.init)
        let header = rows.removeFirst()
        // Nov 1–2 in one result, Nov 2–3 in the other: Nov 2 is in both.
        let early = ([header] + rows.filter { !$0.contains(",2026-11-03,") }).joined(separator: "\n") + "\n"
        let late = ([header] + rows.filter { !$0.contains(",2026-11-01,") }).joined(separator: "\n") + "\n"
        try early.write(toFile: oracle.path("early.csv"), atomically: true, encoding: .utf8)
        try late.write(toFile: oracle.path("late.csv"), atomically: true, encoding: .utf8)
        let whole = try TemporaryDirectory(), split = try TemporaryDirectory()
        defer { [whole, split].forEach { $0.remove() } }
        _ = try Self.output(["ingest", "--format", "athena", oracle.path("result-plain.csv")], whole)
        _ = try Self.output(["ingest", "--format", "athena", oracle.path("late.csv"), oracle.path("early.csv")], split)
        #expect(
            try Self.output(["routes", "--clients", "--format", "json"], split)
                == Self.output(["routes", "--clients", "--format", "json"], whole))
    }

    /// Rows of one file that fold into one key (a Local Zone and its Region) add up; files keep the
    /// larger of their totals, whatever order the rows come in.
    @Test func rowsThatFoldTogetherAddUpWithinAFileAndFilesKeepTheLarger() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let header =
            "account_id,source_region,model_id,inference_region,endpoint,operation,error_code,caller,sdk,retry_mode,day,calls,first_seen,last_seen"
        func row(_ served: String, _ calls: Int) -> String {
            "111122223333,us-east-1,us.anthropic.claude-sonnet-4-6,\(served),bedrock-runtime,Converse,,,,,2026-11-02,\(calls),2026-11-02T10:00:00Z,2026-11-02T11:00:00Z"
        }
        try [header, row("us-east-1", 5)].joined(separator: "\n").write(toFile: home.path("one.csv"), atomically: true, encoding: .utf8)
        try [header, row("us-east-1", 3), row("us-east-1-bos-1", 7)].joined(separator: "\n")
            .write(toFile: home.path("two.csv"), atomically: true, encoding: .utf8)
        let ingest = try Self.output(
            ["ingest", "--format", "athena", home.path("one.csv"), home.path("two.csv"), home.path("one.csv")], home)
        let routes = try #require(
            (try JSONSerialization.jsonObject(with: Data(try Self.output(["routes", "--format", "json"], home).utf8)) as? [String: Any])?[
                "routes"]
                as? [[String: Any]])
        #expect(routes.first?["calls"] as? Int == 10, "max(5, 3 + 7): \(routes) \(ingest)")
        #expect(ingest.split(separator: "\n").last?.hasSuffix("already stored, nothing changed") == true, "\(ingest)")
    }

    @Test func aMalformedRowNamesTheFileLineAndColumnAndChangesNothing() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let header =
            "account_id,source_region,model_id,inference_region,endpoint,operation,error_code,caller,sdk,retry_mode,day,calls,first_seen,last_seen"
        let good =
            "111122223333,eu-central-1,eu.anthropic.claude-sonnet-4-6,eu-west-1,bedrock-runtime,Converse,,arn:aws:iam::111122223333:user/a,Boto3/1,standard,2026-11-02,3,2026-11-02T10:00:00Z,2026-11-02T11:00:00Z"
        try [header, good].joined(separator: "\n").write(toFile: home.path("good.csv"), atomically: true, encoding: .utf8)
        _ = try Self.output(["ingest", "--format", "athena", home.path("good.csv")], home)
        let before = try Self.output(["routes", "--clients", "--format", "json"], home)
        let cases: [(row: String, field: String)] = [
            (good.replacingOccurrences(of: ",3,", with: ",three,"), "calls"),
            (good.replacingOccurrences(of: "eu-west-1", with: "eu-wset-1"), "inference_region"),
            (good.replacingOccurrences(of: ",standard,", with: ",turbo,"), "retry_mode"),
            (good.replacingOccurrences(of: "111122223333,eu", with: "1111,eu"), "account_id"),
            (good.replacingOccurrences(of: "2026-11-02T11:00:00Z", with: "2026-11-05T11:00:00Z"), "last_seen"),
            (good.replacingOccurrences(of: ",Converse,", with: ",CreateInference,"), "operation"),
            (good.replacingOccurrences(of: ",3,", with: ",123456789012345678901234567890,"), "calls"),
            (good.replacingOccurrences(of: "user/a", with: "user/a\u{0}b"), "caller"),
        ]
        for (row, field) in cases {
            // A good row first: it must not be kept either.
            let other = good.replacingOccurrences(of: "2026-11-02", with: "2026-11-01")
            try [header, other, "", row].joined(separator: "\r\n").write(toFile: home.path("bad.csv"), atomically: true, encoding: .utf8)
            let result = try Advisor.run(["ingest", "--format", "athena", home.path("good.csv"), home.path("bad.csv")], home: home)
            #expect(result.code == 2, "\(field): \(result.stderr)")
            #expect(
                result.stderr.contains("bad.csv") && result.stderr.contains(":4") && result.stderr.contains(field),
                "\(field): \(result.stderr)")
            #expect(try Self.output(["routes", "--clients", "--format", "json"], home) == before, "\(field): the store changed")
        }
        // A column named twice is ambiguous: refused, not the first one taken.
        try [header + ",calls", good + ",9"].joined(separator: "\n").write(
            toFile: home.path("twice.csv"), atomically: true, encoding: .utf8)
        let twice = try Advisor.run(["ingest", "--format", "athena", home.path("twice.csv")], home: home)
        #expect(twice.code == 2 && twice.stderr.contains("twice.csv:1") && twice.stderr.contains("calls twice"), "\(twice.stderr)")
        // A header alone is an empty result, said as such.
        try header.write(toFile: home.path("empty.csv"), atomically: true, encoding: .utf8)
        let empty = try Advisor.run(["ingest", "--format", "athena", home.path("empty.csv")], home: home)
        #expect(empty.code == 0 && empty.stdout.contains("an empty result"), "\(empty.stdout)")
        let missing = try Advisor.run(["ingest", "--format", "athena", Repo.file("Fixtures/configs/broken-data.csv").path], home: home)
        #expect(missing.code == 2 && missing.stderr.contains("account_id"), "\(missing.stderr)")
        // Athena's binary sidecar beside the result is skipped by name, not read as CSV.
        try Data([0x0A, 0x00, 0xFF, 0x12]).write(to: URL(fileURLWithPath: home.path("q.csv.metadata")))
        let sidecar = try Advisor.run(["ingest", "--format", "athena", home.path("good.csv"), home.path("q.csv.metadata")], home: home)
        #expect(sidecar.code == 0 && sidecar.stdout.contains("q.csv.metadata: skipped"), "\(sidecar.stdout)\(sidecar.stderr)")
    }

    @Test(.enabled(if: Subprocess.pythonHas("sqlglot"), "needs python3's sqlglot (scripts/bootstrap.sh installs it): skipped"))
    func everyStatementParsesInItsDialect() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let athena = try Self.output(
            [
                "evidence", "athena", "--bucket", "s3://trail-bucket/prefix", "--organization", "o-a1b2c3d4e5", "--regions",
                "eu-central-1,us-east-1",
            ]
                + Self.accounts + Self.window, home)
        let lake = try Self.output(
            ["evidence", "athena", "--engine", "cloudtrail-lake", "--event-data-store", "EXAMPLE-f852-4e8f"] + Self.window, home)
        try athena.write(toFile: home.path("athena.sql"), atomically: true, encoding: .utf8)
        try lake.write(toFile: home.path("lake.sql"), atomically: true, encoding: .utf8)
        let check = try Subprocess.python([
            "-c",
            """
            import sys, sqlglot
            statements = sqlglot.parse(open(sys.argv[1]).read(), read='athena')
            assert [type(s).__name__ for s in statements if s] == ['Create', 'Select'], statements
            assert sqlglot.parse_one(open(sys.argv[1]).read().split(';')[1], read='trino')
            # CloudTrail Lake names the event data store by its bare id, hyphens and all (its own
            # examples do); Trino would need it quoted, so the test quotes it before parsing.
            lake = open(sys.argv[2]).read().rstrip().rstrip(';').replace('FROM EXAMPLE-f852-4e8f', 'FROM "EXAMPLE-f852-4e8f"')
            assert sqlglot.parse_one(lake, read='trino')
            """,
            home.path("athena.sql"), home.path("lake.sql"),
        ])
        #expect(check.code == 0, "\(check.stderr)")
        for (name, text) in [("evidence-athena.sql", athena), ("evidence-athena-lake.sql", lake)] {
            if let difference = try Golden.check(text, named: name) { Issue.record(Comment(rawValue: difference)) }
        }
        #expect(
            athena.contains(
                "'storage.location.template'='s3://trail-bucket/prefix/AWSLogs/o-a1b2c3d4e5/${account}/CloudTrail/${region}/${timestamp}'"))
    }

    @Test func badFlagsAreRefusedNamingTheFlag() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let cases: [([String], String)] = [
            (["--accounts", "111122223333"], "--bucket"),
            (["--bucket", "s3://b"], "--accounts"),
            (["--bucket", "s3://b", "--accounts", "12345"], "--accounts"),
            (["--bucket", "s3://b'; DROP TABLE x; --", "--accounts", "111122223333"], "--bucket"),
            (["--bucket", "s3://b", "--accounts", "111122223333", "--table", "t; DROP"], "--table"),
            (["--bucket", "s3://b", "--accounts", "111122223333", "--regions", "eu-cenral-1"], "--regions"),
            (["--bucket", "s3://b", "--accounts", "111122223333", "--since", "2026-12-01", "--until", "2026-11-01"], "--since"),
            (["--bucket", "s3://b", "--accounts", "111122223333", "--since", "yesterday"], "--since"),
            (["--engine", "cloudtrail-lake", "--bucket", "s3://b"], "--event-data-store"),
            (["--engine", "bigquery"], "--engine"),
        ]
        for (arguments, flag) in cases {
            let result = try Advisor.run(["evidence", "athena"] + arguments, home: home)
            #expect(result.code == 2 && result.stderr.contains(flag) && result.stdout.isEmpty, "\(arguments): \(result.stderr)")
        }
    }
}
