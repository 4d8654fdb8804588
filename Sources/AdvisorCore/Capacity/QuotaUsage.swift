/// Tokens a minute the way Bedrock counts them against a quota, beside the way they are billed
/// (../shared/reference/account-evidence.md §3, AWS's quotas-token-burndown page):
/// - billed: input + cache-write + output tokens;
/// - quota: input + cache-write + output × the model's burndown rate (5 for some Claude models);
/// - reserved at each request's start: input + cache-write + max_tokens, corrected when it ends. An
///   unset max_tokens reserves the model's maximum, the commonest cause of unexpected 429s.
/// 10 requests a minute of 15,000 input and 5,000 output tokens bill 200,000 tokens a minute and
/// use 200,000 of a 1x model's quota, but 400,000 of a 5x model's.
public struct TrafficShape: Sendable, Equatable {
    public var peakRPM: Double
    public var inputTokens: Double
    public var outputTokens: Double
    public var cacheWriteTokens: Double
    /// The request's max_tokens, when the service says it.
    public var maxTokens: Double?

    public init(peakRPM: Double, inputTokens: Double, outputTokens: Double, cacheWriteTokens: Double = 0, maxTokens: Double? = nil) {
        self.peakRPM = peakRPM
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cacheWriteTokens = cacheWriteTokens
        self.maxTokens = maxTokens
    }

    public var billedTPM: Double { peakRPM * (inputTokens + cacheWriteTokens + outputTokens) }

    public func quotaTPM(burndown: Double) -> Double { peakRPM * (inputTokens + cacheWriteTokens + outputTokens * burndown) }

    /// Nil when max_tokens is not given: Bedrock then reserves the model's maximum, which advisor does not know.
    public var reservedTPM: Double? { maxTokens.map { peakRPM * (inputTokens + cacheWriteTokens + $0) } }
}

/// Which of a model's quotas in a Region a call counts against: Bedrock keeps separate ones for
/// geographic cross-Region, global cross-Region and on-demand (in-Region) calls.
public enum QuotaScope: String, Sendable, CaseIterable {
    case geographic, global
    case onDemand = "on-demand"
    /// bedrock-mantle's own per-model quotas: input and output tokens per minute, apart from the
    /// bedrock-runtime quotas, with no RPM and no burndown (RuntimeQuotaKinds.mantle).
    case mantle

    /// The quota a route draws on, from its scope.
    public init(route scope: Scope) {
        self = scope.isGlobal ? .global : scope.isInRegion ? .onDemand : .geographic
    }

    /// The quota a service of advisor.yaml draws on: mantle's when it calls bedrock-mantle, else its
    /// route's. The one place this is decided (declared quotas, imported quotas and capacity agree).
    public static func of(_ service: ServiceConfig, target: Policy.Value) -> QuotaScope {
        if Policy.Functions.string(service.value["endpoint"]) == Endpoint.mantle { return .mantle }
        return QuotaScope(route: Scope(rawValue: Policy.Functions.string(target["scope"]) ?? ""))
    }

    public enum Endpoint {
        public static let runtime = "bedrock-runtime"
        public static let mantle = "bedrock-mantle"
    }
}
