import AdvisorTestSupport
import Foundation
import Testing

/// Issue 25: what advisor knows about Bedrock, read against AWS's pages on 2026-12-05. Each test
/// failed on the build before (Sonnet 4.6 counted 1x; Sonnet 4, past its end of life, was recommended).
struct FactsTests {
    /// AWS (quotas-token-burndown): output tokens of Claude 3.7 and later count 5x. The seed guide's
    /// 10 requests a minute of 15,000 input and 5,000 output tokens bill 200,000 tokens a minute and
    /// need 400,000 of Sonnet 4.6's quota; capacity says which rate it used and where it read it.
    @Test func sonnet46OutputCountsFiveTimesWithItsSource() throws {
        let (quotas, text) = try CapacityCommandTests.capacity("""
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
        #expect(text.contains("anthropic.claude-sonnet-4-6: output tokens count 5x against the quota (https://docs.aws.amazon.com/bedrock/latest/userguide/quotas-token-burndown.html, read 2026-12-05)"), "\(text)")
    }

    /// AWS's own max_tokens example on a 5x model: 3,000 input, 1,000 cache write, 1,000 output,
    /// max_tokens 32,000: 36,000 reserved at the start, 9,000 settled.
    @Test func awsMaxTokensExampleReservesThirtySixThousandAndSettlesNine() throws {
        let (quotas, _) = try CapacityCommandTests.capacity("""
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
        let recommend = try Advisor.run(["recommend", "--model", "anthropic.claude-sonnet-4-20250514-v1:0", "--source", "eu-central-1",
                                         "--as-of", "2026-12-05"], home: home)
        #expect(recommend.code == 1, "\(recommend.stdout)")
        #expect(recommend.stdout.contains("no option qualifies"))
        #expect(recommend.stdout.contains("Claude Sonnet 4 reached end of life on 2026-10-14"), "\(recommend.stdout)")
        #expect(recommend.stdout.contains("Move to Claude Sonnet 4.6 (anthropic.claude-sonnet-4-6)"))
        // Before its end of life it was Legacy, in extended access: chosen, with its dates.
        let before = try Advisor.run(["recommend", "--model", "anthropic.claude-sonnet-4-20250514-v1:0", "--source", "eu-central-1",
                                      "--as-of", "2026-08-01"], home: home)
        #expect(before.code == 0 && before.stdout.contains("use eu.anthropic.claude-sonnet-4-20250514-v1:0"), "\(before.stdout)")
        #expect(before.stdout.contains("is a Legacy model: end of life 2026-10-14 (Legacy from 2026-04-14, extended access from 2026-07-14)"))
        let config = home.path("advisor.yaml")
        try """
            services:
              - {name: old-chat, region: eu-central-1, model: eu.anthropic.claude-sonnet-4-20250514-v1:0}

            """.write(toFile: config, atomically: true, encoding: .utf8)
        let check = try Advisor.run(["check", "--config", config, "--as-of", "2026-12-05"], home: home)
        #expect(check.code == 1, "\(check.stdout)")
        #expect(check.stdout.contains("advisor.yaml:2: error: [lifecycle.end-of-life] old-chat: eu.anthropic.claude-sonnet-4-20250514-v1:0 calls anthropic.claude-sonnet-4-20250514-v1:0, which reached end of life on 2026-10-14"), "\(check.stdout)")
    }
}
