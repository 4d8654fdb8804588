public import AdvisorCore
public import Foundation
internal import GRDB

extension Store {
    public func catalogueVersions() throws(StoreError) -> [CatalogueVersionInfo] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT name, created_at, origin FROM catalogue_versions ORDER BY seq DESC")
                .map { CatalogueVersionInfo(name: $0["name"], createdAt: $0["created_at"], origin: $0["origin"]) }
        }
    }

    /// The named catalogue version, or the newest when `name` is nil.
    public func catalogue(named name: String? = nil, field: String = "--catalogue") throws(StoreError) -> Catalogue {
        let path = self.path
        let row = try read { db in
            if let name {
                return try Row.fetchOne(
                    db, sql: "SELECT name, body FROM catalogue_versions WHERE name = ?",
                    arguments: [name])
            }
            return try Row.fetchOne(db, sql: "SELECT name, body FROM catalogue_versions ORDER BY seq DESC LIMIT 1")
        }
        guard let row else {
            throw StoreError.unknownCatalogue(name: name ?? "(newest)", available: try catalogueVersions().map(\.name), field: field)
        }
        let versionName: String = row["name"]
        do {
            return try settings.content.decodeCatalogue(row["body"], "\(path) catalogue '\(versionName)'")
        } catch {
            throw StoreError.badData(path: path, detail: "\(error)")
        }
    }

    public func datasets() throws(StoreError) -> [DatasetInfo] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM datasets ORDER BY name").map { row in
                var info = DatasetInfo(
                    name: row["name"], kind: row["kind"], measured: row["measured"],
                    origin: row["origin"], description: row["description"],
                    createdAt: row["created_at"])
                let table = info.kind == "samples" ? "samples" : "summary_stats"
                let filter = info.kind == "samples" ? "file_id IN (SELECT id FROM ingested_files WHERE dataset = ?)" : "dataset = ?"
                let counts = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) AS n, \(info.kind == "samples" ? "sum(status != 'ok')" : "0") AS failed,
                               \(info.kind == "samples" ? "min(ts), max(ts)" : "NULL, NULL")
                        FROM \(table) WHERE \(filter)
                        """, arguments: [info.name])
                info.count = counts?[0] ?? 0
                info.failed = counts?[1] ?? 0
                info.firstTimestamp = counts?[2]
                info.lastTimestamp = counts?[3]
                let sources =
                    info.kind == "samples"
                    ? "SELECT DISTINCT source_region FROM routes WHERE id IN (SELECT route FROM samples WHERE \(filter)) ORDER BY 1"
                    : "SELECT DISTINCT source_region FROM summary_stats WHERE \(filter) ORDER BY 1"
                info.sources = try String.fetchAll(db, sql: sources, arguments: [info.name])
                info.files =
                    try Int.fetchOne(
                        db, sql: "SELECT count(*) FROM ingested_files WHERE dataset = ?",
                        arguments: [info.name]) ?? 0
                return info
            }
        }
    }

    /// The dataset as the scorer and `stats` see it: published figures as they are, raw samples
    /// turned into quantiles and intervals (over successful calls).
    /// `field` is what the name came from, for the error: a flag, or a key of a file.
    /// `distributions`: keep each route's sorted values too (raw-sample datasets; for charts).
    public func dataset(named name: String, field: String = "--dataset", distributions: Bool = false) throws(StoreError) -> Dataset {
        let known = try read { db in try Row.fetchAll(db, sql: "SELECT name, kind, measured, origin, description FROM datasets") }
        guard let info = known.first(where: { ($0["name"] as String) == name }) else {
            let names = known.map { $0["name"] as String }.sorted()
            throw StoreError.unknownDataset(name: name, available: names, suggestions: Suggest.nearest(name, in: names), field: field)
        }
        let kind = DatasetKind(rawValue: info["kind"]) ?? .summary
        let measured: String? = info["measured"]
        var kept: [RouteKey: RouteDistribution] = [:]
        let routes = kind == .samples ? try sampleRoutes(name, keeping: distributions ? { kept[$0] = $1 } : nil) : try summaryRoutes(name)
        var dataset = Dataset(
            name: name, kind: kind, measured: measured, measuredAt: measured.flatMap(RFC3339.parseDateOrDateTime),
            description: info["description"], origin: info["origin"], routes: routes)
        dataset.distributions = kept
        return dataset
    }

    func summaryRoutes(_ name: String) throws(StoreError) -> [RouteKey: RouteStats] {
        let rows = try read { db in
            try Row.fetchAll(
                db,
                sql: """
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
        return routes
    }

    /// One scan over the dataset's samples (SampleScan), grouped by route in memory (two doubles a call).
    func sampleRoutes(_ name: String, keeping: ((RouteKey, RouteDistribution) -> Void)? = nil) throws(StoreError) -> [RouteKey: RouteStats]
    {
        let groups = try read { db in try SampleScan.groups(db, dataset: name) }
        var routes: [RouteKey: RouteStats] = [:]
        for (key, group) in groups {
            let ttfb = RadixSort.ascending(group.ttfb), total = RadixSort.ascending(group.total)
            routes[key] =
                RouteSampleStats(
                    key: key, n: group.successes, errors: group.errors,
                    ttfb: ttfb.isEmpty ? nil : MetricSummary(sorted: ttfb),
                    total: total.isEmpty ? nil : MetricSummary(sorted: total)
                ).routeStats
            keeping?(key, RouteDistribution(ttfb: ttfb, total: total))
        }
        return routes
    }
}

extension Store {
    /// Makes a new catalogue version from a base version and stores it, reading the base under the
    /// write lock: two imports of different Regions at once then each build on the other's result
    /// instead of both on the version they saw first (the later one would drop the earlier one's
    /// changes). `base` nil means the newest version at the time the lock is held. With `name` nil
    /// the version is called `defaultName`, or `defaultName-2`, `-3`… when that is taken (two
    /// imports in one second); a name the user gave is never changed, and a clash is an error.
    /// `unchanged(base, made)`: true when the new version would say nothing the base does not,
    /// and is then not stored (`created` false): running a refresh twice makes one version.
    public func deriveCatalogue(
        base: String?, name: String?, defaultName: String, origin: String, now: Date,
        unchanged: (Catalogue, Catalogue) -> Bool = { _, _ in false },
        _ make: (Catalogue, String) throws -> Catalogue
    ) throws(StoreError) -> DerivedCatalogue {
        let path = self.path
        return try write { db in
            let row =
                try base.map { try Row.fetchOne(db, sql: "SELECT name, body FROM catalogue_versions WHERE name = ?", arguments: [$0]) }
                ?? (try Row.fetchOne(db, sql: "SELECT name, body FROM catalogue_versions ORDER BY seq DESC LIMIT 1"))
            guard let row else {
                let available = try String.fetchAll(db, sql: "SELECT name FROM catalogue_versions ORDER BY seq DESC")
                throw StoreError.unknownCatalogue(name: base ?? "(newest)", available: available, field: "--base")
            }
            let baseName: String = row["name"]
            let baseCatalogue: Catalogue
            do {
                baseCatalogue = try settings.content.decodeCatalogue(row["body"], "\(path) catalogue '\(baseName)'")
            } catch {
                throw StoreError.badData(path: path, detail: "\(error)")
            }
            func taken(_ candidate: String) throws -> Bool {
                try Int.fetchOne(db, sql: "SELECT 1 FROM catalogue_versions WHERE name = ?", arguments: [candidate]) != nil
            }
            var chosen = name ?? defaultName
            if let name {
                if try taken(name) { throw StoreError.duplicateCatalogue(name: name) }
            } else {
                var suffix = 2
                while try taken(chosen) {
                    chosen = "\(defaultName)-\(suffix)"
                    suffix += 1
                }
            }
            let made = try make(baseCatalogue, chosen)
            if unchanged(baseCatalogue, made) { return DerivedCatalogue(base: baseCatalogue, stored: made, created: false) }
            try Self.insertCatalogue(made, origin: origin, now: now, db: db, path: path, content: settings.content)
            return DerivedCatalogue(base: baseCatalogue, stored: made)
        }
    }

    private static func insertCatalogue(
        _ catalogue: Catalogue, origin: String, now: Date, db: Database, path: String,
        content: StoreContent
    ) throws {
        let text = content.encodeCatalogue(catalogue)
        // Read it back before storing: a version that cannot be read must never become the newest.
        do {
            _ = try content.decodeCatalogue(text, "catalogue '\(catalogue.name)'")
        } catch {
            throw StoreError.badData(path: path, detail: "the imported catalogue does not read back: \(error)")
        }
        try db.execute(
            sql: """
                INSERT INTO catalogue_versions (name, seq, created_at, origin, fingerprint, body)
                VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM catalogue_versions), ?, ?, ?, ?)
                """, arguments: [catalogue.name, RFC3339.dateTimeString(now), origin, ContentFingerprint.fnv1a64(text), text])
    }
}

extension Store {
    /// The store's columns of a sample and their names in the raw-sample format, in its order.
    static let exportColumns: [(column: String, name: String, kind: Character)] =
        [
            ("r.source_region", "source_region", "t"), ("r.profile", "profile", "t"), ("s.ttfb_ms", "ttfb_ms", "r"),
            ("s.total_ms", "total_ms", "r"), ("s.model", "model", "t"), ("s.ts", "timestamp", "t"), ("s.status", "status", "t"),
            ("s.input_tokens", "input_tokens", "i"), ("s.output_tokens", "output_tokens", "i"), ("s.run_id", "run_id", "t"),
            ("s.inference_region", "inference_region", "t"), ("s.first_token_ms", "first_token_ms", "r"),
        ]
        + ProbeField.allCases.map { field in
            let kind: Character
            switch field.kind {
            case .flag: kind = "b"
            case .count: kind = "i"
            case .milliseconds: kind = "r"
            case .text: kind = "t"
            }
            return ("d.\(field.column)", field.column, kind)
        }

    /// Every stored call of a raw-sample dataset, in the order stored, for `advisor export`.
    public func rawSamples(dataset name: String, field: String = "--dataset") throws(StoreError) -> [RawSampleRecord] {
        let dataset = try self.dataset(named: name, field: field)
        guard dataset.kind == .samples else {
            throw .badData(path: path, detail: "\(field): dataset \(name) holds published figures, not calls; export writes raw samples")
        }
        let columns = Self.exportColumns
        return try read { db in
            var records: [RawSampleRecord] = []
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT \(columns.map(\.column).joined(separator: ", ")) FROM samples s JOIN routes r ON r.id = s.route
                    LEFT JOIN sample_details d ON d.sample = s.rowid
                    WHERE s.file_id IN (SELECT id FROM ingested_files WHERE dataset = ?) ORDER BY s.file_id, s.rowid
                    """, arguments: [name])
            while let row = try cursor.next() {
                var fields: [RawSampleRecord.Field] = []
                for (index, column) in columns.enumerated() {
                    let value: RawSampleRecord.Value?
                    switch column.kind {
                    case "t": value = (row[index] as String?).map(RawSampleRecord.Value.text)
                    case "r": value = (row[index] as Double?).map(RawSampleRecord.Value.number)
                    case "i": value = (row[index] as Int?).map(RawSampleRecord.Value.integer)
                    default: value = (row[index] as Int?).map { .flag($0 != 0) }
                    }
                    if let value { fields.append(RawSampleRecord.Field(name: column.name, value: value)) }
                }
                records.append(RawSampleRecord(fields: fields))
            }
            return records
        }
    }
}
