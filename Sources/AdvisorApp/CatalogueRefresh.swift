public import AdvisorCore
import AdvisorCrypto
import AdvisorFormats
import AdvisorStore
public import AdvisorProbe
public import Foundation
import Synchronization

/// What `catalogue refresh` is asked to do.
public struct CatalogueRefreshRequest: Sendable {
    public var regions: [String]
    /// `--endpoint-url`: Bedrock's control plane (Service Quotas has its own variable).
    public var endpointURL: String?
    public var quotas: Bool
    public var name: String?
    public var environment: [String: String]
    public var now: Date
    /// Regions asked at once.
    public var parallelism: Int

    public init(
        regions: [String], endpointURL: String?, quotas: Bool, name: String?, environment: [String: String], now: Date,
        parallelism: Int = 8
    ) {
        self.regions = regions
        self.endpointURL = endpointURL
        self.quotas = quotas
        self.name = name
        self.environment = environment
        self.now = now
        self.parallelism = parallelism
    }
}

/// `advisor catalogue refresh`: Bedrock's control plane read live in each Region
/// (ListInferenceProfiles of both kinds, every page; ListFoundationModels' lifecycle; Service
/// Quotas' ListServiceQuotas for bedrock), a few Regions at a time, each call signed with the
/// credentials chain and retried as the probe retries. The answers become a new catalogue version
/// on the newest (with its diff) and the account's imported quotas. A Region that fails is named
/// and keeps its earlier profiles (the version says it is partial); a run that changes nothing
/// stores nothing.
public enum CatalogueRefresh {
    /// Pages of one listing: a server that keeps answering with a nextToken is cut off here.
    static let maximumPages = 100

    public static func run(_ request: CatalogueRefreshRequest, workspace: Workspace) throws -> CatalogueRefreshResult {
        let credentials = try CredentialsChain(sources: CredentialSources(environment: request.environment)).credentials(
            now: request.now)
        try Digest.requireLibrary()
        let client = ControlPlaneClient(credentials: credentials, http: CurlHTTPClient())
        return try run(request, workspace: workspace, client: client)
    }

    /// The same over any client: tests pass one on a fake transport.
    public static func run(
        _ request: CatalogueRefreshRequest, workspace: Workspace, client: ControlPlaneClient
    ) throws -> CatalogueRefreshResult {
        let base = try workspace.catalogue(named: nil)
        let known = Set(base.regions.map(\.code))
        // Endpoints are checked before any call: a bad --endpoint-url is the user's error (exit 2).
        let endpoints = try request.regions.map { region in
            (
                bedrock: try BedrockEndpoint.controlPlane(region: region, explicit: request.endpointURL, environment: request.environment),
                quotas: try BedrockEndpoint.serviceQuotas(region: region, explicit: nil, environment: request.environment)
            )
        }
        let outcomes = Mutex<[Int: RegionAnswer]>([:])
        let next = Atomic<Int>(0)
        let group = DispatchGroup()
        for _ in 0..<max(1, min(request.parallelism, request.regions.count)) {
            DispatchQueue.global().async(group: group) {
                while true {
                    let index = next.add(1, ordering: .relaxed).oldValue
                    guard index < request.regions.count else { return }
                    let answer = fetch(
                        region: request.regions[index], endpoints: endpoints[index], quotas: request.quotas, known: known,
                        client: client)
                    outcomes.withLock { $0[index] = answer }
                }
            }
        }
        group.wait()
        let answers = outcomes.withLock { dictionary in request.regions.indices.map { dictionary[$0]! } }
        return try store(answers, request: request, workspace: workspace)
    }

    /// Everything one Region said, or why it could not.
    struct RegionAnswer {
        var summary: RegionRefresh
        var listing: RegionListing?
        var models: [ListedModel] = []
        var quotas: [UInt8]?
    }

    static func fetch(
        region: String, endpoints: (bedrock: String, quotas: String), quotas: Bool, known: Set<String>,
        client: ControlPlaneClient
    ) -> RegionAnswer {
        var answer = RegionAnswer(summary: RegionRefresh(region: region))
        do {
            var profiles: [ListedProfile] = []
            var files: [String] = []
            for kind in [ListedProfile.Kind.systemDefined, .application] {
                var token: String?
                var page = 0
                repeat {
                    page += 1
                    guard files.count < maximumPages * 2 else {
                        throw ControlPlaneFailure(
                            label: "ListInferenceProfiles (\(region))", code: "TooManyPages", httpStatus: nil,
                            message: "more than \(maximumPages) pages; stopped", attempts: 1)
                    }
                    let label = "ListInferenceProfiles \(kind.rawValue) (\(region), page \(page))"
                    var query = [(name: "maxResults", value: "1000"), (name: "type", value: kind.rawValue)]
                    if let token { query.append((name: "nextToken", value: token)) }
                    let body = try client.send(
                        ControlPlaneCall(
                            endpoint: endpoints.bedrock, path: "/inference-profiles", query: query, service: "bedrock", region: region,
                            label: label))
                    let read = try InferenceProfileListReader.read(String(decoding: body, as: UTF8.self), file: label, knownRegions: known)
                    profiles += read.profiles
                    files.append(label)
                    token = read.nextToken.flatMap { $0.isEmpty ? nil : $0 }
                } while token != nil
            }
            let modelsLabel = "ListFoundationModels (\(region))"
            let modelsBody = try client.send(
                ControlPlaneCall(
                    endpoint: endpoints.bedrock, path: "/foundation-models", service: "bedrock", region: region, label: modelsLabel))
            answer.models = try ControlPlaneAnswers.foundationModels(modelsBody, name: modelsLabel, region: region)
            answer.listing = RegionListing(region: region, profiles: profiles, files: files, covers: [.systemDefined, .application])
            answer.summary.systemProfiles = profiles.filter { $0.kind == .systemDefined }.count
            answer.summary.applicationProfiles = profiles.count - answer.summary.systemProfiles
            answer.summary.pages = files.count
            answer.summary.models = answer.models.count
            answer.summary.legacyModels = answer.models.filter(\.isLegacy).count
        } catch {
            answer.summary.failure = "\(error)"
        }
        guard quotas else { return answer }
        do {
            answer.quotas = try fetchQuotas(region: region, endpoint: endpoints.quotas, client: client)
        } catch {
            answer.summary.quotaFailure = "\(error)"
        }
        return answer
    }

    /// ListServiceQuotas (JSON 1.1: a POST to `/` naming the operation in X-Amz-Target), every page.
    static func fetchQuotas(region: String, endpoint: String, client: ControlPlaneClient) throws -> [UInt8] {
        var quotas: [[String: Any]] = []
        var token: String?
        var page = 0
        repeat {
            page += 1
            guard page <= maximumPages else {
                throw ControlPlaneFailure(
                    label: "ListServiceQuotas (\(region))", code: "TooManyPages", httpStatus: nil,
                    message: "more than \(maximumPages) pages; stopped", attempts: 1)
            }
            var input: [String: Any] = ["ServiceCode": "bedrock", "MaxResults": 100]
            if let token { input["NextToken"] = token }
            let body = [UInt8](try JSONSerialization.data(withJSONObject: input, options: [.sortedKeys]))
            let label = "ListServiceQuotas (\(region), page \(page))"
            let answer = try client.send(
                ControlPlaneCall(
                    endpoint: endpoint, method: "POST", path: "/",
                    headers: [
                        (name: "Content-Type", value: "application/x-amz-json-1.1"),
                        (name: "X-Amz-Target", value: "ServiceQuotasV20190624.ListServiceQuotas"),
                    ], body: body, service: "servicequotas", region: region, label: label))
            let read = try ControlPlaneAnswers.serviceQuotasPage(answer, name: label)
            quotas += read.quotas
            token = read.nextToken
        } while token != nil
        return ControlPlaneAnswers.mergedQuotas(quotas)
    }

    static func store(_ answers: [RegionAnswer], request: CatalogueRefreshRequest, workspace: Workspace) throws
        -> CatalogueRefreshResult
    {
        var summaries = answers.map(\.summary)
        let listings = answers.compactMap(\.listing)
        let models = answers.flatMap(\.models)
        let readOn = RFC3339.dateString(request.now)
        let stamp = RFC3339.dateTimeString(request.now).replacingOccurrences(of: ":", with: "")
        let refreshed = listings.map(\.region)
        let failed = summaries.filter { $0.failure != nil }.map(\.region)
        var origin = "catalogue refresh on \(readOn) of " + (refreshed.isEmpty ? "no Region" : refreshed.joined(separator: ", "))
        if !failed.isEmpty { origin += "; partial: not refreshed, earlier profiles kept: " + failed.joined(separator: ", ") }
        var derived: DerivedCatalogue?
        if !listings.isEmpty {
            derived = try workspace.deriveCatalogue(
                base: nil, name: request.name, defaultName: "aws-refresh-\(stamp)", origin: origin, now: request.now,
                unchanged: { CatalogueDiff.compute(old: $0, new: $1).isEmpty }
            ) { latest, name in
                CatalogueImport.applyLifecycle(models, to: CatalogueImport.apply(listings, to: latest, name: name), readOn: readOn)
            }
        }
        let catalogue = try derived?.stored ?? workspace.catalogue(named: nil)
        let quotaAnswers = answers.enumerated().compactMap { index, answer in answer.quotas.map { (index, $0) } }
        if !quotaAnswers.isEmpty {
            let format = ServiceQuotasEvidence()
            let lines = try workspace.store.addEvidence { writer in
                try quotaAnswers.map { index, bytes in
                    let region = summaries[index].region
                    let summary = try format.ingest(
                        .bytes(bytes, name: "ListServiceQuotas (\(region))"),
                        EvidenceRequest(source: region, queries: nil, catalogue: catalogue), into: writer)
                    return (index, summary.headline)
                }
            }
            for (index, headline) in lines { summaries[index].quotas = headline }
        }
        let base = derived?.base ?? catalogue
        return CatalogueRefreshResult(
            regions: summaries,
            diff: derived.map { CatalogueDiff.compute(old: $0.base, new: $0.stored) }
                ?? CatalogueDiff.compute(old: base, new: base),
            stored: derived?.created == true ? derived?.stored.name : nil, base: base.name)
    }
}
