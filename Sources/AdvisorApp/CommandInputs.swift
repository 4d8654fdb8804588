public import AdvisorCore
import AdvisorFormats

/// What the command line reads before it calls a use case: numbers a user typed, the built-in
/// names, a file's text, what a file to ingest says of itself, the rules. The command line reaches
/// the readers through these, never directly.
public enum UserNumber {
    /// Decimal only, as in every file advisor reads: Swift's Double("0x10") is 16 and Double("nan")
    /// is NaN, neither a figure anyone meant.
    public static func double(_ text: String) -> Double? { DecimalText.double(text) }
    public static func int(_ text: String) -> Int? { DecimalText.int(text) }
}

public enum Builtin {
    /// The dataset every command uses by default: the seed lab's figures.
    public static let datasetName = BuiltinData.seedDatasetName
}

public enum InputFiles {
    /// A regular file's text, bounded, as valid UTF-8, or a positioned error naming it.
    public static func text(_ path: String) throws(FormatError) -> String { try BoundedFile.text(path) }
}

/// What the first file given to `advisor ingest` without --format says of itself.
public struct IngestSniffing: Sendable {
    public var cloudTrail: Bool
    /// A summary file's `# dataset:` line.
    public var declaredDataset: String?

    public init(path: String) {
        let head = IngestSniff.head(path)
        cloudTrail = IngestSniff.looksLikeCloudTrail(head)
        declaredDataset = cloudTrail ? nil : IngestSniff.declaredDataset(head)
    }
}

public enum PolicyRules {
    public static func builtin() throws(FormatError) -> [Rule] { try RuleLoader.builtin() }

    /// Rule files and directories (`--rules`), with or without the built-in rules.
    public static func load(sources: [String], includeBuiltin: Bool, flag: String = "--rules") throws(FormatError) -> [Rule] {
        try RuleLoader.load(sources: sources, includeBuiltin: includeBuiltin, flag: flag)
    }

    /// What `rules test` runs examples on: the built-in catalogue and dataset.
    public static func exampleData() throws(FormatError) -> (catalogue: Catalogue, dataset: Dataset) {
        (try BuiltinData.catalogue(), try BuiltinData.seedDataset())
    }

    /// advisor.yaml read and checked against the rules (the catalogue's names are checked later,
    /// against the store's catalogue, by PolicyAssessment).
    public static func readConfig(_ text: String, file: String, rules: [Rule]) throws -> DeploymentConfig {
        let config = try ConfigReader.read(text, file: file)
        try ConfigReader.validate(config, ruleIds: PolicyEngine.ruleIds(rules), catalogue: nil)
        return config
    }
}
