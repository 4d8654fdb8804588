import AdvisorFormats
import AdvisorTestSupport
import Foundation
import Testing

/// Regressions of issue 9, one test per class of failure found by attacking the binary: each input
/// gets a result or an error naming it, with the right exit code, and a failed command leaves the
/// store byte-identical.
struct HardeningTests {
    static let header = "source_region,profile,ttfb_ms,total_ms,status\n"

    /// A home with an existing store; returns the store's path and bytes.
    static func seededHome() throws -> (TemporaryDirectory, String, Data) {
        let home = try TemporaryDirectory()
        #expect(try Advisor.run(["datasets"], home: home).code == 0)
        let store = home.path("advisor-home/advisor.sqlite")
        return (home, store, try #require(fileBytes(store)))
    }

    static func write(_ text: String, _ name: String, in home: TemporaryDirectory) throws -> String {
        let path = home.path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func crashOnInputIsAnErrorNamingTheInput() throws {
        let (home, store, before) = try Self.seededHome()
        defer { home.remove() }
        // A latency of 20+ digits overflowed the number parser (exit 132).
        let long = try Self.write(
            Self.header + "eu-central-1,eu.m,123456789012345678901234,123456789012345678901235,ok\n",
            "long.csv", in: home)
        let result = try Advisor.run(["ingest", long, "--dataset", "d"], home: home)
        // Since issue 23 a latency above a day is refused (exit 2, naming it), never a crash.
        #expect(result.code == 2 && result.stderr.contains("long.csv:2"), "\(result.stderr)")
        let jsonl = try Self.write(
            "{\"source_region\":\"eu-central-1\",\"profile\":\"p\",\"ttfb_ms\":1e400,\"total_ms\":1}\n",
            "huge.jsonl", in: home)
        let huge = try Advisor.run(["ingest", jsonl, "--dataset", "e"], home: home)
        #expect(huge.code == 2)
        #expect(huge.stderr.contains("huge.jsonl"))
        _ = store; _ = before
    }

    @Test func crashOnRuleLocationIsARuleFileError() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let directory = home.path("rules")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let rule = """
            id: team.empty-location
            severity: warning
            applies_to: service
            title: t
            description: d
            rationale: r
            remediation: m
            condition: "true"
            message: "m"
            location: ""
            """
        try rule.write(toFile: directory + "/r.yaml", atomically: true, encoding: .utf8)
        for arguments in [
            ["rules", "list", "--rules", directory], ["rules", "test", directory],
            ["check", "--config", Repo.file("Fixtures/configs/clean.yaml").path, "--rules", directory],
        ] {
            let result = try Advisor.run(arguments, home: home)
            #expect(result.code == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("r.yaml:10"), "\(result.stderr)")
        }
    }

    @Test func crashOnQuotaArithmeticIsBoundedInput() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let tiny = try Self.write(
            """
            services:
              - {name: a, region: us-east-1, model: us.anthropic.claude-sonnet-4-6, traffic: {peak_rpm: 10}}
            quotas:
              - {model: anthropic.claude-sonnet-4-6, region: us-east-1, rpm: 1e-320}
            """, "tiny.yaml", in: home)
        let result = try Advisor.run(["capacity", "--config", tiny], home: home)
        #expect(result.code == 2)
        #expect(result.stderr.contains("tiny.yaml:4"), "\(result.stderr)")
        let huge = try Self.write(
            """
            services:
              - {name: a, region: us-east-1, model: us.anthropic.claude-sonnet-4-6, traffic: {peak_rpm: 1e20}}
            quotas:
              - {model: anthropic.claude-sonnet-4-6, region: us-east-1, rpm: 10}
            """, "huge.yaml", in: home)
        let second = try Advisor.run(["capacity", "--config", huge], home: home)
        #expect(second.code == 2)
        #expect(second.stderr.contains("huge.yaml:2"), "\(second.stderr)")
    }

    @Test func crashOnDeepConditionsIsAnError() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let directory = home.path("rules")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let deep = String(repeating: "(", count: 100_000) + "true" + String(repeating: ")", count: 100_000)
        let chain = Array(repeating: "1", count: 5_000).joined(separator: " + ") + " > 0"
        for (name, condition) in [("deep", deep), ("chain", chain)] {
            let rule = """
                id: team.\(name)
                severity: warning
                applies_to: service
                title: t
                description: d
                rationale: r
                remediation: m
                condition: "\(condition)"
                message: "m"
                """
            try rule.write(toFile: directory + "/\(name).yaml", atomically: true, encoding: .utf8)
            let result = try Advisor.run(["rules", "list", "--rules", directory + "/\(name).yaml"], home: home)
            #expect(result.code == 2, "\(name): \(result.stderr.prefix(300))")
            #expect(result.stderr.contains("\(name).yaml:8"), "\(result.stderr.prefix(300))")
            try FileManager.default.removeItem(atPath: directory + "/\(name).yaml")
        }
    }

    @Test func hangOnYAMLAliasesIsRefusedAtTheAlias() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        // Nine levels of nine aliases, used as mapping keys: Yams hashes every key while composing.
        var lines = ["? &a0 [x,x,x,x,x,x,x,x,x]", ": 0"]
        for level in 1...8 {
            lines.append("? &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ",") + "]")
            lines.append(": \(level)")
        }
        let bomb = try Self.write(lines.joined(separator: "\n") + "\n", "bomb.yaml", in: home)
        let directory = home.path("rules")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: bomb, toPath: directory + "/bomb.yaml")
        for arguments in [
            ["check", "--config", bomb], ["rules", "list", "--rules", directory],
            ["catalogue", "validate", bomb],
        ] {
            let result = try Advisor.run(arguments, home: home)
            #expect(result.code == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("bomb.yaml:3:8: YAML aliases (*name) are not accepted"), "\(arguments): \(result.stderr)")
        }
        // import reads AWS's JSON answers, which this is not: refused at once, naming the file.
        let imported = try Advisor.run(["catalogue", "import", bomb, "--region", "us-east-1"], home: home)
        #expect(imported.code == 2)
        #expect(imported.stderr.contains("bomb.yaml:"), "\(imported.stderr)")
    }

    @Test func policyNotAppliedFailsTheCommand() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let clean = Repo.file("Fixtures/configs/clean.yaml").path
        let missing = try Advisor.run(["check", "--config", clean, "--rules", "/nonexistent"], home: home)
        #expect(missing.code == 2)
        #expect(missing.stderr == "error: --rules: /nonexistent does not exist; expected a rule file or a directory of them\n")
        let test = try Advisor.run(["rules", "test", "/nonexistent"], home: home)
        #expect(test.code == 2)
        #expect(!test.stdout.contains("passed"))
        // An empty directory is no rule source either.
        let empty = home.path("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        #expect(try Advisor.run(["check", "--config", clean, "--rules", empty], home: home).code == 2)
        // A single file applies: the summary counts it beside the 20 built-in rules.
        let rule = """
            id: team.always
            severity: note
            applies_to: service
            title: t
            description: d
            rationale: r
            remediation: m
            condition: "service.name != 'never'"
            message: "seen {service.name}"
            examples:
              - triggers: true
                config: {services: [{name: a, region: us-east-1, model: us.anthropic.claude-sonnet-4-6}]}
              - triggers: false
                config: {services: [{name: never, region: us-east-1, model: us.anthropic.claude-sonnet-4-6}]}
            """
        let file = try Self.write(rule, "always.yaml", in: home)
        let applied = try Advisor.run(["check", "--config", clean, "--rules", file, "--as-of", "2026-04-20"], home: home)
        #expect(applied.code == 0)
        #expect(applied.stdout.contains("[team.always] checkout-assistant: seen checkout-assistant"))
        #expect(
            applied.stdout.hasSuffix(
                "4 services, 2 quotas, \(try RuleLoader.builtin().count + 1) rules applied: 0 errors, 0 warnings, 5 notes, 0 waived\n"),
            "\(applied.stdout)\(applied.stderr)")
        // An unreadable file in a rules directory fails the command (root reads anything: skip then).
        if getuid() != 0 {
            let directory = home.path("rules")
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try rule.write(toFile: directory + "/locked.yaml", atomically: true, encoding: .utf8)
            chmod(directory + "/locked.yaml", 0)
            #expect(try Advisor.run(["check", "--config", clean, "--rules", directory], home: home).code == 2)
        }
    }

    @Test func dataLossOnReplaceKeepsTheOtherFiles() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let a = try Self.write(
            "source_region,profile,metric,statistic,value_ms,n\neu-central-1,eu.m,total,p50,1000,30\n", "a.csv", in: home)
        let b = try Self.write(
            "source_region,profile,metric,statistic,value_ms,n\neu-central-1,global.m,total,p50,1200,30\n", "b.csv", in: home)
        #expect(try Advisor.run(["ingest", a, b, "--dataset", "two"], home: home).code == 0)
        let replaced = try Advisor.run(["ingest", a, "--dataset", "two", "--replace"], home: home)
        #expect(replaced.code == 0, "\(replaced.stderr)")
        let stats = try Advisor.run(["stats", "--dataset", "two", "--format", "csv"], home: home)
        #expect(stats.stdout.contains("global.m"), "\(stats.stdout)")
        #expect(stats.stdout.contains("eu.m"))
        // B is still there, so ingesting it again is a duplicate, and with --replace it goes in again.
        #expect(try Advisor.run(["ingest", b, "--dataset", "two"], home: home).code == 2)
        #expect(try Advisor.run(["ingest", b, "--dataset", "two", "--replace"], home: home).code == 0)
    }

    @Test func wrongDataIsRefusedNotStored() throws {
        let (home, store, before) = try Self.seededHome()
        defer { home.remove() }
        let run = home.path("llmeter")
        try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
        try #"{"endpoint": {"region": "us-east-1", "model_id": "us.amazon.nova-2-lite-v1:0"}}"#
            .write(toFile: run + "/run_config.json", atomically: true, encoding: .utf8)
        try #"{"id": "1", "time_to_first_token": "0.5", "time_to_last_token": 1.2}"#.appending("\n")
            .write(toFile: run + "/responses.jsonl", atomically: true, encoding: .utf8)
        let cases: [(String, String, String)] = [
            ("llmeter", run + "/responses.jsonl", "time_to_first_token: expected a JSON number, found the string '0.5'"),
            (
                "nul",
                try Self.write(
                    "source_region,profile,metric,statistic,value_ms\neu-central-1,eu.a\u{0}b,total,p50,1\n", "nul.csv", in: home),
                "profile: contains a NUL byte"
            ),
            (
                "rawnul", try Self.write(Self.header + "eu-central-1,eu.a\u{0}b,1,2,ok\n", "rawnul.csv", in: home),
                "profile: contains a NUL byte"
            ),
            (
                "hex", try Self.write(Self.header + "eu-central-1,eu.m,0x1p3,9,ok\n", "hex.csv", in: home),
                "'0x1p3' is not a non-negative number"
            ),
            (
                "inf", try Self.write(Self.header + "eu-central-1,eu.m,1,inf,ok\n", "inf.csv", in: home),
                "'inf' is not a non-negative number"
            ),
            (
                "tokens",
                try Self.write(
                    "source_region,profile,ttfb_ms,total_ms,input_tokens\neu-central-1,eu.m,1,2,9007199254740993\n", "tokens.csv", in: home),
                "input_tokens: '9007199254740993' is not a whole number from 0 to 10^12"
            ),
            (
                "twice", try Self.write("source_region,profile,ttfb_ms,ttfb_ms,total_ms\neu-central-1,eu.m,1,5,9\n", "twice.csv", in: home),
                "ttfb_ms: appears twice in the header"
            ),
        ]
        for (name, path, message) in cases {
            let result = try Advisor.run(["ingest", path, "--dataset", name], home: home)
            #expect(result.code == 2, "\(name): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(name): \(result.stderr)")
            #expect(result.stderr.contains((path as NSString).lastPathComponent), "\(name): \(result.stderr)")
        }
        #expect(fileBytes(store) == before)
        // One second given as the JSON integer 1 is 1000 ms (an integer 1 was taken for a boolean).
        try #"{"id": "1", "time_to_first_token": 1, "time_to_last_token": 2}"#.appending("\n")
            .write(toFile: run + "/responses.jsonl", atomically: true, encoding: .utf8)
        #expect(try Advisor.run(["ingest", run + "/responses.jsonl", "--dataset", "secs"], home: home).code == 0)
        let stats = try Advisor.run(["stats", "--dataset", "secs", "--format", "csv"], home: home)
        #expect(stats.stdout.contains(",1000.0,"), "\(stats.stdout)")
    }

    @Test func misleadingMessagesNameTheRealCause() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        // A UTF-8 byte order mark is no part of the first column's name.
        let bom = try Self.write("\u{FEFF}" + Self.header + "eu-central-1,eu.m,100,900,ok\n", "bom.csv", in: home)
        let ingested = try Advisor.run(["ingest", bom, "--dataset", "bom"], home: home)
        #expect(ingested.code == 0, "\(ingested.stderr)")
        // An AWS answer with a BOM is still recognised as JSON.
        let aws = try Repo.text("Fixtures/aws/us-east-1-application-profile.json")
        let awsBOM = try Self.write("\u{FEFF}" + aws, "aws.json", in: home)
        #expect(try Advisor.run(["catalogue", "validate", awsBOM], home: home).code == 0)
        // A directory to ingest says so.
        let directory = try Advisor.run(["ingest", home.url.path, "--dataset", "x"], home: home)
        #expect(directory.code == 2)
        #expect(directory.stderr.contains("is a directory"), "\(directory.stderr)")
        #expect(!directory.stderr.contains("NSCocoaErrorDomain"))
        // A broken LLMeter run_config.json is blamed on itself.
        let run = home.path("llmeter")
        try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
        try "{not json".write(toFile: run + "/run_config.json", atomically: true, encoding: .utf8)
        try #"{"id": "1", "time_to_first_token": 0.5, "time_to_last_token": 1.2}"#.appending("\n")
            .write(toFile: run + "/responses.jsonl", atomically: true, encoding: .utf8)
        let llmeter = try Advisor.run(["ingest", run + "/responses.jsonl", "--dataset", "l", "--format", "llmeter"], home: home)
        #expect(llmeter.code == 2)
        #expect(llmeter.stderr.contains("run_config.json:1:2: the file is not valid JSON"), "\(llmeter.stderr)")
        // The config's dataset: key is named as the config's, not as a flag.
        let config = try Self.write("dataset: nope\nservices: []\n", "advisor.yaml", in: home)
        let dataset = try Advisor.run(["check", "--config", config], home: home)
        #expect(dataset.code == 2)
        #expect(dataset.stderr.contains("advisor.yaml: dataset: unknown dataset 'nope'"), "\(dataset.stderr)")
        // An unclosed [ says where it opened.
        let flow = try Self.write("services:\n  - name: a\n    region: us-east-1\n    model: [a, b\n", "flow.yaml", in: home)
        let unclosed = try Advisor.run(["check", "--config", flow], home: home)
        #expect(unclosed.code == 2)
        #expect(unclosed.stderr.contains("opened at line 4"), "\(unclosed.stderr)")
        // A megabyte of bad value is not echoed whole.
        let big = try Self.write(
            Self.header + "eu-central-1,eu.m," + String(repeating: "9x", count: 500_000) + ",1,ok\n", "big.csv", in: home)
        let echoed = try Advisor.run(["ingest", big, "--dataset", "big"], home: home)
        #expect(echoed.code == 2)
        #expect(echoed.stderr.utf8.count < 1_000, "\(echoed.stderr.utf8.count) bytes of error")
        // Read commands need no writable home: they answer from memory.
        let readOnly = home.path("ro")
        try FileManager.default.createDirectory(atPath: readOnly, withIntermediateDirectories: true)
        if getuid() != 0 {
            chmod(readOnly, 0o500)
            let result = try Advisor.run(
                ["recommend", "--source", "eu-central-1"], home: home,
                environment: ["ADVISOR_HOME": readOnly + "/sub"])
            #expect(result.code == 0, "\(result.stderr)")
        }
        // A misspelt short model name gets a did-you-mean.
        let model = try Advisor.run(["recommend", "--source", "us-east-1", "--model", "claude-sonet-4-6"], home: home)
        #expect(model.code == 2)
        #expect(model.stderr.contains("did you mean 'claude-sonnet-4-6'"), "\(model.stderr)")
    }

    @Test func outputInjectionIsEscaped() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let config = try Self.write(
            """
            services:
              - name: "evil\\e[31mred\\u0001"
                region: us-east-1
                model: eu.anthropic.claude-sonnet-4-6
            """, "advisor.yaml", in: home)
        let text = try Advisor.run(["check", "--config", config], home: home)
        #expect(text.code == 1)
        #expect(!text.stdout.contains("\u{1B}") && !text.stdout.contains("\u{01}"))
        #expect(text.stdout.contains("evil\\u{1B}[31mred\\u{1}"), "\(text.stdout)")
        let junit = try Advisor.run(["check", "--config", config, "--format", "junit"], home: home)
        let parsed = try Subprocess.python(
            ["-c", "import sys, xml.dom.minidom; xml.dom.minidom.parseString(sys.stdin.read()); print('ok')"], stdin: junit.stdout)
        #expect(parsed.stdout == "ok\n", "\(parsed.stderr)")
        let json = try Advisor.run(["check", "--config", config, "--format", "json"], home: home)
        #expect(json.stdout.contains("evil\\u001b[31mred\\u0001"))
    }

    @Test func smallerInputsAreCheckedNotIgnored() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let empty = try Advisor.run(["datasets", "--db", ""], home: home)
        #expect(empty.code == 2)
        #expect(empty.stderr.contains("--db"))
        let cap = try Advisor.run(["datasets"], home: home, environment: ["ADVISOR_STORE_MAX_BYTES": "abc"])
        #expect(cap.code == 2)
        #expect(cap.stderr.contains("ADVISOR_STORE_MAX_BYTES: expected a whole number of bytes"))
        let link = home.path("link.sqlite")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: home.path("nowhere/x.sqlite"))
        let dangling = try Advisor.run(
            [
                "ingest", Repo.file("Fixtures/peers/llmperf/amazon-nova-2-lite-v1-0_550_150_individual_responses.json").path,
                "--dataset", "p", "--source", "us-east-1", "--profile", "us.amazon.nova-2-lite-v1:0", "--db", link,
            ], home: home)
        #expect(dangling.code == 2)
        #expect(dangling.stderr.contains("is a symbolic link to"), "\(dangling.stderr)")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) != nil)
        let config = try Self.write("catalogue: nope\nservices: []\n", "advisor.yaml", in: home)
        let catalogue = try Advisor.run(["check", "--config", config], home: home)
        #expect(catalogue.code == 2)
        #expect(catalogue.stderr.contains("advisor.yaml: catalogue: unknown catalogue 'nope'"), "\(catalogue.stderr)")
        let past = try Advisor.run(["recommend", "--source", "eu-central-1", "--as-of", "1970-01-01"], home: home)
        #expect(past.code == 0)
        #expect(!past.stdout.contains("-20555"), "\(past.stdout)")
        #expect(past.stdout.contains("days after the date it is judged on"))
        // /dev/zero never ends: refused at once as no regular file (issue 23), not read forever.
        let zero = try Advisor.run(["ingest", "/dev/zero", "--dataset", "z", "--format", "csv"], home: home)
        #expect(zero.code == 2)
        #expect(zero.stderr.contains("/dev/zero: is not a regular file"), "\(zero.stderr)")
    }
}

extension HardeningTests {
    /// A store another user owns, in a directory this user cannot write: reads work (opened
    /// immutable, since WAL's -shm cannot be created there), writes fail with exit 3 and say why.
    @Test func aStoreThisUserCannotWriteIsStillReadable() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let directory = home.path("shared-store")
        let store = directory + "/advisor.sqlite"
        // Created as the default store of ADVISOR_HOME (a read command never creates one named by --db).
        #expect(try Advisor.run(["datasets"], home: home, environment: ["ADVISOR_HOME": directory]).code == 0)
        let before = try #require(fileBytes(store))
        let su = "/usr/bin/su"
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: su) else {
            if getuid() != 0 {
                chmod(directory, 0o555)
                chmod(store, 0o444)
                defer { chmod(directory, 0o755); chmod(store, 0o644) }
                #expect(try Advisor.run(["recommend", "--source", "eu-central-1", "--db", store], home: home).code == 0)
            }
            return
        }
        chmod(home.url.path, 0o755)
        chmod(directory, 0o555)
        defer { chmod(directory, 0o755) }
        func asNobody(_ arguments: [String], home advisorHome: String? = nil) throws -> Advisor.Result {
            let command =
                (advisorHome.map { "ADVISOR_HOME='\($0)' " } ?? "")
                + ([Advisor.binary.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
            return try Subprocess.run(URL(fileURLWithPath: su), ["nobody", "-s", "/bin/sh", "-c", command])
        }
        // The checkout may lie where another user cannot reach the binary (under /root): then say so and stop.
        guard try asNobody(["--version"]).code == 0 else {
            print("HardeningTests: user nobody cannot run \(Advisor.binary.path) here; read-only store test skipped")
            return
        }
        let read = try asNobody(["recommend", "--source", "eu-central-1", "--db", store])
        #expect(read.code == 0, "\(read.stderr)")
        #expect(read.stdout.contains("use eu.anthropic.claude-sonnet-4-6"))
        // A store that does not exist where this user cannot create one: read commands answer from
        // memory (they need no write), and create nothing. (A store named by --db that does not exist is
        // an error for a read command: issue 23; this is the default store, in ADVISOR_HOME.)
        let unwritable = try asNobody(["recommend", "--source", "eu-central-1"], home: directory + "/home")
        #expect(unwritable.code == 0, "\(unwritable.stderr)")
        #expect(unwritable.stderr.isEmpty, "\(unwritable.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/home"))
        let input = try Self.write(Self.header + "eu-central-1,eu.m,100,900,ok\n", "s.csv", in: home)
        chmod(input, 0o644)
        let write = try asNobody(["ingest", input, "--dataset", "x", "--db", store])
        #expect(write.code == 3, "\(write.stderr)")
        #expect(write.stderr.contains("cannot be written by this user"), "\(write.stderr)")
        #expect(fileBytes(store) == before)
    }
}

/// Runs python3 (an oracle no one here wrote) with text on stdin.
