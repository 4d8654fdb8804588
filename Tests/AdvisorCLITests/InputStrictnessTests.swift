import AdvisorTestSupport
import Foundation
import Testing

/// What a reader accepts: strict JSON, bounded memory, no FIFO or device, the same refusal in every
/// format, and the blame put on the file, line and field that caused it.
/// Each test failed on the build before the work that added it (ADVISOR_TEST_BINARY=PATH runs them against another build).
struct InputStrictnessTests {
    /// A NUL inside a JSON string was cut off where it was stored: two event ids that differ after
    /// it collided and a record was dropped as "already stored".
    @Test func aNULInsideAJSONStringIsRefusedNamingTheRecord() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        func record(_ id: String, region: String = "eu-central-1") -> String {
            """
            {"eventTime": "2026-11-20T09:00:01Z", "eventSource": "bedrock.amazonaws.com", "eventName": "Converse",
             "awsRegion": "eu-central-1", "requestParameters": {"modelId": "eu.anthropic.claude-sonnet-4-6"},
             "eventID": "\(id)", "additionalEventData": {"inferenceRegion": "\(region)"}}
            """
        }
        let trail = try CLIFiles.write("{\"Records\": [\(record("id-1\\u0000a")), \(record("id-1\\u0000b"))]}", "trail.json", in: home)
        let result = try Advisor.run(["ingest", "--format", "cloudtrail", trail], home: home)
        #expect(result.code == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("trail.json"), "\(result.stderr)")
        #expect(result.stderr.contains("NUL"), "\(result.stderr)")
        let served = try CLIFiles.write("{\"Records\": [\(record("id-2", region: "eu-west-1\\u0000us-east-1"))]}", "served.json", in: home)
        #expect(try Advisor.run(["ingest", "--format", "cloudtrail", served], home: home).code == 2)
        // The same in a JSON Lines sample file and a Service Quotas answer.
        let jsonl = try CLIFiles.write(
            "{\"source_region\":\"eu-central-1\\u0000x\",\"profile\":\"eu.m\",\"ttfb_ms\":1,\"total_ms\":2}\n",
            "nul.jsonl", in: home)
        let samples = try Advisor.run(["ingest", jsonl, "--dataset", "n"], home: home)
        #expect(samples.code == 2)
        #expect(samples.stderr.contains("nul.jsonl:1"), "\(samples.stderr)")
        #expect(try Advisor.run(["routes"], home: home).stdout.contains("eu-west-1") == false)
    }

    /// JSON that Foundation accepts and advisor must not: duplicate keys (the last silently won),
    /// trailing commas.
    @Test func duplicateKeysAndTrailingCommasAreRefused() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let cases = [
            (
                "dup.jsonl", "{\"source_region\":\"eu-central-1\",\"profile\":\"eu.m\",\"ttfb_ms\":1,\"ttfb_ms\":900,\"total_ms\":2}\n",
                "appears twice"
            ),
            ("comma.jsonl", "{\"source_region\":\"eu-central-1\",\"profile\":\"eu.m\",\"ttfb_ms\":1,\"total_ms\":2,}\n", "trailing comma"),
        ]
        for (name, text, words) in cases {
            let path = try CLIFiles.write(text, name, in: home)
            let result = try Advisor.run(["ingest", path, "--dataset", "d"], home: home)
            #expect(result.code == 2, "\(name): \(result.stderr)")
            #expect(result.stderr.contains("\(name):1") && result.stderr.contains(words), "\(result.stderr)")
        }
        let quotas = try CLIFiles.write("{\"Quotas\": [], \"Quotas\": []}", "quotas.json", in: home)
        let result = try Advisor.run(["ingest", "--format", "service-quotas", "--source", "eu-central-1", quotas], home: home)
        #expect(result.code == 2)
        #expect(result.stderr.contains("quotas.json:1:"), "\(result.stderr)")
    }

    /// A FIFO (or /dev/zero, an endless stream) as any input blocked for ever; every reader now
    /// refuses a file that is not a regular file, at once, naming it.
    @Test func aFIFOOrADeviceAsInputIsRefusedAtOnce() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let fifo = home.path("input.yaml")
        #expect(mkfifo(fifo, 0o600) == 0)
        let rules = home.path("rules")
        try FileManager.default.createDirectory(atPath: rules, withIntermediateDirectories: true)
        #expect(mkfifo(rules + "/r.yaml", 0o600) == 0)
        let cases: [[String]] = [
            ["ingest", fifo, "--dataset", "d"],
            ["ingest", "--format", "cloudtrail", fifo],
            ["ingest", "--format", "cloudtrail", "/dev/zero"],
            ["ingest", "/dev/zero", "--dataset", "d"],
            ["check", "--config", fifo],
            ["check", "--config", Repo.file("Fixtures/configs/clean.yaml").path, "--rules", fifo],
            ["check", "--config", Repo.file("Fixtures/configs/clean.yaml").path, "--rules", rules],
            ["rules", "test", fifo],
            ["catalogue", "import", fifo],
            [
                "ingest", "--format", "cloudwatch", "--source", "eu-central-1", "--queries", fifo,
                Repo.file("Fixtures/account/cloudwatch-get-metric-data.json").path,
            ],
        ]
        for arguments in cases {
            // Killed after 10 s: the regression this guards against is a hang.
            let result = try Advisor.run(arguments, home: home, timeout: 10)
            #expect(result.code == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("not a regular file"), "\(arguments): \(result.stderr)")
        }
    }

    /// CloudWatch, Service Quotas and llmperf answers were parsed whole, taking ten times the file
    /// in memory (1.08 GB for 100 MB). Each is now streamed an element at a time: a 6 MB file of
    /// each is ingested in less than three times its size over the baseline (the old build needed
    /// about ten times).
    @Test func jsonAnswersAreReadInBoundedMemory() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let target = 6 << 20
        func generate(_ name: String, open: String, close: String, element: (Int) -> String) throws -> String {
            let path = home.path(name)
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            let handle = try #require(FileHandle(forWritingAtPath: path))
            defer { try? handle.close() }
            var written = 0, index = 0
            var chunk = open
            while written + chunk.utf8.count < target {
                chunk += (index == 0 ? "" : ",") + element(index)
                index += 1
                if chunk.utf8.count > 1 << 20 { try handle.write(contentsOf: Data(chunk.utf8)); written += chunk.utf8.count; chunk = "" }
            }
            try handle.write(contentsOf: Data((chunk + close).utf8))
            return path
        }
        // A week of minutes per series, each series the next week: about 180,000 distinct minutes.
        let start = 1_780_000_020 - 1_780_000_020 % 60
        let cloudWatch = try generate("metrics.json", open: #"{"MetricDataResults": ["#, close: #"], "Messages": []}"#) { index in
            let base = start + index * 10_080 * 60
            let stamps = (0..<10_080).map { "\"" + CLIFiles.utcMinute(base + $0 * 60) + "\"" }.joined(separator: ",")
            let values = (0..<10_080).map { String($0 % 97) }.joined(separator: ",")
            return
                #"{"Id":"m\#(index)","Label":"Invocations eu.anthropic.claude-sonnet-4-6","Timestamps":[\#(stamps)],"Values":[\#(values)],"StatusCode":"Complete"}"#
        }
        let quotas = try generate("quotas.json", open: #"{"Quotas": ["#, close: "]}") { index in
            #"{"ServiceCode":"bedrock","QuotaArn":"arn:aws:servicequotas:eu-central-1:123456789012:bedrock/L-\#(index)","QuotaCode":"L-\#(index)","QuotaName":"\#(index % 2 == 0 ? "Cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.6" : "Something else number \(index)")","Value":\#(1000 + index),"Unit":"None","Adjustable":true,"GlobalQuota":false}"#
        }
        let llmperf = try generate("run_individual_responses.json", open: "[", close: "]") { index in
            #"{"error_code": null, "error_msg": "", "inter_token_latency_s": 0.0123, "ttft_s": 0.\#(500 + index % 400), "end_to_end_latency_s": 2.\#(100 + index % 800), "request_output_throughput_token_per_s": 80.5, "number_total_tokens": 1400, "number_output_tokens": 400, "number_input_tokens": 1000}"#
        }
        let environment = Advisor.environment(home: home)
        let runs: [(String, [String])] = [
            ("cloudwatch", ["ingest", "--format", "cloudwatch", "--source", "eu-central-1", cloudWatch]),
            ("service-quotas", ["ingest", "--format", "service-quotas", quotas]),
            (
                "llmperf",
                [
                    "ingest", "--format", "llmperf", "--dataset", "big", "--source", "eu-central-1",
                    "--profile", "eu.anthropic.claude-sonnet-4-6", llmperf,
                ]
            ),
        ]
        // The baseline: the same command on a tiny file (the store, the catalogue, the runtime).
        let small = try CLIFiles.write(#"{"Quotas": []}"#, "small.json", in: home)
        let baseline = try Subprocess.peakMemory(Advisor.binary, ["ingest", "--format", "service-quotas", small], environment: environment)
        #expect(baseline.code == 0, "\(baseline.stderr)")
        for (name, arguments) in runs {
            let measured = try Subprocess.peakMemory(Advisor.binary, arguments, environment: environment)
            #expect(measured.code == 0, "\(name): \(measured.stderr)")
            let growthKiB = measured.peakKiB - baseline.peakKiB
            #expect(
                growthKiB < 3 * (target >> 10), "\(name): peak \(measured.peakKiB) KiB against \(baseline.peakKiB) KiB for an empty file")
        }
    }

    /// Smaller slips: CSV text fields kept CR, ESC and invalid UTF-8 where JSON Lines refused the
    /// same bytes; a latency of 1e29 ms was accepted; hex went through numeric flags; a 15 MB
    /// unknown Region took 9 s to refuse and was echoed whole.
    @Test func smallerInputsAreRefusedAlikeAndQuickly() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let header = "source_region,profile,ttfb_ms,total_ms,status\n"
        for (name, bytes) in [
            ("cr", Array("eu-central-1,eu.m\r\r,1,2,ok\n".utf8)), ("esc", Array("eu-central-1,eu.\u{1B}m,1,2,ok\n".utf8)),
            ("utf8", Array("eu-central-1,eu.".utf8) + [0xFF, 0xFE] + Array("m,1,2,ok\n".utf8)),
        ] {
            let path = home.path("\(name).csv")
            try Data(Array(header.utf8) + bytes).write(to: URL(fileURLWithPath: path))
            let result = try Advisor.run(["ingest", path, "--dataset", "d"], home: home)
            #expect(result.code == 2, "\(name): \(result.stdout)")
            #expect(result.stderr.contains("\(name).csv:2") && result.stderr.contains("profile"), "\(result.stderr)")
        }
        let huge = try CLIFiles.write(header + "eu-central-1,eu.m,1,1e29,ok\n", "huge.csv", in: home)
        let hugeResult = try Advisor.run(["ingest", huge, "--dataset", "d"], home: home)
        #expect(hugeResult.code == 2 && hugeResult.stderr.contains("more than a day"), "\(hugeResult.stderr)")
        let hex = try Advisor.run(["recommend", "--source", "eu-central-1", "--noise-ms", "0x10"], home: home)
        #expect(hex.code == 2 && hex.stderr.contains("not a decimal number"), "\(hex.stderr)")
        let region = String(repeating: "x", count: 15 << 20)
        let started = Date()
        let long = try CLIFiles.write(header + "\(region),eu.m,1,2,ok\n", "long.csv", in: home)
        let longResult = try Advisor.run(["ingest", long, "--dataset", "d"], home: home)
        #expect(longResult.code == 2)
        #expect(longResult.stderr.utf8.count < 2_000, "the error echoes \(longResult.stderr.utf8.count) bytes")
        // Not a timing test: a bound that stops a quadratic search is either there or minutes off.
        #expect(Date().timeIntervalSince(started) < 60)
    }

    /// CloudTrail's envelope was not checked: bytes after the object, or a record that is not an
    /// object, were skipped without a word.
    @Test func cloudTrailsEnvelopeIsCheckedToo() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let record = CLIFiles.trailRecord("e1", extra: "")
        for (name, text, words) in [
            ("after", "{\"Records\": [\(record)]} {\"Records\": []}", "bytes after its JSON object"),
            ("before", "x{\"Records\": [\(record)]}", "bytes before its JSON object"),
            ("scalar", "{\"Records\": [1, \(record)]}", "record 1 is not a JSON object"),
        ] {
            let path = try CLIFiles.write(text, "\(name).json", in: home)
            let result = try Advisor.run(["ingest", "--format", "cloudtrail", path], home: home)
            #expect(result.code == 2 && result.stderr.contains(words), "\(name): \(result.stderr)")
        }
        let bom = home.path("bom.json")
        try Data([0xEF, 0xBB, 0xBF] + Array("{\"Records\": [\(record)]}".utf8)).write(to: URL(fileURLWithPath: bom))
        #expect(try Advisor.run(["ingest", "--format", "cloudtrail", bom], home: home).code == 0)
    }

    /// A bad region in LLMeter's run_config.json was blamed on responses.jsonl:1.
    @Test func anLLMeterRunConfigsBadRegionIsBlamedOnRunConfig() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let run = home.path("llmeter")
        try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
        try #"{"endpoint": {"region": "eu-cenTral-1", "model_id": "eu.anthropic.claude-sonnet-4-6"}}"#
            .write(toFile: run + "/run_config.json", atomically: true, encoding: .utf8)
        try #"{"id": "1", "time_to_first_token": 0.5, "time_to_last_token": 1.2}"#.appending("\n")
            .write(toFile: run + "/responses.jsonl", atomically: true, encoding: .utf8)
        let result = try Advisor.run(["ingest", run + "/responses.jsonl", "--dataset", "l", "--format", "llmeter"], home: home)
        #expect(result.code == 2)
        #expect(result.stderr.contains("run_config.json: endpoint.region: unknown region 'eu-cenTral-1'"), "\(result.stderr)")
    }
}
