public import AdvisorCore

/// Writes a catalogue in the format CatalogueReader reads, so imported versions are stored, shown
/// and diffed as the same text a person would edit.
public enum CatalogueWriter {
    public static func yaml(_ catalogue: Catalogue, compiledFrom: String? = nil) -> String {
        var lines = ["schema_version: \(CatalogueReader.schemaVersion)", "name: \(quote(catalogue.name))"]
        if let compiledFrom { lines.append("compiled_from: \(quote(compiledFrom))") }
        lines.append("geographies:")
        for geography in catalogue.geographies {
            var keeps = ""
            if let value = geography.keepsData { keeps += ", keeps_data: \(quote(value))" }
            if let value = geography.keepsDataSource { keeps += ", keeps_data_source: \(quote(value))" }
            lines.append("  - {code: \(quote(geography.code)), name: \(quote(geography.name)), within: \(list(geography.within))\(keeps)}")
        }
        lines.append("regions:")
        for region in catalogue.regions {
            lines.append(
                "  - {code: \(quote(region.code)), name: \(quote(region.name)), geography: \(quote(region.geography)), "
                    + "commercial: \(region.commercial)\(region.country.map { ", country: \(quote($0))" } ?? "")}")
        }
        lines.append("models:")
        for model in catalogue.models {
            lines.append("  - id: \(quote(model.id))")
            lines.append("    name: \(quote(model.name))")
            lines.append("    in_region: \(list(model.inRegion))")
            if !model.source.isEmpty { lines.append("    source: \(quote(model.source))") }
            if let notes = model.notes { lines.append("    notes: \(quote(notes))") }
            if !model.burndownIsDocumentedRule {
                lines.append("    output_burndown: \(ms(model.outputBurndown))")
                lines.append("    burndown_source: \(quote(model.burndownSource ?? ""))")
                lines.append("    burndown_read: \(quote(model.burndownReadOn ?? ""))")
                lines.append("    burndown_confirmed: \(model.burndownConfirmed)")
            }
            if let lifecycle = model.lifecycle {
                lines.append("    lifecycle:")
                if let value = lifecycle.legacyFrom { lines.append("      legacy_from: \(quote(value))") }
                if let value = lifecycle.extendedAccessFrom { lines.append("      extended_access_from: \(quote(value))") }
                if let value = lifecycle.endOfLife { lines.append("      end_of_life: \(quote(value))") }
                if let value = lifecycle.successor { lines.append("      successor: \(quote(value))") }
                if let value = lifecycle.successorNote { lines.append("      successor_note: \(quote(value))") }
                lines.append("      source: \(quote(lifecycle.source))")
                lines.append("      read_on: \(quote(lifecycle.readOn))")
            }
        }
        lines.append("profiles:")
        for profile in catalogue.profiles {
            lines.append("  - id: \(quote(profile.id))")
            lines.append("    model: \(quote(profile.model))")
            lines.append("    scope: \(quote(profile.scope.rawValue))")
            lines.append("    sources: \(list(profile.sources))")
            lines.append("    destinations: \(destinations(profile.destinations))")
            let routes = profile.routes.filter { profile.sources.contains($0.key) }.sorted { $0.key < $1.key }
            if !routes.isEmpty {
                lines.append("    routes:")
                for (source, route) in routes { lines.append("      \(quote(source)): \(destinations(route))") }
            }
            if !profile.source.isEmpty { lines.append("    source: \(quote(profile.source))") }
            if let notes = profile.notes { lines.append("    notes: \(quote(notes))") }
            if !profile.active { lines.append("    active: false") }
            if !profile.inactiveSources.isEmpty { lines.append("    inactive_sources: \(list(profile.inactiveSources))") }
        }
        if !catalogue.prices.isEmpty {
            lines.append("prices:")
            for price in catalogue.prices {
                lines.append(
                    "  - {model: \(quote(price.model)), scope: \(quote(price.scope)), input: \(price.inputPerMTok), "
                        + "output: \(price.outputPerMTok), source: \(quote(price.source))}")
            }
        }
        if !catalogue.applicationProfiles.isEmpty {
            lines.append("application_profiles:")
            for application in catalogue.applicationProfiles {
                lines.append(
                    "  - {arn: \(quote(application.arn)), id: \(quote(application.id)), region: \(quote(application.region)), "
                        + "wraps: \(quote(application.wraps)), model: \(quote(application.model))}")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func destinations(_ value: Destinations) -> String {
        switch value {
        case .allCommercial: return "all-commercial"
        case .regions(let regions): return list(regions)
        }
    }

    static func list(_ items: [String]) -> String {
        "[" + items.map(quote).joined(separator: ", ") + "]"
    }

    /// A double-quoted YAML (and JSON) string: safe for any text, ids with colons included.
    static func quote(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}
