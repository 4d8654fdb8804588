public import Foundation
/// One line of `advisor capacity`: a quota and the load on it, declared in advisor.yaml or observed
/// in CloudWatch (`source`).
public struct CapacityRow: Sendable, Equatable {
    public var quota: QuotaConfig.Key
    /// "config" (advisor.yaml's quotas and declared peaks), "service-quotas" (the account's quotas,
    /// declared peaks) or "observed" (CloudWatch's peak minutes).
    public var source: String
    /// The services sharing the quota (config), or the profiles seen drawing on it (observed).
    public var services: [String]
    public var peakRPM: Double
    public var rpmQuota: Double?
    public var peakTPMBilled: Double
    public var peakTPMQuota: Double
    public var reservedTPM: Double?
    public var tpmQuota: Double?
    public var attemptedRPM: Double?
    public var burndown: Double
    /// Where the burndown rate was read and when, and whether AWS states it for this model.
    public var burndownSource: String?
    public var burndownReadOn: String?
    public var burndownConfirmed = true
    /// Days since the burndown rate was read, when the caller gave a date: said once past CatalogueFact.staleAfterDays.
    public var burndownAgeDays: Int?
    public var withoutMaxTokens: [String] = []
    /// bedrock-mantle (scope mantle): its two quotas and the load on each; nil otherwise.
    public var inputTPMQuota: Double?
    public var outputTPMQuota: Double?
    public var peakInputTPM: Double?
    public var peakOutputTPM: Double?
    /// Observed only: the peak minutes, how many minutes the data holds, and throttling.
    public var peakRPMMinute: String?
    public var peakTPMMinute: String?
    public var minutes: Int?
    public var throttledMinutes: Int?
    public var throttles: Double?

    /// Takes the burndown's provenance from the quota's model in the catalogue.
    public mutating func citeBurndown(of model: Model?, now: Date? = nil) {
        guard let model else { return }
        burndownSource = model.burndownSource
        burndownReadOn = model.burndownReadOn
        burndownConfirmed = model.burndownConfirmed
        if let now, let read = model.burndownReadOn {
            burndownAgeDays = CatalogueFact(subject: model.id, fact: "", value: "", source: "", readOn: read).ageDays(now: now)
        }
    }

    /// nil without an RPM quota: there is nothing to request (RuntimeQuotaKinds).
    public var planRPM: Double? { rpmQuota == nil ? nil : PolicyFacts.recommended(peakRPM) }
    public var planTPM: Double { PolicyFacts.recommended(peakTPMQuota) }
    public var rpmUtilisation: Double? { rpmQuota.flatMap { $0 > 0 ? peakRPM / $0 : nil } }
    public var tpmUtilisation: Double? { tpmQuota.flatMap { $0 > 0 ? peakTPMQuota / $0 : nil } }

    /// Each quota of a deployment with the load its services declare: what capacity sizes, check
    /// judges and the simulator runs.
    public static func declared(_ deployment: DeploymentConfig, catalogue: Catalogue) -> [CapacityRow] {
        let targets = deployment.services.map { PolicyFacts.target($0, catalogue: catalogue, residency: nil) }
        return PolicyFacts.quotas(deployment.quotas, services: deployment.services, targets: targets, catalogue: catalogue)
            .map { CapacityRow(quota: $0.0, facts: $0.1) }
    }

    /// The declared load, from the quota facts the engine computes.
    public init(quota: QuotaConfig, facts: Policy.Value) {
        func number(_ key: String) -> Double? { Policy.Functions.number(facts[key]) }
        func names(_ key: String) -> [String] {
            if case .list(let items) = facts[key] { return items.map(\.description) }
            return []
        }
        self.quota = quota.key
        source = quota.origin
        services = names("services")
        peakRPM = number("peak_rpm") ?? 0
        rpmQuota = quota.rpm
        peakTPMBilled = number("peak_tpm_billed") ?? 0
        peakTPMQuota = number("peak_tpm") ?? 0
        reservedTPM = number("reserved_tpm")
        tpmQuota = quota.tpm
        attemptedRPM = number("attempted_rpm")
        burndown = number("burndown") ?? 1
        withoutMaxTokens = names("without_max_tokens")
        if quota.scope == .mantle {
            inputTPMQuota = quota.inputTPM
            outputTPMQuota = quota.outputTPM
            peakInputTPM = number("peak_input_tpm")
            peakOutputTPM = number("peak_output_tpm")
        }
    }

    /// The observed load on a quota (ObservedLoad): the per-minute sum over its profiles.
    public init(quota: QuotaConfig, observed load: ObservedLoad, burndown: Double) {
        self.quota = quota.key
        source = "observed"
        services = load.profiles
        peakRPM = load.peakRPM
        rpmQuota = quota.rpm
        peakTPMBilled = load.peakTPMBilled
        peakTPMQuota = load.peakTPMQuota
        tpmQuota = quota.tpm
        self.burndown = burndown
        peakRPMMinute = load.peakRPMMinute
        peakTPMMinute = load.peakTPMMinute
        minutes = load.minutes
        throttledMinutes = load.throttledMinutes
        throttles = load.throttles
    }
}

extension QuotaConfig {
    /// What names a quota: its model, region, scope and (optionally) profile.
    public struct Key: Sendable, Equatable {
        public var model: String
        public var region: String
        public var scope: QuotaScope
        public var profile: String?
        public var label: String
    }

    public var key: Key { Key(model: model, region: region, scope: scope, profile: profile, label: label) }
}
