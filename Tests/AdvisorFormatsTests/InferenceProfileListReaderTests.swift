import AdvisorCore
import AdvisorFormats
import AdvisorTestSupport
import Foundation
import Testing

struct InferenceProfileListReaderTests {
    let regions: Set<String>

    init() throws { regions = Set(try BuiltinData.catalogue().regions.map(\.code)) }

    func read(_ text: String) throws(FormatError) -> InferenceProfileListReader.Page {
        try InferenceProfileListReader.read(text, file: "list.json", knownRegions: regions)
    }

    @Test(.enabled(if: Shared.isAvailable, Comment(rawValue: Shared.skipMessage)))
    func readsTheExampleComposedFromTheServiceModel() throws {
        let page = try read(try Shared.text("testdata/list-inference-profiles-example.json"))
        #expect(page.arnRegions == ["eu-west-1"])
        #expect(page.profiles.map(\.id) == ["global.anthropic.claude-sonnet-4-6", "eu.anthropic.claude-sonnet-4-6"])
        let global = page.profiles[0]
        #expect(global.models.first == ModelARN(region: nil, model: "anthropic.claude-sonnet-4-6"))  // region-less
        #expect(global.kind == .systemDefined && global.isActive)
        #expect(
            page.profiles[1].models.compactMap(\.region) == [
                "eu-central-1", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-3",
            ])
    }

    @Test func modelIdsWithColonsSurviveARNParsing() throws {
        let page = try read(try Repo.text("Fixtures/aws/eu-central-1-page-2.json"))
        #expect(page.profiles[0].model == "amazon.nova-2-lite-v1:0")
        #expect(page.profiles[0].id == "eu.amazon.nova-2-lite-v1:0")
    }

    static let profile =
        #"{"inferenceProfileArn": "ARN", "models": [{"modelArn": "MODEL"}], "inferenceProfileId": "eu.m", "status": "ACTIVE", "type": "SYSTEM_DEFINED"}"#

    static let badInputs: [(String, String)] = [
        ("not json at all", "list.json:1: is not JSON; expected the output of `aws bedrock list-inference-profiles --output json`"),
        (
            #"{"modelSummaries": [{"modelId": "amazon.nova-2-lite-v1:0"}]}"#,
            "list.json:1:1: has no inferenceProfileSummaries (this looks like `aws bedrock list-foundation-models` output); found keys: modelSummaries"
        ),
        (
            #"{"inferenceProfileSummaries": [\#(profile.replacingOccurrences(of: "ARN", with: "arn:aws:bedrock:eu-west-1:1:inference-profile/eu.m").replacingOccurrences(of: "MODEL", with: "not-an-arn"))]}"#,
            "list.json:1:134: inferenceProfileSummaries[0].models[0].modelArn: 'not-an-arn' is not a Bedrock ARN (arn:aws:bedrock:REGION:ACCOUNT:TYPE/ID)"
        ),
        (
            #"{"inferenceProfileSummaries": [\#(profile.replacingOccurrences(of: "ARN", with: "arn:aws:bedrock:eu-west-1:1:inference-profile/eu.m").replacingOccurrences(of: "MODEL", with: "arn:aws:bedrock:eu-west-9::foundation-model/m"))]}"#,
            "list.json:1:134: inferenceProfileSummaries[0].models[0].modelArn: unknown region 'eu-west-9' (did you mean 'eu-west-1'?); add it to the catalogue's regions if AWS opened it"
        ),
        (
            #"{"inferenceProfileSummaries": [{"inferenceProfileId": "eu.m"}]}"#,
            "list.json:1:32: inferenceProfileSummaries[0]: missing required key 'inferenceProfileArn'"
        ),
    ]

    @Test("Bad files: clear errors with file and JSON path", arguments: badInputs)
    func badInput(text: String, message: String) {
        #expect(throws: (any Error).self) { try read(text) }
        do { _ = try read(text) } catch { #expect(error.description == message) }
    }
}

struct CatalogueWriterTests {
    @Test func theBuiltInCatalogueRoundTrips() throws {
        let catalogue = try BuiltinData.catalogue()
        let again = try CatalogueReader.read(CatalogueWriter.yaml(catalogue), file: "written.yaml")
        #expect(again.profiles == catalogue.profiles)
        #expect(again.regions == catalogue.regions)
        #expect(again.geographies == catalogue.geographies)
        #expect(again.models == catalogue.models)
        #expect(again.prices == catalogue.prices)
    }
}
