import AdvisorCore
import AdvisorFormats
import Foundation
import Testing

struct PolicyLanguageTests {
    let environment: PolicyEnvironment

    init() throws {
        environment = PolicyEnvironment(catalogue: try BuiltinData.catalogue(), dataset: try BuiltinData.seedDataset())
    }

    let bindings: [String: Policy.Value] = [
        "service": .object([
            "name": .string("s"), "region": .string("eu-central-1"), "model": .string("eu.anthropic.claude-sonnet-4-6"),
            "client": .object(["max_attempts": .number(5)]),
        ]),
        "target": .object([:]), "data": .object([:]), "advice": .object([:]),
    ]

    func evaluate(_ text: String) throws -> Policy.Value {
        let expression = try Policy.Parser.parse(text)
        _ = try Policy.Checker.check(expression, roots: RuleSubject.service.roots)
        return Policy.Evaluator.evaluate(expression, bindings, environment)
    }

    @Test(
        "Operators, precedence and built-ins",
        arguments: [
            ("1 + 2 * 3 == 7", Policy.Value.bool(true)),
            ("(1 + 2) * 3", .number(9)),
            ("10 / 4", .number(2.5)),
            ("10 % 4", .number(2)),
            ("-3 + 1", .number(-2)),
            ("!(1 < 2) || 2 >= 2 && 'a' < 'b'", .bool(true)),
            ("'eu' in ['us', 'eu']", .bool(true)),
            ("'eu' + '.x'", .string("eu.x")),
            ("service.client.max_attempts > 1 ? 'retries' : 'once'", .string("retries")),
            ("size([1, 2, 3]) + size('abcd')", .number(7)),
            ("startsWith(service.model, 'eu.') && endsWith(service.model, '4-6') && contains(service.model, 'claude')", .bool(true)),
            ("upper(lower('Eu'))", .string("EU")),
            ("round(2.456, 2)", .number(2.46)),
            ("ceil(1.2) + floor(1.8) + min(3, 4) + max(3, 4)", .number(10)),
            ("join(['a', 'b'], '/')", .string("a/b")),
            ("callable(service.model, service.region) && !callable('jp.anthropic.claude-sonnet-4-6', 'ap-southeast-1')", .bool(true)),
            ("geography('ap-northeast-1') == 'jp' && inside('ap-northeast-1', 'apac')", .bool(true)),
            ("size(destinations('eu.anthropic.claude-sonnet-4-6', 'eu-central-1'))", .number(6)),
            ("outside(['eu-west-1', 'us-east-1'], 'eu')", .list([.string("us-east-1")])),
            ("p50('total', 'eu-central-1', 'eu.anthropic.claude-sonnet-4-6')", .number(2473)),
            (
                "p99('total', 'us-east-1', 'us.anthropic.claude-sonnet-4-6') - p95('total', 'us-east-1', 'us.anthropic.claude-sonnet-4-6')",
                .number(825)
            ),
        ])
    func evaluates(text: String, expected: Policy.Value) throws {
        #expect(try evaluate(text) == expected)
    }

    @Test(
        "Missing optional fields are null and falsy, never a crash",
        arguments: [
            ("service.slo.ttfb_p50_ms", Policy.Value.null),
            ("service.slo.ttfb_p50_ms > 100", .bool(false)),
            ("service.slo.ttfb_p50_ms < 100", .bool(false)),
            ("service.slo.ttfb_p50_ms == null", .bool(true)),
            ("!has(service.slo)", .bool(true)),
            ("service.slo.ttfb_p50_ms + 1", .null),
            ("service.client.max_attempts / 0", .null),
            ("default(service.priority, 'latency')", .string("latency")),
            ("service.residency in ['eu']", .bool(false)),
            ("!service.sensitive", .bool(true)),
            ("size(target.destinations)", .number(0)),
            ("p50('total', 'eu-central-1', 'xx.unknown')", .null),
            ("service.client.backoff.jitter == 'none'", .bool(false)),
        ])
    func nullSemantics(text: String, expected: Policy.Value) throws {
        #expect(try evaluate(text) == expected)
    }

    @Test(
        "Errors are found before evaluation, with their position",
        arguments: [
            (
                "service.regoin == 'x'", 0,
                "unknown field 'regoin' of service (did you mean 'region'?); known: client, endpoint, model, name, priority, region, residency, sensitive, slo, traffic"
            ),
            (
                "servce.region", 0,
                "unknown name 'servce'; expected one of advice, data, observed, service, simulated, target (did you mean 'service'?)"
            ),
            ("callabel(service.model, service.region)", 0, "unknown function 'callabel' (did you mean 'callable'?)"),
            ("callable(service.model)", 0, "callable takes 2 arguments, given 1"),
            ("service.region > 5", 0, "'>' compares numbers or strings, found string and number"),
            ("service.client.max_attempts && true", 0, "'&&' needs a bool, found a number"),
            ("size(service.name) + 'x'", 0, "'+' needs a string, found a number"),
            ("1 in 2", 5, "'in' needs a list on its right, found a number"),
            ("service.region ==", 17, "expected a value, found end of expression"),
            ("(1 + 2", 6, "expected ')', found end of expression"),
            ("'open", 0, "string is not closed"),
            ("1 $ 2", 2, "unexpected character '$'"),
            ("service.name.first", 0, "service.name is a string, it has no field 'first'"),
        ])
    func checkErrors(text: String, offset: Int, message: String) {
        do {
            _ = try evaluate(text)
            Issue.record("expected an error for \(text)")
        } catch let error as Policy.ExpressionError {
            #expect(error.message == message)
            #expect(error.span.offset == offset)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func messageTemplatesInterpolateCheckedExpressions() throws {
        let template = try MessageTemplate.parse(
            "{service.name} makes {service.client.max_attempts} attempts {{literally}}; slo {service.slo.ttfb_p50_ms}")
        #expect(template.render(bindings, environment) == "s makes 5 attempts {literally}; slo (not given)")
        #expect(throws: Policy.ExpressionError.self) { try MessageTemplate.parse("{service.name") }
    }
}

struct CapacityMathTests {
    @Test("The seed guide's example: 75 + 50 + 50 = 175 RPM against 150 fails and plans 210, never under peak + 15%")
    func seedGuideRPM() throws {
        let services = ["a": 75.0, "b": 50, "c": 50].map { name, rpm in
            ServiceConfig(
                name: name, region: "eu-central-1", model: "eu.anthropic.claude-sonnet-4-6",
                value: .object([
                    "traffic": .object(["peak_rpm": .number(rpm), "input_tokens": .number(1500), "output_tokens": .number(500)])
                ]),
                line: 1, fieldLines: [:], waivers: [])
        }
        let targets = services.map { _ in
            Policy.Value.object(["model": .string("anthropic.claude-sonnet-4-6"), "id": .string("eu.anthropic.claude-sonnet-4-6")])
        }
        let quota = QuotaConfig(model: "anthropic.claude-sonnet-4-6", region: "eu-central-1", profile: nil, rpm: 150, tpm: nil, line: 1)
        let facts = PolicyFacts.quotas([quota], services: services, targets: targets, catalogue: try BuiltinData.catalogue())[0].1
        #expect(facts["peak_rpm"] == .number(175))
        #expect(facts["recommended_rpm"] == .number(210))
        #expect(facts["rpm_utilisation"] == .number(175.0 / 150))
    }

    /// Issue 25: AWS counts output tokens of Claude 3.7 and later 5x against quotas; the seed
    /// guide's 200,000 TPM is what is billed, and Sonnet 4.6 needs 400,000 of quota.
    @Test("10 requests a minute of 15,000 input and 5,000 output tokens on Sonnet 4.6: 200,000 billed, 400,000 of quota")
    func seedGuideTPM() throws {
        let service = ServiceConfig(
            name: "docs", region: "us-east-1", model: "us.anthropic.claude-sonnet-4-6",
            value: .object([
                "traffic": .object(["peak_rpm": .number(10), "input_tokens": .number(15_000), "output_tokens": .number(5_000)])
            ]),
            line: 1, fieldLines: [:], waivers: [])
        let target = Policy.Value.object(["model": .string("anthropic.claude-sonnet-4-6"), "id": .string("us.anthropic.claude-sonnet-4-6")])
        let quota = QuotaConfig(model: "anthropic.claude-sonnet-4-6", region: "us-east-1", profile: nil, rpm: nil, tpm: 150_000, line: 1)
        let facts = PolicyFacts.quotas([quota], services: [service], targets: [target], catalogue: try BuiltinData.catalogue())[0].1
        #expect(facts["peak_tpm_billed"] == .number(200_000))
        #expect(facts["peak_tpm"] == .number(400_000))
        #expect(facts["burndown"] == .number(5))
        #expect(facts["recommended_tpm"] == .number(460_000))
    }

    @Test func recommendedQuotasRoundToTwoSignificantFigures() {
        // Rounded up, never down: 160 × 1.15 = 184 planned 180 before issue 23.
        #expect(PolicyFacts.recommended(175) == 210)
        #expect(PolicyFacts.recommended(160) == 190)
        #expect(PolicyFacts.recommended(200_000) == 230_000)
        #expect(PolicyFacts.recommended(1000) == 1200)
        #expect(PolicyFacts.recommended(8) == 9.2)
        #expect(PolicyFacts.recommended(0) == 0)
    }
}

/// Every built-in rule's examples, run as tests (the same check `advisor rules test` runs).
struct BuiltinRuleExampleTests {
    @Test func everyBuiltinRuleExampleHolds() throws {
        let rules = try RuleLoader.builtin()
        #expect(rules.count >= 20)
        let catalogue = try BuiltinData.catalogue(), dataset = try BuiltinData.seedDataset()
        for rule in rules {
            #expect(rule.examples.contains(where: \.triggers) && rule.examples.contains { !$0.triggers }, "\(rule.id)")
            for failure in RuleExamples.run(rule, catalogue: catalogue, dataset: dataset, now: Date(timeIntervalSince1970: 1_795_305_600)) {
                Issue.record(Comment(rawValue: failure.description))
            }
        }
    }

    @Test func everyPackIsThere() throws {
        let packs = Set(try RuleLoader.builtin().map { $0.id.split(separator: ".").first.map(String.init) ?? "" })
        #expect(packs == ["routing", "residency", "latency", "cost", "resilience", "capacity", "lifecycle"])
    }
}

/// A large check runs in slices at once; what it finds, and in what order, must not depend on that.
struct ParallelCheckTests {
    @Test func slicesFindWhatOneSliceFindsInTheSameOrder() throws {
        let kinds = [
            ("eu-central-1", "eu.anthropic.claude-sonnet-4-6", "    residency: eu\n    priority: latency\n"),
            ("eu-central-1", "global.anthropic.claude-sonnet-4-6", "    priority: latency\n"),
            ("us-east-1", "amazon.nova-2-lite-v1:0", "    client: { max_attempts: 5 }\n"),
            (
                "ap-southeast-1", "jp.anthropic.claude-sonnet-4-6",
                "    waivers:\n      - { rule: resilience.no-backoff, reason: r, expires: 2027-01-01 }\n"
            ),
        ]
        var yaml = "services:\n"
        for index in 0..<2_003 {
            let (region, model, extra) = kinds[index % kinds.count]
            yaml += "  - name: svc-\(index)\n    region: \(region)\n    model: \(model)\n\(extra)"
            yaml += "    traffic: { peak_rpm: \(10 + index % 97), input_tokens: 1000, output_tokens: 300 }\n"
        }
        yaml += "quotas:\n  - { model: anthropic.claude-sonnet-4-6, region: eu-central-1, rpm: 2000, tpm: 400000 }\n"
        let config = try ConfigReader.read(yaml, file: "big.yaml")
        let environment = PolicyEnvironment(catalogue: try BuiltinData.catalogue(), dataset: try BuiltinData.seedDataset())
        let rules = try RuleLoader.builtin()
        let now = Date(timeIntervalSince1970: 1_795_305_600)
        let serial = PolicyEngine.check(config, rules: rules, environment: environment, now: now, parallelism: 1)
        #expect(serial.count > 2_003)
        #expect(serial.contains { $0.subjectKind == .quota })
        for parallelism in [2, 3, 4] {
            #expect(PolicyEngine.check(config, rules: rules, environment: environment, now: now, parallelism: parallelism) == serial)
        }
    }
}
