public import AdvisorCore

/// Reads the catalogue format of docs/data-formats.md (YAML; JSON is accepted too) and checks that
/// every reference in it resolves, so a bad entry is reported at its line instead of misrouting later.
public enum CatalogueReader {
    public static let schemaVersion = 1

    public static func read(_ text: String, file: String) throws(FormatError) -> Catalogue {
        let root = try YAMLCursor.parse(text, file: file)
        let top = try root.mapping(keys: [
            "schema_version", "name", "compiled_from", "geographies", "regions",
            "models", "profiles", "prices", "application_profiles",
        ])
        let version = try top.required("schema_version")
        guard try version.int() == schemaVersion else {
            throw version.error("unsupported schema_version \(try version.int()); this advisor reads \(schemaVersion)")
        }
        let name = try top.required("name").string()

        var geographies: [Geography] = []
        var geographyLines: [String: YAMLCursor] = [:]
        for item in try top.required("geographies").list() {
            let fields = try item.mapping(keys: ["code", "name", "within", "keeps_data", "keeps_data_source"])
            let code = try fields.required("code")
            let geography = Geography(
                code: try code.string(), name: try fields.required("name").string(),
                within: try fields.optional("within")?.strings() ?? [],
                keepsData: try fields.optional("keeps_data")?.string(),
                keepsDataSource: try fields.optional("keeps_data_source")?.string())
            guard geographyLines[geography.code] == nil else { throw code.error("duplicate geography '\(geography.code)'") }
            geographyLines[geography.code] = item
            geographies.append(geography)
        }
        for geography in geographies {
            for parent in geography.within where geographyLines[parent] == nil {
                throw geographyLines[geography.code]!.error("geography '\(geography.code)' lies within unknown geography '\(parent)'")
            }
        }

        var regions: [Region] = []
        var regionCodes: Set<String> = []
        for item in try top.required("regions").list() {
            let fields = try item.mapping(keys: ["code", "name", "geography", "commercial", "country"])
            let code = try fields.required("code")
            let geography = try fields.required("geography")
            let region = Region(
                code: try code.string(), name: try fields.required("name").string(),
                geography: try geography.string(),
                commercial: try fields.optional("commercial")?.bool() ?? true,
                country: try fields.optional("country")?.string())
            guard regionCodes.insert(region.code).inserted else { throw code.error("duplicate region '\(region.code)'") }
            guard geographyLines[region.geography] != nil else {
                throw geography.error(
                    "unknown geography '\(region.geography)'; expected one of "
                        + geographies.map(\.code).joined(separator: ", "))
            }
            regions.append(region)
        }

        func regionList(_ cursor: YAMLCursor) throws(FormatError) -> [String] {
            var codes: [String] = []
            for item in try cursor.list() {
                let code = try item.string()
                guard regionCodes.contains(code) else {
                    throw item.error("unknown region '\(code)'" + Suggest.hint(code, in: Array(regionCodes)))
                }
                codes.append(code)
            }
            return codes
        }

        func destinations(_ cursor: YAMLCursor) throws(FormatError) -> Destinations {
            if cursor.isScalar {
                guard try cursor.string() == "all-commercial" else {
                    throw cursor.error("expected a list of regions or all-commercial")
                }
                return .allCommercial
            }
            return .regions(try regionList(cursor))
        }

        func date(_ cursor: YAMLCursor) throws(FormatError) -> String {
            let text = try cursor.string()
            guard text.count == 10, RFC3339.parseDateOrDateTime(text) != nil else { throw cursor.error("expected a date YYYY-MM-DD") }
            return text
        }
        func lifecycle(_ cursor: YAMLCursor) throws(FormatError) -> ModelLifecycle {
            let fields = try cursor.mapping(keys: [
                "legacy_from", "extended_access_from", "end_of_life", "successor", "successor_note",
                "source", "read_on",
            ])
            return ModelLifecycle(
                legacyFrom: try fields.optional("legacy_from").map(date),
                extendedAccessFrom: try fields.optional("extended_access_from").map(date),
                endOfLife: try fields.optional("end_of_life").map(date),
                successor: try fields.optional("successor")?.string(),
                successorNote: try fields.optional("successor_note")?.string(),
                source: try fields.required("source").string(), readOn: try date(try fields.required("read_on")))
        }

        var models: [Model] = []
        var modelIds: Set<String> = []
        var successors: [(String, YAMLCursor)] = []
        for item in try top.required("models").list() {
            let fields = try item.mapping(keys: [
                "id", "name", "in_region", "source", "notes", "output_burndown", "burndown_source",
                "burndown_read", "burndown_confirmed", "lifecycle",
            ])
            let id = try fields.required("id")
            var burndown: Double?
            if let cursor = fields.optional("output_burndown") {
                let rate = try cursor.double()
                guard rate >= 1, rate <= 100 else {
                    throw cursor.error("expected a burndown rate from 1 to 100 (tokens of quota per output token)")
                }
                // A stated rate is a fact about AWS: it carries where it was read, and when. (Catalogues
                // written before dates were kept state AWS's own rule's rate: that rule, with its date, applies.)
                if fields.optional("burndown_read") == nil, rate == QuotaBurndown.documented(modelId: try id.string()).rate {
                    burndown = nil
                } else {
                    guard fields.optional("burndown_source") != nil, fields.optional("burndown_read") != nil else {
                        throw cursor.error(
                            "a stated output_burndown needs burndown_source (where AWS says it) and burndown_read (YYYY-MM-DD)")
                    }
                    burndown = rate
                }
            }
            let model = Model(
                id: try id.string(), name: try fields.required("name").string(),
                inRegion: try fields.optional("in_region").map(regionList) ?? [],
                source: try fields.optional("source")?.string() ?? "",
                notes: try fields.optional("notes")?.string(),
                outputBurndown: burndown, burndownSource: burndown == nil ? nil : try fields.optional("burndown_source")?.string(),
                burndownReadOn: try fields.optional("burndown_read").map(date),
                burndownConfirmed: try fields.optional("burndown_confirmed")?.bool(),
                lifecycle: try fields.optional("lifecycle").map(lifecycle))
            guard modelIds.insert(model.id).inserted else { throw id.error("duplicate model '\(model.id)'") }
            models.append(model)
            if let successor = model.lifecycle?.successor, let lifecycle = fields.optional("lifecycle") {
                successors.append((successor, try lifecycle.lenientMapping().optional("successor") ?? lifecycle))
            }
        }
        // A successor is offered to users as the model to move to: it must be one the catalogue has.
        for (successor, cursor) in successors where !modelIds.contains(successor) {
            throw cursor.error(
                "successor '\(Sanitize.excerpt(successor))' is not a model of this catalogue"
                    + Suggest.hint(successor, in: modelIds.sorted()))
        }

        var profiles: [InferenceProfile] = []
        var profileIds: Set<String> = []
        for item in try top.required("profiles").list() {
            let fields = try item.mapping(keys: [
                "id", "model", "scope", "sources", "destinations", "routes",
                "source", "notes", "active", "inactive_sources",
            ])
            let idCursor = try fields.required("id")
            let id = try idCursor.string()
            guard profileIds.insert(id).inserted else { throw idCursor.error("duplicate profile '\(id)'") }
            let modelCursor = try fields.required("model")
            let model = try modelCursor.string()
            guard modelIds.contains(model) else { throw modelCursor.error("unknown model '\(model)'") }
            let scopeCursor = try fields.required("scope")
            let scope = try scopeCursor.string()
            guard id.hasPrefix(scope + ".") else {
                throw scopeCursor.error("scope '\(scope)' does not match the prefix of profile id '\(id)'")
            }
            let sourcesCursor = try fields.required("sources")
            let sources = try regionList(sourcesCursor)
            var routes: [String: Destinations] = [:]
            if let routesCursor = fields.optional("routes") {
                let routeEntries = try routesCursor.mapping(keys: sources)
                for (source, value) in routeEntries.entries { routes[source] = try destinations(value) }
            }
            profiles.append(
                InferenceProfile(
                    id: id, model: model, scope: Scope(rawValue: scope), sources: sources,
                    destinations: try destinations(try fields.required("destinations")), routes: routes,
                    source: try fields.optional("source")?.string() ?? "",
                    notes: try fields.optional("notes")?.string(),
                    active: try fields.optional("active")?.bool() ?? true,
                    inactiveSources: try fields.optional("inactive_sources").map(regionList) ?? []))
        }

        var prices: [Price] = []
        for item in try top.optional("prices")?.list() ?? [] {
            let fields = try item.mapping(keys: ["model", "scope", "input", "output", "source"])
            let modelCursor = try fields.required("model")
            let model = try modelCursor.string()
            guard modelIds.contains(model) else { throw modelCursor.error("unknown model '\(model)'") }
            let input = try fields.required("input"), output = try fields.required("output")
            for cursor in [input, output] where try cursor.double() < 0 {
                throw cursor.error("a price cannot be negative")
            }
            prices.append(
                Price(
                    model: model, scope: try fields.required("scope").string(),
                    inputPerMTok: try input.double(), outputPerMTok: try output.double(),
                    source: try fields.optional("source")?.string() ?? ""))
        }

        var applications: [ApplicationProfile] = []
        for item in try top.optional("application_profiles")?.list() ?? [] {
            let fields = try item.mapping(keys: ["arn", "id", "region", "wraps", "model"])
            let regionCursor = try fields.required("region")
            let region = try regionCursor.string()
            guard regionCodes.contains(region) else { throw regionCursor.error("unknown region '\(region)'") }
            let wrapsCursor = try fields.required("wraps")
            let wraps = try wrapsCursor.string()
            guard profileIds.contains(wraps) || modelIds.contains(wraps) else {
                throw wrapsCursor.error("'\(wraps)' is neither a profile nor a model of this catalogue")
            }
            applications.append(
                ApplicationProfile(
                    arn: try fields.required("arn").string(), id: try fields.required("id").string(),
                    region: region, wraps: wraps, model: try fields.required("model").string()))
        }
        return Catalogue(
            name: name, geographies: geographies, regions: regions, models: models,
            profiles: profiles, prices: prices, applicationProfiles: applications)
    }
}
