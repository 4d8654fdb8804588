import AdvisorCore
import AdvisorFormats
internal import GRDB

public struct DatasetInfo: Sendable, Equatable {
    public var name: String
    public var kind: String
    public var measured: String?
    public var origin: String?
    public var description: String?
    public var createdAt: String
}

public struct CatalogueVersionInfo: Sendable, Equatable {
    public var name: String
    public var createdAt: String
    public var origin: String
}

extension Store {
    public func catalogueVersions() throws(StoreError) -> [CatalogueVersionInfo] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT name, created_at, origin FROM catalogue_versions ORDER BY seq DESC")
                .map { CatalogueVersionInfo(name: $0["name"], createdAt: $0["created_at"], origin: $0["origin"]) }
        }
    }

    /// The named catalogue version, or the newest when `name` is nil.
    public func catalogue(named name: String? = nil) throws(StoreError) -> Catalogue {
        let path = self.path
        let row = try read { db in
            if let name {
                return try Row.fetchOne(db, sql: "SELECT name, body FROM catalogue_versions WHERE name = ?",
                                        arguments: [name])
            }
            return try Row.fetchOne(db, sql: "SELECT name, body FROM catalogue_versions ORDER BY seq DESC LIMIT 1")
        }
        guard let row else {
            throw StoreError.unknownCatalogue(name: name ?? "(newest)", available: try catalogueVersions().map(\.name))
        }
        let versionName: String = row["name"]
        do {
            return try CatalogueReader.read(row["body"], file: "\(path) catalogue '\(versionName)'")
        } catch {
            throw StoreError.badData(path: path, detail: error.description)
        }
    }

    public func datasets() throws(StoreError) -> [DatasetInfo] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM datasets ORDER BY name").map {
                DatasetInfo(name: $0["name"], kind: $0["kind"], measured: $0["measured"], origin: $0["origin"],
                            description: $0["description"], createdAt: $0["created_at"])
            }
        }
    }

    public func dataset(named name: String) throws(StoreError) -> Dataset {
        let known = try datasets()
        guard let info = known.first(where: { $0.name == name }) else {
            throw StoreError.unknownDataset(name: name, available: known.map(\.name),
                                            suggestions: Suggest.nearest(name, in: known.map(\.name)))
        }
        let rows = try read { db in
            try Row.fetchAll(db, sql: """
                SELECT source_region, profile, metric, statistic, value_ms, n
                FROM summary_stats WHERE dataset = ?
                """, arguments: [name])
        }
        var routes: [RouteKey: RouteStats] = [:]
        for row in rows {
            let metricName: String = row["metric"], statisticName: String = row["statistic"]
            guard let metric = LatencyMetric(rawValue: metricName), let statistic = Statistic(rawValue: statisticName) else {
                throw StoreError.badData(path: path, detail: "dataset \(name) holds unknown statistic \(metricName) \(statisticName)")
            }
            let key = RouteKey(source: row["source_region"], profile: row["profile"])
            var stats = routes[key] ?? RouteStats()
            stats.values[MetricStatistic(metric, statistic)] = row["value_ms"]
            if let n: Int = row["n"] { stats.n = max(stats.n ?? 0, n) }
            routes[key] = stats
        }
        return Dataset(name: name, measured: info.measured, description: info.description, origin: info.origin,
                       routes: routes)
    }
}
