import AdvisorCore
import AdvisorFormats
import AdvisorTestSupport
import Foundation
import Testing

/// The built-in catalogue against the team's research notes (compiled from AWS's documentation):
/// every documented profile, source region and per-source route is in ours, unchanged.
@Suite(.enabled(if: Shared.isAvailable, Comment(rawValue: Shared.skipMessage)))
struct ReferenceCatalogueTests {
    @Test func everyDocumentedRouteIsInTheBuiltInCatalogue() throws {
        let data = try Data(contentsOf: Shared.file("reference/catalogue.json"))
        let reference = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let profiles = try #require(reference["profiles"] as? [[String: Any]])
        let catalogue = try BuiltinData.catalogue()
        #expect(catalogue.profiles.count == profiles.count)
        for entry in profiles {
            let id = try #require(entry["id"] as? String)
            guard let profile = catalogue.profile(id) else {
                Issue.record("\(id) is documented but not catalogued")
                continue
            }
            #expect(profile.model == entry["model"] as? String, "\(id) model")
            let sources = try #require(entry["sources"] as? [String])
            #expect(profile.sources == sources, "\(id) sources")
            let routes = entry["routes"] as? [String: [String]] ?? [:]
            for source in sources {
                let expected = routes[source] ?? catalogue.commercialRegionCodes
                #expect(catalogue.destinations(of: profile, from: source).sorted() == expected.sorted(), "\(id) from \(source)")
            }
        }
        let regions = try #require(reference["regions"] as? [[String: Any]])
        #expect(Set(catalogue.regions.map(\.code)) == Set(regions.compactMap { $0["code"] as? String }))
    }
}
