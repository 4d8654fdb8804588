/// For one source region: every identifier of the chosen models, callable or not, and why.
public struct CallableTable: Sendable {
    public struct Entry: Sendable {
        public var id: String
        /// The profile scope, or `in-region` for the bare model id.
        public var scope: String
        public var answer: Callability
    }

    public struct ModelEntries: Sendable {
        public var model: Model
        public var entries: [Entry]
    }

    public var source: String
    public var models: [ModelEntries]

    public static func build(catalogue: Catalogue, source: String, models: [String]) -> CallableTable {
        let groups = models.compactMap(catalogue.model).map { model in
            var entries = catalogue.profiles(ofModel: model.id).map {
                Entry(id: $0.id, scope: $0.scope, answer: catalogue.callability(of: $0.id, from: source))
            }
            entries.append(Entry(id: model.id, scope: "in-region", answer: catalogue.callability(of: model.id, from: source)))
            return ModelEntries(model: model, entries: entries)
        }
        return CallableTable(source: source, models: groups)
    }
}
