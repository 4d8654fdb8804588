import Foundation

/// A Bedrock quota as `aws service-quotas list-service-quotas --service-code bedrock` lists it,
/// matched to what it limits by the words of its name. Names differ by model generation ("Cross-region
/// model inference tokens per minute for Anthropic Claude Sonnet 4.6", "Global cross-Region model
/// inference requests per minute for …", "Cross-Region InvokeModel tokens per minute for …",
/// "On-demand InvokeModel requests per minute for …"), and codes (`L-…`) differ per model and are not
/// documented, so the words decide, never an exact string.
public struct ImportedQuota: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case requests, tokens
        /// bedrock-mantle's two token quotas.
        case inputTokens = "input-tokens", outputTokens = "output-tokens"
    }
    public enum Period: String, Sendable { case minute, day }

    public var region: String
    public var model: String
    /// Nil when the name says no scope (e.g. "Model invocation max tokens per day for …").
    public var scope: QuotaScope?
    public var kind: Kind
    public var per: Period
    public var value: Double
    public var code: String
    public var name: String

    public init(region: String, model: String, scope: QuotaScope?, kind: Kind, per: Period, value: Double, code: String, name: String) {
        self.region = region
        self.model = model
        self.scope = scope
        self.kind = kind
        self.per = per
        self.value = value
        self.code = code
        self.name = name
    }
}

public enum QuotaName {
    public struct Meaning: Sendable, Equatable {
        public var model: String
        public var scope: QuotaScope?
        public var kind: ImportedQuota.Kind
        public var per: ImportedQuota.Period
    }

    /// What a quota's name limits, or nil when its words do not say (it is then listed as unmatched).
    public static func meaning(of name: String, catalogue: Catalogue) -> Meaning? {
        let lower = name.lowercased()
        guard let forRange = lower.range(of: " for ", options: .backwards) else { return nil }
        let subject = String(lower[..<forRange.lowerBound])
        let modelName = String(name[forRange.upperBound...])
        let words = Set(subject.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "-" }).map(String.init))
        let kind: ImportedQuota.Kind
        if words.contains("requests") {
            kind = .requests
        } else if words.contains("tokens") {
            // "Bedrock Mantle input tokens per minute for …" and "… output tokens …" (quotas-mantle).
            kind =
                words.contains("mantle")
                ? (words.contains("input") ? .inputTokens : words.contains("output") ? .outputTokens : .tokens) : .tokens
        } else {
            return nil
        }
        let per: ImportedQuota.Period
        if subject.contains("per minute") { per = .minute } else if subject.contains("per day") { per = .day } else { return nil }
        let scope: QuotaScope?
        if words.contains("mantle") {
            scope = .mantle
        } else if words.contains("global") {
            scope = .global
        } else if words.contains("cross-region") {
            scope = .geographic
        } else if words.contains("on-demand") {
            scope = .onDemand
        } else {
            scope = nil
        }
        guard let model = model(named: modelName, catalogue: catalogue) else { return nil }
        return Meaning(model: model, scope: scope, kind: kind, per: per)
    }

    /// The catalogue model a quota's model name means: names compared without case, punctuation or
    /// the vendor's name ("Anthropic Claude Sonnet 4.6" is "Claude Sonnet 4.6").
    static func model(named name: String, catalogue: Catalogue) -> String? {
        let wanted = normalized(name)
        return catalogue.models.first { normalized($0.name) == wanted }?.id
    }

    static let vendors: Set<String> = [
        "anthropic", "amazon", "meta", "mistral", "deepseek", "cohere", "ai21", "ai", "labs", "stability", "writer", "openai", "qwen",
    ]

    static func normalized(_ name: String) -> [String] {
        name.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "." }).map(String.init)
            .filter { !vendors.contains($0) && !$0.isEmpty }
    }
}

extension ImportedQuota {
    /// advisor.yaml-shaped quotas made of imported per-minute ones, for each (region, model, scope)
    /// the services draw on: what `check` and `capacity` use where advisor.yaml declares none.
    /// `line` is where findings about them point (the config's first line: they are not in it).
    public static func quotaConfigs(
        _ imported: [ImportedQuota], services: [ServiceConfig], targets: [Policy.Value],
        line: Int = 1
    ) -> [QuotaConfig] {
        var wanted: [(region: String, model: String, scope: QuotaScope)] = []
        for (service, target) in zip(services, targets) {
            guard let model = Policy.Functions.string(target["model"]) else { continue }
            let scope = QuotaScope.of(service, target: target)
            if !wanted.contains(where: { $0 == (service.region, model, scope) }) { wanted.append((service.region, model, scope)) }
        }
        return wanted.compactMap { key in
            let mine = imported.filter { $0.region == key.region && $0.model == key.model && $0.scope == key.scope && $0.per == .minute }
            let rpm = mine.first { $0.kind == .requests }?.value, tpm = mine.first { $0.kind == .tokens }?.value
            let input = mine.first { $0.kind == .inputTokens }?.value, output = mine.first { $0.kind == .outputTokens }?.value
            guard rpm != nil || tpm != nil || input != nil || output != nil else { return nil }
            var quota = QuotaConfig(model: key.model, region: key.region, scope: key.scope, profile: nil, rpm: rpm, tpm: tpm, line: line)
            quota.inputTPM = input
            quota.outputTPM = output
            quota.origin = "service-quotas"
            return quota
        }
    }
}
