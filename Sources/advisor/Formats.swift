import ArgumentParser

/// Each command offers the formats it can print and no other: `--format markdown` is refused
/// (exit 2, with the list) where a command would only print text.
enum TextOrJSON: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

enum RecommendFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
}

enum StatsFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv
}
