public import AdvisorCore
import Foundation

/// The catalogue and dataset every new store is seeded with, read from the embedded fixtures.
public enum BuiltinData {
    public static let cataloguePath = "Data/catalogue/default.yaml"
    public static let seedDatasetName = "seed-lab-2026-04"
    public static let seedDatasetPath = "Data/datasets/seed-lab-2026-04.csv"

    /// The differences the seed article printed, which `advisor report` footnotes where they differ from its P50s.
    public static let seedPublishedPath = "Data/datasets/seed-lab-2026-04.published.csv"
    public static let seedPublisher = "the seed article"

    public static var catalogueText: String { EmbeddedFixtures.files[cataloguePath]! }
    public static var seedDatasetText: String { EmbeddedFixtures.files[seedDatasetPath]! }
    /// The built-in rule files (Rules/), in path order; RuleLoader loads them.
    static var ruleFiles: [(name: String, text: String)] {
        EmbeddedFixtures.files.filter { $0.key.hasPrefix("Rules/") && RuleLoader.isRuleFile($0.key) }
            .sorted { $0.key < $1.key }.map { (name: $0.key, text: $0.value) }
    }

    /// The built-in catalogue, compiled in (BuiltinCatalogue+Generated.swift, kept equal to what
    /// CatalogueReader reads of `catalogueText` by BuiltinCatalogueValueTests): no YAML to parse.
    public static func catalogue() throws(FormatError) -> Catalogue { parsedAhead }

    /// The catalogue a store keeps as `text`: the compiled-in one when the text is the built-in
    /// catalogue's, byte for byte (the common case, and a tenth of a cold `recommend` saved), else
    /// the text read.
    public static func catalogue(storedText text: String, file: String) throws(FormatError) -> Catalogue {
        if sameBytes(text, catalogueText) { return parsedAhead }
        return try CatalogueReader.read(text, file: file)
    }

    private static func sameBytes(_ a: String, _ b: String) -> Bool {
        let compared = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in
                x.count == y.count && (x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
            }
        }
        return (compared ?? nil) ?? a.utf8.elementsEqual(b.utf8)
    }

    public static func seedSummary() throws(FormatError) -> SummaryFile {
        try SummaryReader.read(seedDatasetText, file: "(built-in) " + seedDatasetPath)
    }

    /// The seed article's printed differences, for reports on the seed dataset.
    public static func seedPublished() throws(FormatError) -> [PublishedDifference] {
        let file = "(built-in) " + seedPublishedPath
        let records = try CSVParser.parse(EmbeddedFixtures.files[seedPublishedPath]!, file: file)
        guard records.first?.fields == ["source_region", "model", "metric", "difference_ms", "difference_pct"] else {
            throw FormatError(
                file: file, line: records.first?.line,
                message: "expected the header source_region,model,metric,difference_ms,difference_pct")
        }
        return try records.dropFirst().map { record throws(FormatError) in
            guard record.fields.count == 5, let metric = LatencyMetric(rawValue: record.fields[2]) else {
                throw FormatError(file: file, line: record.line, message: "expected five fields, the third ttfb or total")
            }
            return PublishedDifference(
                source: record.fields[0], model: record.fields[1], metric: metric,
                milliseconds: Double(record.fields[3]), percent: Double(record.fields[4]))
        }
    }

    /// The seed dataset as the store serves it (with its measurement date).
    public static func seedDataset() throws(FormatError) -> Dataset {
        var dataset = try seedSummary().dataset(named: seedDatasetName)
        dataset.measuredAt = dataset.measured.flatMap(RFC3339.parseDateOrDateTime)
        return dataset
    }
}
