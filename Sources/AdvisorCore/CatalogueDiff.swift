/// What changed between two catalogue versions: profiles, source regions, and destinations per source.
public struct CatalogueDiff: Sendable, Equatable {
    public struct RouteChange: Sendable, Equatable {
        public var source: String
        public var added: [String]
        public var removed: [String]

        public init(source: String, added: [String], removed: [String]) {
            self.source = source
            self.added = added
            self.removed = removed
        }
    }

    public struct ProfileChange: Sendable, Equatable {
        public var id: String
        public var sourcesAdded: [String]
        public var sourcesRemoved: [String]
        public var routes: [RouteChange]
    }

    public var old: String
    public var new: String
    public var profilesAdded: [String]
    public var profilesRemoved: [String]
    public var changed: [ProfileChange]
    public var modelsAdded: [String] = []
    /// Models whose lifecycle (legacy, extended access, end of life, successor) changed.
    public var lifecycleChanged: [String] = []
    /// Application profiles, as `region id`.
    public var applicationProfilesAdded: [String] = []
    public var applicationProfilesRemoved: [String] = []

    public var isEmpty: Bool {
        profilesAdded.isEmpty && profilesRemoved.isEmpty && changed.isEmpty && modelsAdded.isEmpty && lifecycleChanged.isEmpty
            && applicationProfilesAdded.isEmpty && applicationProfilesRemoved.isEmpty
    }

    /// What a lifecycle says, without where and when it was read: reading the same dates again
    /// is no change.
    static func lifecycleFacts(_ lifecycle: ModelLifecycle) -> [String?] {
        [lifecycle.legacyFrom, lifecycle.extendedAccessFrom, lifecycle.endOfLife, lifecycle.successor]
    }

    public static func compute(old: Catalogue, new: Catalogue) -> CatalogueDiff {
        let oldIds = Set(old.profiles.map(\.id)), newIds = Set(new.profiles.map(\.id))
        var changed: [ProfileChange] = []
        for profile in new.profiles where oldIds.contains(profile.id) {
            let before = old.profile(profile.id)!
            let added = profile.sources.filter { !before.sources.contains($0) }
            let removed = before.sources.filter { !profile.sources.contains($0) }
            var routes: [RouteChange] = []
            for source in profile.sources where before.sources.contains(source) {
                let was = Set(old.destinations(of: before, from: source)), now = Set(new.destinations(of: profile, from: source))
                if was != now {
                    routes.append(
                        RouteChange(
                            source: source, added: now.subtracting(was).sorted(),
                            removed: was.subtracting(now).sorted()))
                }
            }
            if !added.isEmpty || !removed.isEmpty || !routes.isEmpty {
                changed.append(ProfileChange(id: profile.id, sourcesAdded: added, sourcesRemoved: removed, routes: routes))
            }
        }
        var diff = CatalogueDiff(
            old: old.name, new: new.name,
            profilesAdded: new.profiles.map(\.id).filter { !oldIds.contains($0) },
            profilesRemoved: old.profiles.map(\.id).filter { !newIds.contains($0) },
            changed: changed)
        let oldModels = Dictionary(old.models.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        diff.modelsAdded = new.models.map(\.id).filter { oldModels[$0] == nil }
        diff.lifecycleChanged = new.models.filter { model in
            guard let before = oldModels[model.id] else { return false }
            return before.lifecycle.map(Self.lifecycleFacts) != model.lifecycle.map(Self.lifecycleFacts)
        }.map(\.id)
        func applications(_ catalogue: Catalogue) -> [String] { catalogue.applicationProfiles.map { "\($0.region) \($0.id)" } }
        let oldApplications = Set(applications(old)), newApplications = Set(applications(new))
        diff.applicationProfilesAdded = applications(new).filter { !oldApplications.contains($0) }
        diff.applicationProfilesRemoved = applications(old).filter { !newApplications.contains($0) }
        return diff
    }
}

/// An inconsistency in a catalogue or in AWS listings, found without importing.
public struct CatalogueIssue: Sendable, Equatable {
    public enum Severity: String, Sendable { case error, warning }
    public var severity: Severity
    public var location: String
    public var message: String

    public init(_ severity: Severity, _ location: String, _ message: String) {
        self.severity = severity
        self.location = location
        self.message = message
    }
}

public enum CatalogueValidation {
    /// Checks listings against the catalogue's regions and geographies.
    public static func check(_ listings: [RegionListing], catalogue: Catalogue) -> [CatalogueIssue] {
        var issues: [CatalogueIssue] = []
        for listing in listings {
            var seen: [String: String] = [:]
            for entry in listing.profiles {
                if let first = seen[entry.id] {
                    issues.append(CatalogueIssue(.error, entry.location, "duplicate profile id \(entry.id) (also at \(first))"))
                }
                seen[entry.id] = entry.location
                guard entry.kind == .systemDefined else { continue }
                let models = Set(entry.models.map(\.model))
                if models.count > 1 {
                    issues.append(
                        CatalogueIssue(.error, entry.location, "routes to different models: \(models.sorted().joined(separator: ", "))"))
                }
                if let model = entry.model, !entry.id.hasSuffix("." + model) {
                    issues.append(CatalogueIssue(.warning, entry.location, "id \(entry.id) does not end with its model \(model)"))
                }
                issues += scopeIssues(
                    entry.scope, id: entry.id, source: listing.region,
                    destinations: CatalogueImport.destinations(entry), hasRegionless: entry.models.contains { $0.region == nil },
                    location: entry.location, catalogue: catalogue)
            }
        }
        return issues
    }

    /// Checks a catalogue's own profiles the same way.
    public static func check(_ catalogue: Catalogue, location: String) -> [CatalogueIssue] {
        var issues: [CatalogueIssue] = []
        for profile in catalogue.profiles {
            for source in profile.sources {
                issues += scopeIssues(
                    profile.scope, id: profile.id, source: source,
                    destinations: profile.routes[source] ?? profile.destinations,
                    hasRegionless: profile.destinations == .allCommercial,
                    location: "\(location): \(profile.id)", catalogue: catalogue)
            }
        }
        return issues
    }

    static func scopeIssues(
        _ scope: Scope, id: String, source: String, destinations: Destinations, hasRegionless: Bool,
        location: String, catalogue: Catalogue
    ) -> [CatalogueIssue] {
        if scope.isGlobal {
            return destinations == .allCommercial
                ? []
                : [CatalogueIssue(.warning, location, "global profile \(id) lists no region-less model ARN")]
        }
        guard catalogue.geography(scope.rawValue) != nil else {
            return [
                CatalogueIssue(
                    .error, location,
                    "the prefix '\(scope)' of \(id) is neither global nor a geography of the catalogue "
                        + "(\(catalogue.geographies.map(\.code).joined(separator: ", ")))")
            ]
        }
        guard case .regions(let list) = destinations else {
            return [CatalogueIssue(.error, location, "geographic profile \(id) routes to any commercial region")]
        }
        // Several profiles add the calling region to their own destinations (us. from ca-central-1),
        // so the source itself is never counted as leaving the geography.
        let outside = list.filter { $0 != source && !catalogue.region($0, isInside: scope.rawValue) }
        guard !outside.isEmpty else { return [] }
        return [
            CatalogueIssue(
                .error, location,
                "geographic profile \(id) called from \(source) routes outside \(scope): "
                    + outside.joined(separator: ", "))
        ]
    }
}
