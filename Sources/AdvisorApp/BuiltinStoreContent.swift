public import AdvisorStore
import AdvisorCore
import AdvisorFormats

extension StoreContent {
    /// What advisor ships: the built-in catalogue and seed dataset (embedded in the binary), and the
    /// catalogue's YAML form as the store keeps it.
    public static let advisor = StoreContent(
        catalogueText: BuiltinData.catalogueText, catalogueOrigin: BuiltinData.cataloguePath,
        catalogue: { try BuiltinData.catalogue() },
        datasetName: BuiltinData.seedDatasetName, datasetText: BuiltinData.seedDatasetText, datasetOrigin: BuiltinData.seedDatasetPath,
        dataset: { try BuiltinData.seedSummary() },
        decodeCatalogue: { text, file in try BuiltinData.catalogue(storedText: text, file: file) },
        encodeCatalogue: { CatalogueWriter.yaml($0) })
}

extension StoreSettings {
    /// The settings of a store with advisor's built-in content and no other limits.
    public static let advisor = StoreSettings(content: .advisor)
}
