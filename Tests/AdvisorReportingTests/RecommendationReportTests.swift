import AdvisorCore
import AdvisorFormats
import AdvisorReporting
import AdvisorTestSupport
import Foundation
import Testing

/// Every output format against a golden file (RECORD_GOLDEN=1 re-records after a deliberate change),
/// and the JSON against the contract of docs/data-formats.md.
struct RecommendationReportTests {
    /// The day the golden files were recorded; `advisor recommend --as-of 2026-11-22` reproduces them.
    static let asOf = Date(timeIntervalSince1970: 1_795_305_600)
    let catalogue: Catalogue
    let dataset: Dataset

    init() throws {
        catalogue = try BuiltinData.catalogue()
        dataset = try BuiltinData.seedDataset()
    }

    func recommend(_ source: String, _ priority: Priority, residency: String? = nil) -> Recommendation {
        let models = Recommender.modelsWithData(from: source, catalogue: catalogue, dataset: dataset)
        return Recommender.recommend(
            RecommendationRequest(
                source: source, models: models, priority: priority,
                residency: residency, now: Self.asOf),
            catalogue: catalogue, dataset: dataset)
    }

    static let cases: [(String, Priority, String?, String)] = [
        ("eu-central-1", .latency, nil, "recommend-eu-central-1-latency"),
        ("us-east-1", .tail, nil, "recommend-us-east-1-tail"),
        ("ap-southeast-1", .latency, "jp", "recommend-ap-southeast-1-residency-jp"),
        ("us-west-2", .balanced, nil, "recommend-us-west-2-balanced"),
    ]

    @Test("Golden outputs", arguments: cases)
    func golden(source: String, priority: Priority, residency: String?, name: String) throws {
        let recommendation = recommend(source, priority, residency: residency)
        let outputs = [
            ("txt", RecommendationOutput.text(recommendation, catalogue: catalogue)),
            ("json", RecommendationOutput.json(recommendation)),
            ("md", RecommendationOutput.markdown(recommendation, catalogue: catalogue)),
        ]
        for (ext, output) in outputs {
            if let difference = try Golden.check(output, named: "\(name).\(ext)") { Issue.record(Comment(rawValue: difference)) }
        }
    }

    @Test func jsonFollowsTheContract() throws {
        let text = RecommendationOutput.json(recommend("eu-central-1", .latency))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["source", "priority", "residency", "dataset", "recommendations"])
        #expect(object["source"] as? String == "eu-central-1")
        #expect(object["residency"] as? String == "any")
        #expect(object["dataset"] as? String == "seed-lab-2026-04")
        let recommendations = try #require(object["recommendations"] as? [[String: Any]])
        let claude = try #require(recommendations.first)
        #expect(claude["model"] as? String == "anthropic.claude-sonnet-4-6")
        #expect(claude["choice"] as? String == "eu.anthropic.claude-sonnet-4-6")
        let options = try #require(claude["options"] as? [[String: Any]])
        let first = try #require(options.first)
        #expect(first["profile"] as? String == "eu.anthropic.claude-sonnet-4-6")
        #expect(first["scope"] as? String == "eu")
        #expect(first["rank"] as? Int == 1)
        #expect(first["ttfb_p50_ms"] as? Int == 766)
        #expect(first["total_p50_ms"] as? Int == 2473)
        #expect(first["relative_cost"] as? Double == 1.0)
        #expect((first["reasons"] as? [String])?.isEmpty == false)
        let excluded = try #require(claude["excluded"] as? [[String: Any]])
        #expect(excluded.allSatisfy { $0["profile"] is String && $0["reason"] is String })
        // The bare figures print as integers, relative cost with its fraction.
        #expect(text.contains("\"ttfb_p50_ms\": 766,"))
        #expect(text.contains("\"relative_cost\": 1.0,"))
    }

    @Test func choiceIsNullWhenNothingQualifies() throws {
        let text = RecommendationOutput.json(recommend("ap-southeast-1", .latency, residency: "jp"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let recommendations = try #require(object["recommendations"] as? [[String: Any]])
        #expect(recommendations.allSatisfy { $0["choice"] is NSNull })
        #expect(recommendations.allSatisfy { ($0["notes"] as? [String])?.isEmpty == false })
    }

    @Test func jsonStringsAreEscaped() {
        let value = JSONValue.object([("k", .string("a\"b\\c\n\u{1}é"))])
        #expect(value.rendered(pretty: false) == #"{"k":"a\"b\\c\n\u0001é"}"#)
    }
}

struct CatalogueReportTests {
    @Test func callableFromSingapore() throws {
        let catalogue = try BuiltinData.catalogue()
        let table = CallableTable.build(
            catalogue: catalogue, source: "ap-southeast-1",
            models: ["anthropic.claude-sonnet-4-6", "amazon.nova-2-lite-v1:0"])
        for (name, output) in [
            ("catalogue-callable-ap-southeast-1.txt", CatalogueOutput.callableText(table, catalogue: catalogue)),
            ("catalogue-callable-ap-southeast-1.json", CatalogueOutput.callableJSON(table)),
        ] {
            if let difference = try Golden.check(output, named: name) { Issue.record(Comment(rawValue: difference)) }
        }
    }

    @Test func showOneModel() throws {
        let catalogue = try BuiltinData.catalogue()
        for (name, output) in [
            ("catalogue-show-nova-2-lite.txt", CatalogueOutput.showText(catalogue, model: "amazon.nova-2-lite-v1:0")),
            ("catalogue-show-nova-2-lite.json", CatalogueOutput.showJSON(catalogue, model: "amazon.nova-2-lite-v1:0")),
        ] {
            if let difference = try Golden.check(output, named: name) { Issue.record(Comment(rawValue: difference)) }
        }
    }
}
