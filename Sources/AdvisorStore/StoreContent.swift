public import AdvisorCore

/// What a store is seeded with and how it keeps a catalogue as text: given by the application (the
/// built-in data and the catalogue's YAML codec live in AdvisorFormats), so the store stores values
/// and never reads or writes a file format itself.
public struct StoreContent: Sendable {
    /// The built-in catalogue: its text (what is stored and fingerprinted), where it comes from, and
    /// the value (compiled in, so a cold command parses no YAML).
    public var catalogueText: String
    public var catalogueOrigin: String
    public var catalogue: @Sendable () throws -> Catalogue
    /// The built-in dataset: its name, text (fingerprinted), where it comes from, and its figures.
    public var datasetName: String
    public var datasetText: String
    public var datasetOrigin: String
    public var dataset: @Sendable () throws -> SummaryFile
    /// A stored catalogue version's text back to a value (`file` names it in errors), and a value to text.
    public var decodeCatalogue: @Sendable (_ text: String, _ file: String) throws -> Catalogue
    public var encodeCatalogue: @Sendable (Catalogue) -> String

    public init(
        catalogueText: String, catalogueOrigin: String, catalogue: @escaping @Sendable () throws -> Catalogue,
        datasetName: String, datasetText: String, datasetOrigin: String, dataset: @escaping @Sendable () throws -> SummaryFile,
        decodeCatalogue: @escaping @Sendable (String, String) throws -> Catalogue,
        encodeCatalogue: @escaping @Sendable (Catalogue) -> String
    ) {
        self.catalogueText = catalogueText
        self.catalogueOrigin = catalogueOrigin
        self.catalogue = catalogue
        self.datasetName = datasetName
        self.datasetText = datasetText
        self.datasetOrigin = datasetOrigin
        self.dataset = dataset
        self.decodeCatalogue = decodeCatalogue
        self.encodeCatalogue = encodeCatalogue
    }
}
