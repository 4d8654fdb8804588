import AdvisorCore
import AdvisorFormats
import Testing

struct CatalogueTests {
    let catalogue: Catalogue

    init() throws { catalogue = try BuiltinData.catalogue() }

    @Test func jpIsNotCallableFromSingaporeWithBedrocksError() {
        let answer = catalogue.callability(of: "jp.anthropic.claude-sonnet-4-6", from: "ap-southeast-1")
        #expect(
            answer
                == .notCallable(
                    reason: "not callable from ap-southeast-1: its source regions are ap-northeast-1, ap-northeast-3",
                    bedrockError: "ValidationException: The provided model identifier is invalid."))
    }

    @Test func singaporeIsInNoGeographicProfilesSourceListOfTheLabModels() {
        for model in ["anthropic.claude-sonnet-4-6", "amazon.nova-2-lite-v1:0"] {
            let callable = catalogue.profiles(ofModel: model)
                .filter { catalogue.callability(of: $0.id, from: "ap-southeast-1").isCallable }
            #expect(callable.map(\.scope.rawValue) == ["global"])
        }
    }

    @Test func novaTwoLiteHasNoAuProfileAndItsJpProfileOnlyOneSource() {
        #expect(catalogue.profile("au.amazon.nova-2-lite-v1:0") == nil)
        #expect(catalogue.profile("jp.amazon.nova-2-lite-v1:0")?.sources == ["ap-northeast-1"])
    }

    @Test func destinationsDependOnTheSource() throws {
        let eu = try #require(catalogue.profile("eu.anthropic.claude-sonnet-4-6"))
        #expect(
            catalogue.destinations(of: eu, from: "eu-central-1") == [
                "eu-central-1", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-3",
            ])
        #expect(catalogue.destinations(of: eu, from: "eu-west-2").contains("eu-west-2"))
        let global = try #require(catalogue.profile("global.anthropic.claude-sonnet-4-6"))
        #expect(catalogue.destinations(of: global, from: "eu-central-1").count == catalogue.commercialRegionCodes.count)
        #expect(!catalogue.commercialRegionCodes.contains("us-gov-west-1"))
    }

    @Test func residencyFollowsGeographyNesting() {
        #expect(catalogue.region("ap-northeast-1", isInside: "jp"))
        #expect(catalogue.region("ap-northeast-1", isInside: "apac"))
        #expect(!catalogue.region("ap-northeast-1", isInside: "eu"))
        #expect(catalogue.residencyViolations(destinations: ["eu-west-1", "us-east-1"], residency: "eu") == ["us-east-1"])
    }

    @Test func inRegionOnlyWhereTheCatalogueSaysSo() {
        #expect(catalogue.callability(of: "anthropic.claude-sonnet-4-6", from: "eu-west-2") == .callable(destinations: ["eu-west-2"]))
        #expect(!catalogue.callability(of: "anthropic.claude-sonnet-4-6", from: "eu-central-1").isCallable)
        #expect(!catalogue.callability(of: "amazon.nova-2-lite-v1:0", from: "us-east-1").isCallable)
    }

    @Test func everyEntryRecordsWhereTheFactCameFrom() {
        for profile in catalogue.profiles { #expect(profile.source.hasPrefix("https://"), "\(profile.id)") }
        for model in catalogue.models { #expect(model.source.hasPrefix("https://"), "\(model.id)") }
        for price in catalogue.prices { #expect(price.source.hasPrefix("https://"), "\(price.model)") }
    }

    @Test func resolvingNamesSuggestsTheNearest() throws {
        #expect(try catalogue.resolveModel("eu.anthropic.claude-sonnet-4-6", field: "--model").id == "anthropic.claude-sonnet-4-6")
        #expect(try catalogue.resolveModel("nova-2-lite-v1:0", field: "--model").id == "amazon.nova-2-lite-v1:0")
        #expect(throws: InputError.self) { try catalogue.resolveRegion("eu-centrl-1", field: "--source") }
        do {
            _ = try catalogue.resolveRegion("eu-centrl-1", field: "--source")
        } catch {
            #expect(error.suggestions.first == "eu-central-1")
            #expect(error.description.hasPrefix("--source: unknown value 'eu-centrl-1'"))
        }
        #expect(try catalogue.resolveResidency("any", field: "--residency") == nil)
        #expect(throws: InputError.self) { try catalogue.resolveResidency("europe", field: "--residency") }
    }
}
