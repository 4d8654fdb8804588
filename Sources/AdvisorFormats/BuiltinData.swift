public import AdvisorCore

/// The catalogue and dataset every new store is seeded with, read from the embedded fixtures.
public enum BuiltinData {
    public static let cataloguePath = "Fixtures/catalogue/default.yaml"
    public static let seedDatasetName = "seed-lab-2026-04"
    public static let seedDatasetPath = "Fixtures/datasets/seed-lab-2026-04.csv"

    public static var catalogueText: String { EmbeddedFixtures.files[cataloguePath]! }
    public static var seedDatasetText: String { EmbeddedFixtures.files[seedDatasetPath]! }
    /// The built-in rule files (Rules/), in path order; RuleLoader loads them.
    static var ruleFiles: [(name: String, text: String)] {
        EmbeddedFixtures.files.filter { $0.key.hasPrefix("Rules/") && RuleLoader.isRuleFile($0.key) }
            .sorted { $0.key < $1.key }.map { (name: $0.key, text: $0.value) }
    }

    public static func catalogue() throws(FormatError) -> Catalogue {
        try CatalogueReader.read(catalogueText, file: "(built-in) " + cataloguePath)
    }

    public static func seedSummary() throws(FormatError) -> SummaryFile {
        try SummaryReader.read(seedDatasetText, file: "(built-in) " + seedDatasetPath)
    }

    /// The seed dataset as the store serves it (with its measurement date).
    public static func seedDataset() throws(FormatError) -> Dataset {
        var dataset = try seedSummary().dataset(named: seedDatasetName)
        dataset.measuredAt = dataset.measured.flatMap(RFC3339.parseDateOrDateTime)
        return dataset
    }
}
