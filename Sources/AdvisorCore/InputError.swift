/// Bad input from a user: names what was given, where, and what was expected.
public struct InputError: AdvisorError, Sendable, Equatable {
    public var failureKind: FailureKind { .badInput }
    /// Where the value came from: a flag (`--source`), a field (`services[2].region`) or a file position.
    public var field: String
    public var value: String
    public var expected: String
    public var suggestions: [String]

    public init(field: String, value: String, expected: String, suggestions: [String] = []) {
        self.field = field
        self.value = value
        self.expected = expected
        self.suggestions = suggestions
    }

    public var description: String {
        var text = "\(field): unknown value '\(Sanitize.excerpt(value))'; expected \(expected)"
        if !suggestions.isEmpty {
            text += " (did you mean \(suggestions.map { "'\($0)'" }.joined(separator: " or "))?)"
        }
        return text
    }
}

public enum Suggest {
    /// Up to `limit` candidates close to `value` by edit distance, closest first.
    public static func nearest(_ value: String, in candidates: [String], limit: Int = 2) -> [String] {
        // Nothing a user meant as a name is this long, and edit distance is quadratic: a 15 MB
        // "Region" took 9 s to refuse.
        guard value.utf8.count <= 200 else { return [] }
        let needle = value.lowercased()
        let scored = candidates.map { ($0, editDistance(needle, $0.lowercased())) }
        let threshold = max(2, needle.count / 3)
        return scored.filter { $0.1 <= threshold }
            .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .prefix(limit).map(\.0)
    }

    /// ` (did you mean 'x'?)` for the nearest candidate, or nothing: the suffix every error uses.
    public static func hint(_ value: String, in candidates: [String]) -> String {
        nearest(value, in: candidates, limit: 1).first.map { " (did you mean '\($0)'?)" } ?? ""
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8), b = Array(b.utf8)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

extension Catalogue {
    public func resolveRegion(_ code: String, field: String) throws(InputError) -> Region {
        if let region = region(code) { return region }
        throw InputError(
            field: field, value: code, expected: "a region code of catalogue \(name), such as eu-central-1",
            suggestions: Suggest.nearest(code, in: regions.map(\.code)))
    }

    /// A residency is a geography code (a jurisdiction: `eu`, `us` = US and Canada as AWS defines
    /// it, …), `in-country` (the source Region's own country), or `any` (no constraint, returned as nil).
    public func resolveResidency(_ code: String, field: String) throws(InputError) -> String? {
        if code == "any" { return nil }
        if code == Catalogue.inCountry || geography(code) != nil { return code }
        throw InputError(
            field: field, value: code,
            expected: "any, \(Catalogue.inCountry) or a geography: \(geographies.map(\.code).joined(separator: ", "))",
            suggestions: Suggest.nearest(code, in: geographies.map(\.code) + ["any", Catalogue.inCountry]))
    }

    /// Accepts a model id, a profile id (meaning its model), or a model id without its vendor prefix.
    public func resolveModel(_ query: String, field: String) throws(InputError) -> Model {
        if let model = model(query) { return model }
        if let profile = profile(query), let model = model(profile.model) { return model }
        let byShortName = models.filter { $0.id.split(separator: ".", maxSplits: 1).last.map(String.init) == query }
        if byShortName.count == 1 { return byShortName[0] }
        // Short names too, so `claude-sonet-4-6` finds `claude-sonnet-4-6` (which resolveModel accepts).
        let shortNames = models.compactMap { $0.id.split(separator: ".", maxSplits: 1).last.map(String.init) }
        throw InputError(
            field: field, value: query, expected: "a model id or profile id of catalogue \(name)",
            suggestions: Suggest.nearest(query, in: models.map(\.id) + profiles.map(\.id) + shortNames))
    }
}
