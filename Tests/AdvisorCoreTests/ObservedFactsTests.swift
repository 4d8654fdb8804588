@testable import AdvisorCore
import AdvisorFormats
import Foundation
import Testing

/// The observed facts a residency rule reads, from CloudTrail's counts.
struct ObservedFactsTests {
    /// CloudTrail names an application profile by its ARN; advisor.yaml may name it by its id.
    @Test func anApplicationProfileNamedByItsIdFindsTheCallsLoggedUnderItsARN() throws {
        let builtin = try BuiltinData.catalogue()
        let arn = "arn:aws:bedrock:eu-central-1:111122223333:application-inference-profile/k3x9q2m7ab1c"
        let catalogue = Catalogue(
            name: builtin.name, geographies: builtin.geographies, regions: builtin.regions, models: builtin.models,
            profiles: builtin.profiles, prices: builtin.prices,
            applicationProfiles: [
                ApplicationProfile(
                    arn: arn, id: "k3x9q2m7ab1c", region: "eu-central-1",
                    wraps: "eu.anthropic.claude-sonnet-4-6", model: "anthropic.claude-sonnet-4-6")
            ])
        let observed = RouteObservation.from(
            [
                ObservedCount(
                    source: "eu-central-1", profile: arn, servedRegion: "us-east-1", succeeded: true,
                    calls: 5, first: "2026-11-20T09:00:00Z", last: "2026-11-20T09:00:00Z")
            ],
            catalogue: catalogue)
        let service = ServiceConfig(
            name: "app", region: "eu-central-1", model: "k3x9q2m7ab1c",
            value: .object(["residency": .string("eu")]), line: 1, fieldLines: [:], waivers: [])
        let target = PolicyFacts.target(service, catalogue: catalogue, residency: "eu")
        let facts = PolicyFacts.observed(
            service, target: target, environment: PolicyEnvironment(catalogue: catalogue, dataset: nil, observed: observed),
            now: Date(timeIntervalSince1970: 1_795_305_600))
        #expect(facts["calls"] == .number(5))
        #expect(facts["outside"] == .list([.string("us-east-1 (5 calls)")]))
        // The route is flagged against the catalogue too: an eu. profile served in us-east-1.
        #expect(observed.first?.outsideCatalogue == ["us-east-1"])
    }
}
