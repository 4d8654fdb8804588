import AdvisorReporting
import Testing

/// Every command's `--format` choices come from one kind of list (Renderer.swift): identifiers are
/// unique within a command, each says what it is for, and the first is the default.
struct RendererListTests {
    static let lists: [(command: String, identifiers: [String], descriptions: [String])] = [
        entry("recommend", RecommendationReport.self), entry("stats", StatsReport.self),
        entry("datasets list", DatasetsReport.self), entry("capacity", CapacityReport.self),
        entry("routes", RoutesReport.self), entry("probe", ProbeReport.self), entry("verify", VerifyReport.self),
        entry("catalogue show", CatalogueReport.Show.self), entry("catalogue callable", CatalogueReport.Callable.self),
        entry("catalogue diff", CatalogueReport.Diff.self), entry("catalogue validate", CatalogueReport.Issues.self),
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
        #expect(StatsReport.identifiers == ["text", "json", "csv"])
    }
}
