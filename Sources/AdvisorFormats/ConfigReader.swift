public import AdvisorCore
import Foundation

/// Reads advisor.yaml (docs/data-formats.md), keeping the line of every field so findings point at
/// it. A service's fields are those PolicySchema.service declares, walked here; unknown keys get a
/// did-you-mean; wrong kinds name the field and what was expected.
public enum ConfigReader {
    static let topLevelKeys = ["services", "quotas", "rules", "dataset", "catalogue", "stale_after_days", "simulate"]

    public static func read(_ text: String, file: String) throws(FormatError) -> DeploymentConfig {
        let root = try YAMLCursor.parse(text, file: file)
        return try read(root, file: file)
    }

    static func read(_ root: YAMLCursor, file: String) throws(FormatError) -> DeploymentConfig {
        let top = try root.mapping(keys: topLevelKeys)
        var services: [ServiceConfig] = []
        var names: [String: Int] = [:]
        for item in try top.optional("services")?.list() ?? [] {
            let service = try readService(item)
            if let first = names[service.name] {
                throw item.error("duplicate service name '\(service.name)' (first on line \(first))")
            }
            names[service.name] = service.line
            services.append(service)
        }
        var quotas: [QuotaConfig] = []
        for item in try top.optional("quotas")?.list() ?? [] {
            let fields = try item.mapping(keys: ["model", "region", "scope", "profile", "rpm", "tpm", "input_tpm", "output_tpm"])
            var scope = QuotaScope.geographic
            if let cursor = fields.optional("scope") {
                let text = try cursor.string()
                guard let parsed = QuotaScope(rawValue: text) else {
                    throw cursor.error("expected geographic, global, on-demand or mantle, found '\(Sanitize.excerpt(text))'")
                }
                scope = parsed
            }
            func limit(_ key: String) throws(FormatError) -> Double? {
                try fields.optional(key).map { (cursor) throws(FormatError) in try quotaLimit(cursor) }
            }
            let rpm = try limit("rpm"), tpm = try limit("tpm"), input = try limit("input_tpm"), output = try limit("output_tpm")
            if scope == .mantle {
                // quotas-mantle: two token quotas, no RPM; a runtime-shaped limit would be checked against nothing.
                if let key = ["rpm", "tpm"].first(where: { fields.optional($0) != nil }) {
                    throw fields.optional(key)!.error(
                        "a bedrock-mantle quota has no \(key): it is input_tpm and output_tpm (AWS: no RPM quota, separate input and output tokens)"
                    )
                }
                guard input != nil || output != nil else { throw item.error("a mantle quota needs input_tpm, output_tpm or both") }
            } else {
                if let key = ["input_tpm", "output_tpm"].first(where: { fields.optional($0) != nil }) {
                    throw fields.optional(key)!.error("\(key) is for scope: mantle (bedrock-mantle's quotas); bedrock-runtime's is tpm")
                }
                guard rpm != nil || tpm != nil else { throw item.error("a quota needs rpm, tpm or both") }
            }
            var quota = QuotaConfig(
                model: try fields.required("model").string(), region: try fields.required("region").string(),
                scope: scope, profile: try fields.optional("profile")?.string(), rpm: rpm, tpm: tpm, line: item.line ?? 0)
            quota.inputTPM = input
            quota.outputTPM = output
            quotas.append(quota)
        }
        var settings: [String: RuleSetting] = [:]
        var settingLines: [String: Int] = [:]
        if let rules = top.optional("rules") {
            guard rules.isMapping else { throw rules.error("expected a mapping of rule id to off, error, warning or note") }
            for (id, value) in try rules.lenientMapping().entries {
                let text = try value.string()
                if text == "off" {
                    settings[id] = .off
                } else if let severity = Severity(rawValue: text) {
                    settings[id] = .severity(severity)
                } else {
                    throw value.error("expected off, error, warning or note, found '\(text)'")
                }
                settingLines[id] = value.line
            }
        }
        var staleAfterDays = DatasetFreshness.defaultStaleAfterDays
        if let cursor = top.optional("stale_after_days") {
            let days = try positive(cursor)
            guard days == days.rounded(), days <= 36_500 else {
                throw cursor.error("expected a whole number of days from 0 to 36500, found \(days)")
            }
            staleAfterDays = Int(days)
        }
        return DeploymentConfig(
            file: file, services: services, quotas: quotas, ruleSettings: settings,
            ruleSettingLines: settingLines, dataset: try top.optional("dataset")?.string(),
            catalogue: try top.optional("catalogue")?.string(), staleAfterDays: staleAfterDays,
            simulation: try top.optional("simulate").map { (cursor) throws(FormatError) in try simulation(cursor) })
    }

    /// `simulate: {minutes, seed, refill}`: what check simulates (SimulationSettings).
    static func simulation(_ cursor: YAMLCursor) throws(FormatError) -> SimulationSettings {
        let fields = try cursor.mapping(keys: ["minutes", "seed", "refill"])
        var settings = SimulationSettings(line: cursor.line ?? 0)
        if let minutes = fields.optional("minutes") {
            let value = try minutes.double()
            guard value == value.rounded(), value >= 1, value <= 1_440 else {
                throw minutes.error("expected whole simulated minutes from 1 to 1440, found \(value)")
            }
            settings.minutes = Int(value)
        }
        if let seed = fields.optional("seed") {
            let value = try seed.double()
            guard value == value.rounded(), value >= 0, value <= 9_007_199_254_740_991 else {
                throw seed.error("expected a whole number from 0 as the seed, found \(value)")
            }
            settings.seed = UInt64(value)
        }
        if let refill = fields.optional("refill") {
            let text = try refill.string()
            guard let value = QuotaSimulation.Refill(rawValue: text) else {
                throw refill.error("expected fixed-window or token-bucket, found '\(Sanitize.excerpt(text))'")
            }
            settings.refill = value
        }
        return settings
    }

    /// The largest figure advisor.yaml may give (requests, tokens, milliseconds): far above any real
    /// quota or latency, and small enough that sums and products of such figures stay exact.
    static let largestNumber = 1e12

    static func positive(_ cursor: YAMLCursor) throws(FormatError) -> Double {
        let value = try cursor.double()
        guard value.isFinite, value >= 0, value <= largestNumber else {
            throw cursor.error("expected a number from 0 to 1e12, found \(value)")
        }
        return value
    }

    /// Bedrock's quotas are whole requests or tokens per minute, at least one.
    static func quotaLimit(_ cursor: YAMLCursor) throws(FormatError) -> Double {
        let value = try positive(cursor)
        guard value >= 1 else { throw cursor.error("expected a quota of at least 1 per minute, found \(value)") }
        return value
    }

    /// PolicySchema's objects as the reader walks them, built once: each field's name, its path from
    /// the service (the key of `fieldLines`) and, for an object, its own table. Per service, the
    /// reader then touches only the keys present, allocating no name lists or paths.
    final class FieldTable: Sendable {
        let fields: [SchemaField]
        let names: [String]
        let paths: [String]
        let children: [FieldTable?]

        init(_ fields: [SchemaField], prefix: String) {
            self.fields = fields
            names = fields.map(\.name)
            paths = fields.map { prefix + $0.name }
            children = fields.map { field in
                guard case .object(let children) = field.kind else { return nil }
                return FieldTable(children, prefix: prefix + field.name + ".")
            }
        }
    }

    static let serviceFields = FieldTable(PolicySchema.service.children, prefix: "")
    static let serviceKeys = serviceFields.names + ["waivers"]

    static func readService(_ item: YAMLCursor) throws(FormatError) -> ServiceConfig {
        let fields = try item.mapping(keys: serviceKeys)
        for field in serviceFields.fields where field.required && fields.optional(field.name) == nil {
            throw item.error("missing required key '\(field.name)'")
        }
        var lines: [String: Int] = [:]
        lines.reserveCapacity(24)
        let value = try readObject(fields, table: serviceFields, lines: &lines)
        var waivers: [Waiver] = []
        for waiverItem in try fields.optional("waivers")?.list() ?? [] {
            let waiverFields = try waiverItem.mapping(keys: ["rule", "reason", "expires"])
            guard let expiresCursor = waiverFields.optional("expires") else {
                throw waiverItem.error("a waiver needs an expiry date ('expires: YYYY-MM-DD'): waivers that never end are not accepted")
            }
            let expiresText = try expiresCursor.string()
            guard expiresText.count == 10, let expires = RFC3339.parseDateOrDateTime(expiresText) else {
                throw expiresCursor.error("'\(expiresText)' is not a date such as 2027-01-31")
            }
            let reason = try waiverFields.required("reason").string()
            guard !reason.trimmingSpaces().isEmpty else { throw waiverItem.error("a waiver needs a reason") }
            waivers.append(
                Waiver(
                    rule: try waiverFields.required("rule").string(), reason: reason, expires: expires,
                    line: waiverItem.line ?? 0))
        }
        return ServiceConfig(
            name: try fields.required("name").string(), region: try fields.required("region").string(),
            model: try fields.required("model").string(), value: .object(value), line: item.line ?? 0,
            fieldLines: lines, waivers: waivers)
    }

    /// The keys of one schema object present in the file, in the file's order (keys the table does
    /// not declare, such as `waivers`, are the caller's).
    static func readObject(_ mapping: YAMLMapping, table: FieldTable, lines: inout [String: Int]) throws(FormatError) -> [String: Policy
        .Value]
    {
        var value: [String: Policy.Value] = [:]
        try mapping.forEachEntry { (key, cursor) throws(FormatError) in
            guard let index = table.names.firstIndex(of: key) else { return }
            lines[table.paths[index]] = cursor.line
            value[key] = try readValue(cursor, table: table, index: index, lines: &lines)
        }
        return value
    }

    /// One field as PolicySchema declares it: an object's keys, a string's choices, a number's range.
    static func readValue(_ cursor: YAMLCursor, table: FieldTable, index: Int, lines: inout [String: Int]) throws(FormatError)
        -> Policy.Value
    {
        switch table.fields[index].kind {
        case .object:
            let children = table.children[index]!
            return .object(try readObject(try cursor.mapping(keys: children.names), table: children, lines: &lines))
        case .bool:
            return .bool(try cursor.bool())
        case .number:
            return .number(try positive(cursor))
        case .string:
            let text = try cursor.string()
            if let choices = table.fields[index].choices, !choices.contains(text) {
                throw cursor.error(
                    "unknown \(table.names[index]) '\(text)'; expected one of \(choices.joined(separator: ", "))"
                        + Suggest.hint(text, in: choices))
            }
            return .string(text)
        case .list:
            // No field of advisor.yaml is a list of values rules read; lists are the engine's facts.
            throw cursor.error("\(table.paths[index]) cannot be set in advisor.yaml")
        }
    }

}

extension ConfigReader {
    /// What only the rules and the catalogue can tell: rule ids under `rules:` and in waivers must
    /// exist, and a residency must be a geography.
    static func validateNames(_ quota: QuotaConfig, catalogue: Catalogue, file: String) throws(FormatError) {
        if catalogue.model(quota.model) == nil {
            let hint =
                catalogue.profile(quota.model).map { "; that is a profile: a quota names its model, \($0.model)" }
                ?? Suggest.hint(quota.model, in: catalogue.models.map(\.id))
            throw FormatError(
                file: file, line: quota.line, field: "quotas.model", message: "unknown model '\(Sanitize.excerpt(quota.model))'" + hint)
        }
        if catalogue.region(quota.region) == nil {
            throw FormatError(
                file: file, line: quota.line, field: "quotas.region",
                message: "unknown region '\(Sanitize.excerpt(quota.region))'"
                    + Suggest.hint(quota.region, in: catalogue.regions.map(\.code)))
        }
        if let id = quota.profile {
            guard let profile = catalogue.profile(id) else {
                throw FormatError(
                    file: file, line: quota.line, field: "quotas.profile",
                    message: "unknown profile '\(Sanitize.excerpt(id))'"
                        + Suggest.hint(id, in: catalogue.profiles.map(\.id)))
            }
            guard profile.model == quota.model else {
                throw FormatError(
                    file: file, line: quota.line, field: "quotas.profile",
                    message: "\(id) is a profile of \(profile.model), not of the quota's model \(quota.model)")
            }
        }
    }

    public static func validate(_ config: DeploymentConfig, ruleIds: [String], catalogue: Catalogue?) throws(FormatError) {
        for (id, line) in config.ruleSettingLines.sorted(by: { $0.value < $1.value }) {
            guard ruleIds.contains(id) else {
                throw FormatError(
                    file: config.file, line: line, field: "rules.\(id)", message: "unknown rule '\(id)'" + Suggest.hint(id, in: ruleIds))
            }
            // Switching it off was accepted and ignored; honouring it would let waivers live for ever.
            if id == PolicyEngine.waiverExpired.id {
                throw FormatError(
                    file: config.file, line: line, field: "rules.\(id)",
                    message: "\(id) cannot be turned off or re-levelled: an expired waiver is always an error; renew or remove the waiver")
            }
        }
        for service in config.services {
            for waiver in service.waivers where !ruleIds.contains(waiver.rule) {
                throw FormatError(
                    file: config.file, line: waiver.line, field: "waivers.rule",
                    message: "unknown rule '\(waiver.rule)'" + Suggest.hint(waiver.rule, in: ruleIds))
            }
            guard let catalogue, case .string(let residency) = service.value["residency"], residency != "any",
                residency != Catalogue.inCountry, catalogue.geography(residency) == nil
            else { continue }
            let codes = catalogue.geographies.map(\.code)
            throw FormatError(
                file: config.file, line: service.fieldLines["residency"], field: "residency",
                message: "unknown geography '\(residency)'; expected any, \(Catalogue.inCountry) or one of " + codes.joined(separator: ", ")
                    + Suggest.hint(residency, in: codes + [Catalogue.inCountry]))
        }
        // A quota naming what the catalogue does not know matched no service, and so silently
        // switched the capacity rules off for the services it was meant for.
        for quota in config.quotas {
            guard let catalogue else { continue }
            try validateNames(quota, catalogue: catalogue, file: config.file)
        }
        // A quota for one profile is of that profile's scope: a global profile under a geographic
        // quota would count no service at all, silently.
        for quota in config.quotas {
            guard let catalogue, let id = quota.profile, let profile = catalogue.profile(id) else { continue }
            let scope = QuotaScope(route: profile.scope)
            guard scope != quota.scope else { continue }
            throw FormatError(
                file: config.file, line: quota.line, field: "quotas.scope",
                message: "the quota names \(id), a \(scope.rawValue) profile, but its scope is \(quota.scope.rawValue); "
                    + "add scope: \(scope.rawValue)")
        }
    }
}
