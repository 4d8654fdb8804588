public import AdvisorCore
public import Foundation

public enum CatalogueOutput {
    public static func callableText(_ table: CallableTable, catalogue: Catalogue) -> String {
        let region = catalogue.region(table.source)
        var lines = ["Callable from \(table.source)\(region.map { " (\($0.name), geography \($0.geography))" } ?? ""):", ""]
        for group in table.models {
            lines.append("\(group.model.name) (\(group.model.id))")
            for entry in group.entries {
                switch entry.answer {
                case .callable(let destinations):
                    let routes =
                        destinations.count == catalogue.commercialRegionCodes.count && entry.scope.isGlobal
                        ? "any of \(destinations.count) commercial regions" : destinations.joined(separator: ", ")
                    lines.append("  ✓ \(entry.id) → \(routes)")
                case .notCallable(let reason, let error):
                    lines.append("  ✗ \(entry.id): \(reason)")
                    lines.append("      Bedrock: \(error)")
                }
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    public static func callableJSON(_ table: CallableTable) -> String {
        JSONValue.object([
            ("source", .string(table.source)),
            (
                "models",
                .array(
                    table.models.map { group in
                        .object([
                            ("model", .string(group.model.id)),
                            ("identifiers", .array(group.entries.map { entry(id: $0.id, scope: $0.scope, $0.answer) })),
                        ])
                    })
            ),
        ]).rendered() + "\n"
    }

    static func entry(id: String, scope: Scope?, _ answer: Callability) -> JSONValue {
        var members: [(String, JSONValue)] = [("id", .string(id))]
        if let scope { members.append(("scope", .string(scope.rawValue))) }
        switch answer {
        case .callable(let destinations):
            members += [("callable", .bool(true)), ("destinations", .array(destinations.map(JSONValue.string)))]
        case .notCallable(let reason, let error):
            members += [("callable", .bool(false)), ("reason", .string(reason)), ("bedrock_error", .string(error))]
        }
        return .object(members)
    }

    public static func callabilityText(id: String, source: String, _ answer: Callability) -> String {
        switch answer {
        case .callable(let destinations):
            return "\(id) is callable from \(source); it may route to \(destinations.joined(separator: ", "))\n"
        case .notCallable(let reason, let error):
            return "\(id) is not callable from \(source): \(reason)\nBedrock would answer: \(error)\n"
        }
    }

    public static func callabilityJSON(id: String, source: String, _ answer: Callability) -> String {
        guard case .object(var members) = entry(id: id, scope: nil, answer) else { return "" }
        members.insert(("source", .string(source)), at: 1)
        return JSONValue.object(members).rendered() + "\n"
    }

    public static func showText(_ catalogue: Catalogue, model: String?) -> String {
        var lines: [String] = []
        if model == nil {
            lines.append(
                "Catalogue \(catalogue.name): \(catalogue.regions.count) regions, "
                    + "\(catalogue.models.count) models, \(catalogue.profiles.count) profiles")
            lines.append("")
            lines.append("Geographies:")
            for geography in catalogue.geographies {
                let members = catalogue.regions.filter { $0.geography == geography.code }.map(\.code)
                let within = geography.within.isEmpty ? "" : " (within \(geography.within.joined(separator: ", ")))"
                lines.append("  \(geography.code)  \(geography.name)\(within): \(members.joined(separator: ", "))")
            }
            lines.append("")
        }
        let models = catalogue.models.filter { model == nil || $0.id == model }
        for entry in models {
            lines.append("\(entry.name) (\(entry.id))")
            lines.append(
                "  in-region: \(entry.inRegion.isEmpty ? "none" : entry.inRegion.joined(separator: ", "))"
                    + (entry.source.isEmpty ? "" : "  [\(entry.source)]"))
            for profile in catalogue.profiles(ofModel: entry.id) {
                let destinations: String
                switch profile.destinations {
                case .allCommercial: destinations = "all commercial regions"
                case .regions(let list): destinations = list.joined(separator: ", ")
                }
                lines.append("  \(profile.id)\(profile.active ? "" : " (inactive)")")
                lines.append("    from: \(profile.sources.joined(separator: ", "))")
                lines.append("    to:   \(destinations)")
                for (source, route) in profile.routes.sorted(by: { $0.key < $1.key }) {
                    if case .regions(let list) = route {
                        lines.append("    from \(source) to: \(list.joined(separator: ", "))")
                    }
                }
                if !profile.source.isEmpty { lines.append("    source: \(profile.source)") }
                if let notes = profile.notes { lines.append("    notes: \(notes)") }
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    public static func showJSON(_ catalogue: Catalogue, model: String?) -> String {
        func destinations(_ value: Destinations) -> JSONValue {
            switch value {
            case .allCommercial: return .string("all-commercial")
            case .regions(let list): return .array(list.map(JSONValue.string))
            }
        }
        let models = catalogue.models.filter { model == nil || $0.id == model }
        return JSONValue.object([
            ("name", .string(catalogue.name)),
            (
                "geographies",
                .array(
                    catalogue.geographies.map {
                        .object([
                            ("code", .string($0.code)), ("name", .string($0.name)),
                            ("within", .array($0.within.map(JSONValue.string))),
                        ])
                    })
            ),
            (
                "regions",
                .array(
                    catalogue.regions.map {
                        .object([
                            ("code", .string($0.code)), ("name", .string($0.name)),
                            ("geography", .string($0.geography)), ("commercial", .bool($0.commercial)),
                        ])
                    })
            ),
            (
                "models",
                .array(
                    models.map { entry in
                        .object([
                            ("id", .string(entry.id)), ("name", .string(entry.name)),
                            ("in_region", .array(entry.inRegion.map(JSONValue.string))),
                            ("source", .string(entry.source)),
                            (
                                "profiles",
                                .array(
                                    catalogue.profiles(ofModel: entry.id).map { profile in
                                        .object([
                                            ("id", .string(profile.id)), ("scope", .string(profile.scope.rawValue)),
                                            ("active", .bool(profile.active)),
                                            ("sources", .array(profile.sources.map(JSONValue.string))),
                                            ("destinations", destinations(profile.destinations)),
                                            (
                                                "routes",
                                                .object(profile.routes.sorted { $0.key < $1.key }.map { ($0.key, destinations($0.value)) })
                                            ),
                                            ("source", .string(profile.source)),
                                            ("notes", .optional(profile.notes)),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
        ]).rendered() + "\n"
    }
}

extension CatalogueOutput {
    public static func diffText(_ diff: CatalogueDiff) -> String {
        guard !diff.isEmpty else { return "No changes from \(diff.old) to \(diff.new).\n" }
        var lines = ["Changes from \(diff.old) to \(diff.new):"]
        for id in diff.modelsAdded { lines.append("  + model \(id)") }
        for id in diff.lifecycleChanged { lines.append("  ~ model \(id): lifecycle changed") }
        for id in diff.profilesAdded { lines.append("  + profile \(id)") }
        for id in diff.profilesRemoved { lines.append("  - profile \(id)") }
        for entry in diff.applicationProfilesAdded { lines.append("  + application profile \(entry)") }
        for entry in diff.applicationProfilesRemoved { lines.append("  - application profile \(entry)") }
        for change in diff.changed {
            lines.append("  ~ \(change.id)")
            if !change.sourcesAdded.isEmpty { lines.append("      callable from: + \(change.sourcesAdded.joined(separator: ", "))") }
            if !change.sourcesRemoved.isEmpty { lines.append("      callable from: - \(change.sourcesRemoved.joined(separator: ", "))") }
            for route in change.routes {
                var parts: [String] = []
                if !route.added.isEmpty { parts.append("+ " + route.added.joined(separator: ", ")) }
                if !route.removed.isEmpty { parts.append("- " + route.removed.joined(separator: ", ")) }
                lines.append("      from \(route.source) routes to: \(parts.joined(separator: "; "))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func diffJSON(_ diff: CatalogueDiff) -> String { diffValue(diff).rendered() + "\n" }

    static func diffValue(_ diff: CatalogueDiff) -> JSONValue {
        func strings(_ list: [String]) -> JSONValue { .array(list.map(JSONValue.string)) }
        return JSONValue.object([
            ("old", .string(diff.old)), ("new", .string(diff.new)),
            ("profiles_added", strings(diff.profilesAdded)), ("profiles_removed", strings(diff.profilesRemoved)),
            ("models_added", strings(diff.modelsAdded)), ("lifecycle_changed", strings(diff.lifecycleChanged)),
            ("application_profiles_added", strings(diff.applicationProfilesAdded)),
            ("application_profiles_removed", strings(diff.applicationProfilesRemoved)),
            (
                "changed",
                .array(
                    diff.changed.map { change in
                        .object([
                            ("profile", .string(change.id)),
                            ("sources_added", strings(change.sourcesAdded)), ("sources_removed", strings(change.sourcesRemoved)),
                            (
                                "routes",
                                .array(
                                    change.routes.map {
                                        .object([
                                            ("source", .string($0.source)), ("destinations_added", strings($0.added)),
                                            ("destinations_removed", strings($0.removed)),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
        ])
    }

    public static func issuesText(_ issues: [CatalogueIssue], files: Int) -> String {
        guard !issues.isEmpty else { return "No inconsistencies in \(files) file\(files == 1 ? "" : "s").\n" }
        return issues.map { "\($0.severity.rawValue): \($0.location): \($0.message)" }.joined(separator: "\n") + "\n"
    }

    public static func issuesJSON(_ issues: [CatalogueIssue]) -> String {
        JSONValue.object([
            (
                "issues",
                .array(
                    issues.map {
                        .object([
                            ("severity", .string($0.severity.rawValue)), ("location", .string($0.location)),
                            ("message", .string($0.message)),
                        ])
                    })
            )
        ]).rendered() + "\n"
    }

    /// `catalogue show --facts`: each dated fact, with its source, the date it was read, and its age.
    public static func factsText(_ facts: [CatalogueFact], now: Date) -> String {
        let rows = facts.map { fact -> [String] in
            let age =
                fact.ageDays(now: now).map { $0 > CatalogueFact.staleAfterDays ? "\($0) days (old: check the source)" : "\($0) days" }
                ?? "—"
            return [fact.subject, fact.fact, fact.value + (fact.confirmed ? "" : " (unconfirmed)"), fact.readOn ?? "—", age, fact.source]
        }
        return TextTable(headers: ["subject", "fact", "value", "read", "age", "source"], rows: rows).rendered() + "\n"
    }

    public static func factsJSON(_ facts: [CatalogueFact], now: Date) -> String {
        JSONValue.object([
            (
                "facts",
                .array(
                    facts.map { fact in
                        .object([
                            ("subject", .string(fact.subject)), ("fact", .string(fact.fact)), ("value", .string(fact.value)),
                            ("source", .string(fact.source)), ("read_on", .optional(fact.readOn)),
                            ("age_days", fact.ageDays(now: now).map(JSONValue.int) ?? .null), ("confirmed", .bool(fact.confirmed)),
                        ])
                    })
            )
        ]).rendered() + "\n"
    }
}

extension CatalogueOutput {
    /// `catalogue refresh`: a line per Region, then what was stored and the diff.
    public static func refreshText(_ result: CatalogueRefreshResult) -> String {
        var lines: [String] = []
        for region in result.regions {
            if let failure = region.failure {
                lines.append("\(region.region): not refreshed, its earlier profiles are kept: \(failure)")
            } else {
                lines.append(
                    "\(region.region): \(Wording.count(region.systemProfiles, "system profile")), "
                        + "\(Wording.count(region.applicationProfiles, "application profile")) "
                        + "(\(Wording.count(region.pages, "page"))), \(Wording.count(region.models, "model"))"
                        + (region.legacyModels > 0 ? " (\(region.legacyModels) legacy)" : ""))
            }
            if let quotas = region.quotas { lines.append("  quotas: \(quotas)") }
            if let failure = region.quotaFailure { lines.append("  quotas not read: \(failure)") }
        }
        if let stored = result.stored {
            lines.append(
                "Stored catalogue \(stored), now the newest"
                    + (result.partial ? " (partial: \(result.failedRegions.joined(separator: ", ")) not refreshed)" : "") + ".")
            lines.append(String(diffText(result.diff).dropLast()))
        } else {
            lines.append("Nothing changed since \(result.base): no new version.")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func refreshJSON(_ result: CatalogueRefreshResult) -> String {
        func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
        return JSONValue.object([
            (
                "regions",
                .array(
                    result.regions.map { region in
                        .object([
                            ("region", .string(region.region)), ("refreshed", .bool(region.failure == nil)),
                            ("failure", optional(region.failure)), ("system_profiles", .int(region.systemProfiles)),
                            ("application_profiles", .int(region.applicationProfiles)), ("pages", .int(region.pages)),
                            ("models", .int(region.models)), ("legacy_models", .int(region.legacyModels)),
                            ("quotas", optional(region.quotas)), ("quota_failure", optional(region.quotaFailure)),
                        ])
                    })
            ),
            ("stored", optional(result.stored)), ("base", .string(result.base)), ("partial", .bool(result.partial)),
            ("diff", diffValue(result.diff)),
        ]).rendered() + "\n"
    }

    public enum Refresh {}
}
