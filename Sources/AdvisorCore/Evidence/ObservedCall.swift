/// One Bedrock inference call as CloudTrail recorded it in the account: where it was made from, what
/// it called, through which endpoint, and where it ran. CloudTrail logs a cross-Region call in its source Region (`awsRegion`)
/// and names the Region that served it in `additionalEventData.inferenceRegion`; a call served
/// without re-routing carries no such field and ran in its source Region.
public struct ObservedCall: Sendable, Equatable {
    /// CloudTrail's `eventID`: the same event in two files (an S3 copy and a lookup-events export,
    /// or overlapping exports) is stored once.
    public var eventId: String
    /// `eventTime`, RFC 3339 as CloudTrail writes it.
    public var time: String
    public var operation: String
    public var source: String
    /// The profile or model id called (an ARN is reduced to its id).
    public var profile: String
    public var servedRegion: String
    /// Nil for a successful call.
    public var errorCode: String?
    public var requestId: String?
    /// `bedrock-runtime` or `bedrock-mantle` (the OpenAI- and Anthropic-compatible endpoint).
    public var endpoint: String
    /// mantle's `service_tier`, when the record gives one.
    public var serviceTier: String?
    /// mantle's `callWithBearerToken`: the call was authorised with a Bedrock API key.
    public var bearerToken: Bool?
    /// `recipientAccountId`: the account the call was made in.
    public var account: String?
    /// Who called, the SDK and its retry mode (`ClientAgent`); empty when the record does not say.
    public var caller: String
    public var client: ClientAgent

    public init(
        eventId: String, time: String, operation: String, source: String, profile: String, servedRegion: String,
        errorCode: String? = nil, requestId: String? = nil, endpoint: String = ObservedCall.runtime,
        serviceTier: String? = nil, bearerToken: Bool? = nil, account: String? = nil, caller: String = "",
        client: ClientAgent = ClientAgent(sdk: "", retryMode: "")
    ) {
        self.account = account
        self.caller = caller
        self.client = client
        self.endpoint = endpoint
        self.serviceTier = serviceTier
        self.bearerToken = bearerToken
        self.eventId = eventId
        self.time = time
        self.operation = operation
        self.source = source
        self.profile = profile
        self.servedRegion = servedRegion
        self.errorCode = errorCode
        self.requestId = requestId
    }

    /// The runtime operations whose calls carry inference: what advisor keeps of CloudTrail.
    public static let runtimeOperations: Set<String> = ["InvokeModel", "InvokeModelWithResponseStream", "Converse", "ConverseStream"]
    /// bedrock-mantle's inference operation (a CloudTrail data event, off by default).
    public static let mantleOperations: Set<String> = ["CreateInference"]
    public static let runtime = "bedrock-runtime"
    public static let mantle = "bedrock-mantle"

    /// `arn:aws:bedrock:eu-central-1:123456789012:inference-profile/eu.anthropic…` → `eu.anthropic…`;
    /// `…:foundation-model/anthropic…` → `anthropic…`; an id stays as it is.
    public static func profileId(_ modelId: String) -> String {
        guard modelId.hasPrefix("arn:"), let slash = modelId.lastIndex(of: "/") else { return modelId }
        let kind = modelId[..<slash].split(separator: ":").last.map(String.init) ?? ""
        // An application profile's id means nothing without its ARN; keep the ARN.
        return kind == "application-inference-profile" ? modelId : String(modelId[modelId.index(after: slash)...])
    }
}

/// Calls of one (source, profile, served Region, outcome, caller, client) as the store counts them.
public struct ObservedCount: Sendable, Equatable {
    public var endpoint: String
    public var source: String
    public var profile: String
    public var servedRegion: String
    public var succeeded: Bool
    /// Failed with a throttling error (`ThrottleCodes`).
    public var throttled: Bool
    public var calls: Int
    public var first: String
    public var last: String
    public var caller: String
    public var client: ClientAgent

    public init(
        source: String, profile: String, servedRegion: String, succeeded: Bool, calls: Int, first: String, last: String,
        endpoint: String = ObservedCall.runtime, throttled: Bool = false, caller: String = "",
        client: ClientAgent = ClientAgent(sdk: "", retryMode: "")
    ) {
        self.throttled = throttled
        self.caller = caller
        self.client = client
        self.endpoint = endpoint
        self.source = source
        self.profile = profile
        self.servedRegion = servedRegion
        self.succeeded = succeeded
        self.calls = calls
        self.first = first
        self.last = last
    }
}

/// Where one route's calls really ran: per source Region and profile, successful calls by the Region
/// that served them, and any Region outside what the catalogue says the profile may route to.
public struct RouteObservation: Sendable, Equatable {
    public var source: String
    public var profile: String
    /// Successful calls.
    public var calls: Int
    public var errors: Int
    public var first: String
    public var last: String
    public var destinations: [String: Int]
    /// Serving Regions outside the catalogue's destinations for this source (the catalogue is wrong,
    /// or AWS changed the profile), sorted.
    public var outsideCatalogue: [String]
    /// Calls (failed ones too) by the endpoint they went through: bedrock-runtime, bedrock-mantle.
    public var endpoints: [String: Int] = [:]
    /// The retry-mode census: who called, with which SDK and mode, most calls first.
    public var clients: [ClientUse] = []

    /// "bedrock-runtime" or "bedrock-runtime 12, bedrock-mantle 3".
    public var endpointSummary: String {
        endpoints.count == 1
            ? endpoints.keys.first! : endpoints.sorted { $0.key > $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }

    /// Destinations by calls, most first (ties by name).
    public var ranked: [(region: String, calls: Int)] {
        destinations.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { ($0.key, $0.value) }
    }

    /// "61% us-east-1, 30% eu-west-1, 9% eu-north-1 over 12,400 calls".
    public var summary: String {
        guard calls > 0 else { return "no successful call (\(errors) failed)" }
        let shares = ranked.map { "\(Self.share($0.calls, of: calls)) \($0.region)" }.joined(separator: ", ")
        return "\(shares) over \(calls) call\(calls == 1 ? "" : "s")"
    }

    public static func share(_ part: Int, of whole: Int) -> String {
        let percent = Double(part) / Double(whole) * 100
        return percent >= 10 || percent == 0 ? "\(Int(percent.rounded()))%" : "\(RouteGap.oneDecimalText(percent))%"
    }

    /// Groups the store's counts into one observation per source and profile, checking each serving
    /// Region against the catalogue.
    public static func from(_ counts: [ObservedCount], catalogue: Catalogue) -> [RouteObservation] {
        var byRoute: [RouteKey: RouteObservation] = [:]
        var clientUses: [RouteClientKey: ClientUse] = [:]
        for count in counts {
            let key = RouteKey(source: count.source, profile: count.profile)
            var route =
                byRoute[key]
                ?? RouteObservation(
                    source: count.source, profile: count.profile, calls: 0, errors: 0,
                    first: count.first, last: count.last, destinations: [:], outsideCatalogue: [])
            route.endpoints[count.endpoint, default: 0] += count.calls
            let client = ClientKey(caller: count.caller, client: count.client)
            var use = clientUses[RouteClientKey(route: key, client: client)] ?? ClientUse(caller: count.caller, client: count.client)
            use.calls += count.calls
            if count.throttled { use.throttled += count.calls }
            clientUses[RouteClientKey(route: key, client: client)] = use
            if count.succeeded {
                route.calls += count.calls
                route.destinations[count.servedRegion, default: 0] += count.calls
            } else {
                route.errors += count.calls
            }
            route.first = min(route.first, count.first)
            route.last = max(route.last, count.last)
            byRoute[key] = route
        }
        var clientsByRoute: [RouteKey: [ClientUse]] = [:]
        for (key, use) in clientUses { clientsByRoute[key.route, default: []].append(use) }
        return byRoute.map { key, route in
            var route = route
            route.clients = (clientsByRoute[key] ?? []).sorted {
                ($1.calls, $0.caller, $0.client.sdk, $0.client.retryMode) < ($0.calls, $1.caller, $1.client.sdk, $1.client.retryMode)
            }
            if let allowed = allowedDestinations(route.profile, source: route.source, catalogue: catalogue) {
                route.outsideCatalogue = route.destinations.keys.filter { !allowed.contains($0) }.sorted()
            }
            return route
        }.sorted { ($0.source, $0.profile) < ($1.source, $1.profile) }
    }

    /// Where the catalogue says a call may run: a profile's destinations from the source, the source
    /// itself for a bare model; nil when the catalogue does not know the id.
    static func allowedDestinations(_ id: String, source: String, catalogue: Catalogue) -> Set<String>? {
        if let profile = catalogue.profile(id) { return Set(catalogue.destinations(of: profile, from: source)) }
        if let application = catalogue.applicationProfile(id) {
            return allowedDestinations(application.wraps, source: application.region, catalogue: catalogue)
        }
        if catalogue.model(id) != nil { return [source] }
        return nil
    }
}

/// One caller's use of a route, for the retry-mode census.
public struct ClientUse: Sendable, Equatable {
    /// The IAM principal (`ClientAgent.caller`); empty when the records do not say.
    public var caller: String
    public var client: ClientAgent
    /// Calls, failed ones included.
    public var calls: Int = 0
    public var throttled: Int = 0

    public init(caller: String, client: ClientAgent, calls: Int = 0, throttled: Int = 0) {
        self.caller = caller
        self.client = client
        self.calls = calls
        self.throttled = throttled
    }

    /// Attempts the SDK makes by default in this mode, when advisor knows it.
    public var defaultAttempts: Int? { ClientAgent.defaultAttempts(sdk: client.sdk, retryMode: client.retryMode) }
}

struct ClientKey: Hashable {
    var caller: String
    var client: ClientAgent
}

struct RouteClientKey: Hashable {
    var route: RouteKey
    var client: ClientKey
}

/// Calls of one day counted by an engine (Athena, CloudTrail Lake) rather than read one by one:
/// a row of `advisor evidence athena`'s result.
public struct ObservedDayCount: Sendable, Equatable {
    public var account: String
    /// YYYY-MM-DD, UTC.
    public var day: String
    public var source: String
    public var profile: String
    public var servedRegion: String
    public var endpoint: String
    public var operation: String
    /// Empty for a successful call.
    public var errorCode: String
    public var caller: String
    public var client: ClientAgent
    public var calls: Int
    /// RFC 3339.
    public var first: String
    public var last: String

    public init(
        account: String, day: String, source: String, profile: String, servedRegion: String, endpoint: String, operation: String,
        errorCode: String, caller: String, client: ClientAgent, calls: Int, first: String, last: String
    ) {
        self.account = account
        self.day = day
        self.source = source
        self.profile = profile
        self.servedRegion = servedRegion
        self.endpoint = endpoint
        self.operation = operation
        self.errorCode = errorCode
        self.caller = caller
        self.client = client
        self.calls = calls
        self.first = first
        self.last = last
    }
}
