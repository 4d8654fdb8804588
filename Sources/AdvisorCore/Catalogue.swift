/// A geography: the unit of a residency promise (`eu`, `jp`, `apac` …). Geographies are data, so a
/// new AWS prefix needs a catalogue entry, not a code change.
public struct Geography: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    /// Larger geographies this one lies inside (`jp` is inside `apac`), so `--residency apac` accepts `jp.`.
    public var within: [String]
    /// Where AWS says a profile of this geography keeps data ("within US and Canada regions"), and
    /// where it says so: the jurisdiction may be wider than the name (the US geography includes Canada).
    public var keepsData: String?
    public var keepsDataSource: String?

    public init(code: String, name: String, within: [String] = [], keepsData: String? = nil, keepsDataSource: String? = nil) {
        self.code = code
        self.name = name
        self.within = within
        self.keepsData = keepsData
        self.keepsDataSource = keepsDataSource
    }
}

public struct Region: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var geography: String
    /// Commercial regions are the ones a `global.` profile may route to (GovCloud is not).
    public var commercial: Bool
    /// The country the Region is in, where the catalogue says: a geography's destinations may
    /// leave it (an eu. call from London is served in the EU, outside the UK).
    public var country: String?

    public init(code: String, name: String, geography: String, commercial: Bool = true, country: String? = nil) {
        self.code = code
        self.name = name
        self.geography = geography
        self.commercial = commercial
        self.country = country
    }
}

public struct Model: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    /// Regions where the bare model id may be invoked on demand (no profile). Most new models have none.
    public var inRegion: [String]
    public var source: String
    public var notes: String?
    /// How many tokens of the TPM quota one output token consumes (AWS's "burndown rate": 5 for
    /// Claude 3.7 and later, 1 for other models). Quota accounting only; billing is per token.
    public var outputBurndown: Double
    /// Where the burndown rate comes from, the date it was read there, and whether AWS's own page
    /// states it for this model (false: a rule extended to a model the page may no longer cover).
    public var burndownSource: String?
    public var burndownReadOn: String?
    public var burndownConfirmed: Bool
    /// Where the model is in AWS's lifecycle, with its dates and source; nil when the catalogue
    /// knows of no Legacy or end-of-life date (an active model).
    public var lifecycle: ModelLifecycle?

    /// Without a stated burndown, AWS's rule for the model's id applies (QuotaBurndown).
    public init(
        id: String, name: String, inRegion: [String] = [], source: String = "", notes: String? = nil,
        outputBurndown: Double? = nil, burndownSource: String? = nil, burndownReadOn: String? = nil,
        burndownConfirmed: Bool? = nil, lifecycle: ModelLifecycle? = nil
    ) {
        self.id = id
        self.name = name
        self.inRegion = inRegion
        self.source = source
        self.notes = notes
        let documented = QuotaBurndown.documented(modelId: id)
        if let outputBurndown {
            self.outputBurndown = outputBurndown
            self.burndownSource = burndownSource
            self.burndownReadOn = burndownReadOn
            self.burndownConfirmed = burndownConfirmed ?? (burndownSource != nil)
        } else {
            self.outputBurndown = documented.rate
            self.burndownSource = QuotaBurndown.source
            self.burndownReadOn = QuotaBurndown.readOn
            self.burndownConfirmed = documented.confirmed
        }
        self.lifecycle = lifecycle
    }

    /// Whether the burndown is the one AWS's rule gives (the catalogue need not spell it out).
    public var burndownIsDocumentedRule: Bool {
        let documented = QuotaBurndown.documented(modelId: id)
        return outputBurndown == documented.rate && burndownSource == QuotaBurndown.source && burndownReadOn == QuotaBurndown.readOn
            && burndownConfirmed == documented.confirmed
    }
}

/// Where a profile may send a request.
public enum Destinations: Sendable, Hashable {
    /// AWS's "Commercial AWS Regions": every commercial region, a list that grows as AWS adds regions.
    case allCommercial
    case regions([String])
}

public struct InferenceProfile: Sendable, Hashable {
    public var id: String
    public var model: String
    /// The id's prefix: `global`, `us`, `eu`, `jp` … Not a residency guarantee: destinations decide that.
    public var scope: Scope
    /// Regions the profile may be called from.
    public var sources: [String]
    /// Destinations for a source without an entry in `routes`.
    public var destinations: Destinations
    /// Destinations that depend on the source (AWS: "destination Regions can differ depending on the
    /// source Region"; several profiles add the calling region to their own destinations).
    public var routes: [String: Destinations]
    public var source: String
    public var notes: String?
    public var active: Bool
    /// Source regions whose listing marks the profile as not ACTIVE: kept, but not callable there.
    public var inactiveSources: [String]

    public init(
        id: String, model: String, scope: Scope, sources: [String], destinations: Destinations,
        routes: [String: Destinations] = [:], source: String = "", notes: String? = nil, active: Bool = true,
        inactiveSources: [String] = []
    ) {
        self.id = id
        self.model = model
        self.scope = scope
        self.sources = sources
        self.destinations = destinations
        self.routes = routes
        self.source = source
        self.notes = notes
        self.active = active
        self.inactiveSources = inactiveSources
    }

    public var isGlobal: Bool { scope.isGlobal }
}

/// An application inference profile: an account's own profile in one region, wrapping a system
/// profile or a model. Calls through it behave like calls through what it wraps, from its region only.
public struct ApplicationProfile: Sendable, Hashable {
    public var arn: String
    /// The last part of the ARN (`inference-profile/ID`).
    public var id: String
    public var region: String
    /// The system profile id or model id it wraps.
    public var wraps: String
    public var model: String

    public init(arn: String, id: String, region: String, wraps: String, model: String) {
        self.arn = arn
        self.id = id
        self.region = region
        self.wraps = wraps
        self.model = model
    }
}

/// A price fact in USD per million tokens. `scope` is `global`, `geographic` (any geographic profile),
/// `in-region`, or one profile scope such as `eu` when geographies are priced differently.
public struct Price: Sendable, Hashable {
    public var model: String
    public var scope: String
    public var inputPerMTok: Double
    public var outputPerMTok: Double
    public var source: String

    public init(model: String, scope: String, inputPerMTok: Double, outputPerMTok: Double, source: String = "") {
        self.model = model
        self.scope = scope
        self.inputPerMTok = inputPerMTok
        self.outputPerMTok = outputPerMTok
        self.source = source
    }

    /// Price of a request mix of three input tokens to one output token, the ratio used to compare
    /// options. Global and geographic prices differ by the same factor on both sides, so the mix only
    /// matters where they do not.
    public var blendedPerMTok: Double { (3 * inputPerMTok + outputPerMTok) / 4 }
}

/// Whether an identifier can be invoked from a source region, and if so where the request may go.
public enum Callability: Sendable, Equatable {
    case callable(destinations: [String])
    case notCallable(reason: String, bedrockError: String)

    public var isCallable: Bool {
        if case .callable = self { return true }
        return false
    }
}

/// The catalogue: regions, geographies, models, profiles and prices, with the questions asked of them.
public struct Catalogue: Sendable {
    public let name: String
    public let geographies: [Geography]
    public let regions: [Region]
    public let models: [Model]
    public let profiles: [InferenceProfile]
    public let prices: [Price]
    public let applicationProfiles: [ApplicationProfile]

    private let regionByCode: [String: Region]
    private let geographyByCode: [String: Geography]
    private let modelById: [String: Model]
    private let profileById: [String: InferenceProfile]

    public init(
        name: String, geographies: [Geography], regions: [Region], models: [Model],
        profiles: [InferenceProfile], prices: [Price] = [], applicationProfiles: [ApplicationProfile] = []
    ) {
        self.name = name
        self.geographies = geographies
        self.regions = regions
        self.models = models
        self.profiles = profiles
        self.prices = prices
        self.applicationProfiles = applicationProfiles
        regionByCode = Dictionary(regions.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        geographyByCode = Dictionary(geographies.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        modelById = Dictionary(models.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        profileById = Dictionary(profiles.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func region(_ code: String) -> Region? { regionByCode[code] }
    public func geography(_ code: String) -> Geography? { geographyByCode[code] }
    public func model(_ id: String) -> Model? { modelById[id] }
    public func profile(_ id: String) -> InferenceProfile? { profileById[id] }

    /// An application profile by its ARN or id.
    public func applicationProfile(_ identifier: String) -> ApplicationProfile? {
        applicationProfiles.first { $0.arn == identifier || $0.id == identifier }
    }

    /// Whether the catalogue knows the identifier at all (profile, model or application profile).
    public func knows(_ identifier: String) -> Bool {
        profile(identifier) != nil || model(identifier) != nil || applicationProfile(identifier) != nil
    }

    public func profiles(ofModel model: String) -> [InferenceProfile] {
        profiles.filter { $0.model == model }
    }

    /// A way to call a model: a profile of it, or its bare id (in-region), and whether `source` may.
    public struct Way: Sendable {
        public var id: String
        public var scope: Scope
        public var answer: Callability
    }

    /// Every way to call `model` from `source`, callable or not: its profiles, then its bare id. The
    /// one enumeration behind `recommend`, `catalogue callable` and the probe's `--all-callable`.
    public func ways(toCall model: String, from source: String) -> [Way] {
        profiles(ofModel: model).map { Way(id: $0.id, scope: $0.scope, answer: callability(of: $0.id, from: source)) }
            + [Way(id: model, scope: .inRegion, answer: callability(of: model, from: source))]
    }

    public var commercialRegionCodes: [String] {
        regions.filter(\.commercial).map(\.code)
    }

    /// The destinations a profile routes to when called from `source`, whether or not it is callable.
    public func destinations(of profile: InferenceProfile, from source: String) -> [String] {
        switch profile.routes[source] ?? profile.destinations {
        case .allCommercial: return commercialRegionCodes
        case .regions(let list): return list
        }
    }

    /// Answers what Bedrock would: a profile is callable only from its source regions; a bare model id
    /// only where the model is served on demand.
    public func callability(of identifier: String, from source: String) -> Callability {
        if let application = applicationProfile(identifier) {
            guard application.region == source else {
                return .notCallable(
                    reason: "application profile \(application.id) belongs to \(application.region)",
                    bedrockError: BedrockRefusal.profileNotCallable)
            }
            return callability(of: application.wraps, from: source)
        }
        if let profile = profile(identifier) {
            guard profile.sources.contains(source) else {
                return .notCallable(
                    reason: "not callable from \(source): its source regions are \(profile.sources.joined(separator: ", "))",
                    bedrockError: BedrockRefusal.profileNotCallable)
            }
            guard profile.active, !profile.inactiveSources.contains(source) else {
                return .notCallable(
                    reason: "the profile is listed as inactive from \(source) in catalogue \(name)",
                    bedrockError: BedrockRefusal.profileNotCallable)
            }
            return .callable(destinations: destinations(of: profile, from: source))
        }
        if let model = model(identifier) {
            guard model.inRegion.contains(source) else {
                let served =
                    model.inRegion.isEmpty
                    ? "it is served on demand in no region; call it through an inference profile"
                    : "it is served on demand only in \(model.inRegion.joined(separator: ", "))"
                return .notCallable(
                    reason: "no in-region (on-demand) endpoint in \(source): \(served)",
                    bedrockError: BedrockRefusal.onDemandNotSupported(model: model.id))
            }
            return .callable(destinations: [source])
        }
        return .notCallable(
            reason: "\(identifier) is neither a profile nor a model in catalogue \(name)",
            bedrockError: BedrockRefusal.profileNotCallable)
    }

    /// True when `region` lies inside `geography`, directly or through a larger geography.
    public func region(_ regionCode: String, isInside geographyCode: String) -> Bool {
        guard let region = region(regionCode) else { return false }
        var seen: Set<String> = []
        var frontier = [region.geography]
        while let code = frontier.popLast() {
            if code == geographyCode { return true }
            guard seen.insert(code).inserted, let geography = geography(code) else { continue }
            frontier.append(contentsOf: geography.within)
        }
        return false
    }

    /// The residency that keeps a call in the source Region's own country (London calls stay in the
    /// United Kingdom), whatever geography its profile belongs to.
    public static let inCountry = "in-country"

    /// Destinations that break a residency promise. Empty means compliant.
    public func residencyViolations(destinations: [String], residency geographyCode: String) -> [String] {
        destinations.filter { !region($0, isInside: geographyCode) }
    }

    /// The same for any residency value, `in-country` included (which needs the source: a Region the
    /// catalogue gives no country keeps nothing but itself in-country).
    public func residencyViolations(destinations: [String], residency: String, source: String) -> [String] {
        destinations.filter { !region($0, satisfies: residency, from: source) }
    }

    /// A residency as a sentence names it: `eu`, or for in-country the source's country
    /// ("United Kingdom (in-country)").
    public func residencyName(_ residency: String, source: String) -> String {
        guard residency == Self.inCountry else { return residency }
        return "\(region(source)?.country ?? "\(source)'s country") (\(Self.inCountry))"
    }

    public func region(_ destination: String, satisfies residency: String, from source: String) -> Bool {
        guard residency == Self.inCountry else { return region(destination, isInside: residency) }
        if destination == source { return true }
        guard let home = region(source)?.country, let country = region(destination)?.country else { return false }
        return country == home
    }

    /// The destinations outside the source Region's country, by country ("Germany": [eu-central-1]),
    /// countries in order of first appearance; empty when the catalogue gives the source no country.
    public func countriesOutside(destinations: [String], source: String) -> [(country: String, regions: [String])] {
        guard let home = region(source)?.country else { return [] }
        var order: [String] = [], regions: [String: [String]] = [:]
        for destination in destinations {
            let country = region(destination)?.country ?? "an unknown country"
            guard country != home else { continue }
            if regions[country] == nil { order.append(country) }
            regions[country, default: []].append(destination)
        }
        return order.map { ($0, regions[$0]!) }
    }

    /// "from eu-west-2 (United Kingdom), eu.… may serve calls in Germany (eu-central-1), Ireland (eu-west-1):
    /// outside the United Kingdom; AWS: the EU geography keeps data within EU regions", or nil when every
    /// destination is in the source's country.
    public func jurisdictionNote(profile id: String, destinations: [String], source: String) -> String? {
        let outside = countriesOutside(destinations: destinations, source: source)
        guard !outside.isEmpty, let home = region(source)?.country else { return nil }
        // A global profile's list is every commercial Region: said as a count, not spelled out.
        let listed =
            profile(id)?.scope == .global
            ? "any of \(destinations.count) commercial Regions, \(outside.count) countries other than \(home) among them"
            : outside.prefix(6).map { "\($0.country) (\($0.regions.joined(separator: ", ")))" }.joined(separator: ", ")
                + (outside.count > 6 ? " and \(outside.count - 6) more countries" : "")
        var note = "from \(source) (\(home)), \(id) may serve calls in \(listed): outside \(home)"
        if let scope = profile(id)?.scope, let geography = geography(scope.rawValue), let keeps = geography.keepsData {
            note += "; AWS: the \(geography.name) geography keeps data \(keeps)"
        }
        return note
    }

    /// The price fact that applies to calling `model` through a profile of `scope` (or in-region).
    public func price(model: String, scope: Scope) -> Price? {
        let candidates = prices.filter { $0.model == model }
        if let exact = candidates.first(where: { $0.scope == scope.rawValue }) { return exact }
        if scope.isGeographic {
            return candidates.first(where: { $0.scope == "geographic" })
        }
        return nil
    }
}
