import Foundation

/// What the store says of its datasets and catalogue versions: values the commands print.
public struct DatasetInfo: Sendable, Equatable {
    public var name: String
    public var kind: String
    public var measured: String?
    public var origin: String?
    public var description: String?
    public var createdAt: String
    /// Samples (raw datasets) or published statistics (summary datasets).
    public var count: Int = 0
    public var failed: Int = 0
    public var firstTimestamp: String?
    public var lastTimestamp: String?
    public var sources: [String] = []
    public var files: Int = 0

    public init(name: String, kind: String, measured: String?, origin: String?, description: String?, createdAt: String) {
        self.name = name
        self.kind = kind
        self.measured = measured
        self.origin = origin
        self.description = description
        self.createdAt = createdAt
    }
}

public struct CatalogueVersionInfo: Sendable, Equatable {
    public var name: String
    public var createdAt: String
    public var origin: String

    public init(name: String, createdAt: String, origin: String) {
        self.name = name
        self.createdAt = createdAt
        self.origin = origin
    }
}

/// A catalogue version made from another inside one write transaction.
public struct DerivedCatalogue: Sendable {
    public var base: Catalogue
    /// The new version; when `created` is false, what it would have been (nothing was stored).
    public var stored: Catalogue
    public var created: Bool

    public init(base: Catalogue, stored: Catalogue, created: Bool = true) {
        self.base = base
        self.stored = stored
        self.created = created
    }
}
