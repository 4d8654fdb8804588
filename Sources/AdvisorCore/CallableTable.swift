/// For one source region: every identifier of the chosen models, callable or not, and why.
public struct CallableTable: Sendable {
    public struct Entry: Sendable {
        public var id: String
        /// The profile's scope, or in-region for the bare model id.
        public var scope: Scope
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
            ModelEntries(
                model: model,
                entries: catalogue.ways(toCall: model.id, from: source).map {
                    Entry(id: $0.id, scope: $0.scope, answer: $0.answer)
                })
        }
        return CallableTable(source: source, models: groups)
    }
}
