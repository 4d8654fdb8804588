import AdvisorTestSupport
import Foundation
import Testing

/// What advisor knows about Bedrock (burndown rates, lifecycle dates, residency, Mantle's quotas),
/// read against AWS's pages on 2026-12-05, each with its source and age. Each test failed on the
/// build before that work (Sonnet 4.6 counted 1x; Sonnet 4, past its end of life, was recommended).
struct BedrockFactsTests {
    /// AWS (quotas-token-burndown): output tokens of Claude 3.7 and later count 5x. The seed guide's
    /// 10 requests a minute of 15,000 input and 5,000 output tokens bill 200,000 tokens a minute and
    /// need 400,000 of Sonnet 4.6's quota; capacity says which rate it used and where it read it.
    @Test func sonnet46OutputCountsFiveTimesWithItsSource() throws {
        let (quotas, text) = try CapacityCommandTests.capacity(
            """
            services:
              - {name: docs, region: us-east-1, model: us.anthropic.claude-sonnet-4-6,
                 traffic: {peak_rpm: 10, input_tokens: 15000, output_tokens: 5000, max_tokens: 6000}}
            quotas:
              - {model: anthropic.claude-sonnet-4-6, region: us-east-1, rpm: 100, tpm: 1000000}

            """)
        let quota = try #require(quotas.first)
        #expect(quota["peak_tpm_billed"] as? Int == 200_000 && quota["peak_tpm_quota"] as? Int == 400_000, "\(quota)")
        #expect(quota["burndown"] as? Int == 5 && quota["burndown_confirmed"] as? Bool == true)
        #expect(quota["burndown_source"] as? String == "https://docs.aws.amazon.com/bedrock/latest/userguide/quotas-token-burndown.html")
        #expect(quota["burndown_read"] as? String == "2026-12-05")
        #expect(
            text.contains(
                "anthropic.claude-sonnet-4-6: output tokens count 5x against the quota (https://docs.aws.amazon.com/bedrock/latest/userguide/quotas-token-burndown.html, read 2026-12-05)"
            ), "\(text)")
    }

    /// AWS (quotas-runtime): bedrock-runtime enforces RPM only for some models and says not which.
    /// A quota without an RPM limit gets no RPM plan, no RPM finding and a note saying why; one with
    /// an RPM limit keeps both.
    @Test func aQuotaWithoutAnRPMLimitGetsNoRPMPlanAndNoFinding() throws {
        let config = """
            services:
              - {name: busy, region: us-east-1, model: us.anthropic.claude-sonnet-4-6,
                 traffic: {peak_rpm: 500, input_tokens: 100, output_tokens: 100, max_tokens: 200}}
            quotas:
              - {model: anthropic.claude-sonnet-4-6, region: us-east-1, tpm: 10000000}

            """
        let (quotas, text) = try CapacityCommandTests.capacity(config)
        let quota = try #require(quotas.first)
        #expect(quota["rpm_quota"] is NSNull && quota["plan_rpm"] is NSNull, "\(quota)")
        #expect(quota["peak_rpm"] as? Int == 500, "the demand is still shown")
        #expect(text.contains("no requests-per-minute quota is stated for it"), "\(text)")
        #expect(text.contains("https://docs.aws.amazon.com/bedrock/latest/userguide/quotas-runtime.html, read 2026-12-05"))
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let path = home.path("advisor.yaml")
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        let check = try Advisor.run(["check", "--config", path, "--format", "json"], home: home)
        #expect(!check.stdout.contains("capacity.rpm-exceeded"), "\(check.stdout)")
        // The same traffic against a stated RPM quota of 100: planned and found.
        let limited = config.replacingOccurrences(of: "tpm: 10000000}", with: "rpm: 100, tpm: 10000000}")
        let (withRPM, _) = try CapacityCommandTests.capacity(limited)
        #expect(withRPM.first?["plan_rpm"] as? Int == 580, "\(withRPM)")
        try limited.write(toFile: path, atomically: true, encoding: .utf8)
        let found = try Advisor.run(["check", "--config", path, "--format", "json"], home: home)
        #expect(found.stdout.contains("capacity.rpm-exceeded"))
    }

    /// AWS's own max_tokens example on a 5x model: 3,000 input, 1,000 cache write, 1,000 output,
    /// max_tokens 32,000: 36,000 reserved at the start, 9,000 settled.
    @Test func awsMaxTokensExampleReservesThirtySixThousandAndSettlesNine() throws {
        let (quotas, _) = try CapacityCommandTests.capacity(
            """
            services:
              - {name: one, region: us-east-1, model: us.anthropic.claude-sonnet-4-6,
                 traffic: {peak_rpm: 1, input_tokens: 3000, cache_write_tokens: 1000, output_tokens: 1000, max_tokens: 32000}}
              - {name: right-sized, region: us-east-1, model: global.anthropic.claude-sonnet-4-6,
                 traffic: {peak_rpm: 1, input_tokens: 3000, cache_write_tokens: 1000, output_tokens: 1000, max_tokens: 1250}}
            quotas:
              - {model: anthropic.claude-sonnet-4-6, region: us-east-1, tpm: 100000}
              - {model: anthropic.claude-sonnet-4-6, region: us-east-1, scope: global, tpm: 100000}

            """)
        let geographic = quotas[0], global = quotas[1]
        #expect(geographic["reserved_tpm"] as? Int == 36_000 && geographic["peak_tpm_quota"] as? Int == 9_000, "\(geographic)")
        #expect(global["reserved_tpm"] as? Int == 5_250 && global["peak_tpm_quota"] as? Int == 9_000, "\(global)")
        #expect(geographic["peak_tpm_billed"] as? Int == 5_000)
    }

    /// AWS's lifecycle page: Claude Sonnet 4 reached end of life on 2026-10-14. recommend never
    /// chooses it (exit 1, naming the date and the successor); check fails a config that calls it.
    @Test func aModelPastItsEndOfLifeIsNeverRecommendedAndFailsCheck() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let recommend = try Advisor.run(
            [
                "recommend", "--model", "anthropic.claude-sonnet-4-20250514-v1:0", "--source", "eu-central-1",
                "--as-of", "2026-12-05",
            ], home: home)
        #expect(recommend.code == 1, "\(recommend.stdout)")
        #expect(recommend.stdout.contains("no option qualifies"))
        #expect(recommend.stdout.contains("Claude Sonnet 4 reached end of life on 2026-10-14"), "\(recommend.stdout)")
        #expect(recommend.stdout.contains("Move to Claude Sonnet 4.6 (anthropic.claude-sonnet-4-6)"))
        // Before its end of life it was Legacy, in extended access: chosen, with its dates.
        let before = try Advisor.run(
            [
                "recommend", "--model", "anthropic.claude-sonnet-4-20250514-v1:0", "--source", "eu-central-1",
                "--as-of", "2026-08-01",
            ], home: home)
        #expect(before.code == 0 && before.stdout.contains("use eu.anthropic.claude-sonnet-4-20250514-v1:0"), "\(before.stdout)")
        #expect(
            before.stdout.contains("is a Legacy model: end of life 2026-10-14 (Legacy from 2026-04-14, extended access from 2026-07-14)"))
        let config = home.path("advisor.yaml")
        try """
        services:
          - {name: old-chat, region: eu-central-1, model: eu.anthropic.claude-sonnet-4-20250514-v1:0}

        """.write(toFile: config, atomically: true, encoding: .utf8)
        let check = try Advisor.run(["check", "--config", config, "--as-of", "2026-12-05"], home: home)
        #expect(check.code == 1, "\(check.stdout)")
        #expect(
            check.stdout.contains(
                "advisor.yaml:2: error: [lifecycle.end-of-life] old-chat: eu.anthropic.claude-sonnet-4-20250514-v1:0 calls anthropic.claude-sonnet-4-20250514-v1:0, which reached end of life on 2026-10-14"
            ), "\(check.stdout)")
    }

    /// bedrock-mantle's inference calls (CloudTrail data events, `eventSource`
    /// bedrock-mantle.amazonaws.com, `requestParameters.model`) were dropped without a word, so the
    /// residency gate passed traffic it never saw; records of a Bedrock event source advisor does
    /// not read are counted and named. The record is AWS's own example (logging-cloudtrail-mantle).
    @Test func mantleCallsAreKeptWithTheirEndpointAndUnknownBedrockSourcesCounted() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        func mantle(_ id: String, region: String = "us-east-1") -> String {
            #"{"eventVersion": "1.08", "userIdentity": {"type": "IAMUser", "accountId": "111122223333"}, "eventTime": "2026-05-30T14:32:11Z", "eventSource": "bedrock-mantle.amazonaws.com", "eventName": "CreateInference", "awsRegion": "\#(region)", "userAgent": "OpenAI/Python 1.50.0", "requestParameters": {"model": "anthropic.claude-opus-4-7", "stream": true, "service_tier": "default", "metadata": {"team": "platform"}, "callWithBearerToken": true, "bearerTokenType": "ABSK"}, "responseElements": null, "requestID": "req-\#(id)", "eventID": "\#(id)", "readOnly": false, "eventType": "AwsApiCall", "managementEvent": false, "recipientAccountId": "111122223333", "eventCategory": "Data"}"#
        }
        let runtime =
            #"{"eventTime": "2026-05-30T14:33:00Z", "eventSource": "bedrock.amazonaws.com", "eventName": "Converse", "awsRegion": "us-east-1", "requestParameters": {"modelId": "us.anthropic.claude-sonnet-4-6"}, "additionalEventData": {"inferenceRegion": "us-west-2"}, "requestID": "r-9", "eventID": "e-9"}"#
        let agentCore =
            #"{"eventTime": "2026-05-30T14:34:00Z", "eventSource": "bedrock-agentcore.amazonaws.com", "eventName": "InvokeAgentRuntime", "awsRegion": "us-east-1", "eventID": "e-10"}"#
        let path = home.path("trail.json")
        try
            (#"{"Records": ["#
            + [mantle("m-1"), mantle("m-2"), runtime, agentCore, agentCore.replacingOccurrences(of: "e-10", with: "e-11")].joined(
                separator: ",") + "]}")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let ingest = try Advisor.run(["ingest", "--format", "cloudtrail", path], home: home)
        #expect(ingest.code == 0, "\(ingest.stderr)")
        #expect(ingest.stdout.contains("5 records, 3 Bedrock inference calls, 3 new"), "\(ingest.stdout)")
        #expect(ingest.stdout.contains("2 calls through bedrock-mantle"), "\(ingest.stdout)")
        #expect(
            ingest.stdout.contains(
                "2 records of Bedrock event sources advisor does not read, not counted as calls: bedrock-agentcore.amazonaws.com (2)"),
            "\(ingest.stdout)")
        let routes = try Advisor.run(["routes"], home: home)
        #expect(
            routes.stdout.contains("anthropic.claude-opus-4-7 from us-east-1 via bedrock-mantle: 100% us-east-1 over 2 calls"),
            "\(routes.stdout)")
        #expect(
            routes.stdout.contains("us.anthropic.claude-sonnet-4-6 from us-east-1 via bedrock-runtime: 100% us-west-2 over 1 call"),
            "\(routes.stdout)")
        let json = try Advisor.run(["routes", "--format", "json"], home: home)
        #expect(json.stdout.contains("\"endpoints\": {\n        \"bedrock-mantle\": 2"), "\(json.stdout)")
    }

    /// AWS's model cards: the US geography keeps data within US and Canada regions; an eu. call from
    /// London is served in the EU, outside the UK. advisor says where the data may go, and an
    /// unknown prefix is an unknown geography, never a model that stays in its Region.
    @Test func answersSayWhereTheDataMayGoAndAnUnknownPrefixFailsCheck() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let toronto = try Advisor.run(
            ["recommend", "--source", "ca-central-1", "--residency", "us", "--model", "anthropic.claude-sonnet-4-6"], home: home)
        #expect(toronto.code == 0, "\(toronto.stdout)\(toronto.stderr)")
        #expect(
            toronto.stdout.contains(
                "Where the data goes: from ca-central-1 (Canada), us.anthropic.claude-sonnet-4-6 may serve calls in United States (us-east-1, us-east-2, us-west-2): outside Canada; AWS: the United States geography keeps data within US and Canada regions."
            ),
            "\(toronto.stdout)")
        let config = home.path("advisor.yaml")
        try """
        services:
          - {name: london, region: eu-west-2, model: eu.anthropic.claude-sonnet-4-6, residency: eu}
          - {name: mystery, region: eu-central-1, model: xx.anthropic.claude-sonnet-4-6, residency: eu}

        """.write(toFile: config, atomically: true, encoding: .utf8)
        let check = try Advisor.run(["check", "--config", config, "--as-of", "2026-12-05"], home: home)
        #expect(check.code == 1, "\(check.stdout)")
        let london = check.stdoutLines.first { $0.contains("[residency.leaves-country] london") } ?? ""
        #expect(
            london.contains("from eu-west-2 (United Kingdom), eu.anthropic.claude-sonnet-4-6 may serve calls in")
                && london.contains("outside United Kingdom; AWS: the Europe geography keeps data within EU regions"), "\(check.stdout)")
        #expect(
            check.stdout.contains(
                "advisor.yaml:3: error: [routing.unknown-geography] mystery: xx.anthropic.claude-sonnet-4-6: 'xx.' is not a geography advisor knows"
            ),
            "\(check.stdout)")
        #expect(!check.stdout.contains("[routing.unknown-model] mystery"))
    }

    /// `in-country`: the source Region's own country, whatever its geography. From London, eu.
    /// (served in the EU) breaks it and only the in-Region endpoint keeps the data in the UK; check
    /// fails a London service on eu. that asks for it; a misspelt residency is refused with a hint.
    @Test func inCountryKeepsCallsInTheSourceRegionsCountry() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let london = try Advisor.run(
            ["recommend", "--source", "eu-west-2", "--residency", "in-country", "--model", "anthropic.claude-sonnet-4-6"], home: home)
        #expect(london.code == 0, "\(london.stdout)\(london.stderr)")
        #expect(
            london.stdout.contains("Claude Sonnet 4.6 (anthropic.claude-sonnet-4-6): use anthropic.claude-sonnet-4-6"), "\(london.stdout)")
        #expect(
            london.stdout.contains("eu.anthropic.claude-sonnet-4-6: residency United Kingdom (in-country): from the source it routes to"))
        #expect(london.stdout.contains("outside United Kingdom (in-country)"))
        let frankfurt = try Advisor.run(
            ["recommend", "--source", "eu-central-1", "--residency", "in-country", "--model", "anthropic.claude-sonnet-4-6"], home: home)
        #expect(frankfurt.code == 1, "Sonnet 4.6 has no in-Region endpoint in Frankfurt: nothing keeps the data in Germany")
        #expect(frankfurt.stdout.contains("that keeps requests inside Germany (in-country)"), "\(frankfurt.stdout)")
        let config = home.path("advisor.yaml")
        try """
        services:
          - {name: london, region: eu-west-2, model: eu.anthropic.claude-sonnet-4-6, residency: in-country}

        """.write(toFile: config, atomically: true, encoding: .utf8)
        let check = try Advisor.run(["check", "--config", config, "--as-of", "2026-12-05"], home: home)
        #expect(check.code == 1)
        #expect(check.stdout.contains("[residency.outside-geography] london"), "\(check.stdout)")
        try """
        services:
          - {name: london, region: eu-west-2, model: eu.anthropic.claude-sonnet-4-6, residency: in-cuntry}

        """.write(toFile: config, atomically: true, encoding: .utf8)
        let misspelt = try Advisor.run(["check", "--config", config], home: home)
        #expect(misspelt.code == 2)
        #expect(
            misspelt.stderr.contains("unknown geography 'in-cuntry'") && misspelt.stderr.contains("did you mean 'in-country'?"),
            "\(misspelt.stderr)")
    }

    /// An answer that rests on a fact about AWS says how old it is once past 90 days: capacity's
    /// burndown rate and recommend's lifecycle dates, judged on --as-of.
    @Test func answersSayHowOldTheirFactsAreOncePastTheLimit() throws {
        let config = """
            services:
              - {name: docs, region: us-east-1, model: us.anthropic.claude-sonnet-4-6,
                 traffic: {peak_rpm: 10, input_tokens: 15000, output_tokens: 5000, max_tokens: 6000}}
            quotas:
              - {model: anthropic.claude-sonnet-4-6, region: us-east-1, rpm: 100, tpm: 1000000}

            """
        let (fresh, freshText) = try CapacityCommandTests.capacity(config, asOf: "2026-12-05")
        #expect(fresh.first?["burndown_age_days"] as? Int == 0)
        #expect(!freshText.contains("days ago"))
        let (old, oldText) = try CapacityCommandTests.capacity(config, asOf: "2027-04-01")
        #expect(old.first?["burndown_age_days"] as? Int == 117)
        #expect(oldText.contains("read 2026-12-05, 117 days ago: older than 90 days, check the page (AWS changes it)"), "\(oldText)")
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let recommend = try Advisor.run(
            ["recommend", "--model", "anthropic.claude-sonnet-4-20250514-v1:0", "--source", "eu-central-1", "--as-of", "2027-04-01"],
            home: home)
        #expect(recommend.stdout.contains("(AWS's lifecycle page, read 2026-12-05, 117 days ago: check the page)"), "\(recommend.stdout)")
    }

    /// AWS (quotas-mantle): bedrock-mantle has its own per-model quotas, input and output tokens a
    /// minute, no RPM, no burndown; admission counts input + max_tokens. A service on mantle draws on
    /// them (not runtime's), whether advisor.yaml declares them or the account's quotas are imported.
    @Test func bedrockMantleHasItsOwnInputAndOutputQuotas() throws {
        let services = """
            services:
              - {name: agent, region: eu-west-1, model: anthropic.claude-opus-4-7, endpoint: bedrock-mantle,
                 traffic: {peak_rpm: 50, input_tokens: 40000, output_tokens: 8000, max_tokens: 8000}}
            """
        let (quotas, text) = try CapacityCommandTests.capacity(
            services + """

                quotas:
                  - {model: anthropic.claude-opus-4-7, region: eu-west-1, scope: mantle, input_tpm: 20000000, output_tpm: 4000000}

                """)
        let mantle = try #require(quotas.first)
        #expect(mantle["scope"] as? String == "mantle")
        #expect(mantle["peak_input_tpm"] as? Int == 2_400_000, "50 × (40,000 + 8,000): \(mantle)")
        #expect(mantle["peak_output_tpm"] as? Int == 400_000)
        #expect(mantle["input_tpm_quota"] as? Int == 20_000_000 && mantle["output_tpm_quota"] as? Int == 4_000_000)
        #expect(mantle["burndown"] as? Int == 1, "no burndown on mantle")
        #expect(mantle["rpm_quota"] is NSNull && mantle["plan_rpm"] is NSNull)
        #expect(text.contains("bedrock-mantle's own quotas: 2400000 input tokens a minute at admission"), "\(text)")
        #expect(text.contains("https://docs.aws.amazon.com/bedrock/latest/userguide/quotas-mantle.html, read 2026-12-05"))
        #expect(!text.contains("count 5x"), "the burndown note is runtime's")

        let home = try TemporaryDirectory()
        defer { home.remove() }
        let config = home.path("advisor.yaml")
        // The account's quotas, as list-service-quotas names mantle's.
        let quotasFile = home.path("quotas.json")
        try """
        {"Quotas": [
          {"ServiceCode": "bedrock", "QuotaArn": "arn:aws:servicequotas:eu-west-1:111122223333:bedrock/L-MANTLE01", "QuotaCode": "L-MANTLE01",
           "QuotaName": "Bedrock Mantle input tokens per minute for Anthropic Claude Opus 4.7", "Value": 2000000.0},
          {"ServiceCode": "bedrock", "QuotaArn": "arn:aws:servicequotas:eu-west-1:111122223333:bedrock/L-MANTLE02", "QuotaCode": "L-MANTLE02",
           "QuotaName": "Bedrock Mantle output tokens per minute for Anthropic Claude Opus 4.7", "Value": 300000.0},
          {"ServiceCode": "bedrock", "QuotaArn": "arn:aws:servicequotas:eu-west-1:111122223333:bedrock/L-RUNTIME1", "QuotaCode": "L-RUNTIME1",
           "QuotaName": "On-demand InvokeModel tokens per minute for Anthropic Claude Opus 4.7", "Value": 100.0}
        ]}
        """.write(toFile: quotasFile, atomically: true, encoding: .utf8)
        #expect(try Advisor.run(["ingest", "--format", "service-quotas", quotasFile], home: home).code == 0)
        try (services + "\n").write(toFile: config, atomically: true, encoding: .utf8)
        let check = try Advisor.run(["check", "--config", config, "--format", "json"], home: home)
        #expect(
            check.stdout.contains("capacity.mantle-input-exceeded") && check.stdout.contains("capacity.mantle-output-exceeded"),
            "\(check.stdout)")
        #expect(!check.stdout.contains("capacity.tpm-exceeded"), "runtime's 100-token on-demand quota is not mantle's")

        // A runtime-shaped limit on a mantle quota, or mantle's on a runtime quota, is refused where it is written.
        for (quota, expected) in [
            (
                "{model: anthropic.claude-opus-4-7, region: eu-west-1, scope: mantle, rpm: 10, input_tpm: 1}",
                "a bedrock-mantle quota has no rpm"
            ),
            ("{model: anthropic.claude-opus-4-7, region: eu-west-1, output_tpm: 10}", "output_tpm is for scope: mantle"),
        ] {
            try (services + "\nquotas:\n  - \(quota)\n").write(toFile: config, atomically: true, encoding: .utf8)
            let refused = try Advisor.run(["capacity", "--config", config], home: home)
            #expect(refused.code == 2)
            #expect(refused.stderr.contains(expected), "\(refused.stderr)")
        }
    }

    /// `catalogue show --facts` lists each fact about AWS with its source, the date it was read and
    /// its age, and flags one older than 90 days.
    @Test func catalogueShowFactsListsSourcesDatesAndAges() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let fresh = try Advisor.run(["catalogue", "show", "--facts", "--as-of", "2026-12-05"], home: home)
        #expect(fresh.code == 0, "\(fresh.stderr)")
        let sonnet = fresh.stdoutLines.first { $0.contains("anthropic.claude-sonnet-4-6 ") && $0.contains("quota burndown") } ?? ""
        #expect(
            sonnet.contains("output tokens count 5x") && sonnet.contains("2026-12-05") && sonnet.contains("0 days")
                && sonnet.contains("https://docs.aws.amazon.com/bedrock/latest/userguide/quotas-token-burndown.html"), "\(fresh.stdout)")
        #expect(fresh.stdout.contains("keeps data") && fresh.stdout.contains("within US and Canada regions"))
        let old = try Advisor.run(
            [
                "catalogue", "show", "--facts", "--model", "anthropic.claude-sonnet-4-20250514-v1:0", "--as-of", "2027-06-01",
                "--format", "json",
            ], home: home)
        let facts = try #require((try JSONSerialization.jsonObject(with: old.stdoutData) as? [String: Any])?["facts"] as? [[String: Any]])
        #expect(facts.count == 2 && facts.allSatisfy { $0["age_days"] as? Int == 178 }, "\(old.stdout)")
        #expect(
            facts.contains { $0["fact"] as? String == "lifecycle" && ($0["value"] as? String ?? "").contains("end of life 2026-10-14") })
    }
}
