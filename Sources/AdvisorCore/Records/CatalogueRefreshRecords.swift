// What `catalogue refresh` found, Region by Region: values the use case returns and the
// renderers print.

/// What one Region answered.
public struct RegionRefresh: Sendable {
    public var region: String
    public var systemProfiles = 0
    public var applicationProfiles = 0
    /// ListInferenceProfiles pages read, both kinds.
    public var pages = 0
    public var models = 0
    public var legacyModels = 0
    /// "37 quotas matched, 5 not matched", when quotas were read.
    public var quotas: String?
    /// Why the Region's profiles were not refreshed (its earlier ones are kept), nil when they were.
    public var failure: String?
    /// Why its quotas were not read, when they were asked for.
    public var quotaFailure: String?

    public init(region: String) { self.region = region }
}

public struct CatalogueRefreshResult: Sendable {
    public var regions: [RegionRefresh]
    public var diff: CatalogueDiff
    /// The version stored, nil when nothing changed.
    public var stored: String?
    public var base: String
    public var failedRegions: [String] { regions.filter { $0.failure != nil }.map(\.region) }
    public var partial: Bool { !failedRegions.isEmpty }
    public var anyFailure: Bool { regions.contains { $0.failure != nil || $0.quotaFailure != nil } }

    public init(regions: [RegionRefresh], diff: CatalogueDiff, stored: String?, base: String) {
        self.regions = regions
        self.diff = diff
        self.stored = stored
        self.base = base
    }
}
