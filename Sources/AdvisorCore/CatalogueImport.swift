/// A foundation-model ARN from a profile's `models[]`: where the profile may send requests.
public struct ModelARN: Sendable, Hashable {
    /// nil for the region-less ARN a `global.` profile lists (`arn:aws:bedrock:::foundation-model/…`).
    public var region: String?
    public var model: String

    public init(region: String?, model: String) {
        self.region = region
        self.model = model
    }
}

/// One entry of `aws bedrock list-inference-profiles` as listed from one region.
public struct ListedProfile: Sendable {
    public enum Kind: String, Sendable { case systemDefined = "SYSTEM_DEFINED", application = "APPLICATION" }

    public var id: String
    public var arn: String
    public var kind: Kind
    public var status: String
    public var models: [ModelARN]
    /// Where it was read, for messages: `file: inferenceProfileSummaries[3]`.
    public var location: String

    public init(id: String, arn: String, kind: Kind, status: String, models: [ModelARN], location: String) {
        self.id = id
        self.arn = arn
        self.kind = kind
        self.status = status
        self.models = models
        self.location = location
    }

    public var isActive: Bool { status == "ACTIVE" }
    public var scope: Scope { Scope(profileId: id) }
    public var model: String? { models.first?.model }
}

/// Everything one region's listing said (all its pages).
public struct RegionListing: Sendable {
    public var region: String
    public var profiles: [ListedProfile]
    public var files: [String]
    /// The kinds of profile this listing is the whole truth about. ListInferenceProfiles without
    /// `type` lists only SYSTEM_DEFINED profiles (aws/aws-cli#9728), and with `--type-equals
    /// APPLICATION` only application ones: a file can only speak for the kinds it holds, and the
    /// Region's other profiles stay as they were. `catalogue refresh` lists both.
    public var covers: Set<ListedProfile.Kind>

    public init(region: String, profiles: [ListedProfile], files: [String], covers: Set<ListedProfile.Kind>? = nil) {
        self.region = region
        self.profiles = profiles
        self.files = files
        // A file's kinds are the ones it holds; one holding none is the default (system) listing.
        self.covers = covers ?? (profiles.isEmpty ? [.systemDefined] : Set(profiles.map(\.kind)))
    }
}

/// One model as ListFoundationModels describes it from one Region: its lifecycle state and dates
/// (`YYYY-MM-DD`, when the answer gives them).
public struct ListedModel: Sendable, Equatable {
    public var id: String
    public var status: String
    public var legacyFrom: String?
    public var extendedAccessFrom: String?
    public var endOfLife: String?
    public var region: String

    public init(id: String, status: String, legacyFrom: String?, extendedAccessFrom: String?, endOfLife: String?, region: String) {
        self.id = id
        self.status = status
        self.legacyFrom = legacyFrom
        self.extendedAccessFrom = extendedAccessFrom
        self.endOfLife = endOfLife
        self.region = region
    }

    public var isLegacy: Bool { status == "LEGACY" }
}

/// Applies listings to a catalogue. A region's listing is authoritative for that region: what it
/// lists is callable from there, routed where its `models[]` say; what it does not list no longer
/// is. Other source regions stay as they were.
public enum CatalogueImport {
    public static func apply(_ listings: [RegionListing], to base: Catalogue, name: String) -> Catalogue {
        let listed = Set(listings.filter { $0.covers.contains(.systemDefined) }.map(\.region))
        let listedApplications = Set(listings.filter { $0.covers.contains(.application) }.map(\.region))
        var profiles = base.profiles
        for index in profiles.indices {
            profiles[index].sources.removeAll { listed.contains($0) }
            profiles[index].inactiveSources.removeAll { listed.contains($0) }
            for region in listed { profiles[index].routes[region] = nil }
        }
        var models = base.models
        var position = Dictionary(profiles.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        for listing in listings {
            for entry in listing.profiles where entry.kind == .systemDefined {
                guard let model = entry.model else { continue }
                if !models.contains(where: { $0.id == model }) {
                    models.append(Model(id: model, name: model, source: "imported: \(entry.location)"))
                }
                let destinations = self.destinations(entry)
                if let index = position[entry.id] {
                    if !profiles[index].sources.contains(listing.region) { profiles[index].sources.append(listing.region) }
                    if destinations != profiles[index].destinations { profiles[index].routes[listing.region] = destinations }
                    if !entry.isActive { profiles[index].inactiveSources.append(listing.region) }
                } else {
                    position[entry.id] = profiles.count
                    profiles.append(
                        InferenceProfile(
                            id: entry.id, model: model, scope: entry.scope, sources: [listing.region],
                            destinations: destinations, source: "list-inference-profiles from \(listing.region): \(entry.location)",
                            inactiveSources: entry.isActive ? [] : [listing.region]))
                }
            }
        }
        // An application profile may wrap a model that no system profile listed: known it must be,
        // or the catalogue would name a model it does not have.
        for listing in listings {
            for entry in listing.profiles where entry.kind == .application {
                guard let model = entry.model, !models.contains(where: { $0.id == model }) else { continue }
                models.append(Model(id: model, name: model, source: "imported: \(entry.location)"))
            }
        }
        let interim = Catalogue(
            name: name, geographies: base.geographies, regions: base.regions, models: models,
            profiles: profiles, prices: base.prices)
        var applications = base.applicationProfiles.filter { !listedApplications.contains($0.region) }
        for listing in listings {
            for entry in listing.profiles where entry.kind == .application {
                guard let model = entry.model else { continue }
                applications.append(
                    ApplicationProfile(
                        arn: entry.arn, id: entry.id, region: listing.region,
                        wraps: wrapped(entry, from: listing.region, in: interim),
                        model: model))
            }
        }
        return Catalogue(
            name: name, geographies: base.geographies, regions: base.regions, models: models,
            profiles: profiles, prices: base.prices, applicationProfiles: applications)
    }

    /// The lifecycle ListFoundationModels gives, on the catalogue's models: a model AWS lists as
    /// LEGACY gets its dates (the day it was read stands in for a legacy date the answer leaves out),
    /// keeping the successor and notes the catalogue had; an ACTIVE one keeps what the catalogue
    /// says (its documented dates may be ahead of the API). Models the catalogue lacks are left out:
    /// the profiles bring the ones advisor can route.
    public static func applyLifecycle(_ listed: [ListedModel], to base: Catalogue, readOn: String) -> Catalogue {
        var byId: [String: ListedModel] = [:]
        for model in listed where model.isLegacy && byId[model.id] == nil { byId[model.id] = model }
        var models = base.models
        for index in models.indices {
            guard let entry = byId[models[index].id] else { continue }
            let old = models[index].lifecycle
            let legacyFrom = entry.legacyFrom ?? old?.legacyFrom ?? readOn
            let extended = entry.extendedAccessFrom ?? old?.extendedAccessFrom
            let endOfLife = entry.endOfLife ?? old?.endOfLife
            if let old, old.legacyFrom == legacyFrom, old.extendedAccessFrom == extended, old.endOfLife == endOfLife { continue }
            models[index].lifecycle = ModelLifecycle(
                legacyFrom: legacyFrom, extendedAccessFrom: extended, endOfLife: endOfLife, successor: old?.successor,
                successorNote: old?.successorNote, source: "ListFoundationModels from \(entry.region)", readOn: readOn)
        }
        return Catalogue(
            name: base.name, geographies: base.geographies, regions: base.regions, models: models, profiles: base.profiles,
            prices: base.prices, applicationProfiles: base.applicationProfiles)
    }

    /// A region-less ARN (or a `global.` id) means "any commercial region": a global profile's
    /// `models[]` need not list every destination.
    static func destinations(_ entry: ListedProfile) -> Destinations {
        if entry.scope.isGlobal || entry.models.contains(where: { $0.region == nil }) { return .allCommercial }
        var seen: [String] = []
        for region in entry.models.compactMap(\.region) where !seen.contains(region) { seen.append(region) }
        return .regions(seen.sorted())
    }

    /// What an application profile wraps: the system profile of its model with the same
    /// destinations from its region, else the model itself when it routes only to its own region.
    static func wrapped(_ entry: ListedProfile, from region: String, in catalogue: Catalogue) -> String {
        let model = entry.model ?? ""
        let wanted = destinations(entry)
        for profile in catalogue.profiles(ofModel: model) where profile.sources.contains(region) {
            let route = profile.routes[region] ?? profile.destinations
            if route == wanted { return profile.id }
        }
        if case .regions(let list) = wanted, list == [region] { return model }
        return catalogue.profiles(ofModel: model).first { $0.sources.contains(region) }?.id ?? model
    }
}
