import AdvisorReporting
import Testing

/// Every command's `--format` choices come from one kind of list (Renderer.swift): identifiers are
/// unique within a command, each says what it is for, and the first is the default.
struct RendererListTests {
    static let lists: [(command: String, identifiers: [String], descriptions: [String])] = [
        entry("recommend", RecommendationOutput.self), entry("stats", StatsOutput.self),
        entry("datasets list", DatasetsOutput.self), entry("capacity", CapacityOutput.self),
        entry("routes", RoutesOutput.self), entry("probe", ProbeOutput.self), entry("verify", VerifyOutput.self),
        entry("catalogue show", CatalogueOutput.Show.self), entry("catalogue callable", CatalogueOutput.Callable.self),
        entry("catalogue diff", CatalogueOutput.Diff.self), entry("catalogue validate", CatalogueOutput.Issues.self),
        entry("report", ReviewFormats.self), entry("check", FindingsReporters.self),
    ]

    static func entry<L: RendererList>(_ command: String, _ list: L.Type) -> (String, [String], [String]) {
        (command, L.identifiers, L.formats.map(\.description))
    }

    @Test func identifiersAreUniqueAndDescribed() {
        for list in Self.lists {
            #expect(Set(list.identifiers).count == list.identifiers.count, "\(list.command)")
            #expect(list.descriptions.allSatisfy { !$0.isEmpty }, "\(list.command)")
        }
    }

    @Test func checkOffersEveryReporterInItsOrder() {
        #expect(FindingsReporters.identifiers == FindingsReporters.all.map { $0.identifier })
        #expect(FindingsReporters.identifiers.first == "text")
        #expect(ReviewFormats.identifiers == ["markdown", "html"])
        #expect(StatsOutput.identifiers == ["text", "json", "csv"])
    }
}
