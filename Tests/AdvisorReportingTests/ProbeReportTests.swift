import AdvisorCore
import AdvisorReporting
import AdvisorTestSupport
import Testing

/// Golden files of `advisor probe` and `advisor verify` output, from fixed runs.
struct ProbeReportTests {
    static let eu = "eu.anthropic.claude-sonnet-4-6", global = "global.anthropic.claude-sonnet-4-6"

    static func sample(_ profile: String, _ run: Int, ttfb: Double, total: Double, status: String = "ok", attempts: Int = 1)
        -> ProbeOutput.Sample
    {
        ProbeOutput.Sample(
            profile: profile, run: run, warmup: run < 0, status: status, attempts: attempts,
            ttfbMs: status == "ok" ? ttfb : nil, firstEventMs: ttfb, firstTokenMs: status == "ok" ? ttfb + 40 : nil,
            totalMs: status == "ok" ? total : nil, callMs: total + (attempts > 1 ? 700 : 0), serverLatencyMs: total - 20,
            connectMs: run < 0 ? 1.5 : 0, tlsMs: run < 0 ? 12.25 : 0, inputTokens: 21, outputTokens: 180,
            requestId: "req-\(profile.prefix(2))-\(run)")
    }

    /// The seed lab's Frankfurt figures, give or take, over three rounds and a warm-up.
    static let run = ProbeOutput.Run(
        source: "eu-central-1", model: "Claude Sonnet 4.6 (anthropic.claude-sonnet-4-6)", dataset: "probe-eu-central-1-2026-12-02",
        endpoint: "https://bedrock-runtime.eu-central-1.amazonaws.com", auth: "SigV4, credentials AKIAEXAMPLE from environment",
        newConnection: false, interrupted: false, profiles: [eu, global],
        samples: [
            sample(eu, -1, ttfb: 900, total: 2700), sample(global, -1, ttfb: 1100, total: 3000),
            sample(eu, 0, ttfb: 760, total: 2470), sample(global, 0, ttfb: 950, total: 2790, attempts: 2),
            sample(eu, 1, ttfb: 766, total: 2473), sample(global, 1, ttfb: 947, total: 2788),
            sample(eu, 2, ttfb: 780, total: 2480), sample(global, 2, ttfb: 940, total: 2780),
            sample(eu, 3, ttfb: 0, total: 0, status: "ThrottlingException", attempts: 5),
            sample(global, 3, ttfb: 0, total: 0, status: "ThrottlingException", attempts: 5),
        ])

    @Test(arguments: ["text", "json"])
    func probeOutput(format: String) throws {
        let output = format == "json" ? ProbeOutput.json(Self.run) : ProbeOutput.text(Self.run)
        if let difference = try Golden.check(output, named: "probe-eu-central-1.\(format == "json" ? "json" : "txt")") {
            Issue.record(Comment(rawValue: difference))
        }
    }

    @Test func theLabsConventionIsTheDifferenceOverTheGeographicFigure() {
        // global 947 / 2788 against eu. 766 / 2473 at P50: +181 ms (+23.6%), +315 ms (+12.7%), as the article prints.
        let text = ProbeOutput.text(Self.run)
        #expect(text.contains("global vs eu. at P50: TTFB +181 ms (+23.6%), total +315 ms (+12.7%)"), "\(text)")
    }

    @Test(arguments: ["text", "json"])
    func verifyOutput(format: String) throws {
        let judgements = [
            LiveVerification.Judgement(
                model: "anthropic.claude-sonnet-4-6", choice: Self.eu, holds: true, callable: true,
                expectedTtfbP50: 766, measuredTtfbP50: 771, expectedTotalP50: 2473, measuredTotalP50: 2490,
                runnerUp: Self.global, runnerUpMeasuredTotalP50: 2801,
                reasons: ["\(Self.eu) agrees with the dataset: TTFB P50 771 ms against 766 ms in the dataset (+1%)"]),
            LiveVerification.Judgement(
                model: "amazon.nova-2-lite-v1:0", choice: "eu.amazon.nova-2-lite-v1:0", holds: false, callable: false,
                reasons: [
                    "eu.amazon.nova-2-lite-v1:0 is not callable from here: Bedrock answered ValidationException (HTTP 400): The provided model identifier is invalid."
                ]),
        ]
        let output =
            format == "json"
            ? VerifyOutput.json(judgements, source: "eu-central-1", priority: "latency", dataset: "seed-lab-2026-04")
            : VerifyOutput.text(judgements, source: "eu-central-1", dataset: "seed-lab-2026-04", saved: "verify-eu-central-1-2026-12-02")
        if let difference = try Golden.check(output, named: "verify-eu-central-1.\(format == "json" ? "json" : "txt")") {
            Issue.record(Comment(rawValue: difference))
        }
    }
}
