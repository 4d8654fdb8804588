import AdvisorCore
import AdvisorReporting
import AdvisorTestSupport
import Testing

/// Every reporter against its golden file, on a small check with each kind of finding: failing,
/// waived, a quota's, and one whose text needs escaping in every format. A reporter added to
/// FindingsReporters.all fails here until Fixtures/expected/reporters/ has its golden file.
struct FindingsReporterTests {
    static let check: CheckOutcome = {
        let config = DeploymentConfig(
            file: "deploy/advisor.yaml",
            services: [
                ServiceConfig(
                    name: "checkout", region: "eu-central-1", model: "global.anthropic.claude-sonnet-4-6",
                    value: .object([:]), line: 3, fieldLines: [:], waivers: []),
                ServiceConfig(
                    name: "odd <name>, \"quoted\": 100%", region: "eu-west-1", model: "eu.amazon.nova-2-lite-v1:0",
                    value: .object([:]), line: 9, fieldLines: [:], waivers: []),
            ],
            quotas: [QuotaConfig(model: "anthropic.claude-sonnet-4-6", region: "eu-central-1", profile: nil, rpm: 150, tpm: nil, line: 20)])
        let rules =
            [
                RuleDescriptor(
                    id: "residency.outside-geography", title: "Traffic may leave the required geography", severity: .error,
                    subject: .service, description: "A route may send requests outside the residency.",
                    rationale: "Residency is a contract.", remediation: "Use the geographic profile.",
                    docs: "https://docs.aws.amazon.com/bedrock/latest/userguide/cross-region-inference.html"),
                RuleDescriptor(
                    id: "resilience.no-jitter", title: "Backoff without jitter", severity: .warning, subject: .service,
                    description: "Retries without jitter arrive together.", rationale: "Synchronised retries extend throttling.",
                    remediation: "Set client.backoff.jitter to full."),
                RuleDescriptor(
                    id: "capacity.rpm-exceeded", title: "Summed peaks exceed the RPM quota", severity: .error, subject: .quota,
                    description: "The services sharing a quota peak above it.", rationale: "Peaks add up.",
                    remediation: "Request a higher quota."),
            ] + PolicyEngine.engineRules
        let findings = [
            Finding(
                rule: "residency.outside-geography", severity: .error, subject: "checkout",
                message: "global may route to us-east-1, outside eu", file: config.file, line: 4),
            Finding(
                rule: "resilience.no-jitter", severity: .warning, subject: "checkout", message: "jitter: none",
                file: config.file, line: 5, waived: true, waiverReason: "one pod; retries are rare"),
            Finding(
                rule: "resilience.no-jitter", severity: .warning, subject: "odd <name>, \"quoted\": 100%",
                message: "a message with a newline\nand <markup> & 50% of it: here", file: config.file, line: 10),
            Finding(
                rule: PolicyEngine.waiverExpired.id, severity: .error, subject: "odd <name>, \"quoted\": 100%",
                message: "the waiver of resilience.no-jitter expired on 2026-05-31", file: config.file, line: 12),
            Finding(
                rule: "capacity.rpm-exceeded", severity: .error, subject: config.quotas[0].label, subjectKind: .quota,
                message: "checkout peaks at 175 RPM, above the quota of 150", file: config.file, line: 20),
        ]
        let summary = FindingsSummary(findings, services: 2, quotas: 1, rules: 3, strict: false)
        return CheckOutcome(findings: findings, summary: summary, rules: rules, config: config, strict: false, toolVersion: "0.0.0-test")
    }()

    @Test("Golden output of every reporter", arguments: FindingsReporters.all.map { $0.identifier })
    func golden(identifier: String) throws {
        let reporter = try #require(FindingsReporters.named(identifier))
        if let difference = try Golden.check(reporter.report(Self.check), named: "reporters/\(identifier).golden") {
            Issue.record(Comment(rawValue: difference))
        }
    }

    @Test func identifiersAreUniqueAndDescribed() {
        let identifiers = FindingsReporters.all.map { $0.identifier }
        #expect(Set(identifiers).count == identifiers.count)
        #expect(FindingsReporters.all.allSatisfy { !$0.description.isEmpty })
        #expect(FindingsReporters.named("markdown") == nil)
    }

    @Test func junitHasOneTestcasePerSubjectAndRuleOfItsKind() throws {
        let xml = try #require(FindingsReporters.named("junit")).report(Self.check)
        // 2 services × (2 service rules + the engine's waiver and not-checked rules) + 1 quota × (1 quota rule + the engine's quota-unused).
        #expect(xml.contains("<testsuites name=\"advisor check\" tests=\"10\" failures=\"3\" skipped=\"1\">"))
    }
}
